#!/usr/bin/env python3
"""Issue 16, third round: T-maze genomes compared on one common set of test
trials. Each genome file is copied with its run seed set to SEED (default
7777, no training run's seed: stage 1 used 1-5, stage 2 101-105), its generation
to 0 and its recorded fitness to NaN (nothing to check), and replayed on
TRIALS one-trial episodes of that stream (`l2l replay --genome-file
--episodes`): every genome answers the same trials, so differences between
genomes are paired. Prints one CSV row per genome: correct trials, accuracy,
its standard error, and the paired difference to the first genome with its
standard error (over the trials: the mean and s.e. of correct_i - correct_0).
  bench/tmaze_common_test.py A.genome.h5 B.genome.h5 ... [--trials 2000] [--seed 7777]
"""
import argparse
import os
import re
import shutil
import subprocess
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("genomes", nargs="+")
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7777)
    parser.add_argument("--per-trial", help="write every genome's 0/1 answers to this .npz (paired tests)")
    args = parser.parse_args()
    print("genome,correct,accuracy,standard_error,minus_first,minus_first_se")
    answers = {}
    with tempfile.TemporaryDirectory() as work:
        for path in args.genomes:
            copy = os.path.join(work, "test.genome.h5")
            shutil.copyfile(path, copy)
            with h5py.File(copy, "r+") as g:
                g.attrs["seed"] = np.uint64(args.seed)
                g.attrs["generation"] = np.uint64(0)
                g["fitness"][...] = np.nan
            out = subprocess.run(["nice", "-n", "10", args.l2l, "replay", "--genome-file", copy, "--episodes",
                                  str(args.trials)], check=True, capture_output=True, text=True).stdout
            rows = [line for line in out.splitlines() if re.match(r"^\d+,", line)]
            correct = np.array([int(re.search(r"correct=(\d+)/", r).group(1)) for r in rows])
            assert len(correct) == args.trials, (path, len(correct))
            first = correct if not answers else first
            answers[os.path.basename(path)] = correct
            p = correct.mean()
            d = correct.astype(float) - first
            print(f"{path},{correct.sum()},{p:.4f},{np.sqrt(p * (1 - p) / len(correct)):.4f},{d.mean():+.4f},"
                  f"{d.std(ddof=1) / np.sqrt(len(d)):.4f}", flush=True)
    if args.per_trial:
        np.savez(args.per_trial, **answers)


if __name__ == "__main__":
    main()
