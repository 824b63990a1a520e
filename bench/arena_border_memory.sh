#!/usr/bin/env bash
# Arena with memory, issue 16, fourth round (docs/meta_learning.md, section 2.9):
# the border-memory network (examples/networks/arena_border_memory.toml) by
# design, tuned by the outer loop, judged on held-out goal angles.
#  1. The design (bench/arena_design.py, hand-chosen parameters) on 200 episodes,
#     and the search alone (memory=0); OUT/design.csv.
#  2. SNES over the network's 12378 weights from the design
#     (examples/arena_border_memory_snes.toml: sigma0 0.002 of each gene's range,
#     mean step 0.2, 16 goal angles per evaluation), SNES_GENERATIONS, seed 11;
#     its last mean and the design replayed on the same 200 held-out episodes
#     (bench/arena_genome_file.py); OUT/snes.csv.
#  3. CMA-ES over the design's 14 parameters (examples/arena_design_cmaes.toml:
#     12 per generation, 32 episodes per evaluation), SEEDS, GENERATIONS;
#     resumable: calling again with a larger GENERATIONS extends every run.
#  4. Held-out: bench/arena_design_heldout.py (200 episodes per seed from streams
#     no evaluation used; design, last mean, best, and the mean with its memory
#     cut; paired tests; figures in FIGURES).
# Each run's CPU seconds go to OUT/cpu_time.log ("name seed generations user system wall").
#   OUT=/work/results/arena5 bench/arena_border_memory.sh
# Environment: OUT (results/arena_border_memory), SEEDS ("1 2 3"), GENERATIONS (120),
# SNES_GENERATIONS (150; 0 skips step 2), JOBS (2 runs at a time), FIGURES (default OUT),
# EPISODES (200: the design's episodes and the held-out episodes per seed), SHIP (a folder: also write the
# shipped genome files there, bench/arena_design_heldout.py --ship; the repository's are examples/evolved).
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/arena_border_memory}
GENERATIONS=${GENERATIONS:-120}
SNES_GENERATIONS=${SNES_GENERATIONS:-150}
mkdir -p "$OUT"
L2L=$(realpath "$L2L")
export L2L OUT GENERATIONS

# 1. The design, and the search alone.
/usr/bin/python3 bench/arena_design.py --l2l "$L2L" --out "$OUT/design" --set memory=1,0 --episodes "${EPISODES:-200}" | tee "$OUT/design.csv"
start="$OUT/design_start.genome.h5"
[ -f "$start" ] || /usr/bin/python3 bench/arena_design.py --write-start "$start"
design="$OUT/design/design_memory1.genome.h5"

# 2. SNES over the weights, from the design.
if [ "$SNES_GENERATIONS" -gt 0 ]; then
  snes="$OUT/snes_s11.h5"
  resume=(); [ -f "$snes" ] && resume=(--resume)
  /usr/bin/time -f "snes 11 $SNES_GENERATIONS %U %S %e" -a -o "$OUT/cpu_time.log" nice -n 10 "$L2L" run \
    --config examples/arena_border_memory_snes.toml --initial_genome "$design" --seed 11 \
    --generations "$SNES_GENERATIONS" --quiet --output "$snes" "${resume[@]}"
  tasks=$(/usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["generations/outputs"].shape[2])' "$snes")
  for kind in mean design; do
    genes=(); [ "$kind" = design ] && genes=(--genes-from "$design")
    /usr/bin/python3 bench/arena_genome_file.py "$snes" "$OUT/snes_s11.$kind.genome.h5" --l2l "$L2L" "${genes[@]}"
    # The run's own goal angles first, then EPISODES held-out ones.
    "$L2L" replay --genome-file "$OUT/snes_s11.$kind.genome.h5" --episodes $(( tasks + ${EPISODES:-200} )) \
      > "$OUT/snes_s11.$kind.heldout.csv"
  done
  /usr/bin/python3 - "$OUT" "$tasks" <<'PY' | tee "$OUT/snes.csv"
import sys
sys.path.insert(0, "bench")
from arena_stats import episode_goals, mean_and_error, replay_summaries
print("genome,heldout_episodes,goals,se")
for kind in ("design", "mean"):
    with open(f"{sys.argv[1]}/snes_s11.{kind}.heldout.csv") as f:
        goals = [episode_goals(s) for s in replay_summaries(f.read())][int(sys.argv[2]):]
    mean, error = mean_and_error(goals)
    print(f"{kind},{len(goals)},{mean:.2f},{error:.2f}")
PY
fi

# 3. CMA-ES over the design's parameters, in pieces.
run_piece() {
  set -euo pipefail  # xargs runs this in a new bash: a failed run must fail the script
  seed=$1
  file="$OUT/arena_design_cmaes_s$seed.h5"
  resume=(); [ -f "$file" ] && resume=(--resume)
  /usr/bin/time -f "cmaes $seed $GENERATIONS %U %S %e" -a -o "$OUT/cpu_time.log" nice -n 10 "$L2L" run \
    --config examples/arena_design_cmaes.toml --initial_genome "$OUT/design_start.genome.h5" --seed "$seed" \
    --generations "$GENERATIONS" --quiet --output "$file" "${resume[@]}"
  echo "cmaes seed $seed: up to generation $GENERATIONS ($(grep "^cmaes $seed " "$OUT/cpu_time.log" | tail -1))"
}
export -f run_piece
printf '%s\n' ${SEEDS:-1 2 3} | xargs -P "${JOBS:-2}" -I{} bash -c 'run_piece {}'

# 4. Held-out episodes, paired tests, figures.
runs=()
for seed in ${SEEDS:-1 2 3}; do runs+=("$OUT/arena_design_cmaes_s$seed.h5"); done
/usr/bin/python3 bench/arena_design_heldout.py "${runs[@]}" --l2l "$L2L" --heldout "${EPISODES:-200}" \
  --figures "${FIGURES:-$OUT}" ${SHIP:+--ship "$SHIP"} | tee "$OUT/heldout.md"
