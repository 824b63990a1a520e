#!/usr/bin/env bash
# optimizee = "command" end to end, in process mode (a shell script per
# evaluation) or server mode (one Python server per rank): the serial run and
# mpirun with 2 and 3 ranks give bit-identical results (every dataset but the
# timing ones, the failure messages included); a run interrupted by a stop
# signal and resumed equals the uninterrupted one; the failure statuses, messages and
# kept working folders are those of the model's deliberate failures; no model
# process outlives its run.
#   command_runs.sh L2L SOURCE_DIR process|server
set -euo pipefail
l2l=$1
source_dir=$2
mode=$3
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

if [ "$mode" = process ]; then
  # GA, 2 tasks per evaluation with seeds per individual.
  run=(run --optimizee command --command.mode process --optimizer ga --population 6 --generations 6 --seed 11
       --command.argv /bin/sh "$source_dir/tests/integration/command_model.sh" "{x}" "{y}" "tag=$work"
       --command.tasks 2 --command.task_seeds individual --command.outputs 2 --eval_timeout 1
       --failure_fitness -99 --command.workdir "$work/runs.work")
  expected_failures="1 1 4|1 2 5|1 3 1|2 1 3"
  expected_message="exit status 3; task 0"
else
  # EnKF on the residual outputs.
  run=(run --optimizee command --command.mode server --optimizer enkf --population 6 --generations 6 --seed 11
       --command.argv /usr/bin/python3 "$source_dir/tests/integration/command_server.py" "tag=$work"
       --command.outputs 2 --eval_timeout 3 --failure_fitness -99 --command.workdir "$work/runs.work")
  expected_failures="1 1 5|1 2 4|1 3 1|2 1 3"
  expected_message="the command server ended before it answered: exit status 4"
fi
genes=(--command.genes "x=[-3, 3]" "y={ lower = -3, upper = 3 }")
leftovers() { pgrep -f -- "tag=$work" || true; }

"$l2l" "${run[@]}" "${genes[@]}" --quiet --output ref.h5 > ref.log 2>&1
for n in 2 3; do
  mpirun -np "$n" "$l2l" "${run[@]}" "${genes[@]}" --quiet --output "np$n.h5" > "np$n.log" 2>&1
  results_tool compare ref.h5 "np$n.h5"
done
[ -z "$(leftovers)" ] || { echo "FAIL: model processes left after the runs: $(leftovers)"; exit 1; }

# Failures: status per individual, one message each, the stderr in it; failed
# working folders kept (process mode), successful ones removed.
/usr/bin/python3 - ref.h5 "$expected_failures" "$expected_message" <<'PY'
import sys
import h5py
path, expected, message = sys.argv[1], sys.argv[2], sys.argv[3]
with h5py.File(path, "r") as f:
    statuses = f["generations/failures"][()]
    found = sorted((g, i, int(statuses[g, i])) for g, i in zip(*statuses.nonzero()))
    want = sorted(tuple(int(v) for v in item.split()) for item in expected.split("|"))
    assert found == want, f"failures {found}, expected {want}"
    log = list(zip(f["failures/generation"][()], f["failures/individual"][()], f["failures/status"][()]))
    assert sorted((int(g), int(i), int(s)) for g, i, s in log) == want, log
    messages = [m.decode() for m in f["failures/message"][()]]
    assert any(message in m for m in messages), messages
    fitness = f["generations/fitness"][()]
    assert all(fitness[g, i] == -99 for g, i, _ in want)
    info = f["generations/info/seed_mod"][()]
    assert info.shape == fitness.shape and (info[statuses == 0] >= 0).all()
    assert f["generations/outputs"].shape[2] == (4 if "process" in f.attrs["config"] else 2)
print(f"{path}: failures {want} stored with their messages")
PY
if [ "$mode" = process ]; then
  grep -q "model: exploding on purpose" ref.log
  [ -f runs.work/g1/i1/t0/genome.json ] || { echo "FAIL: the failed evaluation's folder is not kept"; exit 1; }
  [ ! -e runs.work/g0 ] || { echo "FAIL: successful working folders are left: $(ls runs.work/g0)"; exit 1; }
else
  grep -q "server: dying on purpose" ref.log
  [ ! -e runs.work ] || { echo "FAIL: the server folders are left: $(ls runs.work)"; exit 1; }
fi

# A stop signal in the middle (the model slowed down), then --resume on 2
# ranks: the same results. Serial: SIGTERM; 3 ranks: SIGUSR1 to mpirun (it forwards it).
if [ "$mode" = process ]; then
  start_job stop.log env MODEL_DELAY=0.03 "$l2l" "${run[@]}" "${genes[@]}" --output stopped.h5
  signal=TERM
else
  start_job stop.log env MODEL_DELAY=0.03 mpirun -np 3 "$l2l" "${run[@]}" "${genes[@]}" --output stopped.h5
  signal=USR1
fi
wait_for_log stop.log "gen +3/"
kill -"$signal" "$job"
expect_exit 3 wait "$job"
[ "$(status_of stopped.h5)" = interrupted ]
[ -z "$(leftovers)" ] || { echo "FAIL: model processes left after SIGTERM: $(leftovers)"; exit 1; }
mpirun -np 2 "$l2l" "${run[@]}" "${genes[@]}" --quiet --output stopped.h5 --resume > resume.log 2>&1
[ "$(status_of stopped.h5)" = finished ]
results_tool compare ref.h5 stopped.h5
echo "command runs ($mode): ok"
