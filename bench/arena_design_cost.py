#!/usr/bin/env python3
"""CPU of one evaluation of the wiring search's server (examples/arena_wiring_cmaes.toml, docs/meta_learning.md
2.15): the Python design step (bench/arena_design.py design_file: genes from 40 numbers, the genome file written)
and the `l2l replay` of 32 episodes that scores it, each the mean over REPEATS (CPU seconds of this process and of
its children, not wall time).
  bench/arena_design_cost.py [--repeats 10] [--l2l L2L]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
import arena_wiring_design  # noqa: E402


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10, help="evaluations timed (default 10)")
    parser.add_argument("--l2l", default=arena_design.default_l2l(), help="the l2l binary (default: $L2L or the build)")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error(f"--repeats {args.repeats}: at least 1")
    variant = arena_wiring_design.WIRING
    with tempfile.TemporaryDirectory() as work:
        base = arena_design.template(args.l2l, work, variant)
        with h5py.File(base, "r") as f:
            names = [n.decode() for n in f["gene_names"][:]]
        path = os.path.join(work, "candidate.genome.h5")
        p = dict(variant.defaults)
        arena_design.design_file(base, names, p, path, 1, variant)  # the first design fills the per-process caches
        start = time.process_time()
        for _ in range(args.repeats):
            arena_design.design_file(base, names, p, path, 1, variant)
        design = (time.process_time() - start) / args.repeats
        start = children_cpu()
        for _ in range(args.repeats):
            subprocess.run([args.l2l, "replay", "--genome-file", path, "--episodes", "32"], check=True,
                           capture_output=True)
        replay = (children_cpu() - start) / args.repeats
    print(f"design step (Python, after the first): {design:.3f} s of CPU per evaluation")
    print(f"l2l replay of 32 episodes (process start included): {replay:.3f} s of CPU per evaluation")


if __name__ == "__main__":
    main()
