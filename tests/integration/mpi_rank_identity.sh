#!/usr/bin/env bash
# The same seed and config give bit-identical /generations/fitness and
# /generations/genomes with the serial farm and with 1, 2, 3 and 4 MPI ranks.
#   mpi_rank_identity.sh L2L [l2l run options...]   (default: GA on Ackley 6-D)
set -euo pipefail
l2l=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
args=(run --quiet --seed 17 --generations 15 --population 24)
if [ $# -gt 0 ]; then args+=("$@"); else args+=(--benchmark.function ackley --benchmark.dimension 6); fi
datasets=(/generations/fitness /generations/genomes /best/genome /best/fitness)

"$l2l" "${args[@]}" --output "$work/serial.h5"
# Per-task outputs too, when the optimizee has them.
if h5ls "$work/serial.h5/generations/outputs" >/dev/null 2>&1; then datasets+=(/generations/outputs); fi
for n in 1 2 3 4; do
  mpirun --oversubscribe -np "$n" "$l2l" "${args[@]}" --output "$work/np$n.h5"
done
status=0
for n in 1 2 3 4; do
  size=$(h5dump -a mpi_size "$work/np$n.h5" | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
  [ "$size" = "$n" ] || { echo "np=$n: mpi_size attribute is '$size'"; status=1; }
  for dataset in "${datasets[@]}"; do
    if ! h5diff -q "$work/serial.h5" "$work/np$n.h5" "$dataset" "$dataset"; then
      echo "np=$n: $dataset differs from the serial run"; status=1
    fi
  done
done
[ $status -eq 0 ] && echo "serial and np=1,2,3,4: identical ${datasets[*]}"
exit $status
