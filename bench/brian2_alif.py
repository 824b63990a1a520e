#!/usr/bin/python3
"""The 1,000-neuron recurrent ALIF network of bench/snn_throughput.cpp in Brian2.

Same sizes, connection probabilities, weights, rates, dt (1 ms) and simulated time;
the ALIF update is the continuous-time equivalent (exact integration of v and b,
reset by subtraction, threshold increase on a spike), so rates agree closely but
not spike for spike. Prints the time of run() for each code-generation target:
wall time for the runtime targets; for cpp_standalone Brian2's own `_last_run_time`,
which its generated main() measures with std::clock(), i.e. CPU time of the run.

Usage: /usr/bin/python3 bench/brian2_alif.py [seconds] [numpy|cython|cpp_standalone ...]
"""
import math
import os
import sys
import tempfile
import time

import brian2 as b2

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
TARGETS = sys.argv[2:] or ["numpy", "cython", "cpp_standalone"]

N, N_IN, P = 1000, 200, 0.1
TAU_M, C_M, B0, BETA, TAU_A, T_REF = 20.0, 250.0, 15.0, 100.0, 500.0, 2.0  # ms, pF, mV, mV, ms, ms
W_IN, W_REC_STD, RATE_IN = 250.0, 100.0, 50.0  # pA, pA, Hz
DT = 1.0
WARMUP = 0.1  # s, runtime targets only
ALPHA = math.exp(-DT / TAU_M)
RHO = math.exp(-DT / TAU_A)
GAIN = (1.0 - ALPHA) * TAU_M / C_M  # mV per pA of a one-step input, as in simulator/alif.cpp


def build_and_run(target):
    b2.start_scope()
    b2.defaultclock.dt = DT * b2.ms
    b2.seed(1)
    eqs = """
    dv/dt = -v / tau_m : 1 (unless refractory)
    db/dt = -b / tau_a : 1
    A = b0 + beta * b : 1
    """
    ns = dict(tau_m=TAU_M * b2.ms, tau_a=TAU_A * b2.ms, b0=B0, beta=BETA)
    # v integrates during refractoriness in the LSNN; Brian2 only suppresses spikes
    # when `(unless refractory)` is absent, so drop it to match.
    eqs = eqs.replace(" (unless refractory)", "")
    neurons = b2.NeuronGroup(N, eqs, threshold="v >= A", reset="v -= A; b += 1 - rho",
                             refractory=T_REF * b2.ms, method="exact",
                             namespace=dict(ns, rho=RHO))
    source = b2.PoissonGroup(N_IN, rates=RATE_IN * b2.Hz)
    s_in = b2.Synapses(source, neurons, "w : 1", on_pre="v += gain * w", delay=DT * b2.ms,
                       namespace=dict(gain=GAIN))
    s_in.connect(p=P)
    s_in.w = W_IN
    s_rec = b2.Synapses(neurons, neurons, "w : 1", on_pre="v += gain * w", delay=DT * b2.ms,
                        namespace=dict(gain=GAIN, w_std=W_REC_STD))
    s_rec.connect(condition="i != j", p=P)
    s_rec.w = "w_std * randn()"
    counter = b2.SpikeMonitor(neurons, record=False)
    net = b2.Network(neurons, source, s_in, s_rec, counter)
    warmup_spikes = 0
    first = 0.0
    if target != "cpp_standalone":
        # The first run() generates (and for cython compiles) the code; time a second run.
        start = time.perf_counter()
        net.run(WARMUP * b2.second)
        first = time.perf_counter() - start
        warmup_spikes = counter.num_spikes
    start = time.perf_counter()
    net.run(SECONDS * b2.second)
    wall = time.perf_counter() - start
    if target == "cpp_standalone":
        # run() only generated code; build() compiles and runs; Brian reports the run part.
        start = time.perf_counter()
        b2.device.build(directory=tempfile.mkdtemp(prefix="brian2_alif_"), compile=True, run=True)
        total = time.perf_counter() - start
        wall = b2.device._last_run_time  # std::clock() in the generated code: CPU seconds
        return wall, total, counter.num_spikes, len(s_rec), len(s_in)
    return wall, first + wall, counter.num_spikes - warmup_spikes, len(s_rec), len(s_in)


for target in TARGETS:
    if target == "cpp_standalone":
        b2.set_device("cpp_standalone", build_on_run=False)
    else:
        b2.set_device("runtime")
        b2.prefs.codegen.target = target
        if target == "cython":
            b2.prefs.codegen.runtime.cython.cache_dir = os.path.join(tempfile.gettempdir(), "brian2_cython_cache")
    try:
        run_s, total_s, spikes, n_rec, n_in = build_and_run(target)
    except Exception as error:  # report and go on with the next target
        print(f"{target}: failed: {type(error).__name__}: {error}")
        continue
    rate = spikes / N / SECONDS
    steps = SECONDS * 1000.0 / DT
    kind = "CPU (std::clock)" if target == "cpp_standalone" else "wall"
    print(f"{target}: {SECONDS:g} s simulated, run {run_s:.3f} s {kind} (first call incl. code generation/compilation: "
          f"{total_s:.3f} s in all), {rate:.1f} Hz mean, {n_rec} recurrent + {n_in} input synapses, "
          f"neuron updates/s {N * steps / run_s:.3e}")
    if target == "cpp_standalone":
        b2.device.reinit()
        b2.device.activate()
