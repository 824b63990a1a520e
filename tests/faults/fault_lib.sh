# Shared by the fault-injection tests: sourced after `l2l` and `source_dir` are set.
source "$source_dir/tests/integration/resume_lib.sh"

# enter_fault_folder: as enter_work_folder, and on exit (pass or fail) every
# process of the job started last is continued and killed, so no stopped rank
# is ever left behind.
enter_fault_folder() {
  work=$(mktemp -d)
  job=
  trap 'if [ -n "$job" ]; then pids=$(ps -o pid= -s "$job" || true); [ -z "$pids" ] || kill -CONT $pids 2>/dev/null || true; kill_job "$job"; fi; rm -rf "$work"' EXIT
  cd "$work"
}

# wait_job SECONDS: waits for $job to end; fails if it is still running after SECONDS. Sets $code.
wait_job() {
  local tenths=$(( $1 * 10 ))
  for _ in $(seq "$tenths"); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$job" 2>/dev/null; then
    echo "FAIL: the job still runs after $1 s:" >&2; ps -o pid,stat,cmd -s "$job" >&2; tail -20 "$log" >&2; exit 1
  fi
  code=0
  wait "$job" || code=$?
}

# no_process_left: fails if any process of $job's session is alive (zombies wait for init).
no_process_left() {
  for _ in $(seq 50); do ps -o stat= -s "$job" | grep -qv Z || return 0; sleep 0.1; done
  echo "FAIL: processes of the job survive:" >&2; ps -o pid,stat,cmd -s "$job" >&2; exit 1
}

# expect_log REGEX: fails unless the job's log ($log) matches.
expect_log() {
  grep -qE "$1" "$log" || { echo "FAIL: no line matching '$1' in $log:" >&2; cat "$log" >&2; exit 1; }
}

# closed_cleanly FILE: h5py opens FILE without swmr, which fails while HDF5
# still marks it open for writing (its writer never closed it).
closed_cleanly() {
  /usr/bin/python3 -c "import h5py, sys; h5py.File(sys.argv[1], 'r').close()" "$1" ||
    { echo "FAIL: $1 was not closed by its writer" >&2; exit 1; }
}
