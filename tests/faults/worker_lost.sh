#!/usr/bin/env bash
# (a) One worker of a 3-rank run hangs (SIGSTOP) with --eval_timeout: rank 0
# gives up on it after its batch's budget, hands its individuals to the other
# worker and finishes (exit 0) with a line naming the lost rank; the results
# are bit-identical to an uninterrupted run and no process is left.
#   worker_lost.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/faults/fault_lib.sh"
enter_fault_folder

# 16 tasks per evaluation: seconds between generation 5 and the end, for the fault to land on a loaded machine too
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 4 --generations 60 --population 10
     --snn.tasks 16 --farm.batch_size 1)
"$l2l" "${run[@]}" --quiet --output ref.h5

log=lost.log
start_job "$log" mpirun -np 3 "$l2l" "${run[@]}" --eval_timeout 1 --output lost.h5
wait_for_log "$log" "gen +5/"
kill -STOP "$(rank_pid "$job" 1)"
wait_job 40
[ "$code" = 0 ] || { echo "FAIL: exit $code, expected 0" >&2; cat "$log" >&2; exit 1; }
no_process_left
expect_log "farm: rank 1 \([^)]*\) lost in generation [0-9]+: no results within 3.1 s for a batch of 1 individual\(s\) \(eval_timeout 1 s x 1 \+ margin\); its [0-9]+ individual\(s\) go to the 1 remaining worker\(s\)"
expect_log "finished: 60 generations"
expect_log "MPI_Abort\(0\)"
closed_cleanly lost.h5
[ "$(status_of lost.h5)" = finished ] || { echo "FAIL: status $(status_of lost.h5)" >&2; exit 1; }
results_tool compare ref.h5 lost.h5
echo "worker lost: ok ($(grep -o 'farm: rank 1.*' "$log" | head -1))"
