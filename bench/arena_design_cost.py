#!/usr/bin/env python3
"""CPU of one evaluation of the wiring search's server (examples/arena_wiring_cmaes.toml, docs/meta_learning.md
2.15): the Python design step (bench/arena_design.py design_file: genes from 40 numbers, the genome file written)
and the `l2l replay` of 32 episodes that scores it, each the mean over REPEATS (CPU seconds of this process and of
its children, not wall time). The design is the hand-chosen one, or with --draws K the mean over K designs drawn
uniformly from the config's boxes (what the search's first generations evaluate: busier networks, more spikes).
  bench/arena_design_cost.py [--repeats 10] [--draws K] [--l2l L2L]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tomllib

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
import arena_wiring_design  # noqa: E402


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10, help="evaluations timed (default 10)")
    parser.add_argument("--draws", type=int, default=0,
                        help="designs drawn from examples/arena_wiring_cmaes.toml's boxes (seed 1; default 0: the "
                             "hand-chosen design)")
    parser.add_argument("--l2l", default=arena_design.default_l2l(), help="the l2l binary (default: $L2L or the build)")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error(f"--repeats {args.repeats}: at least 1")
    if args.draws < 0:
        parser.error(f"--draws {args.draws}: 0 or more")
    variant = arena_wiring_design.WIRING
    designs = [dict(variant.defaults)]
    if args.draws:
        with open(os.path.join(arena_design.ROOT, "examples/arena_wiring_cmaes.toml"), "rb") as f:
            box = tomllib.load(f)["command"]["genes"]
        rng = np.random.default_rng(1)
        designs = [dict(variant.defaults, **{g: rng.uniform(*box[g]) for g in box}) for _ in range(args.draws)]
    with tempfile.TemporaryDirectory() as work:
        base = arena_design.template(args.l2l, work, variant)
        with h5py.File(base, "r") as f:
            names = [n.decode() for n in f["gene_names"][:]]
        paths = [os.path.join(work, f"candidate{k}.genome.h5") for k in range(len(designs))]
        arena_design.design_file(base, names, designs[0], paths[0], 1, variant)  # fills the per-process caches
        start = time.process_time()
        for _ in range(args.repeats):
            for p, path in zip(designs, paths):
                arena_design.design_file(base, names, p, path, 1, variant)
        design = (time.process_time() - start) / args.repeats / len(designs)
        start = children_cpu()
        for _ in range(args.repeats):
            for path in paths:
                subprocess.run([args.l2l, "replay", "--genome-file", path, "--episodes", "32"], check=True,
                               capture_output=True)
        replay = (children_cpu() - start) / args.repeats / len(designs)
    what = f"{len(designs)} designs drawn from the boxes" if args.draws else "the hand-chosen design"
    print(f"{what}:")
    print(f"design step (Python, after the first): {design:.3f} s of CPU per evaluation")
    print(f"l2l replay of 32 episodes (process start included): {replay:.3f} s of CPU per evaluation")


if __name__ == "__main__":
    main()
