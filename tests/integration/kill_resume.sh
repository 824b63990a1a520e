#!/usr/bin/env bash
# kill -9 of a whole job (mpirun and every rank, at the same instant) at a
# random moment, RUNS times: every results file left behind is readable (h5py
# with swmr=True as it is; h5dump and plain h5py after `h5clear -s`, since
# HDF5 1.10 marks a file open for writing until its writer closes it), and
# every run resumed from its checkpoint, on a random rank count, ends
# bit-identical to a run that was never killed.
#   kill_resume.sh L2L SOURCE_DIR [RUNS] [SEED] [GENERATIONS]
# Kill moments are uniform over the time a 2-rank mpirun of the run takes
# (start-up included), so most fall inside the run when GENERATIONS is large.
set -euo pipefail
l2l=$1
source_dir=$2
runs=${3:-20}
RANDOM=${4:-1}
generations=${5:-40}
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

run=(run --quiet --config "$source_dir/examples/mountaincar_ga.toml" --seed 11 --generations "$generations" --population 10
     --snn.tasks 2 --snn.task_seeds individual --target_fitness 10)
"$l2l" "${run[@]}" --output ref.h5
start=$(date +%s.%N)
mpirun -np 2 "$l2l" "${run[@]}" --output timing.h5
run_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

launch() {  # launch RANKS ARGS...: serial l2l for 0 ranks, else mpirun -np RANKS
  local ranks=$1
  shift
  if [ "$ranks" -eq 0 ]; then "$l2l" "$@"; else mpirun -np "$ranks" "$l2l" "$@"; fi
}

readable=0 no_file=0 no_checkpoint=0 finished_first=0 identical=0
declare -a at_generation=()
for i in $(seq "$runs"); do
  out=run$i.h5
  ranks=$((RANDOM % 4))
  # Uniform over the launch and the run.
  delay=$(awk -v r="$RANDOM" -v t="$run_seconds" 'BEGIN { printf "%.3f", r / 32767 * t }')
  if [ "$ranks" -eq 0 ]; then start_job "kill$i.log" "$l2l" "${run[@]}" --output "$out"
  else start_job "kill$i.log" mpirun -np "$ranks" "$l2l" "${run[@]}" --output "$out"; fi
  sleep "$delay"
  if ! kill -0 "$job" 2>/dev/null; then finished_first=$((finished_first + 1)); fi
  kill_job "$job"

  in_file=none
  if [ -e "$out" ]; then
    in_file=$(results_tool read "$out" | sed 's/.*: \([0-9]*\) generations.*/\1/')
    # l2l inspect tells a killed run (status running, lock free) from a live one.
    status=$("$l2l" inspect "$out" | sed -n 's/^status *//p')
    case $status in
      "running? no l2l process"*|finished) ;;
      *) echo "FAIL: l2l inspect $out after kill -9 says status '$status'" >&2; exit 1 ;;
    esac
    "$l2l" compare "$out" | grep -E " (killed\?|finished) " > /dev/null ||
      { echo "FAIL: l2l compare does not show $out as killed" >&2; exit 1; }
    cp "$out" copy.h5
    h5clear -s copy.h5
    h5dump copy.h5 > /dev/null
    # Read every dataset (visititems stops at the first callback that returns a value).
    /usr/bin/python3 -c "import h5py, sys; f = h5py.File(sys.argv[1], 'r'); f.visititems(lambda n, o: None if not isinstance(o, h5py.Dataset) or o[()] is None else None)" copy.h5
    readable=$((readable + 1))
  else
    no_file=$((no_file + 1))
  fi
  at_generation+=("$in_file")
  resume_ranks=$((RANDOM % 4))
  if [ -e "$out.ckpt" ]; then
    launch "$resume_ranks" "${run[@]}" --output "$out" --resume
  else  # killed before its first checkpoint: nothing to resume, start again
    no_checkpoint=$((no_checkpoint + 1))
    launch "$resume_ranks" "${run[@]}" --output "$out" --force
  fi
  results_tool compare ref.h5 "$out" > /dev/null
  identical=$((identical + 1))
  echo "run $i: $ranks ranks (0 = serial), killed after ${delay} s at ${in_file} generations; resumed on $resume_ranks ranks: identical"
done
echo "kill -9 test: $runs runs (${generations} generations; 2-rank run ${run_seconds} s); files left: $readable, all readable (h5py swmr, h5dump and h5py after h5clear -s); no file yet: $no_file; no checkpoint yet: $no_checkpoint; finished before the kill: $finished_first; resumed and identical: $identical of $runs"
echo "generations in the file when killed: ${at_generation[*]}"
