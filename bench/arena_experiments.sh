#!/usr/bin/env bash
# Arena with memory (issue 16, docs/meta_learning.md section 2): evolves the
# LSNN-like network (examples/arena_lsnn.toml, 30 adaptive units) and its LIF
# twin (examples/arena_lsnn_lif.toml) with SEEDS, in pieces: a run whose file
# exists is resumed from its checkpoint up to GENERATIONS (`l2l run --resume`),
# so calling this again with a larger GENERATIONS extends every run, and a piece
# cut short (Ctrl-C, a killed job) continues where its last checkpoint was.
# Then the best genome of each run and the ES mean of its last generation are
# replayed on held-out goal angles (HELDOUT episodes after the evaluation's tasks)
# and bench/arena_report.py prints the tables and draws the figures. The
# runs for docs/meta_learning.md: GENERATIONS=... OUT=/work/results/arena (see there).
#   OUT=/work/results/arena GENERATIONS=60 bench/arena_experiments.sh
#   OUT=/work/results/arena GENERATIONS=120 bench/arena_experiments.sh    (the next piece)
# The second round (OpenAI-ES with the shaping term, section 2.4):
#   NETWORKS="arena_lsnn_oes arena_lsnn_lif_oes" PREFIX=arena_lsnn_oes OUT=/work/results/arena2/runs \
#     GENERATIONS=300 bench/arena_experiments.sh
# The third round (section 2.7): the network with a direct place -> output path,
# one run at a time (the machine had one core for this work):
#   NETWORKS="arena_lsnn_direct_oes arena_lsnn_direct_lif_oes" PREFIX=arena_lsnn_direct_oes \
#     OUT=/work/results/arena3/runs JOBS=1 GENERATIONS=1200 bench/arena_experiments.sh
# Each piece appends "network seed generations user_s system_s wall_s" to
# OUT/cpu_time.log. Environment: OUT (results/arena), GENERATIONS (100), SEEDS ("1 2 3"),
# NETWORKS ("arena_lsnn arena_lsnn_lif": configs in examples/, a name with "lif" the
# LIF twin), PREFIX (the figures' names, arena_lsnn), JOBS (2 runs at a time), NICE (10),
# HELDOUT (200), REPORT (1: replay and report after the runs; 0: runs only),
# FIGURES (the report's PNG folder; default OUT; docs/figures for the docs).
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/arena}
GENERATIONS=${GENERATIONS:-100}
mkdir -p "$OUT"
jobs=()
for seed in ${SEEDS:-1 2 3}; do
  for network in ${NETWORKS:-arena_lsnn arena_lsnn_lif}; do jobs+=("$network $seed"); done
done
run_piece() {
  read -r network seed <<< "$1"
  file="$OUT/${network}_s${seed}.h5"
  resume=()
  [ -f "$file" ] && resume=(--resume)
  # CPU and wall seconds of every piece, for the budget in core-hours (bench/arena_report.py).
  /usr/bin/time -f "$network $seed $GENERATIONS %U %S %e" -a -o "$OUT/cpu_time.log" \
    nice -n "${NICE:-10}" "$L2L" run --config "examples/$network.toml" --seed "$seed" --generations "$GENERATIONS" \
    --quiet --output "$file" "${resume[@]}"
  echo "$network seed $seed: up to generation $GENERATIONS ($(grep "^$network $seed " "$OUT/cpu_time.log" | tail -1))"
}
export -f run_piece
export L2L OUT GENERATIONS
printf '%s\n' "${jobs[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c 'run_piece "{}"'
[ "${REPORT:-1}" = 1 ] || exit 0

# Held-out goal angles: episodes beyond the evaluation's tasks are goal angles
# no generation saw (each generation drew its own from other seeds).
generations_dimension() {  # 0: generations done, 2: tasks per evaluation
  /usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["generations/outputs"].shape[int(sys.argv[2])])' "$1" "$2"
}
last_mean() { echo "$(( $(generations_dimension "$1" 0) - 1 )):0"; }
for job in "${jobs[@]}"; do
  read -r network seed <<< "$job"
  file="$OUT/${network}_s${seed}.h5"
  tasks=$(generations_dimension "$file" 2)
  heldout=$(( tasks + ${HELDOUT:-200} ))
  nice -n "${NICE:-10}" "$L2L" replay "$file" --episodes "$heldout" > "$OUT/${network}_s${seed}.best.heldout.csv"
  nice -n "${NICE:-10}" "$L2L" replay "$file" --genome "$(last_mean "$file")" --episodes "$heldout" \
    > "$OUT/${network}_s${seed}.mean.heldout.csv"
  # Trajectories of the evaluation's tasks and 16 held-out episodes for the path figure.
  nice -n "${NICE:-10}" "$L2L" replay "$file" --episodes $(( tasks + 16 )) --record "$OUT/${network}_s${seed}.paths.h5" --force > /dev/null
done
# shellcheck disable=SC2086
L2L=$L2L /usr/bin/python3 bench/arena_report.py "$OUT" ${FIGURES:+--figures "$FIGURES"} \
  --networks ${NETWORKS:-arena_lsnn arena_lsnn_lif} --prefix "${PREFIX:-arena_lsnn}"
