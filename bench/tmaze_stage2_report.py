#!/usr/bin/env python3
"""Issue 16, third round: the table and learning curves of the two-stage
T-maze runs. Stage 1 is bench/tmaze_runs.sh's run of a seed (STAGE1/<experiment>_s<seed>.h5,
its CPU seconds from STAGE1/pieces.log, its shipped genome's held-out replay
STAGE1/<experiment>_s<seed>.selected.heldout.csv); stage 2 is
bench/tmaze_stage2.sh's run from that genome (STAGE2/<experiment>_s<seed>.h5,
STAGE2/pieces.log, .selected.heldout.csv). Per seed: episodes and CPU seconds
of each stage, held-out accuracy of each stage's selected genome (500 trials
each, of their own streams), and with --common the accuracy of both on one
common set of test trials (bench/tmaze_common_test.py, paired). With
--figure PNG: the population mean per generation (mean of 5 generations)
against the training episodes of both stages.
  bench/tmaze_stage2_report.py --stage1 /work/results/tmaze2 --stage2 /work/results/tmaze3 \
      --pairs h16_per_trial:snes,fixed_h16_per_trial:twin_snes [--common 2000] [--figure PNG]
With --screens a,b,...: instead, the screens of one seed (--seeds 1): per
stage-2 experiment its episodes, CPU seconds, population mean of the first and
last 10 generations, the selected genome's held-out accuracy, and on the
common test trials the stage-1 genome, the selected genome and (ES) the
distribution's mean of the last generation, paired against the stage-1 genome.
"""
import argparse
import csv
import os
import re
import subprocess
from collections import defaultdict

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_seconds(out):
    total = defaultdict(float)
    for line in open(os.path.join(out, "pieces.log")):
        m = re.match(r"(\S+) seed (\d+): generations .* ([0-9.]+) s CPU", line)
        if m:
            total[(m.group(1), int(m.group(2)))] += float(m.group(3))
    return total


def first_piece_cpu(out, experiment, seed):
    for line in open(os.path.join(out, "pieces.log")):
        m = re.match(rf"{experiment} seed {seed}: generations 0 -> .* ([0-9.]+) s CPU", line)
        if m:
            return float(m.group(1))
    return float("nan")


def heldout(path, tasks):
    rows = [r for r in csv.reader(line for line in open(path) if not line.startswith("#"))][1:]
    correct = np.array([int(re.search(r"correct=(\d+)/", r[-1]).group(1)) for r in rows])
    return correct[tasks:].mean(), len(correct) - tasks  # the first `tasks`: the evaluation's own trials


def chosen(path):
    first = open(path).readline()
    m = re.search(r": (\S+) \(validation", first)
    return m.group(1) if m else "?"


def run_summary(path):
    with h5py.File(path, "r") as f:
        fitness = f["generations/fitness"][()]
        text = f.attrs["optimizee_config"]
        text = text.decode() if isinstance(text, bytes) else text
        tasks = int(re.search(r"^\s*tasks\s*=\s*(\d+)", text, re.M).group(1))
    return fitness, tasks


def common_test(genomes, trials):
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench/tmaze_common_test.py"), *genomes, "--trials",
                          str(trials)], check=True, capture_output=True, text=True).stdout.splitlines()[1:]
    return [line.split(",") for line in out]


def screens(args):
    seed = int(args.seeds.split(",")[0])
    cpu2 = cpu_seconds(args.stage2)
    e1 = args.pairs.split(",")[0].split(":")[0]
    start = os.path.join(args.stage1, f"{e1}_s{seed}.selected.genome.h5")
    h1, t1 = heldout(os.path.join(args.stage1, f"{e1}_s{seed}.selected.heldout.csv"), run_summary(
        os.path.join(args.stage1, f"{e1}_s{seed}.h5"))[1])
    base = common_test([start], args.common)[0]
    print(f"stage-1 genome {start}: held-out {h1:.3f} ({t1} trials of its stream); common test {float(base[2]):.4f} "
          f"({args.common} trials)")
    print("| stage 2 | episodes | CPU s | population mean, first / last 10 generations | selected | held-out | "
          "common test: selected (minus stage 1) | common test: mean of the distribution (minus stage 1) |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in args.screens.split(","):
        # "snes@59": the run's first 60 generations, chosen on them (files <run>.g59.*, the first piece's CPU).
        e2, _, last = spec.partition("@")
        infix = f".g{last}" if last else ""
        f2 = os.path.join(args.stage2, f"{e2}_s{seed}.h5")
        fit, tasks = run_summary(f2)
        cpu = cpu2[(e2, seed)]
        if last:
            fit = fit[:int(last) + 1]
            cpu = first_piece_cpu(args.stage2, e2, seed)
        sel = os.path.join(args.stage2, f"{e2}_s{seed}{infix}.selected.heldout.csv")
        h2, _ = heldout(sel, tasks)
        genomes = [start, os.path.join(args.stage2, f"{e2}_s{seed}{infix}.selected.genome.h5")]
        mean = os.path.join(args.stage2, f"{e2}_s{seed}{infix}.select", "mean.genome.h5")
        if os.path.exists(mean):
            genomes.append(mean)
        rows = common_test(genomes, args.common)
        cell = lambda r: f"{float(r[2]):.4f} ({float(r[4]):+.4f} +- {float(r[5]):.4f})"
        print(f"| {spec} | {fit.shape[0] * fit.shape[1] * tasks:,} | {cpu:.0f} | "
              f"{fit[:10].mean():.3f} / {fit[-10:].mean():.3f} | {chosen(sel)} | {h2:.3f} | {cell(rows[1])} | "
              f"{cell(rows[2]) if len(rows) > 2 else '-'} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stage1", required=True)
    parser.add_argument("--stage2", required=True)
    parser.add_argument("--pairs", required=True, help="stage1_experiment:stage2_experiment,...")
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--common", type=int, default=0, help="trials of the common test (0: none)")
    parser.add_argument("--figure")
    parser.add_argument("--title", default="third round", help="the round named in the figure's title")
    parser.add_argument("--screens", help="stage-2 experiments screened on one seed")
    args = parser.parse_args()
    if args.screens:
        return screens(args)
    cpu1, cpu2 = cpu_seconds(args.stage1), cpu_seconds(args.stage2)
    seeds = [int(s) for s in args.seeds.split(",")]
    curves = {}
    print("| stage 1 -> stage 2 | seed | stage-1 episodes | stage-1 CPU s | stage-1 held-out | stage-2 episodes | "
          "stage-2 CPU s | stage-2 selected | stage-2 held-out | both stages: episodes, core-hours |"
          + (" common test: stage 1 / stage 2 (paired difference) |" if args.common else ""))
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|" if args.common else ""))
    for pair in args.pairs.split(","):
        e1, e2 = pair.split(":")
        held = defaultdict(list)
        for seed in seeds:
            f1 = os.path.join(args.stage1, f"{e1}_s{seed}.h5")
            f2 = os.path.join(args.stage2, f"{e2}_s{seed}.h5")
            if not (os.path.exists(f1) and os.path.exists(f2)):
                continue
            fit1, tasks1 = run_summary(f1)
            fit2, tasks2 = run_summary(f2)
            n1 = fit1.shape[0] * fit1.shape[1] * tasks1
            n2 = fit2.shape[0] * fit2.shape[1] * tasks2
            sel1 = os.path.join(args.stage1, f"{e1}_s{seed}.selected.heldout.csv")
            sel2 = os.path.join(args.stage2, f"{e2}_s{seed}.selected.heldout.csv")
            h1, t1 = heldout(sel1, tasks1)
            h2, t2 = heldout(sel2, tasks2)
            held["1"].append(h1)
            held["2"].append(h2)
            c1, c2 = cpu1[(e1, seed)], cpu2[(e2, seed)]
            for key, value in (("n1", n1), ("n2", n2), ("cpu1", c1), ("cpu2", c2)):
                held[key].append(value)
            row = (f"| {e1} -> {e2} | {seed} | {n1:,} | {c1:.0f} | {h1:.3f} ({t1}) | {n2:,} | {c2:.0f} | "
                   f"{chosen(sel2)} | **{h2:.3f}** ({t2}) | {n1 + n2:,}, {(c1 + c2) / 3600:.3f} |")
            if args.common:
                g1 = os.path.join(args.stage1, f"{e1}_s{seed}.selected.genome.h5")
                g2 = os.path.join(args.stage2, f"{e2}_s{seed}.selected.genome.h5")
                out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench/tmaze_common_test.py"), g1, g2,
                                      "--trials", str(args.common)], check=True, capture_output=True,
                                     text=True).stdout.splitlines()
                a = out[1].split(",")
                b = out[2].split(",")
                held["c1"].append(float(a[2]))
                held["c2"].append(float(b[2]))
                row += f" {float(a[2]):.3f} / {float(b[2]):.3f} ({float(b[4]):+.3f} +- {float(b[5]):.3f}) |"
            print(row)
            curves[(e1, e2, seed)] = (fit1.mean(axis=1), fit1.shape[1] * tasks1, fit2.mean(axis=1),
                                      fit2.shape[1] * tasks2)
        if held["2"]:
            line = (f"- {e1} -> {e2}: held-out mean over {len(held['2'])} seeds: stage 1 {np.mean(held['1']):.3f} "
                    f"({min(held['1']):.3f} to {max(held['1']):.3f}), stage 2 {np.mean(held['2']):.3f} "
                    f"({min(held['2']):.3f} to {max(held['2']):.3f})")
            if held["c2"]:
                line += (f"; common test {np.mean(held['c1']):.3f} -> {np.mean(held['c2']):.3f} "
                         f"({min(held['c2']):.3f} to {max(held['c2']):.3f})")
            print(line)
            n1, n2, c1, c2 = (sum(held[k]) for k in ("n1", "n2", "cpu1", "cpu2"))
            print(f"- {e1} -> {e2}: budget over the seeds: stage 1 {n1:,} episodes in {c1:.0f} CPU s, stage 2 "
                  f"{n2:,} in {c2:.0f} CPU s; both {n1 + n2:,} episodes, {(c1 + c2) / 3600:.2f} core-hours")
    if args.figure and curves:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(9, 4.5))
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        smooth = lambda x: np.convolve(x, np.ones(5) / 5, mode="valid")
        for k, ((e1, e2, seed), (m1, per1, m2, per2)) in enumerate(sorted(curves.items())):
            colour = colours[(seed - 1) % len(colours)]
            style = ":" if "twin" in e2 else "-"  # twin_snes (third round), tonic_twin_snes (fourth)
            x1 = per1 * (np.arange(len(m1)) + 1)
            x2 = x1[-1] + per2 * (np.arange(len(m2)) + 1)
            ax.plot(x1[4:], smooth(m1), style, color=colour, alpha=0.5,
                    label=f"{e1} seed {seed}" if style == "-" else None)
            ax.plot(x2[4:], smooth(m2), style, color=colour, lw=2,
                    label=f"stage 2 ({e2}) seed {seed}" if style == "-" else None)
            ax.axvline(x1[-1], color=colour, lw=0.5, alpha=0.3)
        ax.axhline(0.92, color="k", lw=0.8, ls="--")
        ax.text(0, 0.925, "target 0.92", fontsize=8)
        ax.set_xlabel("training episodes (one trial each), both stages")
        ax.set_ylabel("population mean accuracy (mean of 5 generations)")
        ax.set_title(f"T-maze issue 16, {args.title}: stage 1 (thin) and stage 2 (thick); dotted: fixed-weight twin",
                     fontsize=10)
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
        fig.savefig(args.figure, dpi=110)


if __name__ == "__main__":
    main()
