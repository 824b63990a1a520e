#!/usr/bin/env bash
# End to end on a real single-host Slurm: starts munged, slurmctld and slurmd
# from a slurm.conf of its own in a temporary folder (own ports, own munge key
# and socket, own state; everything stopped on exit), then
#   1. sbatch jobscripts/l2l.sbatch (2 ranks, srun --mpi=pmix) on a small GA
#      benchmark run: finished, all generations, mpi_size 2, and bit-identical
#      to the same run under mpirun; the same job with the environment hooks
#      (L2L_SETUP sourced, L2L_MODULES loaded, L2L_SRUN_MPI=default: srun
#      without --mpi) and rank 0 evaluating too (--farm.master_evaluates):
#      identical; jobscripts/l2l-array.sbatch on two seeds: one file per seed,
#      each identical to its mpirun run;
#      the same two seeds as the job array `l2l sweep --slurm` writes;
#   2. preemption: a Mountain Car GA job gets `scancel --signal=USR1 --batch`
#      (what --signal=B:USR1@300 sends before the time limit: the job step
#      checkpoints and the job requeues itself), then `scontrol requeue` (what
#      preemption by another job does: TERM to every rank); each time the
#      requeued job resumes; a third USR1 finds the requeue cap reached
#      (L2L_MAX_REQUEUES=2): the job ends without requeueing, and submitting
#      it again with the same --output resumes it; the result is bit-identical
#      to a run that was never interrupted.
#   slurm_e2e.sh L2L REPO
# Exit 77 (ctest: skipped) when not root: the daemons need root.
set -euo pipefail
l2l=$1
repo=$2
source "$repo/tests/integration/slurm_lib.sh"
slurm_setup l2l-slurm
trap 'status=$?; trap - EXIT INT TERM; slurm_cleanup $status; rm -rf "$work"; exit $status' EXIT
trap 'echo "FAIL: interrupted" >&2; exit 1' INT TERM

# Two TCP ports below the ephemeral range that nothing uses.
free_port() {
  /usr/bin/python3 - "$@" <<'EOF'
import random, socket, sys
taken = {int(p) for p in sys.argv[1:]}
for _ in range(200):
    port = random.randrange(20000, 30000)
    if port in taken:
        continue
    with socket.socket() as s:
        try:
            s.bind(("", port))
        except OSError:
            continue
    print(port)
    break
else:
    sys.exit("no free port in 20000-29999")
EOF
}
ctld_port=$(free_port)
slurmd_port=$(free_port "$ctld_port")
node=$(hostname -s)

start_munge

{
  slurm_conf_common
  cat <<EOF
ClusterName=l2le2e
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmdSpoolDir=$work/spool
TmpFS=$work/tmp
SlurmdPidFile=$work/spool/slurmd.pid
SlurmdLogFile=$work/log/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=l2l Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
} > "$work/etc/slurm.conf"
export SLURM_CONF=$work/etc/slurm.conf
wait_until 10 "munged's socket $work/munge/socket" test -S "$work/munge/socket"
slurmctld -D > "$work/log/slurmctld.out" 2>&1 &
daemons+=("slurmctld $!")
slurmd -D -N "$node" > "$work/log/slurmd.out" 2>&1 &
daemons+=("slurmd $!")
node_idle() { [ "$(sinfo --noheader --format %t 2>/dev/null)" = idle ]; }
wait_until 30 "slurmctld and slurmd up, node $node idle" node_idle
say "Slurm $(sinfo --version | cut -d' ' -f2) up: node $node (2 CPUs), slurmctld port $ctld_port, slurmd port $slurmd_port"

export L2L=$l2l  # the launchers run the build under test
cd "$work/jobs"

# A job array of seeds 1 and 2 (25 generations, 1 rank): waits for it, then
# checks each task's file against the mpirun run of its seed.
#   check_array ID TASK FILE TASK FILE
check_array() {
  local id=$1 seed=1
  shift
  jobs_submitted+=("$id")
  wait_until 60 "array job $id ended" job_ended "$id"
  while [ $# -gt 0 ]; do
    local state
    state=$(job_field "${id}_$1" JobState)
    [ "$state" = COMPLETED ] || fail "array task ${id}_$1 ended $state"
    check_result "$2" "$work/ref/sphere_seed$seed.h5" 25 1
    seed=$((seed + 1))
    shift 2
  done
}

# ---- 1. a batch job, and a job array, against mpirun --------------------------
sphere=(--generations 25 --population 24 --benchmark.dimension 6 --quiet)
"$repo/jobscripts/l2l-mpirun" -n 2 run --config "$repo/examples/sphere_ga.toml" "${sphere[@]}" \
  --seed 5 --output "$work/ref/sphere_seed5.h5"
for seed in 1 2; do
  "$repo/jobscripts/l2l-mpirun" -n 1 run --config "$repo/examples/sphere_ga.toml" "${sphere[@]}" \
    --seed "$seed" --output "$work/ref/sphere_seed$seed.h5"
done

id=$(sbatch --parsable --ntasks=2 --job-name=sphere --output="%x_%j.log" \
       "$repo/jobscripts/l2l.sbatch" "$repo/examples/sphere_ga.toml" "${sphere[@]}" --seed 5)
jobs_submitted+=("$id")
say "submitted job $id: sbatch jobscripts/l2l.sbatch examples/sphere_ga.toml ${sphere[*]} --seed 5 (2 ranks)"
wait_until 60 "job $id ended" job_ended "$id"
say "job $id: $(job_field "$id" JobState), exit code $(job_field "$id" ExitCode)"
[ "$(job_field "$id" JobState)" = COMPLETED ] || fail "job $id ended $(job_field "$id" JobState)"
check_result "results/sphere_ga_$id.h5" "$work/ref/sphere_seed5.h5" 25 2

# The environment hooks, with a `module` of the setup file's own that logs its calls.
cat > "$work/jobs/l2l-env.sh" <<EOF
module() { echo "module \$*" >> "$work/jobs/module_calls.txt"; }
echo "l2l-env.sh: sourced"
EOF
id=$(L2L_SETUP="$work/jobs/l2l-env.sh" L2L_MODULES="openmpi/4.1 hdf5/1.10" L2L_SRUN_MPI=default \
     sbatch --parsable --ntasks=2 --job-name=hooks --output="%x_%j.log" \
       "$repo/jobscripts/l2l.sbatch" "$repo/examples/sphere_ga.toml" "${sphere[@]}" --seed 5 --farm.master_evaluates)
jobs_submitted+=("$id")
say "submitted job $id: L2L_SETUP=l2l-env.sh L2L_MODULES='openmpi/4.1 hdf5/1.10' L2L_SRUN_MPI=default sbatch ... --farm.master_evaluates"
wait_until 60 "job $id ended" job_ended "$id"
[ "$(job_field "$id" JobState)" = COMPLETED ] || fail "job $id ended $(job_field "$id" JobState)"
grep -q '^l2l-env.sh: sourced$' "hooks_$id.log" || fail "hooks_$id.log: L2L_SETUP was not sourced"
[ "$(cat module_calls.txt)" = "module load openmpi/4.1 hdf5/1.10" ] || fail "module calls: '$(cat module_calls.txt)'"
grep -q 'l2l.sbatch .*: srun (MpiDefault) ' "hooks_$id.log" || fail "hooks_$id.log: srun was not run without --mpi"
check_result "results/sphere_ga_$id.h5" "$work/ref/sphere_seed5.h5" 25 2

array=$(sbatch --parsable --array=1-2 --ntasks=1 --output="%x_%A_%a.log" --job-name=array \
          "$repo/jobscripts/l2l-array.sbatch" "$repo/examples/sphere_ga.toml" -- "${sphere[@]}")
say "submitted array job $array: sbatch --array=1-2 jobscripts/l2l-array.sbatch examples/sphere_ga.toml -- ${sphere[*]}"
check_array "$array" 1 results/sphere_ga_seed1.h5 2 results/sphere_ga_seed2.h5

# The job array `l2l sweep --slurm` writes: one task per combination (here two seeds).
"$l2l" sweep --config "$repo/examples/sphere_ga.toml" --vary seed=1,2 --dir sweep --slurm \
  --jobscripts "$repo/jobscripts" -- "${sphere[@]}" > sweep.out
sweep=$(sbatch --parsable --ntasks=1 sweep/sweep.sbatch)
say "submitted array job $sweep: sbatch sweep/sweep.sbatch (l2l sweep --vary seed=1,2 --slurm)"
check_array "$sweep" 0 sweep/run_000.h5 1 sweep/run_001.h5

# ---- 2. preemption: interrupt, requeue, resume ---------------------------------
gens=300  # with 4 tasks per evaluation (~8 generations a second here), no attempt finishes between two of the test's looks
mountaincar=(--generations "$gens" --snn.tasks 4 --target_fitness inf --seed 3)
"$repo/jobscripts/l2l-mpirun" -n 2 run --config "$repo/examples/mountaincar_ga.toml" "${mountaincar[@]}" \
  --quiet --output "$work/ref/mountaincar.h5"
say "reference: the uninterrupted Mountain Car run under mpirun, $gens generations"

id=$(L2L_MAX_REQUEUES=2 sbatch --parsable --ntasks=2 --job-name=mountaincar --output="%x_%j.log" \
       "$repo/jobscripts/l2l.sbatch" "$repo/examples/mountaincar_ga.toml" "${mountaincar[@]}" \
       --output "$work/jobs/mountaincar.h5")
jobs_submitted+=("$id")
say "submitted job $id: sbatch jobscripts/l2l.sbatch examples/mountaincar_ga.toml ${mountaincar[*]} --output mountaincar.h5"

log=mountaincar_$id.log
wait_until 60 "job $id at generation 10" logged_generation "$log" 10
scancel --signal=USR1 --batch "$id"
say "job $id at generation >= 10: scancel --signal=USR1 --batch $id"
wait_until 60 "job $id requeued after USR1" restarts_are "$id" 1
interrupted_at=$(generations mountaincar.h5)
[ "$(attribute mountaincar.h5 status)" = interrupted ] || fail "after USR1 the file's status is '$(attribute mountaincar.h5 status)', expected interrupted"
[ -f mountaincar.h5.ckpt ] || fail "after USR1 there is no checkpoint mountaincar.h5.ckpt"
say "job $id requeued itself: file interrupted at $interrupted_at generations, checkpoint written; state $(job_field "$id" JobState)"
[ "$interrupted_at" -lt "$gens" ] || fail "the run had already finished when USR1 came"

wait_until 60 "resumed job $id at generation $((interrupted_at + 10))" logged_generation "$log" $((interrupted_at + 10))
scontrol requeue "$id"
say "job $id resumed and at generation >= $((interrupted_at + 10)): scontrol requeue $id"
wait_until 60 "job $id requeued by scontrol requeue" restarts_are "$id" 2
wait_until 60 "job $id at generation $((interrupted_at + 20)) again" logged_generation "$log" $((interrupted_at + 20))
scancel --signal=USR1 --batch "$id"
say "job $id (requeued twice, L2L_MAX_REQUEUES=2) at generation >= $((interrupted_at + 20)): scancel --signal=USR1 --batch $id"
wait_until 60 "job $id ended at the requeue cap" job_ended "$id"
say "job $id: $(job_field "$id" JobState) after $(job_field "$id" Restarts) requeues, exit code $(job_field "$id" ExitCode)"
[ "$(job_field "$id" Restarts)" = 2 ] || fail "job $id was requeued past L2L_MAX_REQUEUES=2"
[ "$(job_field "$id" ExitCode)" = 3:0 ] || fail "job $id: exit code $(job_field "$id" ExitCode), expected 3 (interrupted)"
grep -q 'not requeueing: the job has been requeued 2 time(s), L2L_MAX_REQUEUES=2' "$log" ||
  fail "$log: no message about the requeue cap"
[ "$(generations mountaincar.h5)" -lt "$gens" ] || fail "the run had already finished when the third USR1 came"
[ "$(grep -c -- '^l2l.sbatch .*: run interrupted' "$log")" = 3 ] || fail "$log: expected three interrupted attempts"
[ "$(grep -c -- '^l2l.sbatch .* run --config .* --resume$' "$log")" = 2 ] ||
  fail "$log: expected two attempts run with --resume"
[ "$(grep -c -- '^l2l.sbatch .*: job [0-9]*, attempt [123],' "$log")" = 3 ] || fail "$log: expected the log of all three attempts"
grep 'l2l.sbatch' "$log" | sed 's/^/    /'

# As the log says: submit again with the same --output to resume.
id=$(sbatch --parsable --ntasks=2 --job-name=mountaincar --output="%x_%j.log" \
       "$repo/jobscripts/l2l.sbatch" "$repo/examples/mountaincar_ga.toml" "${mountaincar[@]}" \
       --output "$work/jobs/mountaincar.h5")
jobs_submitted+=("$id")
say "submitted job $id with the same --output"
wait_until 90 "job $id ended" job_ended "$id"
[ "$(job_field "$id" JobState)" = COMPLETED ] || fail "job $id ended $(job_field "$id" JobState)"
grep -q -- '^l2l.sbatch .* run --config .* --resume$' "mountaincar_$id.log" || fail "job $id did not resume"
check_result mountaincar.h5 "$work/ref/mountaincar.h5" "$gens" 2
say "PASS"
