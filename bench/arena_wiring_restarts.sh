#!/usr/bin/env bash
# Arena with memory, issue 16, eighth round (docs/meta_learning.md, section 2.13): restarts of the wider wiring
# search. 2.11's search (CMA-ES at 48 per generation, sigma0 0.3, over the 40 numbers of
# examples/arena_wiring_cmaes.toml from random starts) found a memory in some runs and not in others; here each
# training seed spends its budget on several independent starts and continues the one its training episodes favour.
# For each training seed g of SEEDS (positive) and each kind (wiring_wide: ALIF; lif_wiring_wide: the LIF twin):
#  1. RESTARTS runs from random starts, run seeds g, g + m, g + 2m, ... (m the largest of SEEDS, so that no run
#     seed repeats; SEEDS "1 2 3", RESTARTS 3: runs 1-9, runs 1-3 are 2.11's), RESTART_GENERATIONS (60) each:
#     OUT/<kind>_s<run seed>.h5;
#  2. keeps the run whose last SELECT_LAST (10) generations scored best on their training episodes
#     (bench/arena_restart_select.py; held-out episodes are not looked at) and resumes a copy of it,
#     OUT/<kind>_restart_s<g>.h5, to CONTINUE_GENERATIONS (default 2 x RESTART_GENERATIONS): per training seed
#     (RESTARTS x RESTART_GENERATIONS + CONTINUE_GENERATIONS - RESTART_GENERATIONS) x 48 x 32 episodes
#     (368 640 at the defaults, 2.12's seed 2 at 120 generations);
#  3. judges the continued runs on EPISODES (200) held-out episodes of stream 1000 + g (the held-out episodes of
#     2.11 and 2.12's seed g; bench/arena_design_heldout.py --variant wiring): OUT/heldout_restarts.md, the path
#     figure and the restarts' learning curves (arena_wiring_cmaes_restart_{paths,curves}.png in FIGURES, default
#     OUT; with KINDS lif_wiring_wide alone, restart_lif) and SHIP: the genome files
#     arena_adaptation_wiring_restart{,_lif}_cmaes_s<g> ("restart" names three restarts; RESTARTS 5 names them restart5, 10 restart10).
# Resumable: calling it again with the same settings skips what is done; a larger CONTINUE_GENERATIONS extends the
# continued runs; a larger RESTARTS runs the new restarts and chooses again among all (OUT/choices.txt records each
# choice and among how many; a choice stays while RESTARTS does not grow).
# Each run's CPU seconds go to OUT/cpu_time.log ("kind seed generations user system wall").
#   OUT=/work/results/restarts bench/arena_wiring_restarts.sh
# Environment: OUT (results/arena_wiring_restarts), SEEDS, RESTARTS, RESTART_GENERATIONS, CONTINUE_GENERATIONS,
# SELECT_LAST, KINDS ("wiring_wide lif_wiring_wide": one of them runs only that kind's steps), JOBS (2 runs at a
# time), EPISODES, FIGURES, SHIP, WIDE_POPULATION (48, the runs' population: the tests' tiny budget takes 8).
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/arena_wiring_restarts}
read -r -a seeds <<< "${SEEDS:-1 2 3}"
stride=0
for g in "${seeds[@]}"; do
  [[ $g =~ ^[1-9][0-9]*$ ]] || { echo "arena_wiring_restarts.sh: SEEDS '${SEEDS:-}': '$g' is not a positive integer" >&2; exit 2; }
  [ "$g" -gt "$stride" ] && stride=$g
done
restarts=${RESTARTS:-3}
generations=${RESTART_GENERATIONS:-60}
continued=${CONTINUE_GENERATIONS:-$((2 * generations))}
if [ "$continued" -lt "$generations" ]; then
  echo "arena_wiring_restarts.sh: CONTINUE_GENERATIONS $continued is below RESTART_GENERATIONS $generations" >&2
  exit 2
fi
mkdir -p "$OUT"
L2L=$(realpath "$L2L")
OUT=$(realpath "$OUT")
export L2L OUT WIDE_POPULATION  # (run_piece defaults it to 48)
source bench/arena_run_piece.sh
export -f run_piece
read -r -a kinds <<< "${KINDS:-wiring_wide lif_wiring_wide}"
restart_seeds() {  # the run seeds of training seed $1
  local r
  for ((r = 0; r < restarts; r++)); do echo $(($1 + r * stride)); done
}

# 1. The restarts (runs already at RESTART_GENERATIONS return at once).
for kind in "${kinds[@]}"; do
  for g in "${seeds[@]}"; do
    for run in $(restart_seeds "$g"); do echo "$kind $run $generations"; done
  done
done | xargs -r -P "${JOBS:-2}" -L 1 bash -c 'run_piece "$0" "$1" "$2"'

run_of() {  # the run seed of a file name KIND_sRUN.h5, or of a line of OUT/choices.txt that names one
  sed -n 's/^.*_s\([0-9]*\)\.h5\( .*\)\{0,1\}$/\1/p' <<< "$1"
}
# 2. Each training seed's choice, continued in a copy. A choice is recorded in OUT/choices.txt with the number of
# restarts it was made among, and stays while RESTARTS does not grow; with more restarts it is made again, and a
# continued run that is no longer the choice is kept as OUT/<kind>_restart_s<g>_from_s<its run seed>.h5.
for kind in "${kinds[@]}"; do
  for g in "${seeds[@]}"; do
    continued_file="$OUT/${kind}_restart_s$g.h5"
    record=$(grep "^$kind training seed $g: " "$OUT/choices.txt" 2>/dev/null | tail -1 || true)
    among=$(sed -n 's/.* (best of \([0-9]*\) restarts)$/\1/p' <<< "$record")
    if [ ! -f "$continued_file" ] || [ "${among:-0}" -lt "$restarts" ]; then
      candidates=(); for run in $(restart_seeds "$g"); do candidates+=("$OUT/${kind}_s$run.h5"); done
      chosen=$(/usr/bin/python3 bench/arena_restart_select.py "${candidates[@]}" --last "${SELECT_LAST:-10}" --table)
      if [ -f "$continued_file" ] && [ "$(run_of "$record")" != "$(run_of "$chosen")" ]; then
        kept="$OUT/${kind}_restart_s${g}_from_s$(run_of "$record").h5"
        for suffix in "" .ckpt; do mv "$continued_file$suffix" "$kept$suffix"; done
        echo "$kind training seed $g: the continued run of the earlier choice is kept as $(basename "$kept")" >&2
      fi
      if [ ! -f "$continued_file" ]; then
        cp "$chosen" "$continued_file.tmp" && cp "$chosen.ckpt" "$continued_file.ckpt"
        mv "$continued_file.tmp" "$continued_file"
      fi
      echo "$kind training seed $g: $(basename "$chosen") (best of $restarts restarts)" | tee -a "$OUT/choices.txt" >&2
    fi
    run=$(run_of "$(grep "^$kind training seed $g: " "$OUT/choices.txt" | tail -1)")
    echo "$kind $run $continued $continued_file"
  done
done | xargs -r -P "${JOBS:-2}" -L 1 bash -c 'run_piece "$0" "$1" "$2" "$3"'

# 3. Held-out episodes of stream 1000 + g, paired tests, the path figure, genome files. Three restarts (2.13) name
# the figures and genome files "restart", another number R "restartR" (2.14: restart5, 2.16: restart10).
label=restart; [ "$restarts" -eq 3 ] || label=restart$restarts
# figures of the twin's runs alone carry "_lif" (the figure names come from the ALIF config's name)
figure_label=$label; [[ " ${kinds[*]} " == *" wiring_wide "* ]] || figure_label=${label}_lif
runs=()
for kind in "${kinds[@]}"; do for g in "${seeds[@]}"; do runs+=("$OUT/${kind}_restart_s$g.h5"); done; done
/usr/bin/python3 bench/arena_design_heldout.py "${runs[@]}" --variant wiring --l2l "$L2L" \
  --heldout "${EPISODES:-200}" --figures "${FIGURES:-$OUT}" --figure-label "$figure_label" \
  ${SHIP:+--ship "$SHIP" --ship-label "$label"} | tee "$OUT/heldout_restarts.md"
/usr/bin/python3 bench/arena_restart_curves.py "$OUT" --output "${FIGURES:-$OUT}/arena_wiring_cmaes_${figure_label}_curves.png"
