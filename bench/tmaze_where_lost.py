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
The correct side is taken from the objective and the output's answer.
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
HIDDEN_LEFT, HIDDEN_RIGHT, HIDDEN_END = 50, 58, 66
CUE_END, DECISION = 1050, (2100, 2250)


def counts(times, neurons, lo, hi, t0, t1):
    return int(np.count_nonzero((neurons >= lo) & (neurons < hi) & (times >= t0) & (times < t1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("genome")
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        record = os.path.join(work, "record.h5")
        subprocess.run([args.l2l, "replay", "--genome-file", args.genome, "--episodes", str(args.trials),
                        "--record", record], check=True, stdout=subprocess.DEVNULL)
        rows = []
        with h5py.File(record, "r") as f:
            for key in sorted(f["episodes"]):
                e = f["episodes"][key]
                obs, act = e["observations"][:], e["actions"][:]
                t, n = e["spike_times"][:], e["spike_neurons"][:]
                correct = e["objective"][0] == 1.0
                named_left = act[DECISION[0]:DECISION[1], 0].sum() > act[DECISION[0]:DECISION[1], 1].sum()
                windows = ((0, 1100), (1100, DECISION[0]), DECISION)
                halves = [(counts(t, n, HIDDEN_LEFT, HIDDEN_RIGHT, *w), counts(t, n, HIDDEN_RIGHT, HIDDEN_END, *w))
                          for w in windows]
                rows.append((correct, named_left == correct, obs[:CUE_END, 0:10].sum(), obs[:CUE_END, 10:20].sum(),
                             *halves[0], *halves[1], *halves[2]))
    r = np.array(rows, dtype=float)
    correct, left = r[:, 0] == 1, r[:, 1] == 1
    answer = lambda a, b: np.mean((r[:, a] > r[:, b]) == left)  # noqa: E731
    print(f"# {args.genome}: {len(r)} trials")
    print("stage,accuracy")
    print(f"ideal (cue-period input counts),{answer(2, 3):.3f}")
    print(f"hidden halves, cue period,{answer(4, 5):.3f}")
    print(f"hidden halves, decision period,{answer(8, 9):.3f}")
    print(f"output (the answer),{np.mean(correct):.3f}")
    print("window,hidden_left_mean_spikes,hidden_right_mean_spikes")
    for name, k in (("cues 0-1100 ms", 4), ("delay 1100-2100 ms", 6), ("decision 2100-2250 ms", 8)):
        print(f"{name},{r[:, k].mean():.1f},{r[:, k + 1].mean():.1f}")


if __name__ == "__main__":
    sys.exit(main())
