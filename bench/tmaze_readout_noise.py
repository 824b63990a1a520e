#!/usr/bin/env python3
"""What reading the T-maze memory out costs: the same trace, read through
different presynaptic spikes in the decision period (issue 16, fourth round).

The plastic trace E of a synapse acts only when its presynaptic neuron spikes
(W_eff = W + alpha E). In the 40-16-2 NDP-Oja network the memory sits in the
cue groups' synapses, so in the decision period each side's trace is read
through its own cue group's background spikes: ~30 Poisson spikes per group
(20 Hz x 10 neurons x 150 ms), independent between the sides. Observers (the
task's Monte Carlo of bench/tmaze_memory_ceiling.py, E reset every trial,
every value compared left > right):
  noiseless    the trace itself (bench/tmaze_memory_ceiling.py's observer)
  cue groups   trace_L x n_L vs trace_R x n_R, n ~ Poisson(30) per side;
               with a fixed weight W added, (W + trace) x n
  sampled      the trace built from r_post r_pre with r_pre the spikes of one
               population common to both sides (E grows with r_post r_pre):
               the decision group's background (10 neurons at 20 Hz), or a
               regular "tonic" population; read out through that population's
               spikes, which are the same for both sides, so the readout adds
               no noise to the comparison. A regular population with one spike
               per 10-ms bin samples every bin alike: its trace is the
               noiseless one (not printed again)
  bench/tmaze_readout_noise.py [--trials 20000] [--seed 1]
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmaze_memory_ceiling import simulate, trace_at_decision  # noqa: E402

DECISION_BACKGROUND = 20.0 * 10 * 0.150  # background spikes of one cue group in the decision period


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    label, spikes, gate = simulate(args.trials, rng)
    n = args.trials
    print(f"# {n} trials, seed {args.seed}; E reset every trial; standard error ~{np.sqrt(0.9 * 0.1 / n):.3f} near 0.9")
    print("input,tau_ms,noiseless,cue_groups_W0,cue_groups_W_half_mean_E,decision_group_sampled")
    for name, counts in (("every spike", spikes), ("gated", {s: c * gate for s, c in spikes.items()})):
        for tau in (500.0, 1000.0, 2000.0, 10000.0):
            left = trace_at_decision(counts["L"], tau, True)
            right = trace_at_decision(counts["R"], tau, True)
            noiseless = np.mean((left > right) == label)
            n_left = rng.poisson(DECISION_BACKGROUND, n)
            n_right = rng.poisson(DECISION_BACKGROUND, n)
            cue = []
            for w_fraction in (0.0, 0.5):
                w = w_fraction * np.mean(left + right) / 2
                cue.append(np.mean(((w + left) * n_left > (w + right) * n_right) == label))
            decision = rng.poisson(2.0, counts["L"].shape).astype(float)  # 10 neurons x 20 Hz x 10 ms
            sampled = np.mean((trace_at_decision(counts["L"] * decision, tau, True)
                               > trace_at_decision(counts["R"] * decision, tau, True)) == label)
            print(f"{name},{tau:.0f},{noiseless:.3f},{cue[0]:.3f},{cue[1]:.3f},{sampled:.3f}")


if __name__ == "__main__":
    main()
