#!/usr/bin/env bash
# Runs the l2l optimizer table and the pagmo2 table (same functions, domains and
# budgets) and prints one markdown table sorted by function and dimension.
# Needs: a release build (cmake --preset release && cmake --build build/release)
# and, for the pagmo rows, Debian's libpagmo-dev (apt-get install -y libpagmo-dev).
# pagmo is compiled here, never by the project's CMake build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build/release}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --build "$build" --target l2l_bench_optimizers >/dev/null
"$build/bench/l2l_bench_optimizers" | grep '^| l2l' >"$work/rows"

if [ -f /usr/include/pagmo/pagmo.hpp ]; then
  c++ -std=c++20 -O2 -ffp-contract=off -DNDEBUG -I"$root" -isystem /usr/include/eigen3 \
      "$root/bench/pagmo_table.cpp" "$root/optimizer/run/benchmark_functions.cpp" \
      -o "$work/pagmo_table" -lpagmo -lboost_serialization -ltbb -lpthread
  "$work/pagmo_table" >>"$work/rows"
else
  echo "pagmo2 not installed (apt-get install -y libpagmo-dev): l2l rows only" >&2
fi

echo "| library | optimizer | function | D | best f | evaluations | seconds |"
echo "|---|---|---|---|---|---|---|"
# Sort by dimension, then function, keeping each library's optimizer order.
awk -F'|' '{ printf "%03d\t%s\t%05d\t%s\n", $5, $4, NR, $0 }' "$work/rows" | sort -k1,1n -k2,2 -k3,3n | cut -f4-
