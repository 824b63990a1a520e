#!/usr/bin/env python3
"""Issue 16's arena targets from shipped genome files alone (docs/meta_learning.md 2.16): each file of
examples/evolved replays its own held-out episodes (the stream of its `seed` attribute, 1000 + the training seed)
with `l2l replay --genome-file F --episodes N`, and the rows are pooled over the files, as the targets are (goals
per episode at least halfway from the memoryless to the remembering reference; later paths at most 0.6 of the
first, paired p < 0.01). A training seed whose choice was made in an earlier round is pooled from its shipped file,
so no results folder is needed to reproduce a pooled line.
  bench/arena_genome_pool.py GENOME.h5 [GENOME.h5 ...] [--episodes 200] [--l2l PATH]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
from arena_design_heldout import HALFWAY, P_TARGET, RATIO_TARGET, fmt_p, of_the_way  # noqa: E402
from arena_stats import episode_goals, first_vs_later, mean_and_error  # noqa: E402


def row(label, summaries):
    goals, error = mean_and_error([episode_goals(s) for s in summaries])
    paths = first_vs_later(summaries)
    return (f"| {label} | {goals:.2f} +- {error:.2f} ({len(summaries)}) | {of_the_way(goals):.2f} | {paths['ratio']:.2f} "
            f"({paths['n']}; t p = {fmt_p(paths['p_t'])}, Wilcoxon p = {fmt_p(paths['p_wilcoxon'])}) |"), goals, paths


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("genomes", nargs="+", help="genome files (l2l replay --genome-file)")
    parser.add_argument("--episodes", type=int, default=200, help="held-out episodes per file (default 200)")
    parser.add_argument("--l2l", default=arena_design.default_l2l(), help="the l2l program (default: $L2L or the build)")
    args = parser.parse_args()
    if args.episodes < 2:
        parser.error(f"--episodes {args.episodes}: at least 2 (a standard error needs two)")
    for genome in args.genomes:
        if not os.path.isfile(genome):
            parser.error(f"genome file '{genome}' does not exist")
    print("| genome file | held-out goals per episode (mean +- s.e.) | of the way memoryless -> remembering | "
          "later / first path (episodes with >= 2 goals; paired tests) |")
    print("|---|---|---|---|")
    pooled = []
    for genome in args.genomes:
        summaries = arena_design.replay_episodes(args.l2l, genome, args.episodes)
        pooled += summaries
        print(row(os.path.basename(genome).removesuffix(".genome.h5"), summaries)[0])
    line, goals, paths = row(f"pooled ({len(args.genomes)} files)", pooled)
    print(line)
    met = goals >= HALFWAY and paths["ratio"] <= RATIO_TARGET and paths["p_t"] < P_TARGET
    print(f"\ntargets (>= {HALFWAY} goals, later / first <= {RATIO_TARGET} with paired t p < {P_TARGET}): "
          f"{'met' if met else 'not met'} by the pool")


if __name__ == "__main__":
    sys.exit(main())
