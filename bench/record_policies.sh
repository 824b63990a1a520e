#!/usr/bin/env bash
# The "Must show" table of issue 20 (README.md, "Output layout"): experiment x
# record.policy -> MB per 100 generations, rank-0 write time per generation, and
# `l2l replay` of a stored and of a rebuilt individual against the recorded fitness.
#
#   bench/record_policies.sh [L2L] [OUT_FOLDER]      (default build/release/optimizer/l2l, /tmp/l2l_record_bench)
#
# Short runs (GENERATIONS, default 10 = record.every, so an `every` run holds
# exactly one stored population per 10 generations, as a long run does),
# extrapolated to 100 generations from the storage HDF5 allocated for the
# datasets of each generation (bench/record_size.py); the write time is the
# mean of `ResultsWriter::append` over the run (the `results file:` log line):
# checks, HDF5 writes and the flush. Serial farm, one process. The T-maze runs
# are shortened (tmaze.n_trials 2, snn.tasks 1: evaluation only; the genome
# and what is stored are those of the experiment).
# The ES run is on Rastrigin, not the sphere: the sphere's residuals (its
# /generations/outputs, one per gene) would be stored every generation under
# every policy and take as much as the genomes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
l2l=${1:-$here/build/release/optimizer/l2l}
out=${2:-/tmp/l2l_record_bench}
generations=${GENERATIONS:-10}
mkdir -p "$out"

experiments=(
  "main job (mountaincar_ga, 315 genes x 32)|--config $here/examples/mountaincar_ga.toml"
  "T-maze NDP-Oja (9478 genes x 48)|--config $here/examples/tmaze_ndp_oja.toml --tmaze.n_trials 2 --snn.tasks 1"
  "ES Rastrigin (10^5 genes x 101)|--optimizer es --optimizee benchmark --benchmark.function rastrigin --benchmark.dimension 100000 --population 100"
)
policies=("full" "full --record.deflate 1" "every" "every --record.deflate 1" "best_and_state" "none")

printf '| experiment | record.policy | MB per 100 generations | rank-0 write ms per generation | replay stored | replay rebuilt |\n'
printf '|---|---|---:|---:|---|---|\n'
for experiment in "${experiments[@]}"; do
  name=${experiment%%|*}
  options=${experiment#*|}
  for policy in "${policies[@]}"; do
    tag=$(echo "$name-$policy" | tr -c 'a-zA-Z0-9_\n-' '_' | cut -c1-60)
    file="$out/$tag.h5"
    rm -f "$file" "$file.ckpt" "$file.lock"
    # shellcheck disable=SC2086
    "$l2l" run $options --generations "$generations" --seed 1 --record.policy $policy --record.every 10 \
      --output "$file" > "$out/$tag.log" 2>&1
    write_ms=$(sed -n 's/.*rank 0 wrote \([0-9.]*\) ms per generation.*/\1/p' "$out/$tag.log")
    mb=$(/usr/bin/python3 "$here/bench/record_size.py" "$file")
    # A stored individual: of a stored population, else its generation's best, else the best ever.
    stored=$(/usr/bin/python3 - "$file" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
g = f["generations"]
if "genomes" in g:
    print("0:3")
elif "best_index" in g:
    print(f"1:{g['best_index'][1]}")
else:
    print("best")
PY
)
    result() {  # replay's verdict: identical (the fitness, bit for bit), DIFFERENT, or the error
      local text
      text=$("$l2l" replay "$file" --genome "$1" 2>&1) || true
      if grep -q "identical" <<< "$text"; then echo "$1 identical";
      elif grep -q "not recorded" <<< "$text"; then echo "$1 not recorded (exit 2)";
      else echo "$1 DIFFERENT"; fi
    }
    stored_result=$(result "$stored")
    rebuilt_result="n/a"
    "$l2l" inspect "$file" --genome 1:3 > "$out/$tag.inspect" 2>&1 || true
    if head -1 "$out/$tag.inspect" | grep -q "; genome rebuilt"; then
      rebuilt_result=$(result 1:3)
    elif [ "$policy" != "${policy#full}" ]; then rebuilt_result="(all stored)"
    elif grep -q -- "--optimizer es" <<< "$options"; then rebuilt_result="1:3 not recorded (exit 2)"
    else rebuilt_result="n/a (GA: not rebuildable)"; fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${policy/ --record.deflate 1/ + deflate 1}" "$mb" "$write_ms" \
      "$stored_result" "$rebuilt_result"
    rm -f "$file.ckpt"
  done
done
