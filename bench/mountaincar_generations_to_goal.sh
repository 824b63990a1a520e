#!/usr/bin/env bash
# Generations-to-goal of the main job (examples/mountaincar_ga.toml) over seeds,
# with and without elitism: the number the L2L Mountain Car study reports
# (best fitness >= 0.5 first reached; budget 400 generations).
#   bench/mountaincar_generations_to_goal.sh [SEEDS...]     (default: 1 2 3 4 5)
# Extra l2l options go in L2L_EXTRA, e.g. L2L_EXTRA="--ga.mutation_sigma 4".
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
CONFIG=${CONFIG:-examples/mountaincar_ga.toml}
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf "%-8s %-6s %-18s %-12s %-10s\n" elitism seed generations_to_goal best_fitness seconds
for elitism in 0 1; do
  for seed in "${seeds[@]}"; do
    file="$out/e${elitism}_s${seed}.h5"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$L2L" run --config "$CONFIG" --seed "$seed" --ga.elitism "$elitism" --generations 400 \
      --target_fitness 0.5 -o "$file" -q ${L2L_EXTRA:-}
    end=$(date +%s.%N)
    /usr/bin/python3 - "$file" "$elitism" "$seed" "$start" "$end" <<'PY'
import sys, h5py, numpy as np
path, elitism, seed, start, end = sys.argv[1:]
with h5py.File(path, "r") as f:
    best = f["generations/best"][:]
hit = np.nonzero(best >= 0.5)[0]
gens = str(hit[0] + 1) if hit.size else "not in 400"
print(f"{elitism:<8} {seed:<6} {gens:<18} {best.max():<12.4f} {float(end) - float(start):<10.1f}")
PY
  done
done
