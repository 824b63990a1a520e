#!/usr/bin/env python3
"""Issue 16: which genome of a T-maze run to ship, chosen on validation trials
that are neither training nor held-out trials. Candidates: the TOP best
individuals of the run's last generation (by their fitness on the generation's
50 trials) and, for sep-CMA-ES/SNES/OpenAI-ES runs, the search distribution's
mean of the last generation (/generations/state/mean, written as a genome file
with no recorded fitness). Every candidate is replayed on
TASKS + HELDOUT + VALIDATION one-trial episodes of its generation's stream
(`l2l replay --episodes`): the first TASKS are the generation's own trials, the
next HELDOUT the held-out trials (never used in training or in this choice), the
last VALIDATION the trials the choice is made on. Prints one CSV row per
candidate; the chosen one (best validation accuracy; ties: the earlier) is
saved as OUT/<run>.selected.genome.h5 and its replay as
OUT/<run>.selected.heldout.csv (the format of bench/tmaze_runs.sh's held-out
files, so bench/tmaze_report.py reads it).
  bench/tmaze_select.py /work/results/tmaze2/h16_sepcma_s1.h5 [--top 8] [--heldout 500] [--validation 200] [--generation G]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from genome_files import genome_file_with  # noqa: E402


def accuracies(csv_text, tasks, heldout):
    rows = [line.split(",") for line in csv_text.splitlines() if re.match(r"^\d+,", line)]
    correct = np.array([int(re.search(r"correct=(\d+)/", r[-1]).group(1)) for r in rows])
    return correct[tasks:tasks + heldout].mean(), correct[tasks + heldout:].mean()


def replay(l2l, args, episodes):
    return subprocess.run(["nice", "-n", "10", l2l, "replay", *args, "--episodes", str(episodes)], check=True,
                          capture_output=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results")
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--heldout", type=int, default=500)
    parser.add_argument("--validation", type=int, default=200)
    parser.add_argument("--generation", type=int, help="choose in this generation instead of the last "
                        "(to compare runs at equal budgets; no files written)")
    args = parser.parse_args()
    stem = args.results[:-3]
    with h5py.File(args.results, "r") as f:
        text = f.attrs["optimizee_config"]
        text = text.decode() if isinstance(text, bytes) else text
        tasks = int(re.search(r"^\s*tasks\s*=\s*(\d+)", text, re.M).group(1))
        last = f["generations/fitness"].shape[0] - 1 if args.generation is None else args.generation
        fitness = f["generations/fitness"][last]
        mean = f["generations/state/mean"][last] if "generations/state/mean" in f else None
    episodes = tasks + args.heldout + args.validation
    order = np.argsort(-fitness, kind="stable")[:args.top]
    candidates = []  # (label, replay arguments, how to save it)
    for i in order:
        candidates.append((f"{last}:{i}", [args.results, "--genome", f"{last}:{i}"], None))
    work = stem + ".select"
    os.makedirs(work, exist_ok=True)
    if mean is not None:
        mean_file = os.path.join(work, "mean.genome.h5")
        genome_file_with(args.l2l, args.results, last, order[0], mean_file, mean,
                         f"the search distribution's mean of generation {last} (/generations/state/mean)")
        candidates.append(("mean", ["--genome-file", mean_file], mean_file))
    print("candidate,training_fitness,heldout,validation")
    best = None
    for label, replay_args, _ in candidates:
        out = replay(args.l2l, replay_args, episodes)
        held, valid = accuracies(out, tasks, args.heldout)
        train = "-" if label == "mean" else f"{fitness[int(label.split(':')[1])]:.2f}"
        print(f"{label},{train},{held:.3f},{valid:.3f}", flush=True)
        if best is None or valid > best[1]:
            best = (label, valid, replay_args, out)
    label, valid, replay_args, out = best
    if args.generation is not None:
        print(f"# chosen {label}: validation {valid:.3f}, held-out {accuracies(out, tasks, args.heldout)[0]:.3f}")
        return
    chosen = stem + ".selected.genome.h5"
    if label == "mean":
        shutil.copyfile(candidates[-1][2], chosen)
    else:
        subprocess.run([args.l2l, "replay", *replay_args, "--save-genome", chosen, "--force"], check=True,
                       stdout=subprocess.DEVNULL)
    with open(stem + ".selected.heldout.csv", "w") as f:
        f.write(f"# selected on {args.validation} validation trials: {label} (validation {valid:.3f})\n")
        f.write("\n".join(line for line in out.splitlines()
                          if not re.match(r"^\d+,", line) or int(line.split(",")[0]) < tasks + args.heldout) + "\n")
    print(f"# chosen {label}: validation {valid:.3f}, held-out {accuracies(out, tasks, args.heldout)[0]:.3f}")


if __name__ == "__main__":
    main()
