#!/usr/bin/env bash
# Every genome shipped in examples/evolved/ replays from its file alone and
# scores its recorded fitness on its evaluation's tasks (hand-set ones: NaN,
# run but not checked), so the figures of docs/meta_learning.md stay
# reproducible without the compute.
#   evolved_genomes.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
count=0
for file in "$source_dir"/examples/evolved/*.genome.h5; do
  verdict=$("$l2l" replay --genome-file "$file" | tail -n 1)
  case $verdict in
    *": identical"|*"(a hand-made genome), not checked") ;;
    *) echo "FAIL: $(basename "$file"): $verdict" >&2; exit 1 ;;
  esac
  grep -qF "$(basename "$file")" "$source_dir/examples/evolved/README.md" ||
    { echo "FAIL: $(basename "$file") is not described in examples/evolved/README.md" >&2; exit 1; }
  echo "$(basename "$file"): $verdict"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "FAIL: no genome files in examples/evolved" >&2; exit 1; }
echo "$count shipped genomes replay with their recorded fitness"
