#!/usr/bin/env bash
# The farm over TCP between two nodes vs shared memory on one: 4 MPI ranks
# (rank 0 the optimizer, 3 workers) either spread over node1 and node2 of the
# namespace cluster of tests/cluster/cluster_lib.sh (btl tcp,self) or all on
# node1 (btl vader,self: shared memory). Two evaluations: the main job
# (examples/mountaincar_ga.toml, population 32, ~ms per individual) and a
# trivial one (sphere, D=10, population 2400, ~us per individual), each with
# the farm's own batch size (farm.batch_size 0 = auto: population / (8 x
# workers), at least 1) and with batches of 1. Prints tasks/s over the whole
# run (sum of evaluations / sum of wall_time from the results file), wall time
# per generation, and the CPU time of the whole job (every rank, both nodes).
# Every run's results are checked identical to the first (the transport and
# the batch size must not change them). Needs root (namespaces).
#   bench/cluster_farm_throughput.sh [GENERATIONS_MAIN_JOB [GENERATIONS_TRIVIAL]]   (L2L=binary to use another build)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
l2l=${L2L:-$repo/build/release/optimizer/l2l}
main_generations=${1:-30}
trivial_generations=${2:-30}
source tests/cluster/cluster_lib.sh
source tests/integration/resume_lib.sh  # results_tool
source_dir=$repo
cluster_up 2

main_job=(--config "$repo/examples/mountaincar_ga.toml" --generations "$main_generations" --target_fitness inf)
trivial=(--optimizee benchmark --benchmark.function sphere --benchmark.dimension 10 --population 2400
         --generations "$trivial_generations")
workers=3
rows=()
# run NAME HOSTS BTL BATCH l2l-options...: one job, its CPU time kept in NAME.cpu.
run() {
  local name=$1 hosts=$2 btl=$3 batch=$4
  shift 4
  mpirun_command "$hosts" "$btl"
  /usr/bin/time -f "%U %S" -o "$name.cpu" "${mpirun_command[@]}" -np 4 \
    "$l2l" run --quiet --seed 2 "$@" --farm.batch_size "$batch" --output "$work/$name.h5"
  rows+=("$name $btl $batch")
}
for evaluation in main_job trivial; do
  declare -n options=$evaluation
  for batch in 0 1; do
    run "${evaluation}_tcp_b$batch" node1:2,node2:2 tcp,self "$batch" "${options[@]}"
    run "${evaluation}_shm_b$batch" node1:4 vader,self "$batch" "${options[@]}"
  done
  for name in "${evaluation}_shm_b1" "${evaluation}_tcp_b0" "${evaluation}_tcp_b1"; do
    results_tool compare "${evaluation}_shm_b0.h5" "$name.h5" > /dev/null
  done
done

/usr/bin/python3 - "$workers" "${rows[@]}" <<'PY'
import sys, h5py
workers = int(sys.argv[1])
print(f"{'evaluation':<10} {'transport':<22} {'batch':>12} {'tasks/s':>10} {'wall/gen ms':>12} {'job CPU s':>10}")
for row in sys.argv[2:]:
    name, btl, batch = row.split()
    evaluation = name.rsplit("_", 2)[0]
    with h5py.File(f"{name}.h5", "r") as f:
        wall = f["generations/wall_time"][:]
        evals = f["generations/evaluations"][:]
    population = int(evals.max())
    picked = max(1, population // (8 * workers))
    batch_text = f"auto = {picked}" if batch == "0" else batch
    transport = "TCP, 2 nodes" if btl.startswith("tcp") else "shared memory, 1 node"
    user, system = map(float, open(f"{name}.cpu").read().split())
    print(f"{evaluation:<10} {transport:<22} {batch_text:>12} {evals.sum() / wall.sum():>10.0f} "
          f"{1e3 * wall.mean():>12.2f} {user + system:>10.2f}")
PY
echo "(4 ranks, 3 workers; every run's results identical; $(nproc) cores, shared with other work: see the CPU column)"
