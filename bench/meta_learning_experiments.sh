#!/usr/bin/env bash
# The learning-to-learn experiments of docs/meta_learning.md: T-maze (fixed
# weights vs NDP-Oja plasticity), arena (ALIF vs LIF twin), CartPole over pole
# lengths (ALIF vs LIF twin). Runs every (experiment, seed) with the l2l binary, two at a
# time, then replays the best genomes on held-out tasks and writes the tables
# and figures (bench/meta_learning_report.py).
#   bench/meta_learning_experiments.sh            (OUT=results/meta, SEEDS="1 2 3 4 5", CARTPOLE_SEEDS="1 2 3")
#   OUT=results/meta300 EXPERIMENTS=tmaze TMAZE_GENERATIONS=300 bench/meta_learning_experiments.sh
# Budgets (generations) are environment variables: TMAZE_GENERATIONS (60),
# ARENA_GENERATIONS (150), CARTPOLE_GENERATIONS (200); EXPERIMENTS ("tmaze arena
# cartpole") picks which to run; JOBS (2) runs at a time. Finished files are kept.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/meta}
SEEDS=${SEEDS:-1 2 3 4 5}
EXPERIMENTS=${EXPERIMENTS:-tmaze arena cartpole}
mkdir -p "$OUT"
wanted() { [[ " $EXPERIMENTS " == *" $1 "* ]]; }
jobs=()
for seed in $SEEDS; do
  if wanted tmaze; then for e in tmaze_fixed tmaze_ndp_oja; do jobs+=("$e $seed ${TMAZE_GENERATIONS:-60}"); done; fi
  if wanted arena; then for e in arena_alif arena_lif; do jobs+=("$e $seed ${ARENA_GENERATIONS:-150}"); done; fi
done
for seed in ${CARTPOLE_SEEDS:-1 2 3}; do
  if wanted cartpole; then for e in cartpole_meta_alif cartpole_meta_lif; do jobs+=("$e $seed ${CARTPOLE_GENERATIONS:-200}"); done; fi
done
[ ${#jobs[@]} -gt 0 ] || { echo "EXPERIMENTS='$EXPERIMENTS': allowed are tmaze, arena, cartpole" >&2; exit 2; }
run_one() {
  read -r experiment seed generations <<< "$1"
  file="$OUT/${experiment}_s${seed}.h5"
  [ -f "$file" ] && { echo "exists: $file"; return 0; }
  start=$(date +%s)
  "$L2L" run --config "examples/$experiment.toml" --seed "$seed" --generations "$generations" --quiet \
    --output "$file.part" && mv "$file.part" "$file" && rm -f "$file.part.ckpt" "$file.part.lock"   # both named after the .part
  echo "$experiment seed $seed: $(( $(date +%s) - start )) s"
}
export -f run_one
export L2L OUT
printf '%s\n' "${jobs[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c 'run_one "{}"'

# Held-out tasks: episodes beyond the evaluation's tasks are tasks no generation saw.
for file in "$OUT"/tmaze_*_s*.h5; do
  "$L2L" replay "$file" --episodes 22 > "${file%.h5}.heldout.csv"          # 2 evaluation tasks + 20 held-out
done
# ES runs (arena, CartPole) get two genomes replayed: the best ever (one lucky draw of
# tasks can crown it) and the ES mean of the last generation (individual 0), the
# deliverable of an ES run.
last_mean() {
  echo "$(/usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["generations/best"].shape[0] - 1)' "$1"):0"
}
for file in "$OUT"/arena_*_s*.h5; do
  "$L2L" replay "$file" --episodes 24 > "${file%.h5}.heldout.csv"          # 4 + 20 held-out goal angles
  "$L2L" replay "$file" --genome "$(last_mean "$file")" --episodes 24 > "${file%.h5}.mean.heldout.csv"
done
for file in "$OUT"/cartpole_meta_*_s*.h5; do
  for genome in best "$(last_mean "$file")"; do
    tag=$([ "$genome" = best ] && echo "" || echo ".mean")
    for range in "0.25 1.0" "1.2 1.5" "1.5 2.0" "0.1 0.2"; do
      read -r lo hi <<< "$range"
      "$L2L" replay "$file" --genome "$genome" --episodes 20 \
        --environment cartpole.length_min=$lo --environment cartpole.length_max=$hi > "${file%.h5}$tag.length_${lo}_${hi}.csv"
    done
  done
done
/usr/bin/python3 bench/meta_learning_report.py "$OUT"
