#!/usr/bin/env python3
"""How well can a memory that forgets exponentially solve the high-noise T-maze?

Monte Carlo of the task's input (examples/tmaze_*.toml: 7 cues of 100 ms every
150 ms from 50 ms, majority probability 0.7, 10 neurons per group, background
20 Hz, cue +30 Hz, trials of 2250 ms, decision in the last 150 ms), counted in
10-ms bins (the NDP-Oja update interval). Observers, each answering "left" when
its left value exceeds its right value at the middle of the decision period:
  ideal      spike counts of the two cue groups over the cue period (the ideal
             observer of docs/meta_learning.md)
  trace      an exponential trace (time constant tau) of every spike of each cue
             group: what a plastic trace with one decay rate (NDP-Oja's E, decay
             1 - eta per 10 ms, tau = 10 ms / eta) can hold
  gated      the same trace fed only during the cue windows (a perfect gate)
each either running across trials (the trace is reset only at the episode
start, as in examples/tmaze_ndp_oja.toml: 25 trials) or reset at every trial.
  bench/tmaze_memory_ceiling.py [--trials 20000] [--seed 1]
"""
import argparse

import numpy as np

BIN_MS = 10
TRIAL_MS, N_CUES, P_MAJORITY = 2250, 7, 0.7
BG_HZ, CUE_HZ, NEURONS = 20.0, 30.0, 10
DECISION_BIN = (2250 - 150 + 75) // BIN_MS


def simulate(n, rng):
    majority_left = rng.random(n) < 0.5
    on_majority = rng.random((n, N_CUES)) < P_MAJORITY
    cue_left = np.where(majority_left[:, None], on_majority, ~on_majority)
    label_left = cue_left.sum(1) * 2 > N_CUES
    bins = TRIAL_MS // BIN_MS
    background = BG_HZ * NEURONS * BIN_MS / 1000.0
    rate = {side: np.full((n, bins), background) for side in ("L", "R")}
    gate = np.zeros(bins, bool)
    for k in range(N_CUES):
        a, b = (50 + 150 * k) // BIN_MS, (150 + 150 * k) // BIN_MS
        gate[a:b] = True
        extra = CUE_HZ * NEURONS * BIN_MS / 1000.0
        rate["L"][:, a:b] += np.where(cue_left[:, k], extra, 0.0)[:, None]
        rate["R"][:, a:b] += np.where(~cue_left[:, k], extra, 0.0)[:, None]
    spikes = {side: rng.poisson(r).astype(float) for side, r in rate.items()}
    return label_left, spikes, gate


def trace_at_decision(counts, tau_ms, reset_every_trial, episode_trials=25):
    """Exponential trace (decay exp(-10 ms / tau) per bin) read at the decision bin of every trial."""
    n, bins = counts.shape
    a = np.exp(-BIN_MS / tau_ms)
    within = counts[:, : DECISION_BIN + 1] @ (a ** np.arange(DECISION_BIN, -1, -1))  # this trial up to the decision
    whole = counts @ (a ** np.arange(bins - 1, -1, -1))  # this trial, to its end
    if reset_every_trial:
        return within
    value = np.empty(n)
    carried = 0.0  # the trace at the end of the previous trial
    for t in range(n):
        if t % episode_trials == 0:
            carried = 0.0
        value[t] = within[t] + carried * a ** (DECISION_BIN + 1)
        carried = carried * a**bins + whole[t]
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    label, spikes, gate = simulate(args.trials, rng)
    cue_bins = (50 + 150 * (N_CUES - 1) + 100) // BIN_MS
    ideal = spikes["L"][:, :cue_bins].sum(1) > spikes["R"][:, :cue_bins].sum(1)
    se = lambda p: np.sqrt(p * (1 - p) / args.trials)  # noqa: E731
    p = np.mean(ideal == label)
    print(f"# {args.trials} trials, seed {args.seed}; standard error ~{se(0.9):.3f} near 0.9")
    print(f"ideal observer (cue-period spike counts): {p:.3f}")
    print("observer,reset,tau_ms,eta_per_10ms,accuracy")
    for name, counts in (("trace", spikes), ("gated", {s: c * gate for s, c in spikes.items()})):
        for reset in (False, True):
            for tau in (300, 500, 700, 1000, 1500, 2000, 3000, 5000, 10000):
                left = trace_at_decision(counts["L"], tau, reset)
                right = trace_at_decision(counts["R"], tau, reset)
                acc = np.mean((left > right) == label)
                print(f"{name},{'trial' if reset else 'episode'},{tau},{1 - np.exp(-BIN_MS / tau):.4f},{acc:.3f}")


if __name__ == "__main__":
    main()
