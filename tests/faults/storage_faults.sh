#!/usr/bin/env bash
# Storage faults of a running job: each stops the run with exit 1 and one
# message (what failed, the errno text, the checkpoint, the resume command),
# never a crash (rc 139), and leaves a file + checkpoint that resume to the
# results of an uninterrupted run, bit for bit.
#   storage_faults.sh L2L SOURCE_DIR full_disk|disk_filled|read_only|deleted|replaced|lock_removed
# full_disk and disk_filled mount a small tmpfs, read_only uses chattr +i:
# both need root (exit 77, reported as skipped, where that is impossible).
set -euo pipefail
l2l=$1
source_dir=$2
scenario=$3
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

fail() { echo "FAIL: $*" >&2; exit 1; }
# logged LOG COMMAND...: runs COMMAND with its output in LOG (expect_exit's own message stays on stderr).
logged() { local log=$1; shift; "$@" > "$log" 2>&1; }
skip() { echo "SKIP: $*"; exit 77; }
# expect_log LOG REGEX: the job's log says it (the message of the fault).
expect_log() { grep -qE "$2" "$1" || { cat "$1" >&2; fail "'$2' not in $1"; }; }
# One error line, no HDF5 diagnostics, no crash.
one_message() {
  [ "$(grep -c '\[error\]' "$1")" = 1 ] || { cat "$1" >&2; fail "not exactly one error line in $1"; }
  if grep -q "HDF5-DIAG\|Segmentation" "$1"; then cat "$1" >&2; fail "HDF5 diagnostics or a crash in $1"; fi
}

# checkpoint_follows_file LOG FILE: the last good checkpoint holds every
# generation in the file but at most one (the checkpoint is written in the
# background: a write that fails while the next generation is appended is
# seen one generation later), so a resume recomputes at most that one besides
# the generation in flight.
checkpoint_follows_file() {
  local in_checkpoint in_file
  in_checkpoint=$(grep -oE "checkpoint [^ ]+ holds [0-9]+ generations" "$1" | grep -oE "[0-9]+ generations" | grep -oE "[0-9]+")
  in_file=$(results_tool read "$2" | grep -oE "[0-9]+ generations" | grep -oE "[0-9]+")
  [ "$in_checkpoint" -le "$in_file" ] && [ "$in_checkpoint" -ge $((in_file - 1)) ] ||
    fail "the checkpoint holds $in_checkpoint generations, $2 holds $in_file"
  echo "checkpoint: $in_checkpoint generations, results file: $in_file"
}

# stopped_with LOG FILE ERRNO_TEXT: the run stopped with one message naming the
# errno text, the last good checkpoint (following the file) and the resume
# command, and marked FILE failed.
stopped_with() {
  one_message "$1"
  expect_log "$1" "$3"
  expect_log "$1" "last good checkpoint $2.ckpt holds [0-9]+ generations"
  checkpoint_follows_file "$1" "$2"
  expect_log "$1" "resume with: .* --output $2 --resume"
  [ "$(status_of "$2")" = failed ] || fail "status $(status_of "$2"), expected failed"
}
# resumes_elsewhere FOLDER FILE RUN...: FILE and its checkpoint copied to FOLDER
# resume there (run options RUN...) to the results of the uninterrupted ref.h5.
resumes_elsewhere() {
  local folder=$1 file=$2
  shift 2
  mkdir "$folder"
  cp "$file" "$file.ckpt" "$folder/"
  "$l2l" "$@" --quiet --output "$folder/$(basename "$file")" --resume
  results_tool compare ref.h5 "$folder/$(basename "$file")"
}

# The main job's SNN optimizee, about 25 ms per generation: the fault is
# injected after a known generation (wait_for_log), the run notices it at the next
# (a checkpoint every generation, --checkpoint_seconds 0: its write meets the fault).
snn=(run --config "$source_dir/examples/mountaincar_ga.toml" --seed 3 --generations 60 --population 10
     --snn.tasks 2 --snn.task_seeds individual --target_fitness 10 --checkpoint_seconds 0)
# A cheap benchmark run with many genes (about 400 kB per generation): fills a 2 MB disk at generation 9 or so.
big=(run --optimizer ga --benchmark.dimension 500 --population 20 --generations 100 --seed 1 --checkpoint_seconds 0)

mount_tmpfs() {  # mount_tmpfs FOLDER SIZE
  [ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
  mkdir -p "$1"
  mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || skip "cannot mount a tmpfs here (mount -t tmpfs failed)"
  trap "umount '$work/$1' 2>/dev/null || true; rm -rf '$work'" EXIT
}

case $scenario in
full_disk)
# The run's own writes fill the disk: the free-space check stops it before a write fails.
"$l2l" "${big[@]}" --quiet --output ref.h5
mount_tmpfs small 2m
expect_exit 1 logged full.log "$l2l" "${big[@]}" --output small/run.h5
stopped_with full.log small/run.h5 "No space left on device"
resumes_elsewhere roomy small/run.h5 "${big[@]}"
;;
disk_filled)
# Another process fills the disk while the run writes: the HDF5 flush itself fails.
"$l2l" "${snn[@]}" --quiet --output ref.h5
mount_tmpfs small 20m
start_job filled.log "$l2l" "${snn[@]}" --output small/run.h5
wait_for_log filled.log "gen +5/"
dd if=/dev/zero of=small/filler bs=1M count=40 2>/dev/null || true
expect_exit 1 wait "$job"
one_message filled.log
expect_log filled.log "No space left on device"
expect_log filled.log "last good checkpoint small/run.h5.ckpt holds [0-9]+ generations"
checkpoint_follows_file filled.log small/run.h5
expect_log filled.log "resume with: .* --output small/run.h5 --resume"
resumes_elsewhere roomy small/run.h5 "${snn[@]}"
# On the full disk itself a resume refuses before touching the file.
cp small/run.h5 before_resume.h5
expect_exit 1 logged refused.log "$l2l" "${snn[@]}" --output small/run.h5 --resume
expect_log refused.log "cannot resume 'small/run.h5': No space left on device"
cmp -s before_resume.h5 small/run.h5 || fail "the refused resume changed small/run.h5"
timeout 20 "$l2l" inspect small/run.h5 > /dev/null || fail "inspect cannot read the file left on the full disk"
;;
read_only)
# The output folder turns read-only (immutable): the next checkpoint cannot be written.
"$l2l" "${snn[@]}" --quiet --output ref.h5
[ "$(id -u)" = 0 ] || skip "chattr +i needs root"
mkdir out
chattr +i out 2>/dev/null || skip "chattr +i is not supported on $(df --output=fstype . | tail -1) here"
chattr -i out
trap 'chattr -i "$work/out" 2>/dev/null || true; rm -rf "$work"' EXIT
start_job ro.log "$l2l" "${snn[@]}" --output out/run.h5
wait_for_log ro.log "gen +5/"
chattr +i out
expect_exit 1 wait "$job"
stopped=$(grep -oE "gen +[0-9]+/" ro.log | tail -1 | grep -oE "[0-9]+")
[ "$stopped" -le 9 ] || fail "the run went on to generation $stopped after the folder turned read-only at 5"
stopped_with ro.log out/run.h5 "Operation not permitted"
resumes_elsewhere elsewhere out/run.h5 "${snn[@]}"
chattr -i out
"$l2l" "${snn[@]}" --quiet --output out/run.h5 --resume
results_tool compare ref.h5 out/run.h5
;;
deleted)
# The results file is deleted mid-run: the run stops, nothing is written under that name again.
start_job deleted.log "$l2l" "${snn[@]}" --output run.h5
wait_for_log deleted.log "gen +5/"
rm run.h5
expect_exit 1 wait "$job"
one_message deleted.log
expect_log deleted.log "results file 'run.h5' was deleted or moved away"
expect_log deleted.log "Nothing more was written to 'run.h5'"
[ ! -e run.h5 ] || fail "run.h5 was written again after it was deleted"
;;
replaced)
# The results file is replaced by another run's file: that file is left untouched.
"$l2l" run --quiet --optimizer es --benchmark.dimension 4 --generations 20 --population 8 --output other.h5
cp other.h5 other_copy.h5
start_job replaced.log "$l2l" "${snn[@]}" --output run.h5
wait_for_log replaced.log "gen +5/"
cp other.h5 run.h5.new && mv run.h5.new run.h5
expect_exit 1 wait "$job"
one_message replaced.log
expect_log replaced.log "results file 'run.h5' was replaced by another file"
cmp -s other_copy.h5 run.h5 || fail "the other run's file was changed"
[ "$(status_of run.h5)" = finished ] || fail "the other run's status was rewritten"
;;
lock_removed)
# The lock file is removed and a --resume of the same file starts while the
# run writes: the resume refuses (the run still holds the lock on the file
# itself), the run stops before its next write, and the file resumes intact.
"$l2l" "${snn[@]}" --quiet --output ref.h5
start_job first.log "$l2l" "${snn[@]}" --output run.h5
wait_for_log first.log "gen +5/"
kill -STOP "$job"  # the first run, mid-generation, still holding the file
rm run.h5.lock     # after the stop: a running first run would notice it and end before the resume starts
expect_exit 2 logged second.log "$l2l" "${snn[@]}" --output run.h5 --resume
expect_log second.log "another l2l run is still writing 'run.h5'"
kill -CONT "$job"
expect_exit 1 wait "$job"
one_message first.log
expect_log first.log "lock file 'run.h5.lock' was removed or replaced"
expect_log first.log "resume.* --output run.h5 --resume"
"$l2l" "${snn[@]}" --quiet --output run.h5 --resume
results_tool compare ref.h5 run.h5
;;
*) echo "unknown scenario '$scenario'" >&2; exit 2 ;;
esac
echo "storage fault ($scenario): ok"
