#!/usr/bin/env bash
# End to end on a real single-host Slurm: starts munged, slurmctld and slurmd
# from a slurm.conf of its own in a temporary folder (own ports, own munge key
# and socket, own state; everything stopped on exit), then
#   1. sbatch jobscripts/l2l.sbatch (2 ranks, srun --mpi=pmix) on a small GA
#      benchmark run: finished, all generations, mpi_size 2, and bit-identical
#      to the same run under mpirun; jobscripts/l2l-array.sbatch on two seeds:
#      one file per seed, each identical to its mpirun run; the same two seeds
#      as the job array `l2l sweep --slurm` writes;
#   2. preemption: a Mountain Car GA job gets `scancel --signal=USR1 --batch`
#      (what --signal=B:USR1@300 sends before the time limit: the job step
#      checkpoints and the job requeues itself), then `scontrol requeue` (what
#      preemption by another job does: TERM to every rank); each time the
#      requeued job resumes, and the result is bit-identical to a run that was
#      never interrupted.
#   slurm_e2e.sh L2L REPO
# Exit 77 (ctest: skipped) when not root: the daemons need root.
set -euo pipefail
l2l=$1
repo=$2
started=$SECONDS
say() { printf '[%3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
budget=240  # seconds for the whole test, below ctest's TIMEOUT so that cleanup runs
# Polls COMMAND until it succeeds; fails after LIMIT seconds (or the budget).
wait_until() {
  local limit=$1 what=$2 t0=$SECONDS
  shift 2
  until "$@"; do
    [ $((SECONDS - t0)) -lt "$limit" ] || fail "$what: not within ${limit}s"
    [ $((SECONDS - started)) -lt "$budget" ] || fail "$what: the test's ${budget}s are over"
    sleep 0.2
  done
}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the Slurm end-to-end test starts munged, slurmctld and slurmd and must run as root"
  exit 77
fi
for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel sinfo setpriv \
            mpirun h5diff h5dump /usr/bin/python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps installs slurm-wlm and munge)"
done

# A short folder: munge's socket path must fit in 108 bytes.
work=$(mktemp -d /tmp/l2l-slurm.XXXXXX)
chmod 755 "$work"  # munged runs as the munge user
mkdir -p "$work"/{etc,state,spool,tmp,log,jobs,ref} "$work/munge"
daemons=()  # "name pid", stopped in reverse order
jobs_submitted=()

# Everything this test started goes away, also after a failure: the jobs, the
# daemons, and any job process left over (found by its working folder).
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  cd /
  if [ ${#jobs_submitted[@]} -gt 0 ]; then
    scancel "${jobs_submitted[@]}" 2>/dev/null || true
    for _ in $(seq 1 30); do
      [ -z "$(squeue --noheader 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  if [ $status -ne 0 ] && [ $status -ne 77 ]; then
    for f in "$work"/jobs/*.log "$work"/log/slurmctld.log "$work"/log/slurmd.log; do
      [ -f "$f" ] && { echo "---- $f (last 30 lines)"; tail -n 30 "$f"; }
    done
  fi
  local i name pid
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    read -r name pid <<< "${daemons[i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { echo "cleanup: $name ($pid) ignored TERM, killing it"; kill -KILL "$pid"; }
  done
  local proc cwd
  for proc in /proc/[0-9]*; do
    cwd=$(readlink "$proc/cwd" 2>/dev/null) || continue
    [ "${proc#/proc/}" = $$ ] && continue
    case "$cwd" in "$work"|"$work"/*)
      echo "cleanup: killing leftover process ${proc#/proc/} ($(tr '\0' ' ' < "$proc/cmdline"))"
      kill -KILL "${proc#/proc/}" 2>/dev/null || true ;;
    esac
  done
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
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

# munge: own key and socket, as the munge user.
chown munge:munge "$work/munge"
mungekey --create --keyfile="$work/munge/munge.key"
chown munge:munge "$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
setpriv --reuid=munge --regid=munge --init-groups \
  munged --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
         --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/seed" \
         --log-file="$work/log/munged.log" > "$work/log/munged.out" 2>&1 &
daemons+=("munged $!")

# cred_expire also sets how long a requeued job waits before it may start
# again (default 120 s); sched_interval how often pending jobs are looked at.
cat > "$work/etc/slurm.conf" <<EOF
ClusterName=l2le2e
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket,cred_expire=10
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
TmpFS=$work/tmp
SlurmctldPidFile=$work/state/slurmctld.pid
SlurmdPidFile=$work/spool/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
JobRequeue=1
KillWait=10
MinJobAge=600
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=l2l Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
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

# The value of one field (JobState, Restarts, ExitCode, ...) of a job.
job_field() { scontrol show job "$1" 2>/dev/null | grep -o "\b$2=[^ ]*" | head -n1 | cut -d= -f2; }
# Whether every job (array task) of ID has ended.
job_ended() {
  local states
  states=$(scontrol show job "$1" 2>/dev/null | grep -o '\bJobState=[^ ]*' | cut -d= -f2 | sort -u | tr '\n' ' ')
  case " $states" in
    " "|*" PENDING "*|*" RUNNING "*|*" CONFIGURING "*|*" COMPLETING "*|*" REQUEUE"*) return 1 ;;
  esac
}
restarts_are() { [ "$(job_field "$1" Restarts)" = "$2" ]; }
# Whether the latest attempt in a job's LOG has logged generation N (the log,
# not the live HDF5 file: a reader must not be in the way of a resume).
logged_generation() {
  local g
  g=$(awk '/l2l.sbatch.*attempt/ { section = "" } { section = section $0 "\n" } END { printf "%s", section }' \
        "$1" 2>/dev/null | sed -n 's/.* gen \([0-9]*\)\/.*/\1/p' | tail -n 1) || true
  [ "${g:-0}" -ge "$2" ]
}
attribute() { h5dump -a "$2" "$1" | sed -n 's/.*(0): *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p'; }
generations() { h5dump -H -d /generations/fitness "$1" | sed -n 's/.*DATASPACE *SIMPLE { ( *\([0-9]*\),.*/\1/p'; }
# The result of a Slurm run: finished, every generation, all ranks in one MPI
# world, and bit-identical to the reference run.
check_result() {
  local file=$1 ref=$2 gens=$3 ranks=$4 d
  [ -f "$file" ] || fail "no result file $file"
  [ "$(attribute "$file" status)" = finished ] || fail "$file: status is '$(attribute "$file" status)', expected finished"
  [ "$(generations "$file")" = "$gens" ] || fail "$file: $(generations "$file") generations, expected $gens"
  [ "$(attribute "$file" mpi_size)" = "$ranks" ] || fail "$file: mpi_size $(attribute "$file" mpi_size), expected $ranks"
  local datasets=(/generations/fitness /generations/genomes /generations/failures /generations/best
                  /generations/mean /best/genome /best/fitness /best/generation)
  h5dump -H -d /generations/outputs "$ref" >/dev/null 2>&1 && datasets+=(/generations/outputs)
  for d in "${datasets[@]}"; do
    h5diff -q "$ref" "$file" "$d" "$d" || fail "$file: $d differs from the mpirun run $ref"
  done
  say "$file: finished, $gens generations, mpi_size $ranks, identical to $(basename "$ref") in ${#datasets[@]} datasets"
}

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
gens=60
mountaincar=(--generations "$gens" --target_fitness inf --seed 3)
"$repo/jobscripts/l2l-mpirun" -n 2 run --config "$repo/examples/mountaincar_ga.toml" "${mountaincar[@]}" \
  --quiet --output "$work/ref/mountaincar.h5"
say "reference: the uninterrupted Mountain Car run under mpirun, $gens generations"

id=$(sbatch --parsable --ntasks=2 --job-name=mountaincar --output="%x_%j.log" \
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
wait_until 60 "job $id ended" job_ended "$id"
say "job $id: $(job_field "$id" JobState) after $(job_field "$id" Restarts) requeues, exit code $(job_field "$id" ExitCode)"
[ "$(job_field "$id" JobState)" = COMPLETED ] || fail "job $id ended $(job_field "$id" JobState)"
[ "$(grep -c -- '^l2l.sbatch .*: run interrupted' "$log")" = 2 ] || fail "$log: expected two interrupted attempts"
[ "$(grep -c -- '^l2l.sbatch .* run --config .* --resume$' "$log")" = 2 ] ||
  fail "$log: expected two attempts run with --resume"
[ "$(grep -c -- '^l2l.sbatch .*: job [0-9]*, attempt [123],' "$log")" = 3 ] || fail "$log: expected the log of all three attempts"
grep 'l2l.sbatch' "$log" | sed 's/^/    /'
check_result mountaincar.h5 "$work/ref/mountaincar.h5" "$gens" 2
say "PASS"
