#!/usr/bin/env bash
# Farm benchmark: the GA on sphere D=100, population 1000, 50 generations, at
# 1, 2 and 3 MPI ranks (and the serial farm). Prints evaluations per second and
# the farm overhead per generation: wall_time minus eval_time spread over the
# workers, i.e. what the master and the messages cost beyond the evaluations.
#   bench/farm_throughput.sh [extra l2l run options]
set -euo pipefail
cd "$(dirname "$0")/.."
l2l=build/release/optimizer/l2l
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
args=(run --quiet --seed 1 --generations 50 --population 1000 --benchmark.function sphere --benchmark.dimension 100 "$@")

"$l2l" "${args[@]}" --output "$work/serial.h5"
for n in 1 2 3; do
  mpirun --oversubscribe -np "$n" "$l2l" "${args[@]}" --output "$work/np$n.h5"
done
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np
work = sys.argv[1]
print(f"{'farm':>8} {'ranks':>5} {'evals/s':>12} {'wall/gen ms':>12} {'eval/gen ms':>12} {'overhead/gen ms':>16} {'per eval us':>12}")
for name in ["serial", "np1", "np2", "np3"]:
    with h5py.File(f"{work}/{name}.h5", "r") as f:
        size = int(f.attrs["mpi_size"])
        wall = f["generations/wall_time"][:]
        ev = f["generations/eval_time"][:]
        evals = f["generations/evaluations"][:]
    workers = max(size - 1, 1)
    overhead = wall - ev / workers
    print(f"{name:>8} {size:>5} {evals.sum() / wall.sum():>12.4g} {1e3 * wall.mean():>12.3f} {1e3 * ev.mean():>12.3f} "
          f"{1e3 * overhead.mean():>16.3f} {1e6 * overhead.mean() / evals.mean():>12.3f}")
PY
