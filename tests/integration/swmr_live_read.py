#!/usr/bin/env python3
"""A user follows a running job with h5py (swmr=True): the file opens while
l2l writes it, refresh() shows the generations as they are flushed, and what
was read live equals what the finished file holds.

  swmr_live_read.py L2L SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

# l2l flushes the file once a second and before every checkpoint: a checkpoint every 5 generations
# (not only the once-a-second flush, which saw 2 snapshots of a 3-s run) gives many snapshots however fast it runs.
GENERATIONS = 200


def main(l2l, source_dir):
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "live.h5")
        run = subprocess.Popen([l2l, "run", "--quiet", "--config", os.path.join(source_dir, "examples/mountaincar_ga.toml"),
                                "--seed", "6", "--generations", str(GENERATIONS), "--population", "10", "--snn.tasks", "2",
                                "--target_fitness", "10", "--checkpoint_every", "5", "--checkpoint_seconds", "0",
                                "--output", path])
        while not os.path.exists(path):  # the file appears with the first generation
            if run.poll() is not None:
                sys.exit(f"l2l exited ({run.returncode}) before the results file appeared")
            time.sleep(0.01)
        seen = {}  # generation -> fitness row read while the run was going
        counts = []
        with h5py.File(path, "r", swmr=True) as f:
            assert f.attrs["status"] in ("running", b"running")
            fitness = f["generations/fitness"]
            best = f["generations/best"]
            while run.poll() is None:
                fitness.refresh()
                best.refresh()
                rows = fitness.shape[0]
                if not counts or rows != counts[-1]:
                    for g in range(len(seen), rows):  # each new row once: rereading all of them starved the run
                        seen[g] = fitness[g, :].copy()
                    counts.append(rows)
                time.sleep(0.02)
        assert run.returncode == 0, f"l2l exited with {run.returncode}"
        assert counts == sorted(counts), f"generation counts went backwards: {counts}"
        growing = [c for c in counts if 0 < c < GENERATIONS]
        assert len(growing) >= 3, f"saw too few generations while the run was going: {counts}"
        with h5py.File(path, "r") as f:
            final = f["generations/fitness"][()]
            assert f.attrs["status"] in ("finished", b"finished")
        for g, row in seen.items():
            assert np.array_equal(row, final[g]), f"generation {g} read live differs from the finished file"
        print(f"live reads while the run wrote: {len(counts)} refreshes, generations {counts[0]}..{counts[-1]}; "
              f"{len(seen)} rows read live equal the finished file")


if __name__ == "__main__":
    main(*sys.argv[1:3])
