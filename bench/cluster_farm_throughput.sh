#!/usr/bin/env bash
# The farm over TCP between two nodes vs shared memory on one: 4 MPI ranks
# (rank 0 the optimizer, 3 workers) either spread over node1 and node2 of the
# namespace cluster of tests/cluster/cluster_lib.sh (btl tcp,self) or all on
# node1 (btl vader,self: shared memory). The cluster declares as many slots as
# ranks, so Open MPI does not see the 2 cores oversubscribed and its ranks
# poll without yielding; a second row for each transport sets
# mpi_yield_when_idle (what Open MPI sets itself when it sees more ranks than
# cores). Two evaluations: the main job (examples/mountaincar_ga.toml,
# population 32, ~ms per individual) and a trivial one (sphere, D=10,
# population 2400, ~us per individual), each with the farm's own batch size
# (farm.batch_size 0 = auto: the smallest batch whose measured message latency
# is <= 5 % of its evaluations, at most population / (8 x workers), at least 1;
# farm.hpp automatic_batch_size) and with batches of 1. Each configuration runs REPEATS times, interleaved; printed:
# the median over the repeats of tasks/s over the whole run (sum of
# evaluations / sum of wall_time from the results file), of wall time per
# generation, and of the CPU time of the whole job (every rank, both nodes).
# Every run's results are checked identical to the first (the transport and
# the batch size must not change them). Needs root (namespaces).
#   bench/cluster_farm_throughput.sh [GENERATIONS_MAIN_JOB [GENERATIONS_TRIVIAL [REPEATS]]]
#   (L2L=binary to use another build)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
l2l=${L2L:-$repo/build/release/optimizer/l2l}
main_generations=${1:-30}
trivial_generations=${2:-30}
repeats=${3:-3}
source tests/cluster/cluster_lib.sh
source tests/integration/resume_lib.sh  # results_tool
source_dir=$repo
cluster_up 2

main_job=(--config "$repo/examples/mountaincar_ga.toml" --generations "$main_generations" --target_fitness inf)
trivial=(--optimizee benchmark --benchmark.function sphere --benchmark.dimension 10 --population 2400
         --generations "$trivial_generations")
workers=3
# name, hosts, btl, extra mpirun arguments (one word), batch size
configurations=(
  "tcp node1:2,node2:2 tcp,self - 0"
  "tcp_yield node1:2,node2:2 tcp,self mpi_yield_when_idle=1 0"
  "shm node1:4 vader,self - 0"
  "shm_yield node1:4 vader,self mpi_yield_when_idle=1 0"
  "tcp node1:2,node2:2 tcp,self - 1"
  "shm node1:4 vader,self - 1"
)
rows=()
for evaluation in main_job trivial; do
  declare -n options=$evaluation
  first=""
  for ((r = 1; r <= repeats; r++)); do
    for configuration in "${configurations[@]}"; do
      read -r transport hosts btl extra batch <<< "$configuration"
      name=${evaluation}_${transport}_b${batch}
      mca=()
      [ "$extra" = - ] || mca=(--mca "${extra%%=*}" "${extra#*=}")
      mpirun_command "$hosts" "$btl"
      /usr/bin/time -f "%U %S" -o "$name.$r.cpu" "${mpirun_command[@]}" "${mca[@]}" -np 4 \
        "$l2l" run --quiet --seed 2 "${options[@]}" --farm.batch_size "$batch" --output "$work/$name.$r.h5"
      if [ -z "$first" ]; then first=$name.$r.h5; else results_tool compare "$first" "$name.$r.h5" > /dev/null; fi
      [ "$r" -gt 1 ] || rows+=("$name $transport $batch")
    done
  done
done

/usr/bin/python3 - "$workers" "$repeats" "${rows[@]}" <<'PY'
import statistics, sys, h5py
workers, repeats = int(sys.argv[1]), int(sys.argv[2])
transports = {"tcp": "TCP, 2 nodes", "tcp_yield": "TCP, 2 nodes, yield", "shm": "shared memory, 1 node",
              "shm_yield": "shared memory, 1 node, yield"}
print(f"{'evaluation':<10} {'transport':<30} {'batch':>12} {'tasks/s':>10} {'wall/gen ms':>12} {'job CPU s':>10}")
for row in sys.argv[3:]:
    name, transport, batch = row.split()
    evaluation = name.split("_" + transport)[0]
    rates, walls, cpus = [], [], []
    for r in range(1, repeats + 1):
        with h5py.File(f"{name}.{r}.h5", "r") as f:
            wall = f["generations/wall_time"][:]
            evals = f["generations/evaluations"][:]
        rates.append(evals.sum() / wall.sum())
        walls.append(1e3 * wall.mean())
        cpus.append(sum(map(float, open(f"{name}.{r}.cpu").read().split())))
    population = int(evals.max())
    batch_text = f"auto = {max(1, population // (8 * workers))}" if batch == "0" else batch
    print(f"{evaluation:<10} {transports[transport]:<30} {batch_text:>12} {statistics.median(rates):>10.0f} "
          f"{statistics.median(walls):>12.2f} {statistics.median(cpus):>10.2f}")
PY
echo "(4 ranks, 3 workers; medians of $repeats interleaved runs; every run's results identical; $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
