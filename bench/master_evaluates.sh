#!/usr/bin/env bash
# farm.master_evaluates on few ranks: the main job (Mountain Car GA, a fixed
# number of generations) on N MPI ranks with and without rank 0 evaluating,
# REPEATS times each, interleaved (A B A B ...) so that a drift of the
# machine's load hits both alike. Prints each run's wall seconds of the
# generation loop (sum of /generations/wall_time), the medians and their ratio,
# and checks that both give the same fitness.
#   bench/master_evaluates.sh [RANKS=2] [REPEATS=3] [GENERATIONS=60]
set -euo pipefail
cd "$(dirname "$0")/.."
l2l=build/release/optimizer/l2l
ranks=${1:-2}
repeats=${2:-3}
generations=${3:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
args=(run --quiet --config examples/mountaincar_ga.toml --generations "$generations" --target_fitness inf --seed 1)
for ((i = 0; i < repeats; i++)); do
  mpirun -np "$ranks" "$l2l" "${args[@]}" --output "$work/plain_$i.h5"
  mpirun -np "$ranks" "$l2l" "${args[@]}" --farm.master_evaluates --output "$work/master_$i.h5"
done
/usr/bin/python3 - "$work" "$ranks" "$repeats" "$generations" <<'PY'
import sys, h5py, numpy as np
work, ranks, repeats, generations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def wall(name):
    with h5py.File(f"{work}/{name}.h5", "r") as f:
        return float(f["generations/wall_time"][:].sum()), f["generations/fitness"][:]
plain = [wall(f"plain_{i}") for i in range(repeats)]
master = [wall(f"master_{i}") for i in range(repeats)]
for (_, a), (_, b) in zip(plain, master):
    assert np.array_equal(a, b), "farm.master_evaluates changed the fitness"
p = np.median([w for w, _ in plain]); m = np.median([w for w, _ in master])
print(f"main job, {generations} generations x 32 individuals, {ranks} MPI ranks, {repeats} runs each (interleaved)")
print(f"{'':22} {'runs (s)':>30} {'median (s)':>11}")
print(f"{'rank 0 dispatches only':22} {' '.join(f'{w:.2f}' for w, _ in plain):>30} {p:11.2f}")
print(f"{'farm.master_evaluates':22} {' '.join(f'{w:.2f}' for w, _ in master):>30} {m:11.2f}")
print(f"speed-up of the generation loop: {p / m:.2f}x; fitness identical in every pair")
PY
