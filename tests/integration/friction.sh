#!/usr/bin/env bash
# What a new user tripped over (issue 19), each checked on the real binary:
#   friction.sh L2L SOURCE_DIR sweep|sweep_resume|resume|cli
# sweep         a 2x2 sweep ([sweep] table + --vary) end to end: index.csv, one file
#               per combination equal to the same `l2l run` by hand, a second start
#               skips them all, a heatmap of the sweep and of a grid run, the Slurm array
# sweep_resume  a sweep stopped by SIGINT resumes its runs, bit-identical to uninterrupted ones
# resume        `l2l run -o FILE --resume` takes the config from the checkpoint; the stored
#               config holds only the sections the run uses, and a file holding every
#               section still resumes, inspects and replays
# cli           CMA-ES honours --population; the lock file goes when a run ends; colour
#               only on a terminal (not NO_COLOR, not under mpirun); env names and
#               config sections both work; compare's elapsed time; neuron --help types
set -euo pipefail
l2l=$(realpath "$1")
source_dir=$(realpath "$2")
scenario=$3
python=/usr/bin/python3
tool="$python $source_dir/tests/integration/results_tool.py"
plot="$python $source_dir/tools/l2l-plot"
work=$(mktemp -d)
sweep_pid=
trap 'if [ -n "$sweep_pid" ]; then kill "$sweep_pid" 2> /dev/null || true; wait "$sweep_pid" 2> /dev/null || true; fi; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }
expect_exit() {  # code message-pattern command...
  local code=$1 pattern=$2 status=0
  shift 2
  "$@" > out 2> err || status=$?
  [ $status -eq "$code" ] && grep -q -- "$pattern" out err || {
    echo "FAIL: '$*' exited $status, expected $code with '$pattern'"; cat out err; exit 1; }
}
attr() { $tool attr "$1" "$2"; }
number_attr() { $python -c "import h5py, sys; print(h5py.File(sys.argv[1], 'r').attrs[sys.argv[2]])" "$1" "$2"; }

case $scenario in
sweep)
  cat > es.toml <<'EOF'
optimizer = "es"
generations = 6
population = 8
[benchmark]
function = "rastrigin"
dimension = 3
[sweep]
"es.sigma" = [0.05, 0.2]
EOF
  "$l2l" sweep --config es.toml --vary seed=1,2 --dir sw -j 2 > sweep.log
  cat sweep.log
  printf 'run,file,es.sigma,seed\n0,run_000.h5,0.05,1\n1,run_001.h5,0.05,2\n2,run_002.h5,0.2,1\n3,run_003.h5,0.2,2\n' \
    | cmp - sw/index.csv || { cat sw/index.csv; fail "index.csv"; }
  # Each file equals the same run made by hand, and says what it was.
  settings=("0.05 1" "0.05 2" "0.2 1" "0.2 2")
  for r in 0 1 2 3; do
    read -r sigma seed <<< "${settings[r]}"
    "$l2l" run --config es.toml --es.sigma "$sigma" --seed "$seed" --quiet --output "by_hand_$r.h5"
    [ "$($tool digest "sw/run_00$r.h5")" = "$($tool digest "by_hand_$r.h5")" ] || fail "run_00$r differs from the run by hand"
    [ "$(attr "sw/run_00$r.h5" status)" = finished ] || fail "run_00$r not finished"
    [ "$(number_attr "sw/run_00$r.h5" seed)" = "$seed" ] || fail "run_00$r seed"
    attr "sw/run_00$r.h5" config > "config_$r"
    grep -qx "sigma = $sigma" "config_$r" || fail "run_00$r config lacks sigma = $sigma"
    [ -s "sw/run_00$r.log" ] || fail "no log of run_00$r"
  done
  # Started again: nothing to do.
  "$l2l" sweep --config es.toml --vary seed=1,2 --dir sw > again.log
  [ "$(grep -c 'finished before; skipped' again.log)" -eq 4 ] || { cat again.log; fail "second start ran again"; }
  grep -q "4 of 4 runs finished, 0 failed" again.log || fail "second start summary"
  # Another sweep in the same folder is refused; a bad value stops the sweep before any run.
  expect_exit 2 "holds another sweep" "$l2l" sweep --config es.toml --vary seed=1,2,3 --dir sw
  expect_exit 2 "run_001 (es.sigma = 0.05, seed = -1)" "$l2l" sweep --config es.toml --vary seed=1,-1 --dir bad
  [ ! -e bad ] || fail "a refused sweep made its folder"
  expect_exit 2 "es.sigmaa: not an option of l2l run" "$l2l" sweep --config es.toml --vary es.sigmaa=1 --dir bad
  expect_exit 2 "only single-valued keys" "$l2l" sweep --config es.toml --vary grid.points=x0=3 --dir bad
  # l2l run takes the base values and ignores [sweep].
  "$l2l" run --config es.toml --quiet --output base.h5
  attr base.h5 config > base_config
  grep -qx "sigma = 0.1" base_config || fail "l2l run did not take the base es.sigma"
  # Heatmaps: the sweep (mean over nothing: 2 keys) and a grid run.
  $plot --heatmap sw/index.csv -o sweep.png
  $python - sweep.png <<'EOF'
import sys
import matplotlib.image as image
assert image.imread(sys.argv[1]).shape[0] >= 300
EOF
  "$l2l" run --optimizer grid --benchmark.dimension 3 --grid.points x0=5 --grid.points x1=4 --quiet --output grid.h5
  $plot --heatmap grid.h5 -o grid.png
  [ -s grid.png ] || fail "no grid heatmap"
  expect_exit 2 "needs a grid-search run" $plot --heatmap base.h5 -o x.png
  # The Slurm array: one task per run through jobscripts/l2l.sbatch.
  "$l2l" sweep --config es.toml --vary seed=1,2 --dir sw --slurm --jobscripts "$source_dir/jobscripts" > slurm.log
  grep -q "sbatch sw/sweep.sbatch" slurm.log || fail "no sbatch line"
  bash -n sw/sweep.sbatch
  grep -qx "#SBATCH --array=0-3" sw/sweep.sbatch || fail "array range"
  # Task 2's arguments, as the script expands them.
  SLURM_ARRAY_TASK_ID=2 bash -c "$(sed -n '/^runs=(/,/^)/p' sw/sweep.sbatch); "'eval "args=(${runs[$SLURM_ARRAY_TASK_ID]})"; printf "%s\n" "${args[@]}"' > task2
  printf -- '--es.sigma=0.2\n--seed=1\n--output\nsw/run_002.h5\n' | cmp - task2 || { cat task2; fail "task 2 arguments"; }
  echo "sweep: 4 runs equal to the runs by hand, index, skip on restart, heatmaps, Slurm array"
  ;;
sweep_resume)
  # Long enough to be stopped in the middle: 600 generations of 4 evaluations of 2 ms
  # (about 5 s; without the evaluation cost a tiny problem ends before it can be stopped).
  args=(--optimizer es --benchmark.dimension 2 --population 4 --generations 600 --benchmark.eval_seconds 0.002)
  "$l2l" sweep --vary seed=1,2 --dir sw -j 2 -- "${args[@]}" > first.log &
  sweep_pid=$!
  $tool wait sw/run_000.h5 5 120
  $tool wait sw/run_001.h5 5 120
  kill -INT "$sweep_pid"
  status=0
  wait "$sweep_pid" || status=$?
  sweep_pid=
  cat first.log
  [ $status -eq 3 ] || fail "the stopped sweep exited $status, expected 3"
  for r in 0 1; do
    [ "$(attr "sw/run_00$r.h5" status)" = interrupted ] || fail "run_00$r not interrupted"
  done
  "$l2l" sweep --vary seed=1,2 --dir sw -j 2 -- "${args[@]}" > second.log
  cat second.log
  [ "$(grep -c ' resumed: ' second.log)" -eq 2 ] || fail "the runs were not resumed"
  for r in 0 1; do
    "$l2l" run "${args[@]}" --seed $((r + 1)) --quiet --output "whole_$r.h5"
    $tool compare "whole_$r.h5" "sw/run_00$r.h5"
  done
  echo "sweep_resume: both runs interrupted, resumed, bit-identical to uninterrupted runs"
  ;;
resume)
  # Stopped at 4 of 10 generations, resumed with nothing but the output.
  "$l2l" run --config "$source_dir/examples/mountaincar_ga.toml" --generations 4 --seed 3 --quiet --output mc.h5
  "$l2l" run --output mc.h5 --resume --generations 10 --quiet
  "$l2l" run --config "$source_dir/examples/mountaincar_ga.toml" --generations 10 --seed 3 --quiet --output whole.h5
  $tool compare whole.h5 mc.h5
  # Options given anyway are still checked against the checkpoint.
  expect_exit 2 "seed (checkpoint 3, now 4)" "$l2l" run --output mc.h5 --resume --seed 4
  # (The example reads its network from snn.network_file, relative to examples/: the resume,
  # started elsewhere, took the tables its checkpoint holds.)
  # The stored config: the sections the run uses (top level, ga, snn, mountaincar, record, farm).
  attr mc.h5 config > config.toml
  for section in ga snn mountaincar record farm; do grep -q "^\[$section\]" config.toml || fail "[$section] missing"; done
  for section in es enkf cmaes grid benchmark command cartpole; do
    ! grep -q "^\[$section\]" config.toml || fail "[$section] stored though unused"
  done
  "$l2l" inspect mc.h5 > /dev/null
  "$l2l" replay mc.h5 --episodes 1 > /dev/null
  # A run and checkpoint of rev a2bc840 (config version 0, every section stored): resumed by
  # the checkpoint alone and with its whole command, equal to that l2l's uninterrupted run.
  legacy=eb1c652a6706462d4f6e1a4b61e8f7cee7b3ab3d086295eee64343b4bf3eee31
  for name in alone whole; do
    cp "$source_dir/tests/data/legacy_a2bc840/cmaes.h5" "$name.h5"
    cp "$source_dir/tests/data/legacy_a2bc840/cmaes.h5.ckpt" "$name.h5.ckpt"
  done
  "$l2l" run --output alone.h5 --resume --generations 20 --quiet
  "$l2l" run --optimizer cmaes --generations 20 -o whole.h5 --resume --quiet
  for name in alone whole; do
    [ "$($tool digest "$name.h5")" = $legacy ] || fail "the a2bc840 run resumed ($name) differs from that l2l's"
    "$l2l" inspect "$name.h5" > /dev/null
  done
  expect_exit 2 "cmaes.sigma0 (checkpoint 0.3, now 0.5)" "$l2l" run --output alone.h5 --resume --cmaes.sigma0 0.5
  echo "resume: from the checkpoint alone, bit-identical; only used sections stored; a2bc840 checkpoints resume"
  ;;
cli)
  # CMA-ES: --population is lambda (the log and the file agree); both keys differing: exit 2.
  "$l2l" run --optimizer cmaes --benchmark.dimension 10 --population 12 --generations 3 --output cm.h5 > cm.log
  grep -q "population 12," cm.log || { cat cm.log; fail "log population"; }
  $python -c "import h5py,sys; assert h5py.File(sys.argv[1])['generations/fitness'].shape == (3, 12)" cm.h5
  "$l2l" run --optimizer cmaes --benchmark.dimension 10 --generations 2 --output cm_default.h5 > cm_default.log
  grep -q "population 10 (4 + floor(3 ln n))" cm_default.log || { cat cm_default.log; fail "default lambda"; }
  expect_exit 2 "population = 12 and cmaes.population = 10 are both set and differ" \
    "$l2l" run --optimizer cmaes --population 12 --cmaes.population 10 --output cm_bad.h5
  # Its resume, with the same command or the checkpoint alone, keeps lambda 12 (the stored config says it).
  cp cm.h5 cm_resumed.h5 && cp cm.h5.ckpt cm_resumed.h5.ckpt
  "$l2l" run --optimizer cmaes --benchmark.dimension 10 --population 12 --generations 4 --output cm_resumed.h5 \
    --resume --quiet
  "$l2l" run --output cm_resumed.h5 --resume --generations 5 --quiet
  "$l2l" run --optimizer cmaes --benchmark.dimension 10 --population 12 --generations 5 --output cm_whole.h5 --quiet
  $tool compare cm_whole.h5 cm_resumed.h5 > /dev/null
  # The lock file goes when a run ends.
  [ ! -e cm.h5.lock ] && [ ! -e cm_default.h5.lock ] || fail "a finished run left its lock file"
  # Colour: on a terminal yes, with NO_COLOR or under mpirun (output to a file) no.
  esc=$(printf '\033')
  script -qec "$l2l run --generations 2 --output tty.h5" /dev/null > tty.log
  grep -q "$esc\[" tty.log || fail "no colour on a terminal"
  NO_COLOR=1 script -qec "$l2l run --generations 2 --output nocolor.h5" /dev/null > nocolor.log
  ! grep -q "$esc\[" nocolor.log || fail "colour despite NO_COLOR"
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    script -qec "mpirun --oversubscribe -np 2 $l2l run --generations 2 --output mpi.h5" /dev/null > mpi.log
  grep -q "finished: 2 generations" mpi.log || { cat mpi.log; fail "mpirun run"; }
  ! grep -q "$esc\[" mpi.log || fail "colour under mpirun"
  # Environments by registry name or config section.
  "$l2l" env rollout --env cartpole --episodes 1 | head -1 | grep -q "^# CartPole-v1" || fail "--env cartpole"
  "$l2l" env rollout --env CartPole-v1 --episodes 1 | head -1 | grep -q "^# CartPole-v1" || fail "--env CartPole-v1"
  expect_exit 2 "available: CartPole-v1 (cartpole)" "$l2l" env rollout --env pong
  "$l2l" run --config "$source_dir/examples/cartpole_es.toml" --snn.environment CartPole-v1 --generations 1 \
    --quiet --output cp.h5
  # compare: elapsed time from started to finished; without an end time (a killed run), it says so.
  ! "$l2l" compare cm.h5 | grep -q "no end time" || fail "compare of a finished run: no end time"
  $python - cm.h5 <<'EOF'
import sys
import h5py
with h5py.File(sys.argv[1], "a") as f:
    del f.attrs["finished"]
EOF
  "$l2l" compare cm.h5 | grep -q "no end time" || fail "compare without an end time"
  $python - cm.h5 <<'EOF'
import sys
import h5py
with h5py.File(sys.argv[1], "a") as f:
    f.attrs["started"] = "2026-11-30T10:00:00.250Z"
    f.attrs["finished"] = "2026-11-30T10:01:02.750Z"
EOF
  "$l2l" compare cm.h5 --csv | tail -1 | grep -q ",62.5$" || { "$l2l" compare cm.h5 --csv; fail "compare elapsed"; }
  # neuron --help: numbers typed FLOAT, defaults said per model.
  "$l2l" neuron --help > neuron_help
  ! grep -v -- "--model" neuron_help | grep -q "TEXT" || fail "neuron --help types a number TEXT"
  grep -q -- "--I_e FLOAT" neuron_help || fail "neuron --help: --I_e is not FLOAT"
  ! grep -q "default -[^0-9]" neuron_help || fail "neuron --help says 'default -'"
  grep -q "alif only, default" neuron_help || fail "neuron --help model-only defaults"
  echo "cli: CMA-ES population, lock removed, colour, env names, compare elapsed, neuron help"
  ;;
*)
  echo "unknown scenario $scenario"; exit 2 ;;
esac
