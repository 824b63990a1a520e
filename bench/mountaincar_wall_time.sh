#!/usr/bin/env bash
# Wall time per generation of the main job (examples/mountaincar_ga.toml, 32
# individuals of 110 Mountain Car steps) with the serial farm and on MPI ranks,
# from /generations/wall_time (ask + evaluate + tell + write, per generation).
#   bench/mountaincar_wall_time.sh [GENERATIONS]      (default 100; ranks from RANKS="1 2 3")
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
generations=${1:-100}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=(run --config examples/mountaincar_ga.toml --generations "$generations" --target_fitness inf --quiet)
"$L2L" "${run[@]}" --output "$out/serial.h5"
for n in ${RANKS:-1 2 3}; do
  jobscripts/l2l-mpirun -n "$n" "${run[@]}" --output "$out/np$n.h5" 2>/dev/null
done
/usr/bin/python3 - "$out" ${RANKS:-1 2 3} <<'PY'
import sys, h5py, numpy as np
out, ranks = sys.argv[1], sys.argv[2:]
print(f"{'farm':<12} {'ranks':>5} {'ms/generation':>14} {'evaluations/s':>14} {'eval ms/individual':>19}")
for name, label in [("serial", "serial")] + [(f"np{n}", "mpi") for n in ranks]:
    with h5py.File(f"{out}/{name}.h5", "r") as f:
        wall = f["generations/wall_time"][:]
        evals = f["generations/evaluations"][:]
        eval_time = f["generations/eval_time"][:]
        size = int(f.attrs["mpi_size"])
    print(f"{label:<12} {size:>5} {1e3 * wall.mean():>14.2f} {evals.sum() / wall.sum():>14.0f} "
          f"{1e3 * eval_time.sum() / evals.sum():>19.3f}")
PY
