#!/usr/bin/env bash
# Stop signals: SIGINT stops a run cleanly (exit 3, status interrupted, a
# message saying how to resume); a second signal during a long evaluation
# exits at once, before the first generation is complete, and the run still
# resumes from its generation-0 checkpoint; SIGTERM to mpirun (which signals
# every rank and kills them a second later) leaves a run that resumes
# identically.
#   interrupt_signals.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/integration/resume_lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

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

# Evaluations of about 1 s (800 episodes each): the first SIGTERM waits for
# the evaluation in progress, the second one exits at once.
slow=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 2 --generations 1 --population 2
      --ga.tournament_size 2 --snn.tasks 800 --target_fitness 10)
"$l2l" "${slow[@]}" --quiet --output slow_ref.h5
start_job slow.log "$l2l" "${slow[@]}" --output slow.h5
wait_for_log slow.log "farm: serial"
sleep 0.2                              # inside the first evaluation
kill -TERM "$job"
sleep 0.1
kill -TERM "$job"
expect_exit 3 wait "$job"
grep -q "second stop signal: exiting at once" slow.log
grep -q "Resume with: .*--output slow.h5 --resume" slow.log
[ ! -e slow.h5 ]                       # killed in generation 0: the file never appeared...
[ -e slow.h5.ckpt ]                    # ...but the checkpoint of generation 0 did
"$l2l" "${slow[@]}" --quiet --output slow.h5 --resume
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
