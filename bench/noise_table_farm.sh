#!/usr/bin/env bash
# Encoded populations on the MPI farm: openai_es (population 256 + the mean)
# on sphere at n = 10^4 and 10^5 genes, 3 ranks (2 workers), 6 generations,
# record.policy best_and_state, with farm.population_encoding on (a base per
# worker and generation, then an offset and sign per individual) and off
# (whole genomes). Prints the bytes per task (l2l_bench_messages) and, per
# run, the master's wall time per generation (median of /generations/wall_time
# after the first generation, whose workers also fill their noise table) and
# the CPU time of the whole job (every rank, /usr/bin/time). First, the CPU time
# and memory of filling the default table in one process.
#   bench/noise_table_farm.sh [extra l2l run options]
set -euo pipefail
cd "$(dirname "$0")/.."
l2l=build/release/optimizer/l2l
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# What one process pays for its table: a one-generation snes run with a table of 1000 and of 2^25 doubles.
for size in 1000 33554432; do
  /usr/bin/time -f "noise_table_size $size: %U s user, %S s system, %M kB resident" "$l2l" run --quiet \
    --optimizer snes --generations 1 --benchmark.dimension 10 --noise_table_size "$size" --output "$work/table.h5" --force
done
echo
build/release/bench/l2l_bench_messages --population 257 --workers 2 10000 100000
echo
printf '%8s %10s %16s %14s %14s\n' genes encoding 'wall/gen ms' 'job CPU s' 'job wall s'
for n in 10000 100000; do
  for encoding in population_encoding no-population_encoding; do
    out="$work/$n.$encoding.h5"
    /usr/bin/time -f '%U %S %e' -o "$work/time" mpirun --oversubscribe -np 3 "$l2l" run --quiet --seed 1 \
      --optimizer openai_es --population 256 --generations 6 --benchmark.function sphere --benchmark.dimension "$n" \
      --record.policy best_and_state --farm.$encoding --output "$out" "$@"
    read -r user sys wall < "$work/time"
    median=$(/usr/bin/python3 -c '
import sys, h5py, numpy as np
print("%.1f" % (1e3 * np.median(h5py.File(sys.argv[1], "r")["generations/wall_time"][1:])))' "$out")
    label=on; [ "$encoding" = population_encoding ] || label=off
    printf '%8s %10s %16s %14.1f %14.1f\n' "$n" "$label" "$median" "$(echo "$user + $sys" | bc)" "$wall"
  done
done
