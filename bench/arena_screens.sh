#!/usr/bin/env bash
# Short screening runs for the arena (issue 16, docs/meta_learning.md section 2.3):
# what keeps the evolved network below even the memoryless border search? Each
# screen is one `l2l run` of a config in examples/ with overrides, stopped at an
# equal budget of EPISODES training episodes (generations = EPISODES / episodes
# per generation), then its best genome and (es, openai_es) the mean of its last
# generation replayed on HELDOUT goal angles no generation saw. Prints one line
# per screen: name, generations, episodes, CPU s, last-generation mean fitness,
# best ever, held-out goals per episode of the best and of the mean.
#   OUT=/work/results/arena2/screen bench/arena_screens.sh            (every screen)
#   SCREENS="es16 oes64" OUT=... bench/arena_screens.sh                (some)
# The w_ screens (third round, section 2.7) start from the mean of generation 229
# (60 000 episodes) of the screen oes64t4sh, made by bench/arena_warm_start.sh:
#   bench/arena_warm_start.sh OUT/oes64t4sh.h5 229:0 arena_lsnn_oes OUT/warm_oes64t4sh_g229.genome.h5
#   bench/arena_warm_start.sh OUT/oes64t4sh.h5 229:0 arena_lsnn_direct_oes OUT/warm_d_oes64t4sh_g229.genome.h5
# (@OUT@ in an override is OUT).
# Environment: OUT, EPISODES (30000), SEED (11: not a seed of the final runs),
# HELDOUT (200), JOBS (2), NICE (10), L2L.
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-results/arena_screen}
mkdir -p "$OUT"

# name | config | individuals evaluated per generation | goal angles per evaluation | overrides
# (EXTRA_SCREENS: more lines of the same form)
SCREEN_TABLE=$(cat <<'EOF'
es16       | arena_lsnn | 17  | 16 | --optimizer es --population 16
es16t4     | arena_lsnn | 17  | 4  | --optimizer es --population 16 --snn.tasks 4
es16t64    | arena_lsnn | 17  | 64 | --optimizer es --population 16 --snn.tasks 64
oes64t4    | arena_lsnn | 65  | 4  | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 4
oes256t4   | arena_lsnn | 257 | 4  | --optimizer openai_es --population 256 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 4
oes64t16   | arena_lsnn | 65  | 16 | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02
snes30t8   | arena_lsnn | 30  | 8  | --optimizer snes --population 30 --snes.mirrored --snn.tasks 8
sepcma30t8 | arena_lsnn | 30  | 8  | --optimizer sepcma --population 30 --snn.tasks 8
es16sh     | arena_lsnn | 17  | 16 | --optimizer es --population 16 --arena.shaping 0.5
oes64t4sh  | arena_lsnn | 65  | 4  | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 4 --arena.shaping 0.5
oes256t8sh | arena_lsnn | 257 | 8  | --optimizer openai_es --population 256 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 8 --arena.shaping 0.5
snes64t8sh | arena_lsnn | 64  | 8  | --optimizer snes --population 64 --snes.mirrored --snes.sigma0 0.025 --snn.tasks 8 --arena.shaping 0.5
sepcma64t8sh | arena_lsnn | 64 | 8  | --optimizer sepcma --population 64 --sepcma.sigma0 0.025 --snn.tasks 8 --arena.shaping 0.5
d_oes64t4sh  | arena_lsnn_direct_oes | 65  | 4 | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 4 --arena.shaping 0.5
d_oes256t8sh | arena_lsnn_direct_oes | 257 | 8 | --optimizer openai_es --population 256 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --snn.tasks 8 --arena.shaping 0.5
d_oes64t4lr05 | arena_lsnn_direct_oes | 65 | 4 | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.05 --snn.tasks 4 --arena.shaping 0.5
d_oes64t4wd | arena_lsnn_direct_oes | 65 | 4 | --optimizer openai_es --population 64 --openai_es.sigma 0.05 --openai_es.learning_rate 0.02 --openai_es.weight_decay 0.005 --snn.tasks 4 --arena.shaping 0.5
w_oes64t4sh | arena_lsnn_oes | 65 | 4 | --openai_es.learning_rate 0.02 --initial_genome @OUT@/warm_oes64t4sh_g229.genome.h5
w_d_oes64t4sh | arena_lsnn_direct_oes | 65 | 4 | --openai_es.learning_rate 0.02 --initial_genome @OUT@/warm_d_oes64t4sh_g229.genome.h5
EOF
)
[ -n "${EXTRA_SCREENS:-}" ] && SCREEN_TABLE+=$'\n'"$EXTRA_SCREENS"

screen() {
  IFS='|' read -r name config individuals tasks overrides <<< "$1"
  name=$(tr -d " " <<< "$name"); config=$(tr -d " " <<< "$config")
  overrides=${overrides//@OUT@/$OUT}
  generations=$(( ${EPISODES:-30000} / (individuals * tasks) ))
  [ "$generations" -ge 1 ] || { echo "$name: EPISODES=${EPISODES:-30000} is less than one generation ($((individuals * tasks)) episodes)" >&2; exit 2; }
  file="$OUT/$name.h5"
  resume=()
  [ -f "$file" ] && resume=(--resume)
  # shellcheck disable=SC2086
  /usr/bin/time -f "$name $generations %U %S %e" -a -o "$OUT/cpu_time.log" \
    nice -n "${NICE:-10}" "$L2L" run --config "examples/$config.toml" --seed "${SEED:-11}" \
    --generations "$generations" --noise_table_size 4000000 --record.policy best_and_state \
    --quiet --output "$file" "${resume[@]}" $overrides
  heldout=$(( tasks + ${HELDOUT:-200} ))
  nice -n "${NICE:-10}" "$L2L" replay "$file" --episodes "$heldout" > "$OUT/$name.best.csv"
  case "$overrides $config" in
    *"--optimizer es "*|*openai_es*|*_oes)
      nice -n "${NICE:-10}" "$L2L" replay "$file" --genome "$(( generations - 1 )):0" --episodes "$heldout" > "$OUT/$name.mean.csv" ;;
  esac
  /usr/bin/python3 bench/arena_screen_line.py "$OUT" "$name" "$individuals" "$tasks" | tee -a "$OUT/screens.txt"
}
export -f screen
export L2L OUT
echo "$SCREEN_TABLE" | while read -r line; do
  name=$(awk -F"|" "{print \$1}" <<< "$line" | tr -d " ")
  if [ -z "${SCREENS:-}" ] || [[ " $SCREENS " == *" $name "* ]]; then echo "$line"; fi
done | xargs -P "${JOBS:-2}" -d '\n' -I{} bash -c 'screen "{}"'
