#!/usr/bin/env bash
# Rank 0's CPU time per task (docs/performance.md, issue 18) in `l2l run` on 3
# ranks (2 workers), for the main job (examples/mountaincar_ga.toml,
# population 32, milliseconds per individual) and a trivial evaluation
# (random search on sphere, n = 100, population 10000, record.policy none),
# REPEATS times, interleaved with a second l2l binary (BEFORE=path) when given.
# Printed per row: rank 0's whole-process CPU time (user + sys, /usr/bin/time
# on rank 0 only: the optimizer, the file and the farm) per task, min / median
# / max, and, from the log of builds that print it ("farm: ... rank 0 CPU x us
# per task"), the farm's own share (rank 0's thread inside the farm, its own
# evaluations excluded).
#   bench/farm_master_cpu.sh [REPEATS=5] [GENERATIONS_MAIN_JOB=30] [GENERATIONS_TRIVIAL=20]
set -euo pipefail
cd "$(dirname "$0")/.."
l2l=${L2L:-$PWD/build/release/optimizer/l2l}
before=${BEFORE:-}
repeats=${1:-5}
main_generations=${2:-30}
trivial_generations=${3:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

main_job=(--config examples/mountaincar_ga.toml --generations "$main_generations" --target_fitness inf)
trivial=(--optimizer random --population 10000 --generations "$trivial_generations" --benchmark.function sphere
         --benchmark.dimension 100 --record.policy none --record.outputs none)
# Rank 0 under /usr/bin/time (appends "user sys" to $RANK0_TIMES), the other ranks as they are.
rank0_timed='if [ "$OMPI_COMM_WORLD_RANK" = 0 ]; then exec /usr/bin/time -a -o "$RANK0_TIMES" -f "%U %S" "$@"; fi; exec "$@"'

builds=(now)
[ -z "$before" ] || builds+=(before)
for ((r = 0; r < repeats; r++)); do
  for evaluation in main_job trivial; do
    declare -n options=$evaluation
    for build in "${builds[@]}"; do
      binary=$l2l
      [ "$build" = now ] || binary=$before
      name=${evaluation}_$build
      RANK0_TIMES=$work/$name.cpu mpirun -x RANK0_TIMES --oversubscribe -np 3 bash -c "$rank0_timed" rank0 \
        "$binary" run --seed 1 "${options[@]}" --output "$work/$name.$r.h5" > "$work/$name.$r.log" 2>&1
    done
  done
done

/usr/bin/python3 - "$work" "$repeats" "$main_generations" "$trivial_generations" "${builds[@]}" <<'PY'
import re, statistics, sys
work, repeats, main_generations, trivial_generations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
builds = sys.argv[5:]
tasks = {"main_job": 32 * main_generations, "trivial": 10000 * trivial_generations}
farm_line = re.compile(r"farm: \d+ tasks in .* rank 0 CPU ([\d.]+) us per task")
def triple(values, digits):
    values = sorted(values)
    return f"{values[0]:.{digits}f} / {statistics.median(values):.{digits}f} / {values[-1]:.{digits}f}"
print(f"{'evaluation':<10} {'build':<7} {'rank 0 process CPU us/task min / median / max':>46} "
      f"{'farm share us/task (log)':>34}")
for evaluation in ["main_job", "trivial"]:
    for build in builds:
        name = f"{evaluation}_{build}"
        cpu = [sum(map(float, line.split())) for line in open(f"{work}/{name}.cpu") if line.strip()]
        per_task = [1e6 * c / tasks[evaluation] for c in cpu]
        shares = []
        for r in range(repeats):
            m = farm_line.search(open(f"{work}/{name}.{r}.log").read())
            if m:
                shares.append(float(m[1]))
        print(f"{evaluation:<10} {build:<7} {triple(per_task, 1):>46} {triple(shares, 2) if shares else '-':>34}")
print(f"(3 ranks = 2 workers; {repeats} interleaved runs; CPU time)")
PY
echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
