#!/usr/bin/env bash
# bench/meta_learning_experiments.sh end to end at a tiny budget (2 generations,
# one seed of each experiment): every run finishes and leaves no .part files,
# every replay of a stored genome reproduces its recorded fitness (replay exits 1
# otherwise), the held-out CSVs have their episode counts, and the report prints
# the rows of docs/meta_learning.md's tables and writes its figures.
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
L2L=$l2l OUT=$work SEEDS=1 CARTPOLE_SEEDS=1 TMAZE_GENERATIONS=2 ARENA_GENERATIONS=2 CARTPOLE_GENERATIONS=2 \
  bash "$source_dir/bench/meta_learning_experiments.sh" > "$work/report.md"
leftovers=$(find "$work" -name '*.part*')
[ -z "$leftovers" ] || { echo "left behind: $leftovers"; exit 1; }
episode_rows() { grep -v -e '^#' -e '^episode,' "$1"; }
check_episodes() {
  local n
  n=$(episode_rows "$1" | wc -l)
  [ "$n" -eq "$2" ] || { echo "$1: $n episodes, expected $2"; exit 1; }
}
for e in tmaze_fixed tmaze_ndp_oja; do
  check_episodes "$work/${e}_s1.heldout.csv" 22
  grep -q "identical" "$work/${e}_s1.heldout.csv"
done
for e in arena_alif arena_lif; do
  for csv in "$work/${e}_s1.heldout.csv" "$work/${e}_s1.mean.heldout.csv"; do
    check_episodes "$csv" 24
    grep -q "identical" "$csv"
  done
done
for e in cartpole_meta_alif cartpole_meta_lif; do
  for tag in "" ".mean"; do
    for range in 0.25_1.0 1.2_1.5 1.5_2.0 0.1_0.2; do check_episodes "$work/${e}_s1$tag.length_$range.csv" 20; done
  done
done
for row in "| (a) fixed weights | 1 | 2688 |" "| (b) NDP-Oja | 1 | 9478 |" "| ALIF | 1 |" "| LIF (beta 0) | 1 |" \
           "| ALIF | 1 | best ever |" "| LIF (beta 0) | 1 | ES mean, last generation |" "path length by goal index"; do
  grep -qF -- "$row" "$work/report.md" || { echo "report lacks: $row"; cat "$work/report.md"; exit 1; }
done
# The CartPole cell is the mean objective of its CSV, rounded.
expected=$(episode_rows "$work/cartpole_meta_alif_s1.length_0.25_1.0.csv" | awk -F, '{s += $3; n++} END {printf "%.0f", s / n}')
grep -qF "| ALIF | 1 | best ever | $expected |" "$work/report.md" || { echo "CartPole cell is not $expected"; exit 1; }
for png in tmaze_best tmaze_mean arena_goals arena_path_lengths cartpole_meta; do
  head -c 8 "$work/$png.png" | cmp -s - <(printf '\x89PNG\r\n\x1a\n') || { echo "$png.png is not a PNG"; exit 1; }
done
echo "meta-learning pipeline: ok"
