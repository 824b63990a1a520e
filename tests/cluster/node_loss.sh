#!/usr/bin/env bash
# A node lost mid-run: the main job on 4 ranks over 2 nodes (rank 0, the
# optimizer, and rank 1 on node1; ranks 2 and 3 on node2), then every process
# of node2 killed at once (its Open MPI daemon and both ranks, as when a node
# crashes). Open MPI 4.1 ends the whole job; the results file is readable and
# `--resume` on the surviving node alone continues to results bit-identical to
# a run that was never interrupted.
#   node_loss.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/cluster/cluster_lib.sh"
source "$source_dir/tests/integration/resume_lib.sh"  # start_job, wait_for_log, results_tool
cluster_up 2

generations=60
# A checkpoint every generation (not the 10 s default): the node is lost early in the run.
# 16 tasks per evaluation: seconds between generation 10 and the end, for the kill to land on a loaded machine too
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 8 --generations "$generations" --population 10
     --snn.tasks 16 --target_fitness inf --checkpoint_seconds 0)
"$l2l" "${run[@]}" --quiet --output reference.h5

mpirun_command node1:2,node2:2
start_job job.log "${mpirun_command[@]}" -np 4 "$l2l" "${run[@]}" --output "$work/lost.h5"
wait_for_log job.log "gen +10/"
lost=$(node_pids node2 | xargs)
[ -n "$lost" ] || { echo "FAIL: nothing runs on node2" >&2; exit 1; }
done_before=$(sed -n 's/.* gen *\([0-9]*\)\/.*/\1/p' job.log | tail -n 1)
echo "node2 lost after generation $done_before: kill -9 of its processes $lost ($(ps -o comm= -p "${lost// /,}" | sort | uniq -c | xargs))"
killed_at=$(date +%s.%N)
kill -9 $lost

# The job ends by itself (mpirun's session, started by start_job, empties).
for _ in $(seq 300); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
kill -0 "$job" 2>/dev/null && { echo "FAIL: the job still runs 30 s after node2 was lost" >&2; ps -o pid,stat,cmd -s "$job" >&2; exit 1; }
ended_at=$(date +%s.%N)
code=0
wait "$job" || code=$?
[ "$code" -ne 0 ] || { echo "FAIL: mpirun exited 0 after node2 was lost" >&2; exit 1; }
for _ in $(seq 50); do [ -z "$(node_pids node1)" ] && break; sleep 0.1; done
[ -z "$(node_pids node1)" ] || { echo "FAIL: processes of the job survive on node1:" >&2; ps -o pid,stat,cmd -p "$(node_pids node1 | paste -sd,)" >&2; exit 1; }
grep -E "lost|daemon|terminated|signal" job.log | head -n 3 | sed 's/^/    mpirun: /'
echo "job ended $(/usr/bin/python3 -c "print(f'{$ended_at - $killed_at:.1f}')") s after the loss: mpirun exit $code, no process left on node1"
echo "file after the loss: $(results_tool read lost.h5) (generation $done_before was the last logged before the loss)"
[ -e lost.h5.ckpt ] || { echo "FAIL: no checkpoint lost.h5.ckpt beside the results file" >&2; exit 1; }
left=$(results_tool read lost.h5 | sed -n 's/.*: \([0-9]*\) generations.*/\1/p')
[ "$left" -lt "$generations" ] || { echo "FAIL: the run had finished before node2 was lost" >&2; exit 1; }

# Resume on node1 alone: 3 ranks there.
cluster_mpirun node1:3 -np 3 "$l2l" "${run[@]}" --quiet --output "$work/lost.h5" --resume
results_tool compare reference.h5 lost.h5
echo "node loss: resumed on node1 alone, identical to the uninterrupted run"
