#!/usr/bin/env python3
"""MB per 100 generations of a results file, extrapolated from a short run.

  record_size.py FILE.h5

Each growing dataset's bytes per generation are the storage HDF5 allocated for
it (compressed size where filters are on) divided by the rows that hold data:
the generations for most, the generations whose population was stored for
/generations/genomes (record.policy every). 1-D series (chunks of 256
generations, allocated ahead) count 8 bytes per generation. Fixed datasets
(/best, gene names) and HDF5's own metadata are left out.
"""
import sys

import h5py
import numpy as np


def main(path):
    total = 0.0
    with h5py.File(path, "r") as f:
        g = f["generations"]
        rows = g["fitness"].shape[0]
        stored_populations = rows
        if "population_recorded" in g:
            stored_populations = int(np.count_nonzero(g["population_recorded"][()]))
        datasets = []
        g.visititems(lambda name, obj: datasets.append((name, obj)) if isinstance(obj, h5py.Dataset) else None)
        for name, dataset in datasets:
            if dataset.ndim == 1:
                total += dataset.dtype.itemsize
                continue
            storage = dataset.id.get_storage_size()
            if name == "genomes":
                total += storage / max(stored_populations, 1) * stored_populations / rows if rows else 0.0
            else:
                total += storage / rows
    print(f"{100 * total / 1e6:.3g}")


if __name__ == "__main__":
    main(sys.argv[1])
