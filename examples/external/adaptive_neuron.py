#!/usr/bin/python3
"""A Brian2 model for `optimizee = "command"`, server mode (adaptive_neuron.toml).

Fits an adaptive leaky integrate-and-fire neuron (membrane time constant tau_m,
spike-triggered adaptation current of size b decaying with tau_w) to spike
times that the same model produced with hidden parameters: the known answer
is HIDDEN below. Each task is one input current (a staircase of random steps
drawn from the task's seed); the fitness is minus the normalised van Rossum
distance between the model's spikes and the target spikes (0 is a perfect fit).

Server mode: l2l starts this script once per worker and sends one JSON request
per line on stdin; the script answers each with one JSON line on stdout and
exits at end of input. Brian2's import (~2 s) and the compiled code are paid
once per worker, the network is built once and restored for every request.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")  # pythran/numpy deprecation chatter
import numpy as np  # noqa: E402
from brian2 import (NeuronGroup, Network, SpikeMonitor, TimedArray, defaultclock, prefs,  # noqa: E402
                    ms, mV, nA, Mohm, second)

HIDDEN = {"tau_m": 18.0, "tau_w": 120.0, "b": 0.04}  # ms, ms, nA: what the fit should recover
DURATION = 1.0 * second
STEP = 100 * ms
VAN_ROSSUM_TAU = 10.0  # ms

prefs.codegen.target = "auto"  # Cython when it can compile (cached in ~/.cython), else numpy
defaultclock.dt = 0.1 * ms

EQUATIONS = """
dv/dt = (E_L - v + R * (I_in(t) - w)) / tau_m : volt (unless refractory)
dw/dt = -w / tau_w : amp
tau_m : second
tau_w : second
b : amp
"""


class Model:
    """The network, built once; every request restores it and runs it with its genes and input."""

    def __init__(self):
        self.group = NeuronGroup(1, EQUATIONS, threshold="v > -50*mV", reset="v = -65*mV; w += b",
                                 refractory=2 * ms, method="exact")
        self.group.v = -70 * mV
        self.spikes = SpikeMonitor(self.group)
        self.network = Network(self.group, self.spikes)
        self.network.store()
        self.inputs = {}
        self.targets = {}

    def current(self, seed):
        """The task's input: a staircase of 10 steps of 0.2 to 0.7 nA drawn from its seed."""
        if seed not in self.inputs:
            amplitudes = np.random.default_rng(seed).uniform(0.2, 0.7, int(DURATION / STEP))
            self.inputs[seed] = TimedArray(amplitudes * nA, dt=STEP)
        return self.inputs[seed]

    def simulate(self, tau_m, tau_w, b, seed):
        self.network.restore()
        self.group.tau_m = tau_m * ms
        self.group.tau_w = tau_w * ms
        self.group.b = b * nA
        self.network.run(DURATION, namespace={"E_L": -70 * mV, "R": 100 * Mohm, "I_in": self.current(seed)})
        return np.asarray(self.spikes.t / ms)

    def target(self, seed):
        if seed not in self.targets:
            self.targets[seed] = self.simulate(HIDDEN["tau_m"], HIDDEN["tau_w"], HIDDEN["b"], seed)
        return self.targets[seed]


def van_rossum(a, b, duration_ms, tau=VAN_ROSSUM_TAU, dt=0.1):
    """Squared van Rossum distance of two spike trains (exponential kernel), in spikes."""
    t = np.arange(0.0, duration_ms, dt)

    def trace(spikes):
        out = np.zeros_like(t)
        for s in spikes:
            mask = t >= s
            out[mask] += np.exp(-(t[mask] - s) / tau)
        return out

    return float(np.sum((trace(a) - trace(b)) ** 2) * dt / tau)


def coincidence_factor(model, target, window=2.0, duration_ms=1000.0):
    """Kistler's Gamma: 1 for the same spikes within `window` ms, about 0 for chance."""
    if len(model) == 0 or len(target) == 0:
        return 0.0
    hits = sum(1 for s in target if np.min(np.abs(model - s)) <= window)
    rate = len(model) / duration_ms
    expected = 2 * rate * window * len(target)
    norm = 1 - 2 * rate * window
    return float((hits - expected) / (0.5 * (len(model) + len(target))) / norm)


def main():
    model = Model()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        genes = request["genes"]
        seed = int(request["seed"])
        target = model.target(seed)
        spikes = model.simulate(genes["tau_m"], genes["tau_w"], genes["b"], seed)
        distance = van_rossum(spikes, target, DURATION / ms) / max(1, len(target))
        answer = {"fitness": -distance,
                  "info": {"spikes": len(spikes), "target_spikes": len(target),
                           "gamma": coincidence_factor(spikes, target)}}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
