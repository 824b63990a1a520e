#!/usr/bin/env python3
"""Issue 16's arena targets from shipped genome files alone (docs/meta_learning.md 2.16): each file of
examples/evolved replays its own held-out episodes (the stream of its `seed` attribute, 1000 + the training seed)
with `l2l replay --genome-file F --episodes N`, and the rows are pooled over the files, as the targets are (goals
per episode at least halfway from the memoryless to the remembering reference; later paths at most 0.6 of the
first, paired p < 0.01). A training seed whose choice was made in an earlier round is pooled from its shipped file,
so no results folder is needed to reproduce a pooled line. With --minus, a second set of files (one per file of the
first, on the same held-out stream: a network's twin) is pooled the same way, and the first set's goals minus the
second's are tested pair by pair and pooled over the same episodes (ALIF - LIF twin in 2.16).
  bench/arena_genome_pool.py GENOME.h5 [GENOME.h5 ...] [--minus GENOME.h5 ...] [--episodes 200] [--l2l PATH]
"""
import argparse
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
from arena_design_heldout import HALFWAY, P_TARGET, RATIO_TARGET, fmt_p, of_the_way, paired_line  # noqa: E402
from arena_stats import episode_goals, first_vs_later, mean_and_error  # noqa: E402


def row(label, summaries):
    goals, error = mean_and_error([episode_goals(s) for s in summaries])
    paths = first_vs_later(summaries)
    return (f"| {label} | {goals:.2f} +- {error:.2f} ({len(summaries)}) | {of_the_way(goals):.2f} | {paths['ratio']:.2f} "
            f"({paths['n']}; t p = {fmt_p(paths['p_t'])}, Wilcoxon p = {fmt_p(paths['p_wilcoxon'])}) |"), goals, paths


def name(genome):
    return os.path.basename(genome).removesuffix(".genome.h5")


def pool(l2l, genomes, episodes):
    """Prints each file's row, the pooled row and whether the pool meets the targets; returns each file's goals."""
    print("| genome file | held-out goals per episode (mean +- s.e.) | of the way memoryless -> remembering | "
          "later / first path (episodes with >= 2 goals; paired tests) |")
    print("|---|---|---|---|")
    pooled, goals_of = [], []
    for genome in genomes:
        summaries = arena_design.replay_episodes(l2l, genome, episodes)
        pooled += summaries
        goals_of.append(np.array([episode_goals(s) for s in summaries], dtype=float))
        print(row(name(genome), summaries)[0])
    line, goals, paths = row(f"pooled ({len(genomes)} files)", pooled)
    print(line)
    met = goals >= HALFWAY and paths["ratio"] <= RATIO_TARGET and paths["p_t"] < P_TARGET
    print(f"\ntargets (>= {HALFWAY} goals, later / first <= {RATIO_TARGET} with paired t p < {P_TARGET}): "
          f"{'met' if met else 'not met'} by the pool")
    return goals_of


def held_out_seed(genome):
    """The task stream a genome file replays (its `seed` attribute)."""
    with h5py.File(genome, "r") as f:
        return int(f.attrs["seed"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("genomes", nargs="+", help="genome files (l2l replay --genome-file)")
    parser.add_argument("--minus", nargs="+", default=[], metavar="GENOME",
                        help="one genome file per file of the first set, on the same held-out stream: its goals are "
                             "subtracted episode by episode")
    parser.add_argument("--episodes", type=int, default=200, help="held-out episodes per file (default 200)")
    parser.add_argument("--l2l", default=arena_design.default_l2l(), help="the l2l program (default: $L2L or the build)")
    args = parser.parse_args()
    if args.episodes < 2:
        parser.error(f"--episodes {args.episodes}: at least 2 (a standard error needs two)")
    for genome in args.genomes + args.minus:
        if not os.path.isfile(genome):
            parser.error(f"genome file '{genome}' does not exist")
    if args.minus and len(args.minus) != len(args.genomes):
        parser.error(f"--minus: {len(args.minus)} files for {len(args.genomes)} genome files (one each, in order)")
    for genome, other in zip(args.genomes, args.minus):
        if held_out_seed(genome) != held_out_seed(other):
            parser.error(f"--minus '{other}' replays stream {held_out_seed(other)}, '{genome}' stream "
                         f"{held_out_seed(genome)}: a paired difference needs the same episodes")
    goals_of = pool(args.l2l, args.genomes, args.episodes)
    if args.minus:
        print()
        other_goals = pool(args.l2l, args.minus, args.episodes)
        print()
        differences = [a - b for a, b in zip(goals_of, other_goals)]
        for genome, other, d in zip(args.genomes, args.minus, differences):
            print(paired_line(name(genome), name(other), d))
        print(paired_line(f"pooled ({len(differences)} pairs)", "their twins", np.concatenate(differences)))


if __name__ == "__main__":
    sys.exit(main())
