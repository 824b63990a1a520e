#!/usr/bin/env bash
# bench/arena_experiments.sh end to end at a tiny budget (one seed of each
# network, 1 generation and then a second piece to 2): the pieced run equals a
# fresh 2-generation run bit for bit, every piece's CPU time is logged, every
# replay of a stored genome reproduces its recorded fitness (replay exits 1
# otherwise), the held-out CSVs have their episode counts, and the report prints
# the rows of docs/meta_learning.md's tables and writes its figures.
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export L2L=$l2l OUT=$work SEEDS=1 JOBS=1 NICE=0 HELDOUT=4
GENERATIONS=1 REPORT=0 bash "$source_dir/bench/arena_experiments.sh" > /dev/null
GENERATIONS=2 FIGURES=$work/figures bash "$source_dir/bench/arena_experiments.sh" > "$work/report.md"
"$l2l" run --config "$source_dir/examples/arena_lsnn.toml" --seed 1 --generations 2 --quiet --output "$work/fresh.h5"
/usr/bin/python3 "$source_dir/tests/integration/results_tool.py" compare "$work/fresh.h5" "$work/arena_lsnn_s1.h5"
for network in arena_lsnn arena_lsnn_lif; do
  pieces=$(grep -c "^$network 1 [12] " "$work/cpu_time.log")
  [ "$pieces" -eq 2 ] || { echo "$network: $pieces pieces in cpu_time.log, expected 2"; cat "$work/cpu_time.log"; exit 1; }
  for csv in "$work/${network}_s1.best.heldout.csv" "$work/${network}_s1.mean.heldout.csv"; do
    n=$(grep -v -e '^#' -e '^episode,' "$csv" | wc -l)
    [ "$n" -eq 20 ] || { echo "$csv: $n episodes, expected 16 + 4"; exit 1; }
    grep -q "identical" "$csv"
  done
  [ -f "$work/${network}_s1.paths.h5" ] || { echo "no path recording for $network"; exit 1; }
done
for row in "| border search, remembers the goal (\`heuristic\`) | 7.47 +- 0.15 |" \
           "| border search, forgets the goal (\`memoryless\`) | 3.22 +- 0.08 |" \
           "| ALIF (30 adaptive of 100) | 1 | 5608 | 2 | 544 |" "| LIF twin (beta 0) | 1 | 5608 | 2 | 544 |" \
           "| ALIF (30 adaptive of 100) | 1 | best ever |" "| LIF twin (beta 0) | 1 | ES mean, last generation |" \
           "training episodes"; do
  grep -qF -- "$row" "$work/report.md" || { echo "report lacks: $row"; cat "$work/report.md"; exit 1; }
done
for png in arena_lsnn_learning_curve arena_lsnn_paths; do
  head -c 8 "$work/figures/$png.png" | cmp -s - <(printf '\x89PNG\r\n\x1a\n') || { echo "$png.png is not a PNG"; exit 1; }
done
# The second round's configs (OpenAI-ES on the noise table, arena.shaping): one
# generation each, reported under their own names and figure prefix; the replays
# of the best and of the mean (`--genome 0:0`, rebuilt from the recorded state)
# reproduce their recorded fitness.
mkdir -p "$work/oes"
NETWORKS="arena_lsnn_oes arena_lsnn_lif_oes" PREFIX=oes OUT=$work/oes GENERATIONS=1 FIGURES=$work/oes \
  bash "$source_dir/bench/arena_experiments.sh" > "$work/oes/report.md"
for row in "| ALIF (30 adaptive of 100) | 1 | 5608 | 1 | 260 |" "| LIF twin (beta 0) | 1 | 5608 | 1 | 260 |"; do
  grep -qF -- "$row" "$work/oes/report.md" || { echo "report lacks: $row"; cat "$work/oes/report.md"; exit 1; }
done
for csv in "$work"/oes/*.heldout.csv; do grep -q "identical" "$csv" || { echo "$csv: not identical"; exit 1; }; done
[ -f "$work/oes/oes_learning_curve.png" ] && [ -f "$work/oes/oes_paths.png" ] || { echo "no oes_* figures"; exit 1; }
echo "arena pipeline: ok"
