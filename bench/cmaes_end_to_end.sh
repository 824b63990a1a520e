#!/usr/bin/env bash
# CMA-ES on Rosenbrock 50-D end to end: `l2l run` (the whole process: the
# optimizer, the benchmark evaluations, the results file and the checkpoints)
# against pagmo2's cmaes in process (bench/pagmo_table.cpp, one row), the same
# budget (10^4 x D evaluations, lambda 15, sigma0 0.3, tolerances 1e-12).
# Prints the CPU time (user + sys, /usr/bin/time) of each, REPEAT times in turn.
#   bench/cmaes_end_to_end.sh [l2l binary] [repeat]
# Needs Debian's libpagmo-dev for the pagmo rows (compiled here, never by CMake).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
l2l=${1:-$root/build/release/optimizer/l2l}
repeat=${2:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
have_pagmo=0
if [ -f /usr/include/pagmo/pagmo.hpp ]; then
  c++ -std=c++20 -O2 -ffp-contract=off -DNDEBUG -I"$root" -isystem /usr/include/eigen3 \
      "$root/bench/pagmo_table.cpp" "$root/optimizer/run/benchmark_functions.cpp" \
      -o "$work/pagmo_table" -lpagmo -lboost_serialization -ltbb -lpthread
  have_pagmo=1
fi
cpu() {  # cpu LABEL COMMAND...: one line "LABEL cpu_seconds"
  local label=$1
  shift
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >"$work/out" 2>&1
  echo "$label $(awk '{ printf "%.2f", $1 + $2 }' "$work/time") s CPU"
}
run=(run --quiet --optimizer cmaes --optimizee benchmark --benchmark.function rosenbrock --benchmark.dimension 50
     --generations 33333 --seed 1)
for _ in $(seq "$repeat"); do
  rm -f "$work"/*.h5*
  cpu "l2l (record.outputs all)" "$l2l" "${run[@]}" --record.outputs all --output "$work/all.h5"
  cpu "l2l (default: record.outputs auto)" "$l2l" "${run[@]}" --output "$work/auto.h5"
  [ "$have_pagmo" = 1 ] && cpu "pagmo2 cmaes" "$work/pagmo_table" cmaes rosenbrock 50
done
