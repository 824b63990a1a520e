#!/usr/bin/env python3
"""Tables and learning curves of bench/tmaze_runs.sh: for every results file
OUT/<experiment>_s<seed>.h5, its genes, generations, training budget (trials =
generations x population x tasks x trials per task; an episode of the
per-trial configs is one trial, of the others 25), CPU seconds (OUT/pieces.log),
best and mean fitness of the last generation, and the held-out accuracy of its
best genome (OUT/<experiment>_s<seed>.heldout.csv: the rows after the
evaluation's tasks) and, where bench/tmaze_select.py ran, the held-out accuracy
of the genome it chose on validation trials (OUT/<experiment>_s<seed>.selected.heldout.csv)
and a mean over the seeds of each experiment. With --figure PNG, best and population mean per generation
against training trials.
  bench/tmaze_report.py /work/results/tmaze [--figure docs/figures/tmaze_issue16.png] [--experiments a,b]
"""
import argparse
import csv
import glob
import os
import re
from collections import defaultdict

import h5py
import numpy as np


def config_value(text, key, default):
    m = re.search(rf"^\s*{key}\s*=\s*([0-9.]+)", text, re.M)
    return float(m.group(1)) if m else default


def cpu_seconds(out):
    total = defaultdict(float)
    path = os.path.join(out, "pieces.log")
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"(\S+) seed (\d+): .* ([0-9.]+) s CPU", line)
            if m:
                total[(m.group(1), int(m.group(2)))] += float(m.group(3))
    return total


def open_results(path):
    try:  # a running job's file (written in SWMR mode)
        return h5py.File(path, "r", swmr=True)
    except OSError:
        return h5py.File(path, "r")


def heldout(path, tasks):
    if not os.path.exists(path):
        return None, 0
    rows = [r for r in csv.reader(line for line in open(path) if not line.startswith("#"))][1:]
    held = rows[tasks:]
    if not held:
        return None, 0
    trials = [int(re.search(r"correct=\d+/(\d+)", r[-1]).group(1)) for r in held]
    correct = [int(re.search(r"correct=(\d+)/", r[-1]).group(1)) for r in held]
    return sum(correct) / sum(trials), sum(trials)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--figure")
    parser.add_argument("--experiments", help="comma-separated experiments to list and draw (default: all)")
    args = parser.parse_args()
    wanted = set(args.experiments.split(",")) if args.experiments else None
    cpu = cpu_seconds(args.out)
    curves = []
    print("| experiment | seed | genes | generations | training trials | CPU s | last generation: best / mean | best ever | held-out accuracy of the best ever (trials) | selected genome: held-out accuracy |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    selected_by_experiment = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(args.out, "*_s*.h5"))):
        m = re.match(r"(.+)_s(\d+)\.h5$", os.path.basename(path))
        if not m:
            continue
        experiment, seed = m.group(1), int(m.group(2))
        if wanted is not None and experiment not in wanted:
            continue
        with open_results(path) as f:
            text = f.attrs["optimizee_config"]
            text = text.decode() if isinstance(text, bytes) else text
            best = f["generations/best"][:]
            mean = f["generations/mean"][:]
            population = f["generations/fitness"].shape[1]
            genes = f["best/genome"].shape[0]
            best_ever = float(f["best/fitness"][()])
        tasks = int(config_value(text, "tasks", 1))
        trials = int(config_value(text, "n_trials", 100))
        per_generation = population * tasks * trials
        x = per_generation * np.arange(1, len(best) + 1)
        curves.append((experiment, seed, x, best, mean))
        accuracy, held = heldout(path[:-3] + ".heldout.csv", tasks)
        held_text = f"{accuracy:.3f} ({held})" if accuracy is not None else "-"
        selected, _ = heldout(path[:-3] + ".selected.heldout.csv", tasks)
        selected_text = "-"
        if selected is not None:
            label = open(path[:-3] + ".selected.heldout.csv").readline().split(": ", 1)[1].split(" (")[0]
            selected_text = f"{selected:.3f} ({label})"
            selected_by_experiment[experiment].append(selected)
        print(f"| {experiment} | {seed} | {genes} | {len(best)} | {x[-1]} | {cpu.get((experiment, seed), 0):.0f} | "
              f"{best[-1]:.2f} / {mean[-1]:.3f} | {best_ever:.2f} | {held_text} | {selected_text} |")
    for experiment, values in selected_by_experiment.items():
        print(f"\n- {experiment}: selected genomes' held-out accuracy mean {np.mean(values):.3f} over {len(values)} "
              f"seed(s), from {min(values):.3f} to {max(values):.3f}")
    if args.figure and curves:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 4.5))
        colors = {}
        seeds = defaultdict(list)
        for experiment, seed, *_ in curves:
            seeds[experiment].append(seed)
        for experiment, seed, x, best, mean in curves:
            first = experiment not in colors
            color = colors.setdefault(experiment, f"C{len(colors)}")
            ax.plot(x, best, color=color, lw=0.7, alpha=0.4)
            label = f"{experiment}, seeds {','.join(map(str, seeds[experiment]))} (mean; thin: best)" if first else None
            ax.plot(x, mean, color=color, lw=1.5, label=label)
        ax.axhline(0.964, color="k", ls=":", lw=1, label="ideal observer 0.96")
        ax.axhline(0.922, color="k", ls="--", lw=1, label="designed network, held-out 0.92")
        ax.set_xlabel("training trials (one-trial episodes; 25-trial episodes = trials / 25)")
        ax.set_ylabel("accuracy on the generation's trials")
        ax.set_ylim(0, 1)
        ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        fig.savefig(args.figure, dpi=100)


if __name__ == "__main__":
    main()
