# run_piece KIND SEED GENERATIONS [FILE]: one piece of an arena CMA-ES run of the issue 16 rounds (sourced by
# bench/arena_adaptation_memory.sh and bench/arena_wiring_restarts.sh). KIND names a config and its options;
# the results go to FILE (default OUT/KIND_sSEED.h5) and the run resumes when FILE exists (its .ckpt beside it),
# up to GENERATIONS. Needs L2L and OUT exported (and WIDE_POPULATION, if set); appends "KIND SEED GENERATIONS user system wall" to
# OUT/cpu_time.log.
run_piece() {
  set -euo pipefail  # xargs runs this in a new bash: a failed run must fail the script
  local kind=$1 seed=$2 generations=$3 file=${4:-} config start
  start=(--initial_genome "$OUT/design_start.genome.h5")
  case $kind in
    alif) config=examples/arena_adaptation_cmaes.toml ;;
    lif) config=examples/arena_adaptation_lif_cmaes.toml ;;
    all) config=examples/arena_adaptation_cmaes_all.toml start=() ;;
    lif_all) config=examples/arena_adaptation_lif_cmaes_all.toml start=() ;;
    wiring) config=examples/arena_wiring_cmaes.toml start=() ;;
    lif_wiring) config=examples/arena_wiring_lif_cmaes.toml start=() ;;
    wiring_center) config=examples/arena_wiring_cmaes.toml start=(--initial_genome "$OUT/wiring_center_start.genome.h5") ;;
    lif_wiring_center) config=examples/arena_wiring_lif_cmaes.toml
      start=(--initial_genome "$OUT/wiring_center_start.genome.h5") ;;
    # a wider search: 48 per generation (WIDE_POPULATION; the tests' tiny budget takes fewer), twice the first step
    # (a quarter of the generations: the same episodes)
    wiring_wide) config=examples/arena_wiring_cmaes.toml start=(--cmaes.population "${WIDE_POPULATION:-48}" --cmaes.sigma0 0.3) ;;
    lif_wiring_wide) config=examples/arena_wiring_lif_cmaes.toml
      start=(--cmaes.population "${WIDE_POPULATION:-48}" --cmaes.sigma0 0.3) ;;
    # wider still: 96 per generation (an eighth of the generations: the same episodes)
    wiring_wider) config=examples/arena_wiring_cmaes.toml start=(--cmaes.population 96 --cmaes.sigma0 0.3) ;;
    lif_wiring_wider) config=examples/arena_wiring_lif_cmaes.toml start=(--cmaes.population 96 --cmaes.sigma0 0.3) ;;
    *) echo "run_piece: unknown kind '$kind'" >&2; return 2 ;;
  esac
  [ -n "$file" ] || file="$OUT/${kind}_s$seed.h5"
  local resume=(); [ -f "$file" ] && resume=(--resume)
  /usr/bin/time -f "$kind $seed $generations %U %S %e" -a -o "$OUT/cpu_time.log" nice -n 10 "$L2L" run \
    --config "$config" "${start[@]}" --seed "$seed" --generations "$generations" --quiet --output "$file" "${resume[@]}"
  echo "$kind seed $seed: up to generation $generations in $(basename "$file") ($(grep "^$kind $seed " "$OUT/cpu_time.log" | tail -1))"
}
