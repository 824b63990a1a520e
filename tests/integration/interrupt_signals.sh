#!/usr/bin/env bash
# Stop signals: SIGINT stops a run cleanly (exit 3, status interrupted, a
# message saying how to resume); serially, a signal cuts a long evaluation
# short; on ranks, a second signal while rank 0 waits for a worker's long
# evaluation exits at once; both runs resume from their generation-0
# checkpoint; SIGTERM to mpirun (which signals
# every rank and kills them a second later) leaves a run that resumes
# identically.
#   interrupt_signals.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

# SIGINT (Ctrl-C) mid-run.
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 8 --generations 100 --population 10
     --snn.tasks 2 --target_fitness 10)
"$l2l" "${run[@]}" --quiet --output ref.h5
start_job int.log "$l2l" "${run[@]}" --output int.h5
wait_for_log int.log "gen +5/"
kill -INT "$job"
expect_exit 3 wait "$job"
grep -q "interrupted by SIGINT" int.log
grep -q "Resume with: .*--output int.h5 --resume" int.log
[ "$(status_of int.h5)" = interrupted ]
"$l2l" "${run[@]}" --quiet --output int.h5 --resume
results_tool compare ref.h5 int.h5

# Evaluations of about 1 s (800 episodes each). Serially, a stop signal cuts
# the evaluation in progress short (the generation is abandoned anyway).
slow=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 2 --generations 1 --population 2
      --ga.tournament_size 2 --snn.tasks 800 --target_fitness 10)
"$l2l" "${slow[@]}" --quiet --output slow_ref.h5
start_job slow.log "$l2l" "${slow[@]}" --output slow.h5
wait_for_log slow.log "farm: serial"
sleep 0.2                              # inside the first evaluation
kill -TERM "$job"
expect_exit 3 wait "$job"
grep -q "Resume with: .*--output slow.h5 --resume" slow.log
[ "$(status_of slow.h5)" = interrupted ]  # stopped in generation 0: an empty file
[ -e slow.h5.ckpt ]                    # and the checkpoint of generation 0
"$l2l" "${slow[@]}" --quiet --output slow.h5 --resume
results_tool compare slow_ref.h5 slow.h5

# On 2 ranks, rank 0 (its pid is in the lock file) abandons the generation on
# the first SIGTERM and waits for the worker's evaluation in progress; the
# second SIGTERM exits at once.
rm -f slow.h5 slow.h5.ckpt
start_job slow2.log mpirun -np 2 "$l2l" "${slow[@]}" --output slow.h5
wait_for_log slow2.log "farm: mpi"
sleep 0.2                              # the worker is inside the first evaluation
rank0=$(cat slow.h5.lock)
kill -TERM "$rank0"
sleep 0.1
kill -TERM "$rank0"
wait "$job" || true                    # mpirun reports rank 0's exit as a failure
grep -q "second stop signal: exiting at once" slow2.log
grep -q "Resume with: .*--output slow.h5 --resume" slow2.log
[ -e slow.h5.ckpt ]
mpirun -np 2 "$l2l" "${slow[@]}" --quiet --output slow.h5 --resume
results_tool compare slow_ref.h5 slow.h5

# SIGTERM to mpirun: it sends SIGTERM to every rank a second later and
# SIGKILL one more second later; mpirun's own exit code is 1.
start_job term.log mpirun -np 3 "$l2l" "${run[@]}" --output term.h5
wait_for_log term.log "gen +5/"
kill -TERM "$job"
expect_exit 1 wait "$job"
[ "$(status_of term.h5)" = interrupted ]
mpirun -np 2 "$l2l" "${run[@]}" --quiet --output term.h5 --resume
results_tool compare ref.h5 term.h5
echo "interrupt signals: ok"
