#!/usr/bin/env bash
# The MPI farm against its limit (docs/performance.md, issue 18): for 2 and 3
# ranks and genomes of 10 and 100 doubles, trivial evaluations (sphere), runs
# build/release/bench/l2l_bench_farm (bench/farm_limit.cpp) REPEATS times,
# interleaved:
#   farm            the MPI farm, automatic batch size
#   pingpong/probe  the Boost+MPI ping-pong at the farm's batch size, waiting in MPI_Probe
#   pingpong/poll   the same, waiting with MPI_Iprobe and short sleeps
#   before          (with BEFORE=<another l2l_bench_farm>) that build's farm, automatic batch
# and prints, per row, tasks/s (wall time of the timed part) min/median/max
# and rank 0's CPU time per task (its main thread's clock) min/median/max,
# then the ratio farm / the faster ping-pong (medians).
#   bench/farm_limit.sh [REPEATS=5] [GENERATIONS=10] [POPULATION=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${L2L_BENCH_FARM:-build/release/bench/l2l_bench_farm}
before=${BEFORE:-}
repeats=${1:-5}
generations=${2:-10}
population=${3:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
common=(--population "$population" --generations "$generations")

for ranks in 2 3; do
  for dimension in 10 100; do
    out="$work/r${ranks}_n${dimension}.txt"
    for ((r = 0; r < repeats; r++)); do
      mpirun --oversubscribe -np "$ranks" "$bench" farm "${common[@]}" --dimension "$dimension" >> "$out"
      batch=$(tail -1 "$out" | sed -n 's/.* batch auto=\([0-9]*\) .*/\1/p')
      for wait in probe poll; do
        mpirun --oversubscribe -np "$ranks" "$bench" pingpong "${common[@]}" --dimension "$dimension" \
          --batch "$batch" --wait "$wait" >> "$out"
      done
      if [ -n "$before" ]; then
        mpirun --oversubscribe -np "$ranks" "$before" farm "${common[@]}" --dimension "$dimension" \
          | sed 's/^farm /before /' >> "$out"
      fi
    done
  done
done

/usr/bin/python3 - "$work" "$repeats" <<'PY'
import glob, re, statistics, sys
work, repeats = sys.argv[1], sys.argv[2]
line = re.compile(r"^(\S+)\s+ranks (\d+) population (\d+) dimension (\d+) .* batch (\S+) in_flight \d+: "
                  r"(\d+) tasks/s \(wall\), rank 0 CPU ([\d.]+) us/task")
print(f"{'ranks':>5} {'n':>4} {'population':>10} {'what':<15} {'batch':>9} "
      f"{'tasks/s min / median / max':>30} {'rank 0 CPU us/task min / median / max':>38}")
for path in sorted(glob.glob(f"{work}/r*_n*.txt"), key=lambda p: (len(p), p)):
    rows = {}
    for text in open(path):
        m = line.match(text)
        if m:
            rows.setdefault(m[1], []).append(m)
    medians = {}
    for what in ["farm", "pingpong/probe", "pingpong/poll", "before"]:
        if what not in rows:
            continue
        ms = rows[what]
        rates = sorted(int(m[6]) for m in ms)
        cpus = sorted(float(m[7]) for m in ms)
        medians[what] = statistics.median(rates)
        m = ms[0]
        print(f"{m[2]:>5} {m[4]:>4} {m[3]:>10} {what:<15} {m[5]:>9} "
              f"{rates[0]:>9} / {statistics.median(rates):>9.0f} / {rates[-1]:>9} "
              f"{cpus[0]:>10.3f} / {statistics.median(cpus):>8.3f} / {cpus[-1]:>8.3f}")
    limit = max(medians.get("pingpong/probe", 0), medians.get("pingpong/poll", 0))
    text = f"      farm / faster ping-pong: {medians['farm'] / limit:.2f}"
    if "before" in medians:
        text += f"; before / faster ping-pong: {medians['before'] / limit:.2f}"
    print(text)
print(f"(medians of {repeats} interleaved runs; wall time of the timed part; CPU: rank 0's main thread)")
PY
echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
