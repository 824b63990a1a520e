#!/usr/bin/env bash
# The learning-to-learn experiments of docs/meta_learning.md: T-maze (fixed
# weights vs NDP-Oja plasticity), arena (ALIF vs LIF twin), CartPole over pole
# lengths (ALIF vs LIF twin). Runs every (experiment, seed) with the l2l binary, two at a
# time, then replays the best genomes on held-out tasks and writes the tables
# and figures (bench/meta_learning_report.py).
#   bench/meta_learning_experiments.sh            (OUT=results/meta, SEEDS="1 2 3 4 5", CARTPOLE_SEEDS="1 2 3")
# Budgets (generations) are environment variables: TMAZE_GENERATIONS (60),
# ARENA_GENERATIONS (150), CARTPOLE_GENERATIONS (200); JOBS (2) runs at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/meta}
SEEDS=${SEEDS:-1 2 3 4 5}
mkdir -p "$OUT"
jobs=()
for seed in $SEEDS; do
  for e in tmaze_fixed tmaze_ndp_oja; do jobs+=("$e $seed ${TMAZE_GENERATIONS:-60}"); done
  for e in arena_alif arena_lif; do jobs+=("$e $seed ${ARENA_GENERATIONS:-150}"); done
done
for seed in ${CARTPOLE_SEEDS:-1 2 3}; do
  for e in cartpole_meta_alif cartpole_meta_lif; do jobs+=("$e $seed ${CARTPOLE_GENERATIONS:-200}"); done
done
run_one() {
  read -r experiment seed generations <<< "$1"
  file="$OUT/${experiment}_s${seed}.h5"
  [ -f "$file" ] && { echo "exists: $file"; return 0; }
  start=$(date +%s)
  "$L2L" run --config "examples/$experiment.toml" --seed "$seed" --generations "$generations" --quiet \
    --output "$file.part" && mv "$file.part" "$file"
  echo "$experiment seed $seed: $(( $(date +%s) - start )) s"
}
export -f run_one
export L2L OUT
printf '%s\n' "${jobs[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c 'run_one "{}"'

# Held-out tasks: episodes beyond the evaluation's tasks are tasks no generation saw.
for file in "$OUT"/tmaze_*_s*.h5; do
  "$L2L" replay "$file" --episodes 22 > "${file%.h5}.heldout.csv"          # 2 evaluation tasks + 20 held-out
done
for file in "$OUT"/arena_*_s*.h5; do
  "$L2L" replay "$file" --episodes 24 > "${file%.h5}.heldout.csv"          # 4 + 20 held-out goal angles
done
for file in "$OUT"/cartpole_meta_*_s*.h5; do
  for range in "0.25 1.0" "1.2 1.5" "1.5 2.0" "0.1 0.2"; do
    read -r lo hi <<< "$range"
    "$L2L" replay "$file" --episodes 20 --environment cartpole.length_min=$lo --environment cartpole.length_max=$hi \
      > "${file%.h5}.length_${lo}_${hi}.csv"
  done
done
/usr/bin/python3 bench/meta_learning_report.py "$OUT"
