#!/usr/bin/env bash
# Throughput of `optimizee = "command"`: an empty Python model (bench/empty_model.py)
# in process mode (a Python interpreter per evaluation) and in server mode (one
# per worker, JSON lines), serially and under mpirun with 2 and 3 ranks (1 and
# 2 workers: rank 0 only runs the optimizer). Random search, population 24, 5
# genes. Prints evaluations per second and the mean time per generation.
#   bench/command_throughput.sh [process generations [server generations]]
set -euo pipefail
cd "$(dirname "$0")/.."
l2l=$PWD/build/release/optimizer/l2l
process_generations=${1:-4}
server_generations=${2:-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
args=(run --quiet --seed 1 --optimizer random --population 24 --optimizee command
      --command.argv /usr/bin/python3 "$PWD/bench/empty_model.py"
      --command.genes "a=[-1, 1]" "b=[-1, 1]" "c=[-1, 1]" "d=[-1, 1]" "e=[-1, 1]")

for mode in process server; do
  generations=$process_generations
  [ "$mode" = server ] && generations=$server_generations
  "$l2l" "${args[@]}" --command.mode "$mode" --generations "$generations" --output "$work/$mode-1.h5"
  for n in 2 3; do
    mpirun --oversubscribe -np "$n" "$l2l" "${args[@]}" --command.mode "$mode" --generations "$generations" \
      --output "$work/$mode-$n.h5"
  done
done
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np
work = sys.argv[1]
print(f"{'mode':>8} {'ranks':>5} {'workers':>7} {'evals':>6} {'evals/s':>9} {'s/generation':>13} {'ms/eval':>8}")
for mode in ("process", "server"):
    for n in (1, 2, 3):
        with h5py.File(f"{work}/{mode}-{n}.h5", "r") as f:
            wall = f["generations/wall_time"][:]
            evals = int(f["generations/evaluations"][:].sum())
            failed = int((f["generations/failures"][()] != 0).sum())
        assert failed == 0, f"{mode} {n}: {failed} failed evaluations"
        seconds = float(wall.sum())
        print(f"{mode:>8} {n:>5} {max(n - 1, 1):>7} {evals:>6} {evals / seconds:>9.1f} {seconds / len(wall):>13.3f}"
              f" {1e3 * seconds / evals:>8.2f}")
PY
