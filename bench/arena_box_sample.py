#!/usr/bin/env python3
"""How much of a design CMA-ES config's box remembers: uniform random parameter
sets from the box of [command.genes] (what CMA-ES starts from without an
initial genome), each replayed on EPISODES episodes of one stream (the same
episodes for every set), and the distribution of their goals per episode
(docs/meta_learning.md, section 2.11). The configs' server (bench/*_design.py
--serve, with its --set) says which designed network the parameters build.
  bench/arena_box_sample.py CONFIG.toml [CONFIG.toml ...] [--samples 400] [--episodes 16] [--seed 1]
Prints one row per config: the quantiles of goals per episode and the fraction
of sets above the memoryless border search (3.22) and above halfway to the
remembering one (5.35)."""
import argparse
import os
import sys
import tomllib

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
from arena_design_heldout import HALFWAY, MEMORYLESS, VARIANTS  # noqa: E402
from arena_stats import episode_goals  # noqa: E402


def config_variant(config):
    """The config's box {name: (low, high)}, its design variant and the parameters its server holds fixed."""
    with open(config, "rb") as f:
        command = tomllib.load(f)["command"]
    argv = command["argv"]
    script = os.path.basename(next(a for a in argv if a.endswith(".py")))
    matches = [v for v in VARIANTS.values() if os.path.basename(v.script) == script]
    if not matches:
        raise SystemExit(f"{config}: its server {script} is not one of the design scripts "
                         f"{', '.join(sorted(os.path.basename(v.script) for v in VARIANTS.values()))}")
    variant = matches[0]
    box = {k: tuple(v) for k, v in command["genes"].items()}
    return box, variant, arena_design.server_fixed(argv, variant.defaults)


def sample(l2l, config, samples, episodes, seed, work):
    """Goals per episode of `samples` uniform draws from the config's box."""
    box, variant, fixed = config_variant(config)
    base = arena_design.template(l2l, work, variant)
    with h5py.File(base, "r") as f:
        names = [n.decode() for n in f["gene_names"][:]]
    rng = np.random.default_rng(seed)
    path = os.path.join(work, "sample.genome.h5")
    goals = []
    for _ in range(samples):
        p = {**variant.defaults, **{k: rng.uniform(lo, hi) for k, (lo, hi) in sorted(box.items())}, **fixed}
        arena_design.design_file(base, names, p, path, seed, variant)
        goals.append(np.mean([episode_goals(s) for s in arena_design.replay_episodes(l2l, path, episodes)]))
    return np.array(goals)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("configs", nargs="+")
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--episodes", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1, help="the draws' seed and the episodes' stream")
    parser.add_argument("--out", default="results/arena_box_sample", help="work folder (the template genome)")
    parser.add_argument("--l2l", default=arena_design.default_l2l())
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    print(f"| config | parameter sets | goals per episode ({args.episodes} episodes): median | 90th percentile | "
          f"max | above the memoryless search ({MEMORYLESS}) | above halfway ({HALFWAY}) |")
    print("|---|---|---|---|---|---|---|")
    for config in args.configs:
        goals = sample(args.l2l, config, args.samples, args.episodes, args.seed, args.out)
        print(f"| {os.path.basename(config)} | {len(goals)} | {np.median(goals):.2f} | {np.quantile(goals, 0.9):.2f} "
              f"| {goals.max():.2f} | {np.mean(goals > MEMORYLESS):.3f} | {np.mean(goals > HALFWAY):.3f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
