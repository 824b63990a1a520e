#!/usr/bin/env bash
# CPU cost of one arena episode (2 s, 200 actions of 10 ms at dt 1 ms) for the
# LSNN-like network at the size used (examples/networks/arena_lsnn.toml: 70 LIF
# + 30 adaptive) and at the LSNN's size (280 + 120, made from the same file),
# measured as a small ES run with random genomes: GENERATIONS x 17 individuals
# x 16 goal angles. Prints CPU ms per episode (user + system of the whole run,
# start-up included) and the gene count; the machine may be shared.
#   bench/arena_network_cost.sh [GENERATIONS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
generations=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e 's/^size = 70$/size = 280/' -e 's/^size = 30$/size = 120/' examples/networks/arena_lsnn.toml > "$work/arena_lsnn_400.toml"
for network in examples/networks/arena_lsnn.toml "$work/arena_lsnn_400.toml"; do
  sed -e "s#networks/arena_lsnn.toml#$(realpath "$network")#" examples/arena_lsnn.toml > "$work/config.toml"
  /usr/bin/time -f "%U %S" -o "$work/time" "$L2L" run --config "$work/config.toml" --generations "$generations" \
    --quiet --output "$work/run.h5" --force
  read -r user system < "$work/time"
  genes=$(/usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["best/genome"].shape[0])' "$work/run.h5")
  units=$(grep -A2 -e 'name = "lif"' -e 'name = "adaptive"' "$network" | awk '/size/ {s += $3} END {print s}')
  awk -v u="$user" -v s="$system" -v n="$(( generations * 17 * 16 ))" -v g="$genes" -v units="$units" \
    'BEGIN {printf "%d recurrent units: %d genes, %.2f ms CPU per episode (%d episodes)\n", units, g, 1000 * (u + s) / n, n}'
done
