#!/usr/bin/env bash
# (c) A worker hangs (SIGSTOP) without eval_timeout: rank 0 never gives up on
# it, but after farm.silence_warning seconds it warns once, naming the rank
# and since when it owes results. Continued (SIGCONT), the run finishes
# (exit 0) bit-identical to an uninterrupted run. Stopped again and SIGTERM to
# rank 0: it waits 10 s for the hung rank, gives up on it, exits 3 with the
# checkpoint, and --resume continues bit-identically.
#   worker_silent.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/faults/fault_lib.sh"
enter_fault_folder

# 16 tasks per evaluation: seconds between generation 5 and the end, for the fault to land on a loaded machine too
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 6 --generations 40 --population 10
     --snn.tasks 16 --farm.silence_warning 1)
"$l2l" "${run[@]}" --quiet --output ref.h5

# Continued after the warning.
log=cont.log
start_job "$log" mpirun -np 3 "$l2l" "${run[@]}" --output cont.h5
wait_for_log "$log" "gen +5/"
worker=$(rank_pid "$job" 1)
kill -STOP "$worker"
wait_for_log "$log" "farm: no results for 1 s from rank 1"
sleep 1.5  # once per silence: no second warning
[ "$(grep -c 'farm: no results' "$log")" = 1 ] || { echo "FAIL: the warning is repeated" >&2; cat "$log" >&2; exit 1; }
expect_log "farm: no results for 1 s from rank 1 \([^:]*: [0-9]+ individual\(s\) of generation [0-9]+ owed since [0-9-]+ [0-9:]+\); still waiting \(without eval_timeout a silent rank is never given up\)"
kill -CONT "$worker"
wait_job 30
[ "$code" = 0 ] || { echo "FAIL: exit $code, expected 0" >&2; cat "$log" >&2; exit 1; }
no_process_left
expect_log "farm: rank 1 \([^)]*\) answered again"
if grep -q "lost\|MPI_Abort" "$log"; then echo "FAIL: a rank was given up" >&2; cat "$log" >&2; exit 1; fi
results_tool compare ref.h5 cont.h5

# SIGTERM to rank 0 while a worker hangs.
log=term.log
start_job "$log" mpirun -np 3 "$l2l" "${run[@]}" --output term.h5
wait_for_log "$log" "gen +5/"
kill -STOP "$(rank_pid "$job" 1)"
wait_for_log "$log" "farm: no results for 1 s from rank 1"
kill -TERM "$(cat term.h5.lock)"
wait_job 30
[ "$code" = 3 ] || { echo "FAIL: exit $code, expected 3" >&2; cat "$log" >&2; exit 1; }
no_process_left
expect_log "farm: rank 1 \([^)]*\) lost in generation [0-9]+: no answer within 10 s of the stop signal; its batches are dropped with the generation"
expect_log "interrupted by SIGTERM: [0-9]+ generations in term.h5 \(status interrupted\).*Resume with: .*--output term.h5 --resume"
closed_cleanly term.h5
[ "$(status_of term.h5)" = interrupted ] || { echo "FAIL: status $(status_of term.h5)" >&2; exit 1; }
job=
mpirun -np 3 "$l2l" "${run[@]}" --quiet --output term.h5 --resume
results_tool compare ref.h5 term.h5
echo "silent worker: ok"
