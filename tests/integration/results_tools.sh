#!/usr/bin/env bash
# l2l inspect --genome/--csv, l2l compare and tools/l2l-plot on short real runs:
# 15 generations of the Mountain Car SNN (2 seeds) and ES on the 5-D Rastrigin
# (optimizer summary series). Every value they print is checked against the
# HDF5 file read with h5py; `live` follows a run while it is written.
#   results_tools.sh L2L SOURCE_DIR plot|csv|genome|compare|live
set -euo pipefail
l2l=$1
source_dir=$2
scenario=$3
python=/usr/bin/python3
check="$python $source_dir/tests/integration/results_tools_check.py"
plot="$python $source_dir/tools/l2l-plot"
work=$(mktemp -d)
run=
trap 'if [ -n "$run" ]; then kill $run 2> /dev/null || true; fi; rm -rf "$work"' EXIT

mountaincar() {  # seed output [generations [more options]]
  local seed=$1 out=$2 generations=${3:-15}
  shift $(( $# < 3 ? $# : 3 ))
  "$l2l" run --config "$source_dir/examples/mountaincar_ga.toml" --generations "$generations" --seed "$seed" \
    --quiet --output "$out" "$@"
}
benchmark_es() {
  "$l2l" run --optimizer es --benchmark.function rastrigin --benchmark.dimension 5 --generations 20 \
    --population 16 --quiet --output "$1"
}
expect_exit2() {  # message-pattern command...
  local pattern=$1 status=0
  shift
  "$@" > "$work/out" 2> "$work/err" || status=$?
  [ $status -eq 2 ] && grep -q -- "$pattern" "$work/err" || {
    echo "FAIL: '$*' exited $status, expected 2 with '$pattern'"; cat "$work/err"; exit 1; }
}

case $scenario in
plot)
  mountaincar 1 "$work/mc1.h5"
  mountaincar 2 "$work/mc2.h5"
  benchmark_es "$work/es.h5"
  $plot "$work/mc1.h5" --size 900x700 --dpi 70 -o "$work/mc.png"
  $check png "$work/mc.png" 900x700
  $plot "$work/es.h5" --genes x0,3 -o "$work/es.png"
  $check png "$work/es.png" 1400x1280  # 6 panels in 3 rows (constant sigma and learning rate go to the title)
  $plot "$work/mc1.h5" "$work/mc2.h5" --band --size 1200x900 -o "$work/band.png"
  $check png "$work/band.png" 1200x900
  $plot "$work/mc1.h5" "$work/mc2.h5" --band --size 1200x900 --palette -o "$work/band256.png"
  $check png "$work/band256.png" 1200x900
  [ "$(stat -c %s "$work/band256.png")" -lt "$(stat -c %s "$work/band.png")" ]
  $plot "$work/mc1.h5" "$work/mc2.h5" --genes 'w.in_pos->hidden[0,0],1' -o "$work/two.png"
  $check png "$work/two.png" 2000x480  # 3 panels in a row: the 1-task outputs are the fitness
  expect_exit2 "not a gene" $plot "$work/es.h5" --genes x9 -o "$work/x.png"
  expect_exit2 "does not exist" $plot "$work/none.h5" -o "$work/x.png"
  $python -c "import h5py, sys; h5py.File(sys.argv[1], 'w').create_dataset('x', data=[1.0])" "$work/other.h5"
  expect_exit2 "not an l2l results file" $plot "$work/other.h5" -o "$work/x.png"
  expect_exit2 "needs at least 2 files" $plot "$work/es.h5" --band -o "$work/x.png"
  ;;
csv)
  mountaincar 1 "$work/mc.h5"
  benchmark_es "$work/es.h5"
  "$l2l" inspect "$work/mc.h5" --csv -o "$work/mc.csv"
  $check csv "$work/mc.h5" "$work/mc.csv"
  "$l2l" inspect "$work/es.h5" --csv > "$work/es.csv"
  $check csv "$work/es.h5" "$work/es.csv"
  expect_exit2 "refusing to overwrite" "$l2l" inspect "$work/mc.h5" --csv -o "$work/mc.csv"
  ;;
genome)
  mountaincar 1 "$work/mc.h5"
  benchmark_es "$work/es.h5"
  for run in mc es; do
    "$l2l" inspect "$work/$run.h5" --genome best > "$work/$run.genome"
    $check genome "$work/$run.h5" "$work/$run.genome"
    # A file without /best/gene_names: the names come from the stored config.
    cp "$work/$run.h5" "$work/$run.nonames.h5"
    $python -c "import h5py, sys; del h5py.File(sys.argv[1], 'a')['best/gene_names']" "$work/$run.nonames.h5"
    "$l2l" inspect "$work/$run.nonames.h5" --genome best | tail -n +3 > "$work/$run.nonames.genome"
    tail -n +3 "$work/$run.genome" | cmp - "$work/$run.nonames.genome"
  done
  "$l2l" inspect "$work/mc.h5" --genome 3:7 > "$work/3_7.genome"
  head -1 "$work/3_7.genome" | grep -q "generation 3, individual 7"
  expect_exit2 "out of range" "$l2l" inspect "$work/mc.h5" --genome 15:0
  expect_exit2 "allowed: best, or G:I" "$l2l" inspect "$work/mc.h5" --genome first
  ;;
compare)
  mountaincar 1 "$work/mc.h5"
  benchmark_es "$work/es.h5"
  # Targets that the runs reach part-way: the median of their best series.
  for run in mc es; do
    target=$($python -c "import h5py, numpy, sys
print(repr(float(numpy.median(h5py.File(sys.argv[1], 'r')['generations/best'][:]))))" "$work/$run.h5")
    "$l2l" compare "$work/mc.h5" "$work/es.h5" --csv --target "$target" > "$work/compare.csv"
    $check compare "$work/$run.h5" "$work/compare.csv" "$target"
  done
  # Default target: the run's target_fitness (0.5, the goal, for Mountain Car).
  "$l2l" compare "$work/mc.h5" --csv > "$work/default.csv"
  $check compare "$work/mc.h5" "$work/default.csv" 0.5
  "$l2l" compare "$work/mc.h5" "$work/es.h5" > "$work/table"
  grep -q "no target" "$work/table"
  expect_exit2 "does not exist" "$l2l" compare "$work/mc.h5" "$work/none.h5"
  ;;
live)
  # 400 generations (several seconds even on a fast machine), so that the plot's first image comes while the
  # run is going: with 60 a fast machine finished before the plot had started
  mountaincar 1 "$work/live.h5" 400 --target_fitness 10 &
  run=$!
  $python "$source_dir/tests/integration/results_tool.py" wait "$work/live.h5" 1 60
  $plot "$work/live.h5" --live 0.2 --size 800x600 -o "$work/live.png" > "$work/live.log"
  wait $run
  run=
  cat "$work/live.log"
  grep -q "(running)" "$work/live.log" || { echo "FAIL: no image drawn while the run was going"; exit 1; }
  tail -1 "$work/live.log" | grep -q "generation 399 (finished)" || { echo "FAIL: did not end with the run"; exit 1; }
  $check png "$work/live.png" 800x600
  ;;
*)
  echo "unknown scenario $scenario"; exit 2 ;;
esac
echo "results tools ($scenario): ok"
