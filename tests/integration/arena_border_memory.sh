#!/usr/bin/env bash
# Issue 16's arena result (docs/meta_learning.md, section 2.9).
#   memory:   the shipped border-memory network, tuned by CMA-ES
#             (examples/evolved/arena_border_memory_cmaes_s1.genome.h5), remembers
#             the goal on 100 of its held-out episodes: at least 5 goals per
#             episode (halfway between the memoryless and the remembering border
#             search is 5.35; it scores 6.31 on 200) and later paths at most 0.6
#             of the first; with its memory cut (every mem unit's
#             self-excitation at 0) it is the search alone: at most 3.5 goals and
#             later paths at least 0.8 of the first.
#   pipeline: bench/arena_border_memory.sh end to end at a tiny budget (seed 1,
#             CMA-ES 2 generations, then resumed to 3; SNES 1 generation;
#             8 episodes): the pieced CMA-ES run equals a fresh 3-generation run
#             bit for bit, its tables, figures and genome files are written, and
#             the shipped file replays the held-out episodes of its table row.
#   arena_border_memory.sh L2L SOURCE_DIR memory|pipeline
set -euo pipefail
l2l=$1
source_dir=$2
scenario=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stats() {  # goals per episode and later / first path of a replay CSV
  /usr/bin/python3 - "$1" "$source_dir/bench" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from arena_stats import episode_goals, first_vs_later, mean_and_error, replay_summaries
with open(sys.argv[1]) as f:
    summaries = replay_summaries(f.read())
goals, _ = mean_and_error([episode_goals(s) for s in summaries])
print(f"{goals:.3f} {first_vs_later(summaries)['ratio']:.3f}")
PY
}
check() {  # label value op bound
  /usr/bin/python3 -c "import sys; v, b = float(sys.argv[2]), float(sys.argv[4]); ok = v >= b if sys.argv[3] == 'ge' else v <= b; print(('ok  ' if ok else 'FAIL ') + sys.argv[1] + f': {v} ' + ('>=' if sys.argv[3] == 'ge' else '<=') + f' {b}'); sys.exit(0 if ok else 1)" "$@"
}

case $scenario in
  memory)
    genome="$source_dir/examples/evolved/arena_border_memory_cmaes_s1.genome.h5"
    "$l2l" replay --genome-file "$genome" --episodes 100 > "$work/tuned.csv"
    read -r goals ratio <<< "$(stats "$work/tuned.csv")"
    check "tuned: goals per episode" "$goals" ge 5.0
    check "tuned: later / first path" "$ratio" le 0.6
    /usr/bin/python3 - "$genome" "$work/cut.genome.h5" <<'PY'
import re, shutil, sys
import h5py
shutil.copyfile(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    names = [n.decode() for n in f["gene_names"][:]]
    genes = f["genome"][:]
    cut = 0
    for i, name in enumerate(names):
        m = re.fullmatch(r"w\.mem->mem\[(\d+),(\d+)\]", name)
        if m and m.group(1) == m.group(2):
            genes[i] = 0.0
            cut += 1
    assert cut == 32, cut
    f["genome"][...] = genes
PY
    "$l2l" replay --genome-file "$work/cut.genome.h5" --episodes 100 > "$work/cut.csv"
    read -r goals ratio <<< "$(stats "$work/cut.csv")"
    check "memory cut: goals per episode" "$goals" le 3.5
    check "memory cut: later / first path" "$ratio" ge 0.8
    ;;
  pipeline)
    export L2L=$l2l OUT=$work/out SEEDS=1 JOBS=1 EPISODES=8 SNES_GENERATIONS=1 FIGURES=$work/figures SHIP=$work/ship
    GENERATIONS=2 bash "$source_dir/bench/arena_border_memory.sh" > /dev/null
    GENERATIONS=3 bash "$source_dir/bench/arena_border_memory.sh" > "$work/log"
    "$l2l" run --config "$source_dir/examples/arena_design_cmaes.toml" --initial_genome "$OUT/design_start.genome.h5" \
      --seed 1 --generations 3 --quiet --output "$work/fresh.h5"
    /usr/bin/python3 "$source_dir/tests/integration/results_tool.py" compare "$work/fresh.h5" "$OUT/arena_design_cmaes_s1.h5"
    pieces=$(grep -c "^cmaes 1 [23] " "$OUT/cpu_time.log")
    [ "$pieces" -eq 2 ] || { echo "FAIL: $pieces CMA-ES pieces in cpu_time.log, expected 2"; exit 1; }
    for row in "| design | 1 | 0 |" "| mean | 1 | 3 |" "| best | 1 | 3 |" "| mean, memory cut (w_hold 0) | 1 | 3 |" \
               "- mean - design, paired over the same held-out episodes:"; do
      grep -qF -- "$row" "$OUT/heldout.md" || { echo "FAIL: no row '$row' in heldout.md"; cat "$OUT/heldout.md"; exit 1; }
    done
    grep -q '^1,8,' "$OUT/design.csv" && grep -q '^0,8,' "$OUT/design.csv" ||
      { echo "FAIL: design.csv lacks the design or the search alone"; cat "$OUT/design.csv"; exit 1; }
    grep -q '^mean,8,' "$OUT/snes.csv" || { echo "FAIL: snes.csv"; cat "$OUT/snes.csv"; exit 1; }
    for f in "$work/figures/arena_design_cmaes_learning_curve.png" "$work/figures/arena_design_cmaes_paths.png" \
             "$work/ship/arena_border_memory_design.genome.h5" "$work/ship/arena_border_memory_cmaes_s1.genome.h5"; do
      [ -s "$f" ] || { echo "FAIL: $f missing"; exit 1; }
    done
    # A shipped file replays the held-out episodes of its table row.
    "$l2l" replay --genome-file "$work/ship/arena_border_memory_cmaes_s1.genome.h5" --episodes 8 > "$work/ship.csv"
    read -r goals _ <<< "$(stats "$work/ship.csv")"
    row=$(grep -F "| mean | 1 | 3 |" "$OUT/heldout.md" | awk -F'|' '{print $5}' | awk '{print $1}')
    /usr/bin/python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.0051)' "$goals" "$row" ||
      { echo "FAIL: the shipped genome scores $goals on its 8 held-out episodes, the table's row $row"; exit 1; }
    echo "pipeline: pieced CMA-ES = fresh; tables, figures and genome files written; the shipped file replays its row"
    ;;
  *) echo "unknown scenario $scenario (memory, pipeline)"; exit 2 ;;
esac
