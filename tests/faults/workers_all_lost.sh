#!/usr/bin/env bash
# (b) Every worker of a 3-rank run hangs (SIGSTOP) with --eval_timeout: rank 0
# gives up on both, writes the checkpoint, marks the file interrupted and
# exits 3 saying how to resume (mpirun returns 3 and no process is left);
# --resume continues to results bit-identical to an uninterrupted run.
#   workers_all_lost.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/faults/fault_lib.sh"
enter_fault_folder

# 16 tasks per evaluation: seconds between generation 5 and the end, for the fault to land on a loaded machine too
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 5 --generations 40 --population 10
     --snn.tasks 16 --farm.batch_size 1)
"$l2l" "${run[@]}" --quiet --output ref.h5

log=all.log
start_job "$log" mpirun -np 3 "$l2l" "${run[@]}" --eval_timeout 1 --output all.h5
wait_for_log "$log" "gen +5/"
kill -STOP "$(rank_pid "$job" 1)" "$(rank_pid "$job" 2)"
wait_job 40
[ "$code" = 3 ] || { echo "FAIL: exit $code, expected 3" >&2; cat "$log" >&2; exit 1; }
no_process_left
# In either order; the individuals of the first go to the second, which is then lost too.
expect_log "farm: rank 1 \([^)]*\) lost in generation [0-9]+: no results within 3.1 s"
expect_log "farm: rank 2 \([^)]*\) lost in generation [0-9]+: no results within 3.1 s"
expect_log "farm: rank [12] \([^)]*\) lost in generation [0-9]+: no results within 3.1 s.*; no worker is left"
expect_log "generation [0-9]+ abandoned: no MPI worker left \(rank\(s\) 1, 2 lost: no results within eval_timeout\)"
expect_log "interrupted by no MPI worker left .*: [0-9]+ generations in all.h5 \(status interrupted\), checkpoint all.h5.ckpt at generation [0-9]+. Resume with: .*--output all.h5 --resume"
expect_log "MPI_Abort\(3\)"
closed_cleanly all.h5
[ "$(status_of all.h5)" = interrupted ] || { echo "FAIL: status $(status_of all.h5)" >&2; exit 1; }
job=
mpirun -np 2 "$l2l" "${run[@]}" --quiet --eval_timeout 1 --output all.h5 --resume
results_tool compare ref.h5 all.h5
echo "all workers lost: ok ($(grep -o 'interrupted by.*' "$log" | cut -c1-120)...)"
