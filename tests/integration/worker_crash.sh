#!/usr/bin/env bash
# A worker rank that dies (kill -9) takes the job down: Open MPI 4.1 ends
# every rank. The checkpoint saves the run: the results file is readable and
# the run resumes, on other rank counts, to the same results as a run that
# never crashed.
#   worker_crash.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 4 --generations 60 --population 10
     --snn.tasks 2 --target_fitness 10)
"$l2l" "${run[@]}" --quiet --output ref.h5

start_job crash.log mpirun -np 3 "$l2l" "${run[@]}" --output crash.h5
wait_for_log crash.log "gen +10/"
worker=$(rank_pid "$job" 1)
kill -9 "$worker"
code=0
wait "$job" || code=$?
[ "$code" -ne 0 ] || { echo "FAIL: mpirun exited 0 after a worker was killed" >&2; exit 1; }
if ps -o stat= -s "$job" | grep -qv Z; then  # zombies wait for init; live ranks would be a leak
  echo "FAIL: processes of the job survive:" >&2; ps -o pid,stat,cmd -s "$job" >&2; exit 1
fi
grep -q "exited on signal 9" crash.log
echo "worker killed: mpirun exit $code, results file: $(results_tool read crash.h5)"
mpirun -np 2 "$l2l" "${run[@]}" --quiet --output crash.h5 --resume
results_tool compare ref.h5 crash.h5
echo "worker crash: ok"
