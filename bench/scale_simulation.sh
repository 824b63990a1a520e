#!/usr/bin/env bash
# The farm with many ranks and evaluations of a known cost: GA on sphere 10-D,
# every evaluation sleeping benchmark.eval_seconds (a sleeping rank frees the
# core, so 64-256 ranks fit on a small machine), RANKS ranks oversubscribed.
# Prints the master's tasks/s and the workers' idle fraction per generation:
#   idle = 1 - (sum of evaluation seconds) / (workers x generation wall time).
#   bench/scale_simulation.sh RANKS EVAL_SECONDS [generations] [extra l2l run options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
l2l=${L2L:-$root/build/release/optimizer/l2l}
ranks=$1
eval_seconds=$2
generations=${3:-5}
shift 3 || shift $#
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
population=$((4 * (ranks - 1)))  # four evaluations per worker and generation
mpirun --oversubscribe -np "$ranks" "$l2l" run --quiet --seed 1 --optimizer ga --benchmark.dimension 10 \
  --population "$population" --generations "$generations" --benchmark.eval_seconds "$eval_seconds" \
  --output "$work/run.h5" "$@"
/usr/bin/python3 - "$work/run.h5" "$ranks" "$eval_seconds" <<'PY'
import sys, h5py, numpy as np
path, ranks, eval_seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
with h5py.File(path, "r") as f:
    wall = f["generations/wall_time"][:]
    ev = f["generations/eval_time"][:]
    evals = f["generations/evaluations"][:]
workers = ranks - 1
idle = 1.0 - ev / (workers * wall)
ideal = evals * eval_seconds / workers
print(f"ranks {ranks}, {workers} workers, evaluation {eval_seconds * 1e3:g} ms, population {int(evals[0])}")
print(f"  generation wall time median {np.median(wall) * 1e3:.1f} ms (ideal {np.median(ideal) * 1e3:.1f} ms)")
print(f"  master tasks/s median {np.median(evals / wall):.0f}, worker idle fraction median {np.median(idle):.3f}"
      f" (min {idle.min():.3f}, max {idle.max():.3f})")
PY
