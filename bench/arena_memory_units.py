#!/usr/bin/env python3
"""What the memory units of the border-memory network did (docs/meta_learning.md
2.9), from recordings of `l2l replay --record` (bench/arena_design_heldout.py
records the first run's held-out episodes: RUN.heldout/s1_design.paths.h5, s1_mean.paths.h5):
  - false triggers: episodes where a mem unit fired before the first goal;
  - units on: how many mem units the first goal switched on (those that fired in
    the action step after the first one did);
  - angle: their mean angle minus the angle of the agent's position in the step
    before the goal (the place code the trigger saw), mean and standard deviation;
  - lost: episodes where the memory went silent (no mem spike for 5 action steps) before the end.
  bench/arena_memory_units.py RECORDING.h5 [...] [--network examples/networks/arena_border_memory.toml]
"""
import argparse
import math
import os
import tomllib

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mem_range(network):
    """(first, count) of the mem population in a recording's global neuron numbers (populations in file order),
    and the ms of network time per action."""
    with open(network, "rb") as f:
        document = tomllib.load(f)
    step_ms = float(document["agent"]["step_duration"])
    first = 0
    for population in document["network"]["populations"]:
        if population["name"] == "mem":
            return first, population["size"], step_ms
        first += population["size"]
    raise SystemExit(f"{network}: no population named mem")


def summary(path, first, count, step_ms):
    false, lost, with_goal = 0, 0, 0
    units_on, errors = [], []
    with h5py.File(path, "r") as f:
        names = sorted(f["episodes"].keys())
        for name in names:
            g = f["episodes"][name]
            neurons, times = g["spike_neurons"][:], g["spike_times"][:]
            observations, rewards = g["observations"][:], g["rewards"][:]
            hits = np.flatnonzero(rewards > 0.5)
            mem = (neurons >= first) & (neurons < first + count)
            t, unit = times[mem], neurons[mem] - first
            first_goal_ms = (hits[0] + 1) * step_ms if len(hits) else math.inf  # the step after the goal
            if len(t) and t.min() < first_goal_ms:
                false += 1
                continue
            if not len(hits):
                continue
            with_goal += 1
            if not len(t):
                units_on.append(0)
                continue
            on = np.unique(unit[t < t.min() + step_ms])
            units_on.append(len(on))
            angle = math.atan2(np.mean(np.sin(2 * np.pi * on / count)), np.mean(np.cos(2 * np.pi * on / count)))
            before = observations[hits[0]]  # the position at the start of the step that reached the goal
            errors.append(math.remainder(angle - math.atan2(before[1], before[0]), 2 * math.pi))
            spikes = np.sort(np.unique(t))
            end_ms = len(rewards) * step_ms
            if np.any(np.diff(spikes) > 5 * step_ms) or spikes[-1] < end_ms - 5 * step_ms:
                lost += 1
    histogram = np.bincount(np.minimum(units_on, 6), minlength=7)  # the last bin: 6 or more
    errors = np.array(errors)
    print(f"| {os.path.basename(path)} | {len(names)} | {with_goal} | {false} | "
          f"{' / '.join(str(int(h)) for h in histogram)} | {errors.mean():+.3f} | {errors.std(ddof=1):.3f} | {lost} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recordings", nargs="+")
    parser.add_argument("--network", default=os.path.join(ROOT, "examples/networks/arena_border_memory.toml"))
    args = parser.parse_args()
    first, count, step_ms = mem_range(args.network)
    print("| recording | episodes | with a goal, no false trigger | false triggers | episodes with 0 / 1 / 2 / 3 / 4 / 5 "
          "/ 6+ units on | angle of the units - angle before the goal: mean (rad) | its s.d. (rad) | memory lost |")
    print("|---|---|---|---|---|---|---|---|")
    for path in args.recordings:
        summary(path, first, count, step_ms)


if __name__ == "__main__":
    main()
