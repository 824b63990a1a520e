#!/usr/bin/env bash
# Every optimizer on 4 MPI ranks over 2 nodes (tests/cluster/cluster_lib.sh:
# network namespaces, MPI over TCP only) gives results bit-identical to the
# serial run: GA, ES, EnKF, CMA-ES, random and grid search on a benchmark
# function, and the main job (examples/mountaincar_ga.toml, spiking-network
# agents, per-task outputs). Rank 0 (the optimizer) and rank 1 run on node1,
# ranks 2 and 3 on node2.
#   optimizers_across_nodes.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/cluster/cluster_lib.sh"
source "$source_dir/tests/integration/resume_lib.sh"  # results_tool
cluster_up 2

benchmark=(--optimizee benchmark --benchmark.function rastrigin --benchmark.dimension 4 --population 16 --generations 12)
declare -A runs=(
  [ga]="--optimizer ga ${benchmark[*]}"
  [es]="--optimizer es ${benchmark[*]}"
  [enkf]="--optimizer enkf ${benchmark[*]}"
  [cmaes]="--optimizer cmaes ${benchmark[*]}"
  [random]="--optimizer random ${benchmark[*]}"
  [grid]="--optimizer grid --optimizee benchmark --benchmark.dimension 2 --grid.points x0=6 x1=5 --population 10 --generations 3"
  [mainjob]="--config $source_dir/examples/mountaincar_ga.toml --generations 6 --snn.tasks 2 --target_fitness inf"
)
for name in ga es enkf cmaes random grid mainjob; do
  read -ra options <<< "${runs[$name]}"
  "$l2l" run --quiet --seed 11 "${options[@]}" --output "serial_$name.h5"
  cluster_mpirun node1:2,node2:2 -np 4 "$l2l" run --quiet --seed 11 "${options[@]}" --output "$work/nodes_$name.h5"
  ranks=$(h5dump -a mpi_size "nodes_$name.h5" | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
  [ "$ranks" = 4 ] || { echo "FAIL: $name: mpi_size $ranks, expected 4" >&2; exit 1; }
  echo -n "$name on 4 ranks over node1,node2: "
  results_tool compare "serial_$name.h5" "nodes_$name.h5"
done
echo "every optimizer: 4 ranks on 2 nodes over TCP = serial"
