#!/usr/bin/env python3
"""What the memory units of the border-memory network did (docs/meta_learning.md
2.9), from recordings of `l2l replay --record` (bench/arena_design_heldout.py
records the first run's held-out episodes: RUN.heldout/s1_design.paths.h5, s1_mean.paths.h5):
  - false triggers: episodes where a mem unit fired before the first goal;
  - units on: how many mem units the first goal switched on (those that fired in
    the action step after the first one did);
  - angle: their mean angle minus the angle of the agent's position in the step
    before the goal (the place code the trigger saw), mean and standard deviation;
  - lost: episodes where the memory went silent (no mem spike for 5 action steps) before the end;
  - how long mem fires after a goal: the fraction of goals after which some mem unit fired in the
    100 ms from 0, 0.2, 0.4, 0.6 and 0.8 s after it (of the goals with no other goal by then).
For a network with trig and adapt populations, a second table: the rate of trig, adapt and mem in those
windows (spikes per unit per second, averaged over the population's units and the goals counted).
For a network with trig and adapt populations (examples/networks/arena_adaptation_memory.toml,
2.10), also where the memory is held, after each episode's first goal (from 150 ms after it to
the end): the rate of the adapt units its trig burst forced (outside the forced spikes, which
follow a trig spike by 1 ms) against the rate of the other adapt units: the hole.
  bench/arena_memory_units.py RECORDING.h5 [...] [--network examples/networks/arena_border_memory.toml]
"""
import argparse
import math
import os
import tomllib

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def population_ranges(network):
    """{name: (first, count)} of the populations in a recording's global neuron numbers (file order), and the
    ms of network time per action."""
    with open(network, "rb") as f:
        document = tomllib.load(f)
    ranges, first = {}, 0
    for population in document["network"]["populations"]:
        ranges[population["name"]] = (first, population["size"])
        first += population["size"]
    if "mem" not in ranges:
        raise SystemExit(f"{network}: no population named mem")
    return ranges, float(document["agent"]["step_duration"])


def hole_rates(neurons, times, ranges, goal_ms, end_ms):
    """(rate of the adapt units forced at the first goal, rate of the others), Hz, from goal + 150 ms to the end,
    each without the spikes forced by trig (those 1 ms after a spike of the unit's own trig unit); None without a
    forced unit or a period to measure; the others' rate NaN if every unit was forced."""
    (a0, n), (t0, _) = ranges["adapt"], ranges["trig"]
    start = goal_ms + 150.0
    adapt = (neurons >= a0) & (neurons < a0 + n)
    trig = (neurons >= t0) & (neurons < t0 + n)
    unit, t = neurons[adapt] - a0, times[adapt]
    trig_unit, trig_t = neurons[trig] - t0, times[trig]
    forced = np.unique(trig_unit[(trig_t >= goal_ms) & (trig_t < start)])
    if not len(forced) or end_ms <= start:
        return None
    forced_spike = np.zeros(len(t), dtype=bool)
    for k in np.unique(trig_unit):
        mine = unit == k
        forced_spike[mine] = np.isin(t[mine] - 1.0, trig_t[trig_unit == k])
    counted = (t >= start) & ~forced_spike
    on_forced = np.isin(unit, forced)
    seconds = (end_ms - start) / 1000.0
    rate_forced = np.sum(counted & on_forced) / (len(forced) * seconds)
    others = n - len(forced)
    rate_other = np.sum(counted & ~on_forced) / (others * seconds) if others else math.nan
    return rate_forced, rate_other


AFTER_GOAL_MS = (0, 200, 400, 600, 800)  # starts of the 100-ms windows after a goal
CHAIN = ("trig", "adapt", "mem")


def has_chain(ranges):
    """Whether the network has the trig -> adapt chain of 2.10 (the memory held in adaptive thresholds)."""
    return "adapt" in ranges and "trig" in ranges


def windows_after_goals(goals_ms, end_ms):
    """(window index, start ms) of each window of AFTER_GOAL_MS after each goal that ends before the next goal
    (or the end)."""
    for goal, until in zip(goals_ms, list(goals_ms[1:]) + [end_ms]):
        for w, start in enumerate(AFTER_GOAL_MS):
            if goal + start + 100.0 <= until:
                yield w, goal + start


def mem_after_goals(mem_times, goals_ms, end_ms):
    """For each window: whether any mem unit fired in it. Returns (fired, counted) per window."""
    fired, counted = np.zeros(len(AFTER_GOAL_MS)), np.zeros(len(AFTER_GOAL_MS))
    for w, start in windows_after_goals(goals_ms, end_ms):
        counted[w] += 1
        fired[w] += np.any((mem_times >= start) & (mem_times < start + 100.0))
    return fired, counted


def rates_after_goals(neurons, times, ranges, goals_ms, end_ms):
    """For trig, adapt and mem: spikes in each window, summed over the goals, and the number of such goals per
    window."""
    spikes = {name: np.zeros(len(AFTER_GOAL_MS)) for name in CHAIN}
    counted = np.zeros(len(AFTER_GOAL_MS))
    for w, start in windows_after_goals(goals_ms, end_ms):
        counted[w] += 1
        window = (times >= start) & (times < start + 100.0)
        for name in CHAIN:
            first, count = ranges[name]
            spikes[name][w] += np.sum(window & (neurons >= first) & (neurons < first + count))
    return spikes, counted


def summary(path, ranges, step_ms):
    first, count = ranges["mem"]
    false, lost, with_goal = 0, 0, 0
    units_on, errors, holes = [], [], []
    fired, counted = np.zeros(len(AFTER_GOAL_MS)), np.zeros(len(AFTER_GOAL_MS))
    chain = has_chain(ranges)
    chain_spikes, chain_counted = {name: np.zeros(len(AFTER_GOAL_MS)) for name in CHAIN}, np.zeros(len(AFTER_GOAL_MS))
    with h5py.File(path, "r") as f:
        names = sorted(f["episodes"].keys())
        for name in names:
            g = f["episodes"][name]
            neurons, times = g["spike_neurons"][:], g["spike_times"][:]
            observations, rewards = g["observations"][:], g["rewards"][:]
            end_ms = len(rewards) * step_ms
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
            goals_ms = (hits + 1) * step_ms  # the step after each goal
            f_goal, c_goal = mem_after_goals(t, goals_ms, end_ms)
            fired += f_goal
            counted += c_goal
            if chain:
                spikes_goal, counted_goal = rates_after_goals(neurons, times, ranges, goals_ms, end_ms)
                for name in CHAIN:
                    chain_spikes[name] += spikes_goal[name]
                chain_counted += counted_goal
                hole = hole_rates(neurons, times, ranges, first_goal_ms - step_ms, end_ms)
                if hole is not None:
                    holes.append(hole)
            if not len(t):
                units_on.append(0)
                continue
            on = np.unique(unit[t < t.min() + step_ms])
            units_on.append(len(on))
            angle = math.atan2(np.mean(np.sin(2 * np.pi * on / count)), np.mean(np.cos(2 * np.pi * on / count)))
            before = observations[hits[0]]  # the position at the start of the step that reached the goal
            errors.append(math.remainder(angle - math.atan2(before[1], before[0]), 2 * math.pi))
            spikes = np.sort(np.unique(t))
            if np.any(np.diff(spikes) > 5 * step_ms) or spikes[-1] < end_ms - 5 * step_ms:
                lost += 1
    histogram = np.bincount(np.minimum(units_on, 6), minlength=7)  # the last bin: 6 or more
    errors = np.array(errors)
    angle = f"{errors.mean():+.3f} | {errors.std(ddof=1):.3f}" if len(errors) > 1 else "- | -"  # mem never fired
    row = (f"| {os.path.basename(path)} | {len(names)} | {with_goal} | {false} | "
           f"{' / '.join(str(int(h)) for h in histogram)} | {angle} | {lost} |")
    row += " " + " / ".join(f"{f / c:.2f} ({int(c)})" if c else "-" for f, c in zip(fired, counted)) + " |"
    if chain:
        holes = np.array(holes).reshape(-1, 2)
        row += (f" {len(holes)} | {holes[:, 0].mean():.2f} | {np.nanmean(holes[:, 1]):.2f} | "
                f"{int(np.sum(holes[:, 0] == 0.0))} |" if len(holes) else " 0 | - | - | - |")
    print(row)
    if not chain:
        return None
    return [f"| {os.path.basename(path)} | {name} | " + " / ".join(
        f"{chain_spikes[name][w] / (c * ranges[name][1] * 0.1):.1f}" if c else "-" for w, c in enumerate(chain_counted))
        + " |" for name in CHAIN]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recordings", nargs="+")
    parser.add_argument("--network", default=os.path.join(ROOT, "examples/networks/arena_border_memory.toml"))
    args = parser.parse_args()
    ranges, step_ms = population_ranges(args.network)
    header = ("| recording | episodes | with a goal, no false trigger | false triggers | episodes with 0 / 1 / 2 / 3 / 4 / 5 "
              "/ 6+ units on | angle of the units - angle before the goal: mean (rad) | its s.d. (rad) | memory lost |")
    rule = "|---|---|---|---|---|---|---|---|---|"
    header += (" mem fired in the 100 ms from " + " / ".join(f"{t / 1000:g}" for t in AFTER_GOAL_MS) +
               " s after a goal (of the goals, in brackets, with no other by then) |")
    if "adapt" in ranges and "trig" in ranges:
        header += (" episodes with a forced adapt unit | its rate after the goal (Hz, mean) | the other adapt units' "
                   "rate (Hz) | episodes where it stayed silent |")
        rule += "---|---|---|---|"
    print(header)
    print(rule)
    rates = [summary(path, ranges, step_ms) for path in args.recordings]
    if has_chain(ranges):
        print()
        print("| recording | population | rate in the 100 ms from " + " / ".join(f"{t / 1000:g}" for t in AFTER_GOAL_MS)
              + " s after a goal with no other by then (Hz per unit) |")
        print("|---|---|---|")
        for rows in rates:
            print("\n".join(rows))


if __name__ == "__main__":
    main()
