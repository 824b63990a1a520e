# Shared by the Slurm end-to-end tests (slurm_e2e.sh on this host,
# tests/cluster/slurm_nodes.sh across namespaces): sourced. A Slurm of the
# test's own: munged with its own key and socket, slurm.conf in a temporary
# folder, daemons started by the test and stopped on exit.
#   slurm_setup [PREFIX]     needs root (else exit 77), checks the tools, makes
#                            $work (/tmp/PREFIX.XXXXXX; without PREFIX the
#                            $work there is) and its folders
#   start_munge              munged as the munge user, on $work/munge/socket
#   slurm_conf_common        the slurm.conf lines every test uses
#   slurm_cleanup STATUS     jobs cancelled, logs shown on failure, daemons
#                            stopped, leftover job processes killed
started=$SECONDS
say() { printf '[%3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
budget=${budget:-240}  # seconds for the whole test, below ctest's TIMEOUT so that cleanup runs
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

slurm_setup() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: the Slurm end-to-end tests start munged, slurmctld and slurmd and must run as root"
    exit 77
  fi
  for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel sinfo setpriv \
              mpirun h5diff h5dump /usr/bin/python3; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps installs slurm-wlm and munge)"
  done
  # A short folder: munge's socket path must fit in 108 bytes.
  [ $# -eq 0 ] || work=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$work"  # munged runs as the munge user
  mkdir -p "$work"/{etc,state,spool,tmp,log,jobs,ref} "$work/munge"
  daemons=()  # "name pid", stopped in reverse order
  jobs_submitted=()
}

start_munge() {
  chown munge:munge "$work/munge"
  mungekey --create --keyfile="$work/munge/munge.key"
  chown munge:munge "$work/munge/munge.key"
  chmod 400 "$work/munge/munge.key"
  setpriv --reuid=munge --regid=munge --init-groups \
    munged --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
           --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/seed" \
           --log-file="$work/log/munged.log" > "$work/log/munged.out" 2>&1 &
  daemons+=("munged $!")
}

# cred_expire also sets how long a requeued job waits before it may start
# again (default 120 s); sched_interval how often pending jobs are looked at.
slurm_conf_common() {
  cat <<EOF
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket,cred_expire=10
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmctldPidFile=$work/state/slurmctld.pid
SlurmctldLogFile=$work/log/slurmctld.log
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
EOF
}

# Everything the test started goes away, also after a failure: the jobs, the
# daemons, and any job process left over (found by its working folder).
slurm_cleanup() {
  local status=$1
  cd /
  if [ ${#jobs_submitted[@]} -gt 0 ]; then
    scancel "${jobs_submitted[@]}" 2>/dev/null || true
    for _ in $(seq 1 30); do
      [ -z "$(squeue --noheader 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    for f in "$work"/jobs/*.log "$work"/log/slurm*.log; do
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
}

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
