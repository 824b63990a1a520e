#!/usr/bin/env python3
"""Helpers for the checkpoint/resume tests (Debian's h5py; SWMR reads).

  results_tool.py wait FILE N [TIMEOUT]   wait until FILE holds >= N generations (exit 1 on timeout)
  results_tool.py compare REF OUT         every result dataset of REF equal in OUT, bit for bit
                                          (timing datasets wall_time and eval_time excepted)
  results_tool.py read FILE               open FILE like a user would (h5py, swmr=True), read every
                                          dataset; print generations and status
  results_tool.py attr FILE NAME          print a root attribute (one line per item of an array)
  results_tool.py digest FILE             sha256 of every result dataset (name, shape, type, bytes;
                                          timing datasets and the gene bounds excepted): a file's
                                          results in one line
"""
import hashlib
import sys
import time

import h5py
import numpy as np

TIMING = {"generations/wall_time", "generations/eval_time"}
# Copies of the config, not results: the pinned digests predate them.
CONFIGURATION = {"best/gene_bounds"}


def generations(path):
    try:
        with h5py.File(path, "r", swmr=True) as f:
            return f["generations/fitness"].shape[0] if "generations/fitness" in f else 0
    except (OSError, KeyError):
        return -1  # not there yet (the file appears with the first generation)


def wait(path, count, timeout=120.0):
    deadline = time.time() + float(timeout)
    while time.time() < deadline:
        if generations(path) >= int(count):
            return 0
        time.sleep(0.02)
    print(f"{path}: fewer than {count} generations after {timeout} s", file=sys.stderr)
    return 1


def datasets(f):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return found


def same(a, b):
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind == "f":  # bit for bit, NaN included
        return np.array_equal(a.view(np.uint64 if a.dtype.itemsize == 8 else np.uint32),
                              b.view(np.uint64 if b.dtype.itemsize == 8 else np.uint32))
    return np.array_equal(a, b)


def compare(reference, output):
    with h5py.File(reference, "r", swmr=True) as r, h5py.File(output, "r", swmr=True) as o:
        a, b = datasets(r), datasets(o)
        names = sorted(set(a) | set(b))
        differing = [n for n in names if n not in TIMING and (n not in a or n not in b or not same(a[n][()], b[n][()]))]
        if differing:
            print(f"{output} differs from {reference} in: {', '.join(differing)}", file=sys.stderr)
            return 1
        compared = len([n for n in names if n not in TIMING])
        print(f"{output}: {compared} datasets identical to {reference} ({a['generations/fitness'].shape[0]} generations)")
        return 0


def read(path):
    with h5py.File(path, "r", swmr=True) as f:
        for name, dataset in datasets(f).items():
            dataset[()]
        rows = f["generations/fitness"].shape[0] if "generations/fitness" in f else 0
        status = f.attrs["status"]
        print(f"{path}: {rows} generations, status {status if isinstance(status, str) else status.decode()}")
    return 0


def attr(path, name):
    with h5py.File(path, "r", swmr=True) as f:
        value = f.attrs[name]
        for item in (value if isinstance(value, np.ndarray) else [value]):
            print(item.decode() if isinstance(item, bytes) else item)
    return 0


def digest(path):
    sha = hashlib.sha256()
    with h5py.File(path, "r", swmr=True) as f:
        for name, dataset in sorted(datasets(f).items()):
            if name in TIMING or name in CONFIGURATION:
                continue
            value = dataset[()]
            sha.update(f"{name} {dataset.shape} {dataset.dtype}\n".encode())
            if dataset.dtype.kind == "O":  # variable-length strings
                for item in np.ravel(value):
                    sha.update((item if isinstance(item, bytes) else str(item).encode()) + b"\0")
            else:
                sha.update(np.ascontiguousarray(value).tobytes())
    print(sha.hexdigest())
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"wait": wait, "compare": compare, "read": read, "attr": attr, "digest": digest}[command](*args))
