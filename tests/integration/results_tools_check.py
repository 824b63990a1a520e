#!/usr/bin/env python3
"""Checks of the result-inspection tools against the HDF5 file, read with h5py.

  results_tools_check.py png FILE.png WxH        PNG of that size whose pixels are not all equal
  results_tools_check.py csv RUN.h5 TABLE.csv    `l2l inspect --csv`: every value equals the file's
  results_tools_check.py genome RUN.h5 OUT       `l2l inspect --genome best`: the argmax of
                                                 /generations/fitness, its fitness and genes
  results_tools_check.py compare RUN.h5 OUT.csv TARGET
                                                 `l2l compare --csv --target TARGET`: final best,
                                                 generation where TARGET was reached, evaluations
"""
import csv
import struct
import sys

import h5py
import matplotlib.image
import numpy as np


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def png(path, size):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    got = "%dx%d" % struct.unpack(">II", head[16:24])
    if got != size:
        fail(f"{path} is {got}, expected {size}")
    variance = float(matplotlib.image.imread(path)[:, :, :3].var())
    if not variance > 0:
        fail(f"{path} is blank (pixel variance {variance})")
    print(f"{path}: {got}, pixel variance {variance:.4g}")


def csv_table(h5_path, csv_path):
    with h5py.File(h5_path, "r", swmr=True) as f, open(csv_path) as c:
        rows = list(csv.DictReader(c))
        g = f["generations"]
        fitness, failures = g["fitness"][:], g["failures"][:]
        if len(rows) != fitness.shape[0]:
            fail(f"{len(rows)} rows for {fitness.shape[0]} generations")
        expected = {name: g[name][:] for name in ("best", "mean", "std", "wall_time", "eval_time", "evaluations")}
        expected["min"] = np.where(failures == 0, fitness, np.inf).min(axis=1)
        expected["failures"] = (failures > 0).sum(axis=1)
        for optimizer in g["summary"]:
            for key in g["summary"][optimizer]:
                expected[f"{optimizer}/{key}"] = g["summary"][optimizer][key][:]
        if set(expected) - set(rows[0]):
            fail(f"columns missing: {sorted(set(expected) - set(rows[0]))}")
        for i, row in enumerate(rows):
            if int(row["generation"]) != i:
                fail(f"row {i} is generation {row['generation']}")
            for name, values in expected.items():
                if float(row[name]) != values[i]:
                    fail(f"generation {i} {name}: csv {row[name]}, file {values[i]!r}")
        print(f"{csv_path}: {len(rows)} generations x {len(expected)} columns equal to {h5_path}")


def genome(h5_path, out_path):
    with h5py.File(h5_path, "r", swmr=True) as f:
        fitness = np.where(f["generations/failures"][:] == 0, f["generations/fitness"][:], -np.inf)
        gen, index = np.unravel_index(np.argmax(fitness), fitness.shape)
        genes = f["generations/genomes"][gen, index, :]
        names = [n.decode() for n in f["best/gene_names"][:]]
    lines = open(out_path).read().splitlines()
    header = f"generation {gen}, individual {index}"
    if header not in lines[0]:
        fail(f"first line '{lines[0]}', expected '{header}'")
    if float(lines[1].split()[2]) != fitness[gen, index]:
        fail(f"fitness line '{lines[1]}', file {fitness[gen, index]!r}")
    rows = list(csv.reader(lines[2:]))[1:]
    if len(rows) != len(genes):
        fail(f"{len(rows)} genes printed, the genome has {len(genes)}")
    for k, (i, name, value) in enumerate(rows):
        if int(i) != k or name != names[k] or float(value) != genes[k]:
            fail(f"gene {k}: printed {i},{name},{value}; file {names[k]} {genes[k]!r}")
    print(f"{out_path}: generation {gen}, individual {index}, fitness {fitness[gen, index]!r}, {len(genes)} genes")


def compare(h5_path, out_path, target):
    target = float(target)
    with h5py.File(h5_path, "r", swmr=True) as f:
        best = f["generations/best"][:]
        evaluations = int(f["generations/evaluations"][:].sum())
        best_ever = f["best/fitness"][()]
    reached = np.flatnonzero(best >= target)
    row = next(r for r in csv.DictReader(open(out_path)) if r["file"] == h5_path)
    checks = {
        "generations": (int(row["generations"]), len(best)),
        "final_best": (float(row["final_best"]), best[-1]),
        "best_ever": (float(row["best_ever"]), best_ever),
        "reached_at": (row["reached_at"], str(reached[0]) if len(reached) else ""),
        "evaluations": (int(row["evaluations"]), evaluations),
    }
    for name, (got, want) in checks.items():
        if got != want:
            fail(f"{h5_path} {name}: compare says {got!r}, file {want!r}")
    print(f"{h5_path}: final best {best[-1]!r}, target {target} reached at '{row['reached_at']}'")


if __name__ == "__main__":
    commands = {"png": png, "csv": csv_table, "genome": genome, "compare": compare}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    commands[sys.argv[1]](*sys.argv[2:])
