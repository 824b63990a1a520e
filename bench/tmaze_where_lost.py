#!/usr/bin/env python3
"""Where a T-maze network of examples/networks/tmaze_ndp_oja_h16_tonic.toml
loses accuracy against the ideal observer, stage by stage (issue 16, fourth
round). The genome is replayed with `l2l replay --genome-file F --episodes N
--record R` (one-trial episodes); per trial, from the recorded input spikes
and the network's spikes (neurons numbered in population order: in 0-39,
tonic 40-49, hidden 50-65, out 66-67), each stage "answers" left when its
left count exceeds its right one:
  ideal         the cue groups' spikes over the cue period (0-1050 ms)
  hidden, cues  hidden 0-7 vs 8-15 over 0-1100 ms (what the gate passed)
  hidden, decision  the same in the decision period (2100-2250 ms)
  output        the answer itself (the trial's objective)
The correct side is the side of most of the 7 cues, each cue's side read from
the observations (the cued group's 10 neurons fire at 50 Hz in its 100-ms
window, the other's at 20 Hz: ~50 against ~20 spikes).
Also the mean spike counts of each half in the cue period, the delay and the
decision period (the tonic drive makes the hidden layer fire in the delay).
  bench/tmaze_where_lost.py GENOME.genome.h5 [--trials 400] [--l2l build/release/optimizer/l2l]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYOUT = [("in", 40), ("tonic", 10), ("hidden", 16), ("out", 2)]  # neurons numbered in this order
HIDDEN_LEFT, HIDDEN_RIGHT, HIDDEN_END = 50, 58, 66
CUE_END, DECISION = 1050, (2100, 2250)
CUE_WINDOWS = [(50 + 150 * k, 150 + 150 * k) for k in range(7)]


def cued_left(obs):
    """Whether most of the trial's cues were on the left, each cue's side read from its window's counts."""
    left = sum(obs[a:b, 0:10].sum() > obs[a:b, 10:20].sum() for a, b in CUE_WINDOWS)
    return left > len(CUE_WINDOWS) // 2


def counts(times, neurons, lo, hi, t0, t1):
    return int(np.count_nonzero((neurons >= lo) & (neurons < hi) & (times >= t0) & (times < t1)))


def trial_counts(l2l, genome, trials):
    """Per trial: correct, cued left, the cue groups' counts, and the hidden halves' counts in the three windows."""
    with tempfile.TemporaryDirectory() as work:
        record = os.path.join(work, "record.h5")
        subprocess.run([l2l, "replay", "--genome-file", genome, "--episodes", str(trials), "--record", record],
                       check=True, stdout=subprocess.DEVNULL)
        return recorded_trial_counts(record, genome)


def recorded_trial_counts(record, genome):
    """trial_counts of a recording (`l2l replay --genome-file GENOME --record RECORD`)."""
    rows = []
    with h5py.File(record, "r") as f:
        layout = [(n.decode() if isinstance(n, bytes) else n, int(k))
                  for n, k in zip(f["network/population_names"][:], f["network/population_sizes"][:])]
        if layout != LAYOUT:
            raise SystemExit(f"{genome}: populations {layout}; this script reads the network of "
                             f"networks/tmaze_ndp_oja_h16_tonic*.toml, {LAYOUT}")
        for key in sorted(f["episodes"]):
            e = f["episodes"][key]
            obs = e["observations"][:]
            if obs.shape[0] < DECISION[1] or obs.shape[1] != 40:
                raise SystemExit(f"{genome}: episode {key} has {obs.shape[0]} steps of {obs.shape[1]} inputs; "
                                 f"this script reads one-trial T-maze episodes of {DECISION[1]} steps of 40 "
                                 "inputs (n_trials = 1, the default timing)")
            t, n = e["spike_times"][:], e["spike_neurons"][:]
            windows = ((0, 1100), (1100, DECISION[0]), DECISION)
            halves = [(counts(t, n, HIDDEN_LEFT, HIDDEN_RIGHT, *w), counts(t, n, HIDDEN_RIGHT, HIDDEN_END, *w))
                      for w in windows]
            rows.append((e["objective"][0] == 1.0, cued_left(obs), obs[:CUE_END, 0:10].sum(),
                         obs[:CUE_END, 10:20].sum(), *halves[0], *halves[1], *halves[2]))
    return np.array(rows, dtype=float)


def stage_accuracies(r):
    """The accuracy of each stage's answer (ideal, hidden cue period, hidden decision period, output)."""
    left = r[:, 1] == 1
    answer = lambda a, b: float(np.mean((r[:, a] > r[:, b]) == left))  # noqa: E731
    return {"ideal": answer(2, 3), "hidden_cues": answer(4, 5), "hidden_decision": answer(8, 9),
            "output": float(np.mean(r[:, 0] == 1))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("genome")
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    args = parser.parse_args()
    r = trial_counts(args.l2l, args.genome, args.trials)
    stages = stage_accuracies(r)
    print(f"# {args.genome}: {len(r)} trials")
    print("stage,accuracy")
    print(f"ideal (cue-period input counts),{stages['ideal']:.3f}")
    print(f"hidden halves, cue period,{stages['hidden_cues']:.3f}")
    print(f"hidden halves, decision period,{stages['hidden_decision']:.3f}")
    print(f"output (the answer),{stages['output']:.3f}")
    print("window,hidden_left_mean_spikes,hidden_right_mean_spikes")
    for name, k in (("cues 0-1100 ms", 4), ("delay 1100-2100 ms", 6), ("decision 2100-2250 ms", 8)):
        print(f"{name},{r[:, k].mean():.1f},{r[:, k + 1].mean():.1f}")


if __name__ == "__main__":
    sys.exit(main())
