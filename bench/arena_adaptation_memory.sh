#!/usr/bin/env bash
# Arena with memory, issue 16, fifth round (docs/meta_learning.md, section 2.10):
# the border-memory network with its memory held in adaptive thresholds
# (examples/networks/arena_adaptation_memory.toml) by design, tuned by the outer
# loop, beside its LIF twin at the same budget, judged on held-out goal angles.
#  1. The design (bench/arena_adaptation_design.py, hand-chosen parameters) on
#     EPISODES episodes, its LIF twin (adaptation=0) and the search alone
#     (memory=0); OUT/design.csv.
#  2. CMA-ES over the design's 18 parameters (examples/arena_adaptation_cmaes.toml)
#     and the same for the LIF twin (examples/arena_adaptation_lif_cmaes.toml),
#     SEEDS, GENERATIONS, both from the design; resumable: calling again with a
#     larger GENERATIONS extends every run.
#  3. Held-out: bench/arena_design_heldout.py --variant adaptation (EPISODES
#     episodes per seed from streams no evaluation used; design, last mean, best,
#     the tuned ALIF parameters with beta 0; the twin's; paired tests; figures
#     in FIGURES; SHIP: the genome files).
# Each run's CPU seconds go to OUT/cpu_time.log ("name seed generations user system wall").
#   OUT=/work/results/arena6 bench/arena_adaptation_memory.sh
#  4. With ALL_GENERATIONS > 0: CMA-ES over 28 numbers (the 18 and the ten the configs above keep at their
#     designed values) from random starts, ALIF and the LIF twin (examples/arena_adaptation_cmaes_all.toml,
#     arena_adaptation_lif_cmaes_all.toml), ALL_GENERATIONS each, and their held-out table (OUT/heldout_all.md);
#     SHIP: their genome files, <network>_all_cmaes_s<seed> and _all_lif_cmaes_s<seed>.genome.h5.
#  5. With WIRING_GENERATIONS > 0: CMA-ES over 40 numbers of the network whose memory chain's wiring is searched
#     (examples/networks/arena_adaptation_wiring.toml; section 2.11): step 4's numbers without the chain's weights,
#     and 19 signed numbers for them (examples/arena_wiring_cmaes.toml, arena_wiring_lif_cmaes.toml), ALIF and the
#     LIF twin, WIRING_GENERATIONS each, from random starts (OUT/heldout_wiring.md) and from the middle of the boxes
#     (every chain weight 0: no chain; OUT/heldout_wiring_center.md), and a wider search from random starts (48 per
#     generation, sigma0 0.3) for WIDE_GENERATIONS (default WIRING_GENERATIONS / 4: the same episodes;
#     OUT/heldout_wiring_wide.md, figures), and wider still (96 per generation, sigma0 0.3; section 2.12) for
#     WIDER_GENERATIONS (default WIRING_GENERATIONS / 8: the same episodes; OUT/heldout_wiring_wider.md, figures
#     arena_wiring_cmaes_wider_*, the paths of seed WIDER_PATH_SEED, default the first); SHIP: their genome files,
#     arena_adaptation_wiring{,_center,_wide,_wider}{,_lif}_cmaes_s<seed>.genome.h5, and the design in that
#     network. And OUT/box_sample.md: BOX_SAMPLES (400) uniform draws from the boxes of step 4 and of this step,
#     how many beat the memoryless search (bench/arena_box_sample.py).
# Environment: OUT (results/arena_adaptation_memory), SEEDS ("1 2 3"), GENERATIONS (120), ALL_GENERATIONS (0:
# skip step 4), WIRING_GENERATIONS (0: skip step 5), WIDE_GENERATIONS, WIDER_GENERATIONS, BOX_SAMPLES (400),
# JOBS (2 runs at a time), FIGURES (default OUT), EPISODES (200), SHIP (a folder for the genome files; the
# repository's are examples/evolved).
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/arena_adaptation_memory}
GENERATIONS=${GENERATIONS:-120}
mkdir -p "$OUT"
L2L=$(realpath "$L2L")
OUT=$(realpath "$OUT")
export L2L OUT GENERATIONS

# 1. The design, its LIF twin, and the search alone.
/usr/bin/python3 bench/arena_adaptation_design.py --l2l "$L2L" --out "$OUT/design" --set memory=1 \
  --set adaptation=1,0 --episodes "${EPISODES:-200}" | tee "$OUT/design.csv"
# (without memory, adaptation changes nothing: one row)
/usr/bin/python3 bench/arena_adaptation_design.py --l2l "$L2L" --out "$OUT/design" --set memory=0 \
  --set adaptation=1 --episodes "${EPISODES:-200}" | tail -n +2 | tee -a "$OUT/design.csv"
start="$OUT/design_start.genome.h5"
[ -f "$start" ] || /usr/bin/python3 bench/arena_adaptation_design.py --write-start "$start"

# 2. CMA-ES over the design's parameters, ALIF and the LIF twin, in pieces.
source bench/arena_run_piece.sh  # run_piece KIND SEED GENERATIONS [FILE]: one resumable CMA-ES run
export -f run_piece
for seed in ${SEEDS:-1 2 3}; do printf 'alif %s %s\nlif %s %s\n' "$seed" "$GENERATIONS" "$seed" "$GENERATIONS"; done |
  xargs -P "${JOBS:-2}" -L 1 bash -c 'run_piece "$0" "$1" "$2"'

# 3. Held-out episodes, paired tests, figures.
heldout() {  # OUTPUT KIND TWIN_KIND VARIANT [options of arena_design_heldout.py]: the table of both kinds' runs
  local output=$1 kind=$2 twin=$3 variant=$4 runs=()
  shift 4
  for seed in ${SEEDS:-1 2 3}; do runs+=("$OUT/${kind}_s$seed.h5"); done
  for seed in ${SEEDS:-1 2 3}; do runs+=("$OUT/${twin}_s$seed.h5"); done
  /usr/bin/python3 bench/arena_design_heldout.py "${runs[@]}" --variant "$variant" --l2l "$L2L" \
    --heldout "${EPISODES:-200}" "$@" | tee "$OUT/$output"
}
heldout heldout.md alif lif adaptation --figures "${FIGURES:-$OUT}" ${SHIP:+--ship "$SHIP"}

# 4. (ALL_GENERATIONS > 0) All 28 numbers from random starts, ALIF and the LIF twin
#    (examples/arena_adaptation_cmaes_all.toml, arena_adaptation_lif_cmaes_all.toml); held-out table, genome files.
if [ "${ALL_GENERATIONS:-0}" -gt 0 ]; then
  for seed in ${SEEDS:-1 2 3}; do printf 'all %s %s\nlif_all %s %s\n' "$seed" "$ALL_GENERATIONS" "$seed" "$ALL_GENERATIONS"; done |
    xargs -P "${JOBS:-2}" -L 1 bash -c 'run_piece "$0" "$1" "$2"'
  heldout heldout_all.md all lif_all adaptation ${SHIP:+--ship "$SHIP" --ship-label all}
fi

# 5. (WIRING_GENERATIONS > 0) The memory chain's wiring searched too, 40 numbers from random starts and from the
#    middle of the boxes, ALIF and the LIF twin (examples/arena_wiring_cmaes.toml, arena_wiring_lif_cmaes.toml);
#    held-out tables, figures, genome files.
if [ "${WIRING_GENERATIONS:-0}" -gt 0 ]; then
  center="$OUT/wiring_center_start.genome.h5"
  [ -f "$center" ] || /usr/bin/python3 bench/arena_wiring_design.py --write-start "$center" \
    --center examples/arena_wiring_cmaes.toml
  wide=${WIDE_GENERATIONS:-$((WIRING_GENERATIONS / 4))}
  wider=${WIDER_GENERATIONS:-$((WIRING_GENERATIONS / 8))}
  for seed in ${SEEDS:-1 2 3}; do
    for kind in wiring lif_wiring wiring_center lif_wiring_center; do echo "$kind $seed $WIRING_GENERATIONS"; done
    if [ "$wide" -gt 0 ]; then printf 'wiring_wide %s %s\nlif_wiring_wide %s %s\n' "$seed" "$wide" "$seed" "$wide"; fi
    if [ "$wider" -gt 0 ]; then printf 'wiring_wider %s %s\nlif_wiring_wider %s %s\n' "$seed" "$wider" "$seed" "$wider"; fi
  done | xargs -P "${JOBS:-2}" -L 1 bash -c 'run_piece "$0" "$1" "$2"'
  # How much of each box beats the memoryless search: BOX_SAMPLES uniform draws, 16 episodes each (made once).
  if [ ! -s "$OUT/box_sample.md" ]; then
    /usr/bin/python3 bench/arena_box_sample.py examples/arena_adaptation_cmaes_all.toml \
      examples/arena_adaptation_lif_cmaes_all.toml examples/arena_wiring_cmaes.toml examples/arena_wiring_lif_cmaes.toml \
      --samples "${BOX_SAMPLES:-400}" --l2l "$L2L" --out "$OUT/box_sample" > "$OUT/box_sample.md.tmp"
    mv "$OUT/box_sample.md.tmp" "$OUT/box_sample.md"
  fi
  cat "$OUT/box_sample.md"
  heldout heldout_wiring.md wiring lif_wiring wiring ${SHIP:+--ship "$SHIP"}
  heldout heldout_wiring_center.md wiring_center lif_wiring_center wiring ${SHIP:+--ship "$SHIP" --ship-label center}
  if [ "$wide" -gt 0 ]; then
    heldout heldout_wiring_wide.md wiring_wide lif_wiring_wide wiring --figures "${FIGURES:-$OUT}" \
      ${SHIP:+--ship "$SHIP" --ship-label wide}
  fi
  if [ "$wider" -gt 0 ]; then
    heldout heldout_wiring_wider.md wiring_wider lif_wiring_wider wiring --figures "${FIGURES:-$OUT}" \
      --figure-label wider ${WIDER_PATH_SEED:+--path-seed "$WIDER_PATH_SEED"} ${SHIP:+--ship "$SHIP" --ship-label wider}
  fi
fi
