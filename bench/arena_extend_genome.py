#!/usr/bin/python3
"""A warm start for a larger network (docs/meta_learning.md, section 2.7): the
genes of SOURCE (a genome file of a smaller network, `l2l replay RUN.h5 --genome
G:I --save-genome`) copied by gene name into a genome file of the larger one,
every gene SOURCE does not have (a new projection) set to 0: the new path starts
switched off, so the warm-started mean is the source agent itself.

    bench/arena_extend_genome.py SOURCE TEMPLATE OUT [LABEL]

TEMPLATE is any genome file of the larger network (its gene names, config and
optimizee description are kept); OUT gets SOURCE's genes, fitness NaN (set, not
evolved: nothing for a replay to check) and `source` naming SOURCE (or LABEL, e.g.
the run and genome SOURCE was saved from) and TEMPLATE. Used with
`l2l run --initial_genome OUT`. Exits 2 if a gene of SOURCE is missing from
TEMPLATE or OUT exists.
"""
import os
import shutil
import sys

import h5py
import numpy as np


def names_of(f):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in f["gene_names"][:]]


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    source, template, out = sys.argv[1:4]
    label = sys.argv[4] if len(sys.argv) == 5 else source
    if os.path.exists(out):
        print(f"{out} exists; not overwritten", file=sys.stderr)
        sys.exit(2)
    with h5py.File(source, "r") as f:
        values = dict(zip(names_of(f), f["genome"][:]))
    shutil.copyfile(template, out)
    with h5py.File(out, "r+") as f:
        names = names_of(f)
        missing = sorted(set(values) - set(names))
        if missing:
            f.close()
            os.remove(out)
            print(f"{source}: {len(missing)} genes not in {template} (first: {missing[0]})", file=sys.stderr)
            sys.exit(2)
        f["genome"][...] = np.array([values.get(n, 0.0) for n in names])
        f["fitness"][...] = np.nan
        f.attrs["source"] = f"{label} (genes by name; the {len(names) - len(values)} others 0)"
        f.attrs["genome_source"] = "set: bench/arena_extend_genome.py"
    print(f"{out}: {len(values)} genes from {label}, {len(names) - len(values)} set to 0")


if __name__ == "__main__":
    main()
