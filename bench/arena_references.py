#!/usr/bin/python3
"""The arena's reference policies (`l2l env rollout`): goals per 2-s episode of
the oracle (knows the goal), the border search that remembers the goal once
found (`heuristic`), the one that forgets it (`memoryless`) and random actions,
mean +- standard error over EPISODES episodes, and the first path against the
later paths of the same episode. Prints a Markdown table.

    bench/arena_references.py [--episodes 200] [--seed 1] [--l2l build/release/optimizer/l2l] [-- --arena.KEY VALUE ...]
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_stats import first_vs_later, mean_and_error  # noqa: E402

POLICIES = [("oracle", "oracle (knows the goal)"),
            ("heuristic", "border search, remembers the goal"),
            ("memoryless", "border search, forgets the goal"),
            ("random", "random actions")]


def rollout(l2l, policy, episodes, seed, extra=()):
    """(goals, summary) per episode of `l2l env rollout --env Arena`."""
    text = subprocess.run([l2l, "env", "rollout", "--env", "Arena", "--policy", policy, "--episodes", str(episodes),
                           "--seed", str(seed), *extra], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("episode,"):
            continue
        parts = line.split(",", 5)
        rows.append((float(parts[4]), parts[5]))
    return rows


def references(l2l, episodes, seed, extra=()):
    """{policy: (mean goals, standard error, first_vs_later dict)}."""
    found = {}
    for policy, _ in POLICIES:
        rows = rollout(l2l, policy, episodes, seed, extra)
        mean, error = mean_and_error([g for g, _ in rows])
        found[policy] = (mean, error, first_vs_later([s for _, s in rows]))
    return found


def print_table(found, episodes, seed):
    print(f"| policy | goals per episode ({episodes} episodes, seed {seed}; mean +- s.e.) "
          "| episodes with >= 2 goals | first path | later paths (mean) | later / first |")
    print("|---|---|---|---|---|---|")
    for policy, label in POLICIES:
        mean, error, paths = found[policy]
        print(f"| {label} (`{policy}`) | {mean:.2f} +- {error:.2f} | {paths['n']} | {paths['first']:.2f} "
              f"| {paths['later']:.2f} | {paths['ratio']:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--l2l", default="build/release/optimizer/l2l")
    parser.add_argument("extra", nargs="*", help="arena options passed to the rollout, e.g. --arena.max_speed 4")
    args = parser.parse_args()
    found = references(args.l2l, args.episodes, args.seed, args.extra)
    print_table(found, args.episodes, args.seed)
    gap = found["heuristic"][0] - found["memoryless"][0]
    print(f"\nOracle {found['oracle'][0]:.2f} goals per episode (target >= 6); remembering minus memoryless "
          f"{gap:.2f} goals (target >= 2).")


if __name__ == "__main__":
    main()
