#!/usr/bin/python3
"""One line of bench/arena_screens.sh: a screening run's budget and results.

    bench/arena_screen_line.py OUT NAME INDIVIDUALS TASKS

Prints: name, generations, training episodes, CPU s, the training fitness of the
last generation's mean (es, openai_es; mean over its last 10 generations) or of
its best individual (others), the best ever, and the held-out goals per episode
(mean +- s.e.) of the best genome and of the last generation's mean (OUT/NAME.best.csv,
OUT/NAME.mean.csv from `l2l replay`), counted from each episode's `goals=`.
"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_report import heldout_goals  # noqa: E402
from arena_stats import mean_and_error  # noqa: E402


def cpu_seconds(out, name):
    total = 0.0
    with open(os.path.join(out, "cpu_time.log")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 5 and parts[0] == name:
                total += float(parts[2]) + float(parts[3])
    return total


def heldout(path):
    if not os.path.exists(path):
        return "-"
    goals = heldout_goals(path)
    mean, error = mean_and_error(goals)
    return f"{mean:.2f} +- {error:.2f} ({len(goals)})"


def main():
    out, name, individuals, tasks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with h5py.File(os.path.join(out, name + ".h5"), "r") as f:
        g = f["generations"]
        generations = g["best"].shape[0]
        summary = g["summary"]
        optimizer = list(summary.keys())[0]
        if "mean_fitness" in summary[optimizer]:
            last = ("mean", float(np.mean(summary[optimizer]["mean_fitness"][-10:])))
        else:
            last = ("best", float(np.mean(g["best"][-10:])))
        best_ever = float(f["best/fitness"][()])
    episodes = generations * individuals * tasks
    print(f"{name}: {generations} generations, {episodes} episodes, {cpu_seconds(out, name):.0f} CPU s; "
          f"last 10 generations' {last[0]} fitness {last[1]:.2f}; best ever {best_ever:.2f}; held-out goals: "
          f"best {heldout(os.path.join(out, name + '.best.csv'))}, mean {heldout(os.path.join(out, name + '.mean.csv'))}")


if __name__ == "__main__":
    main()
