#!/usr/bin/env bash
# Results pinned across changes: the main job (examples/mountaincar_ga.toml)
# and a CMA-ES sphere run give the datasets whose digests tests/data/pinned_results.txt keeps.
#   pinned_results.sh L2L SRC
set -euo pipefail
l2l=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tool=(/usr/bin/python3 "$src/tests/integration/results_tool.py")

"$l2l" run --quiet --config "$src/examples/mountaincar_ga.toml" --output "$work/mountaincar_ga.h5"
# --record.outputs all: a2bc840 stored the sphere's residuals, which the
# default (auto) leaves out of a benchmark run since issue 18.
"$l2l" run --quiet --optimizer cmaes --optimizee benchmark --generations 60 --record.outputs all \
  --output "$work/cmaes_sphere.h5"

status=0
while read -r name expected; do
  case "$name" in ''|'#'*) continue ;; esac
  got=$("${tool[@]}" digest "$work/$name.h5")
  if [ "$got" = "$expected" ]; then
    echo "$name: results identical to the pinned ones ($got)"
  else
    echo "$name: results differ from the pinned ones: $got, pinned $expected"; status=1
  fi
done < "$src/tests/data/pinned_results.txt"
exit $status
