#!/usr/bin/env bash
# CPU time (user + sys) of whole serial runs: the main job to its goal and to
# 400 generations, 40 generations of the main job, and one generation of 24
# T-maze evaluations (examples/tmaze_ndp_oja.toml). With a second binary, the
# two alternate run by run (A B A B ...) and the medians and the median of the
# per-pair ratios A/B are printed; results are checked identical (h5diff).
#   bench/evaluation_cost.sh [ROUNDS] [L2L_A] [L2L_B]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds=${1:-5}
a=${2:-$root/build/release/optimizer/l2l}
b=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu() {  # cpu OUTPUT BINARY ARGS...: prints user + sys seconds
  local out=$1 bin=$2
  shift 2
  /usr/bin/time -f "%U %S" -o "$work/time" "$bin" run --quiet --farm.mode serial --force --output "$out" "$@" >/dev/null
  awk '{ printf "%.3f\n", $1 + $2 }' "$work/time"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
case_run() {  # case_run NAME ARGS...
  local name=$1
  shift
  : > "$work/a" && : > "$work/b" && : > "$work/r"
  for _ in $(seq "$rounds"); do
    ta=$(cpu "$work/a.h5" "$a" "$@") && echo "$ta" >> "$work/a"
    if [ -n "$b" ]; then
      tb=$(cpu "$work/b.h5" "$b" "$@") && echo "$tb" >> "$work/b"
      awk -v x="$ta" -v y="$tb" 'BEGIN { printf "%.3f\n", x / y }' >> "$work/r"
    fi
  done
  if [ -n "$b" ]; then
    same=$(h5diff -r --exclude-path /generations/eval_time --exclude-path /generations/wall_time --exclude-attribute / "$work/a.h5" "$work/b.h5" >/dev/null && echo identical || echo DIFFERENT)
    printf "%-34s A %7.3f s  B %7.3f s  A/B %.3f (pairs %s)  results %s\n" "$name" "$(median < "$work/a")" \
      "$(median < "$work/b")" "$(median < "$work/r")" "$(sort -g "$work/r" | paste -sd' ')" "$same"
  else
    printf "%-34s %7.3f s (median of %s; min %s)\n" "$name" "$(median < "$work/a")" "$rounds" "$(sort -g "$work/a" | head -1)"
  fi
}
echo "CPU seconds (user + sys) of the whole process, median of $rounds"
case_run "main job to its goal" --config "$root/examples/mountaincar_ga.toml"
case_run "main job, 400 generations" --config "$root/examples/mountaincar_ga.toml" --target_fitness 10
case_run "main job, 40 generations" --config "$root/examples/mountaincar_ga.toml" --generations 40
case_run "T-maze, 1 generation of 24" --config "$root/examples/tmaze_ndp_oja.toml" --generations 1 --population 24
