#!/usr/bin/env python3
"""Which restart of a training seed to continue (docs/meta_learning.md 2.13): of the results files of independent
runs of one search, the one whose last LAST generations scored best on their own training episodes (the mean of
every evaluation of those generations: the samples around the CMA-ES mean, as the learning curves show). Only
training fitness decides: held-out episodes are not looked at. Prints the chosen file; with --table, a line per
run to stderr.
  bench/arena_restart_select.py RUN.h5 RUN.h5 [...] [--last 10] [--table]
"""
import argparse
import sys

import h5py
import numpy as np


def last_generations_mean(run, last):
    with h5py.File(run, "r") as f:
        fitness = f["generations/fitness"][:]
    if fitness.shape[0] < last:
        sys.exit(f"arena_restart_select.py: {run} has {fitness.shape[0]} generations; --last {last} needs at least "
                 f"that many")
    return float(np.mean(fitness[-last:])), fitness.shape[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="results files of the restarts (l2l run --output)")
    parser.add_argument("--last", type=int, default=10, help="generations at the end that decide (default 10)")
    parser.add_argument("--table", action="store_true", help="print each run's score to stderr")
    args = parser.parse_args()
    if args.last < 1:
        parser.error(f"--last {args.last}: at least 1 generation")
    scores = []
    for run in args.runs:
        score, generations = last_generations_mean(run, args.last)
        scores.append(score)
        if args.table:
            print(f"{run}: mean training fitness of generations {generations - args.last + 1}-{generations} "
                  f"{score:.4f}", file=sys.stderr)
    print(args.runs[int(np.argmax(scores))])  # the first of equals


if __name__ == "__main__":
    main()
