#!/usr/bin/python3
"""The 1,000-neuron recurrent ALIF network of bench/snn_throughput.cpp in Brian2.

Same sizes, connection probabilities, weights, rates, dt (1 ms) and simulated time;
the ALIF update is the continuous-time equivalent (exact integration of v and b,
reset by subtraction, threshold increase on a spike), so rates agree closely but
not spike for spike. Prints the time of run() for each code-generation target:
wall time for the runtime targets; for cpp_standalone Brian2's own `_last_run_time`,
which its generated main() measures with std::clock(), i.e. CPU time of the run.

Usage: /usr/bin/python3 bench/brian2_alif.py [seconds] [numpy|cython|cpp_standalone ...]
           [--sources N (200)] [--rate HZ (50)] [--keep DIR]
--keep DIR: build the cpp_standalone project in DIR and keep it, so DIR/main can be
run again (bench/alif_interleaved.py does, alternating it with l2l_bench_snn).
Issue 18's network: --sources 100 --rate 11.
"""
import argparse
import math
import os
import tempfile
import time

import brian2 as b2

N, P = 1000, 0.1
TAU_M, C_M, B0, BETA, TAU_A, T_REF = 20.0, 250.0, 15.0, 100.0, 500.0, 2.0  # ms, pF, mV, mV, ms, ms
W_IN, W_REC_STD = 250.0, 100.0  # pA, pA
DT = 1.0
WARMUP = 0.1  # s, runtime targets only
ALPHA = math.exp(-DT / TAU_M)
RHO = math.exp(-DT / TAU_A)
GAIN = (1.0 - ALPHA) * TAU_M / C_M  # mV per pA of a one-step input, as in simulator/alif.cpp


def build_and_run(target, seconds, sources=200, rate=50.0, keep=None):
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
    source = b2.PoissonGroup(sources, rates=rate * b2.Hz)
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
    net.run(seconds * b2.second)
    wall = time.perf_counter() - start
    if target == "cpp_standalone":
        # run() only generated code; build() compiles and runs; Brian reports the run part.
        start = time.perf_counter()
        b2.device.build(directory=keep or tempfile.mkdtemp(prefix="brian2_alif_"), compile=True, run=True)
        total = time.perf_counter() - start
        wall = b2.device._last_run_time  # std::clock() in the generated code: CPU seconds
        return wall, total, counter.num_spikes, len(s_rec), len(s_in)
    return wall, first + wall, counter.num_spikes - warmup_spikes, len(s_rec), len(s_in)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seconds", nargs="?", type=float, default=10.0)
    parser.add_argument("targets", nargs="*", help="numpy, cython, cpp_standalone (default: all three)")
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--keep", help="directory for the kept cpp_standalone project")
    args = parser.parse_args()
    targets = args.targets or ["numpy", "cython", "cpp_standalone"]
    for target in targets:
        if target not in ("numpy", "cython", "cpp_standalone"):
            parser.error(f"target '{target}': allowed are numpy, cython, cpp_standalone")
    for target in targets:
        if target == "cpp_standalone":
            b2.set_device("cpp_standalone", build_on_run=False)
        else:
            b2.set_device("runtime")
            b2.prefs.codegen.target = target
            if target == "cython":
                b2.prefs.codegen.runtime.cython.cache_dir = os.path.join(tempfile.gettempdir(), "brian2_cython_cache")
        try:
            run_s, total_s, spikes, n_rec, n_in = build_and_run(target, args.seconds, args.sources, args.rate, args.keep)
        except Exception as error:  # report and go on with the next target
            print(f"{target}: failed: {type(error).__name__}: {error}")
            continue
        rate = spikes / N / args.seconds
        steps = args.seconds * 1000.0 / DT
        kind = "CPU (std::clock)" if target == "cpp_standalone" else "wall"
        print(f"{target}: {args.seconds:g} s simulated, {args.sources} sources at {args.rate:g} Hz, run {run_s:.3f} s "
              f"{kind} (first call incl. code generation/compilation: {total_s:.3f} s in all), {rate:.1f} Hz mean, "
              f"{n_rec} recurrent + {n_in} input synapses, neuron updates/s {N * steps / run_s:.3e}")
        if target == "cpp_standalone":
            b2.device.reinit()
            b2.device.activate()


if __name__ == "__main__":
    main()
