#!/usr/bin/env python3
"""A genome file that `l2l replay --genome-file` runs on the task stream of a
run's generation G (default: the last), holding either the search
distribution's mean of that generation (/generations/state/mean of SNES,
sep-CMA-ES, OpenAI-ES) or the genes of another genome file of the same network
(e.g. the designed start): so that an evolved genome, its optimizer's mean and
the design are replayed on the same held-out goal angles (paired).
  bench/arena_genome_file.py RUN.h5 OUT.genome.h5 [--genes-from DESIGN.genome.h5] [--generation G]
The file has no recorded fitness (NaN): replay does not check one.
"""
import argparse
import os
import sys

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from genome_files import genome_file_with  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run")
    parser.add_argument("output")
    parser.add_argument("--genes-from", help="a genome file of the same network (default: the generation's mean)")
    parser.add_argument("--generation", type=int)
    parser.add_argument("--l2l", default=os.environ.get("L2L", os.path.join(ROOT, "build/release/optimizer/l2l")))
    args = parser.parse_args()
    with h5py.File(args.run, "r") as f:
        generation = f["generations/fitness"].shape[0] - 1 if args.generation is None else args.generation
        names = f["best/gene_names"][:] if "best/gene_names" in f else None
        if args.genes_from is None:
            if "generations/state/mean" not in f:
                raise SystemExit(f"{args.run}: no /generations/state/mean (record.policy every or best_and_state "
                                 "of an optimizer with a mean); give --genes-from")
            genes = f["generations/state/mean"][generation]
            source = f"the search distribution's mean of generation {generation} (/generations/state/mean)"
    if args.genes_from is not None:
        with h5py.File(args.genes_from, "r") as g:
            genes = g["genome"][:]
            source_names = g["gene_names"][:]
        source = f"the genes of {os.path.basename(args.genes_from)}, on the task stream of generation {generation}"
    # On the generation's individual 0 (it carries the run's config and generation).
    genome_file_with(args.l2l, args.run, generation, 0, args.output, genes, source)
    with h5py.File(args.output, "r") as g:
        written = list(g["gene_names"][:])
    if args.genes_from is not None and written != list(source_names):
        os.remove(args.output)
        raise SystemExit(f"{args.genes_from}: its gene names are not those of {args.run}'s network")
    if names is not None and written != list(names):
        os.remove(args.output)
        raise SystemExit(f"{args.output}: gene names differ from the run's")


if __name__ == "__main__":
    main()
