#!/usr/bin/env bash
# Rank 0's own costs with cheap evaluations: for every optimizer on the
# benchmark functions of docs/optimizers.md (10-D, 10^4 x D evaluations) and
# CMA-ES on Rosenbrock 50-D, the run's CPU time (user + sys, /usr/bin/time),
# the results file's size, and the log's "checkpoint cost" line (the loop's
# share of checkpointing in % of the mean generation time).
#   bench/rank0_cost.sh [l2l binary] [extra l2l run options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
l2l=${1:-$root/build/release/optimizer/l2l}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| optimizer | function | D | generations | CPU s | file MB | checkpoint % of a generation |"
echo "|---|---|---|---|---|---|---|"
one() {  # one OPTIMIZER FUNCTION D POPULATION
  local optimizer=$1 fn=$2 d=$3 population=$4
  shift 4
  local generations=$((10000 * d / population))
  local log=$work/log out=$work/run.h5
  local extra=()
  # Grid search: 3 points per gene (3^10 = 59049 points, fewer than the budget).
  if [ "$optimizer" = grid ]; then for ((g = 0; g < d; g++)); do extra+=(--grid.points "x$g=3"); done; fi
  rm -f "$out" "$out.ckpt"
  /usr/bin/time -f "%U %S" -o "$work/time" "$l2l" run --optimizer "$optimizer" --optimizee benchmark \
    --benchmark.function "$fn" --benchmark.dimension "$d" --population "$population" --generations "$generations" \
    --seed 1 --output "$out" "${extra[@]}" "$@" >"$log" 2>&1 || { echo "| $optimizer | $fn | $d | failed: $(tail -1 "$log") |"; return; }
  local cpu share ran
  cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/time")
  share=$(sed -n 's/.*checkpoint cost: .* = \([0-9.]*%\) of the mean generation time.*/\1/p' "$log")
  ran=$(sed -n 's/.*finished: \([0-9]*\) generations.*/\1/p' "$log")
  echo "| $optimizer | $fn | $d | $ran | $cpu | $(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.1f", b / 1e6 }') | $share |"
}
for optimizer in ga es enkf cmaes random grid; do
  for fn in sphere rosenbrock rastrigin; do
    one "$optimizer" "$fn" 10 32 "$@"
  done
done
one cmaes rosenbrock 50 15 "$@"
