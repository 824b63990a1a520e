#!/usr/bin/env bash
# Where a T-maze evaluation's time goes: `perf record` of one generation of 8
# NDP-Oja evaluations (examples/tmaze_ndp_oja.toml: 2 episodes x 25 trials x
# 2250 steps of 1 ms each), the top functions by self time, and the CPU time.
#   bench/tmaze_profile.sh [CONFIG]     (needs perf; prints the report)
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
config=${1:-examples/tmaze_ndp_oja.toml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/time -f "%U s user CPU for 8 evaluations (%e s wall)" -o "$work/time" \
  perf record -q -F 4000 -o "$work/perf.data" "$L2L" run --config "$config" --generations 1 --population 8 \
  --quiet --output "$work/run.h5" 2> /dev/null
cat "$work/time"
perf report -i "$work/perf.data" --no-children --stdio --sort symbol 2> /dev/null | grep -E '^ +[0-9]' | sed -E 's/[ -]+$//' | head -12
