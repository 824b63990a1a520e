#!/usr/bin/env bash
# Generations-to-goal on the main job's task (examples/mountaincar_ga.toml):
# the generation in which a generation's best individual first reaches the goal
# (max position >= 0.5), budget 400 generations, over seeds.
#   bench/mountaincar_generations_to_goal.sh [elitism|optimizers] [SEEDS...]
#     elitism     the L2L GA without and with elitism 1 (default; seeds 1-5)
#     optimizers  GA, ES, CMA-ES and EnKF with the settings of docs/mountaincar.md
# CONFIG=... runs another config (e.g. a variant of the network).
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
CONFIG=${CONFIG:-examples/mountaincar_ga.toml}
mode=${1:-elitism}
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
case "$mode" in
  elitism)
    variants=("ga elitism 0|--ga.elitism 0" "ga elitism 1|--ga.elitism 1") ;;
  optimizers)
    variants=("ga|--optimizer ga"
              "es|--optimizer es --es.sigma 8 --es.learning_rate 2"
              "cmaes|--optimizer cmaes --cmaes.population 32"
              "enkf (4 tasks)|--optimizer enkf --population 64 --snn.tasks 4 --enkf.noise_variance 0.01 --enkf.covariance_inflation 1.1") ;;
  *) echo "usage: $0 [elitism|optimizers] [SEEDS...]" >&2; exit 2 ;;
esac
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf "%-16s %-6s %-20s %-12s %-8s\n" variant seed generations_to_goal best_fitness seconds
for variant in "${variants[@]}"; do
  label=${variant%%|*}
  read -r -a options <<< "${variant#*|}"
  for seed in "${seeds[@]}"; do
    file="$out/run.h5"
    rm -f "$file"
    start=$(date +%s.%N)
    "$L2L" run --config "$CONFIG" --seed "$seed" --generations 400 --target_fitness 0.5 -o "$file" -q "${options[@]}"
    end=$(date +%s.%N)
    /usr/bin/python3 - "$file" "$label" "$seed" "$start" "$end" <<'PY'
import sys, h5py, numpy as np
path, label, seed, start, end = sys.argv[1:]
with h5py.File(path, "r") as f:
    best = f["generations/best"][:]
hit = np.nonzero(best >= 0.5)[0]
gens = str(hit[0] + 1) if hit.size else "not in 400"
print(f"{label:<16} {seed:<6} {gens:<20} {best.max():<12.4f} {float(end) - float(start):<8.1f}")
PY
  done
done
