#!/usr/bin/env bash
# A resumed run gives bit-identical results (every dataset but the timing ones)
# to a run that was never interrupted: serial and under mpirun with 1, 2 and 3
# ranks, resuming with another rank count, after SIGTERM, SIGUSR1 to mpirun,
# kill -9 of the whole job, with checkpoint_every > 1, and when a finished run
# is extended (CMA-ES with IPOP: the population, hence the file, widens).
#   resume_identity.sh L2L SOURCE_DIR serial|ranks|killed|every|extended
set -euo pipefail
l2l=$1
source_dir=$2
scenario=$3
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

# The main job's SNN optimizee (about 25 ms per generation serially): slow
# enough to be signalled mid-run, tasks drawn per individual.
run=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 3 --generations 40 --population 10
     --snn.tasks 2 --snn.task_seeds individual --target_fitness 10)
[ "$scenario" = extended ] || "$l2l" "${run[@]}" --quiet --output ref.h5

case $scenario in
serial)
# Serial, SIGTERM after >= 8 generations; resumed serially.
start_job serial.log "$l2l" "${run[@]}" --output serial.h5
wait_for_log serial.log "gen +8/"
kill -TERM "$job"
expect_exit 3 wait "$job"
grep -q "Resume with: .*--resume" serial.log
[ "$(status_of serial.h5)" = interrupted ]
"$l2l" "${run[@]}" --quiet --output serial.h5 --resume
[ "$(status_of serial.h5)" = finished ]
results_tool compare ref.h5 serial.h5
;;
ranks)
# 3 ranks, SIGUSR1 to mpirun (it forwards it); resumed on 2 ranks, SIGUSR1
# again; resumed on mpirun -np 1.
start_job np3.log mpirun -np 3 "$l2l" "${run[@]}" --output ranks.h5
wait_for_log np3.log "gen +6/"
kill -USR1 "$job"
expect_exit 3 wait "$job"
start_job np2.log mpirun -np 2 "$l2l" "${run[@]}" --output ranks.h5 --resume
wait_for_log np2.log "gen +20/"
kill -USR1 "$job"
expect_exit 3 wait "$job"
mpirun -np 1 "$l2l" "${run[@]}" --quiet --output ranks.h5 --resume
results_tool compare ref.h5 ranks.h5
[ "$(results_tool attr ranks.h5 resumes | wc -l)" = 2 ]
;;
killed)
# kill -9 of the whole job (mpirun and its ranks) on 2 ranks; resumed on 3.
start_job killed.log mpirun -np 2 "$l2l" "${run[@]}" --output killed.h5
wait_for_log killed.log "gen +10/"
kill_job "$job"
mpirun -np 3 "$l2l" "${run[@]}" --quiet --output killed.h5 --resume
results_tool compare ref.h5 killed.h5
;;
every)
# A checkpoint every 7 generations: SIGTERM writes the last finished one.
start_job every.log "$l2l" "${run[@]}" --output every.h5 --checkpoint_every 7
wait_for_log every.log "gen +9/"
kill -TERM "$job"
expect_exit 3 wait "$job"
"$l2l" "${run[@]}" --quiet --output every.h5 --resume
results_tool compare ref.h5 every.h5
;;
extended)
# Extending a finished run, and across IPOP restarts: CMA-ES on Rastrigin,
# whose population doubles at each restart.
cma=(run --quiet --optimizer cmaes --cmaes.ipop --cmaes.tol_fun 1e-3 --benchmark.function rastrigin
     --benchmark.dimension 3 --seed 42)
"$l2l" "${cma[@]}" --generations 240 --output cma_ref.h5
for stop in 60 150; do
  rm -f cma.h5 cma.h5.ckpt
  "$l2l" "${cma[@]}" --generations "$stop" --output cma.h5
  "$l2l" "${cma[@]}" --generations 240 --output cma.h5 --resume
  results_tool compare cma_ref.h5 cma.h5
done
# ES and EnKF, extended on other rank counts.
for optimizer in es enkf; do
  opt=(run --quiet --optimizer "$optimizer" --benchmark.function rosenbrock --benchmark.dimension 4 --population 10 --seed 5)
  "$l2l" "${opt[@]}" --generations 30 --output "${optimizer}_ref.h5"
  mpirun -np 2 "$l2l" "${opt[@]}" --generations 12 --output "$optimizer.h5"
  mpirun -np 3 "$l2l" "${opt[@]}" --generations 30 --output "$optimizer.h5" --resume
  results_tool compare "${optimizer}_ref.h5" "$optimizer.h5"
done
;;
*) echo "unknown scenario '$scenario'" >&2; exit 2 ;;
esac
echo "resume identity ($scenario): ok"
