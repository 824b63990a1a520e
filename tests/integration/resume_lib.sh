# Shared by the checkpoint/resume tests: sourced, after `l2l` and `source_dir` are set.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# enter_work_folder: a temporary folder for the test's files, removed on exit; sets $work.
enter_work_folder() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cd "$work"
}
results_tool() { /usr/bin/python3 "$source_dir/tests/integration/results_tool.py" "$@"; }

# expect_exit CODE COMMAND...: runs COMMAND, fails the test unless it exits with CODE.
expect_exit() {
  local want=$1 got=0
  shift
  "$@" || got=$?
  if [ "$got" != "$want" ]; then echo "FAIL: exit $got, expected $want: $*" >&2; exit 1; fi
}

# start_job LOG COMMAND...: runs COMMAND in the background in a session of its
# own (so kill_job takes the whole job down: mpirun puts each rank in a process
# group of its own, but they stay in its session); sets $job.
start_job() {
  local log=$1
  shift
  setsid "$@" > "$log" 2>&1 &
  job=$!
}
kill_job() {
  local pids
  pids=$(ps -o pid= -s "$1" || true)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  while ps -o stat= -s "$1" | grep -qv Z; do sleep 0.01; done  # until every rank is gone
}

status_of() { results_tool attr "$1" status; }

# wait_for_log LOG REGEX: until the job's log matches (e.g. "gen +5/": generation 5 is done).
wait_for_log() {
  for _ in $(seq 3000); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.01; done
  echo "FAIL: '$2' never appeared in $1" >&2; cat "$1" >&2; exit 1
}

rank_pid() {  # rank_pid MPIRUN_PID RANK: the pid of that rank among mpirun's children
  local pid
  for pid in $(pgrep -P "$1"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$2"; then echo "$pid"; return; fi
  done
  echo "FAIL: no rank $2 under mpirun $1" >&2; exit 1
}
