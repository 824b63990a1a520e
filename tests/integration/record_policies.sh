#!/usr/bin/env bash
# Every record.policy (full, every, best_and_state, none) on an ES run of the
# main job's SNN agent: the policy never changes the results (fitness
# identical across policies); a run killed with -9 and resumed equals an
# uninterrupted one bit for bit (the datasets a policy has are cut back to the
# checkpoint); 3 MPI ranks equal the serial run; `inspect`/`replay --genome`
# of a stored and of a rebuilt individual give the genome of the full-policy
# file and the recorded fitness exactly; a genome that was not recorded is
# refused with exit code 2.
#   record_policies.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

run=(run --config "$source_dir/examples/mountaincar_ga.toml" --optimizer es --seed 4 --generations 40 --population 10
     --snn.tasks 2 --snn.task_seeds individual --target_fitness 10 --record.every 3 --checkpoint_every 3)
# genome LINES: the gene values `inspect --genome` prints (header lines dropped).
genome() { "$l2l" inspect "$1" --genome "$2" | grep -v '^#'; }

for policy in full every best_and_state none; do
  "$l2l" "${run[@]}" --quiet --record.policy "$policy" --output "ref_$policy.h5"
  # kill -9 mid-run (the file may hold generations beyond the checkpoint), resume.
  start_job "$policy.log" "$l2l" "${run[@]}" --record.policy "$policy" --output "killed_$policy.h5"
  wait_for_log "$policy.log" "gen +10/"
  kill_job "$job"
  "$l2l" "${run[@]}" --quiet --record.policy "$policy" --output "killed_$policy.h5" --resume
  results_tool compare "ref_$policy.h5" "killed_$policy.h5"
done

# Ranks: the every policy on 3 ranks, resumed on 2 after SIGUSR1.
start_job np3.log mpirun -np 3 "$l2l" "${run[@]}" --record.policy every --output ranks.h5
wait_for_log np3.log "gen +7/"
kill -USR1 "$job"
expect_exit 3 wait "$job"
mpirun -np 2 "$l2l" "${run[@]}" --quiet --record.policy every --output ranks.h5 --resume
results_tool compare ref_every.h5 ranks.h5

# The policy does not change the results: fitness, failures, /best identical.
/usr/bin/python3 - ref_full.h5 ref_every.h5 ref_best_and_state.h5 ref_none.h5 <<'PY'
import sys, h5py, numpy as np
files = [h5py.File(p, "r") for p in sys.argv[1:]]
for name in ["generations/fitness", "generations/failures", "generations/outputs", "best/genome", "best/fitness"]:
    a = files[0][name][()]
    for f in files[1:]:
        assert np.array_equal(np.atleast_1d(a).view(np.uint8), np.atleast_1d(f[name][()]).view(np.uint8)), (name, f.filename)
every = files[1]["generations/genomes"]
assert every.shape == files[0]["generations/genomes"].shape
recorded = files[1]["generations/population_recorded"][()]
assert list(np.flatnonzero(recorded)) == list(range(0, every.shape[0], 3)), recorded
assert np.isnan(every[1]).all() and np.array_equal(every[3], files[0]["generations/genomes"][3])
assert "generations/genomes" not in files[2] and "generations/genomes" not in files[3]
assert "generations/state/mean" in files[2] and "generations/state/seed" in files[2]
assert "generations/state/mean" not in files[3]
print("fitness identical under every policy; populations stored where the policy says")
PY

# Stored and rebuilt individuals: the genome of the full file, the recorded fitness.
best_of_4=$(/usr/bin/python3 -c 'import h5py,sys; print(h5py.File(sys.argv[1],"r")["generations/best_index"][4])' ref_every.h5)
other=$(( (best_of_4 + 1) % 11 ))
[ "$(genome ref_every.h5 6:5)" = "$(genome ref_full.h5 6:5)" ]                          # stored population
[ "$(genome ref_every.h5 "4:$best_of_4")" = "$(genome ref_full.h5 "4:$best_of_4")" ]    # best of its generation
for file in ref_every.h5 ref_best_and_state.h5; do
  for spec in "4:$other" 4:0 7:3; do
    "$l2l" inspect "$file" --genome "$spec" > inspect.txt
    head -1 inspect.txt | grep -q "; genome rebuilt"
    [ "$(genome "$file" "$spec")" = "$(genome ref_full.h5 "$spec")" ]
  done
done
# replay: grep reads the whole output (pipefail: `grep -q` could stop the writer early).
for spec in 6:5 "4:$best_of_4" "4:$other" best; do
  "$l2l" replay ref_every.h5 --genome "$spec" > replay.txt
  grep -q "identical" replay.txt
done
"$l2l" replay ref_best_and_state.h5 --genome 9:4 > replay.txt
grep -q "identical" replay.txt
"$l2l" replay ref_none.h5 --genome best > replay.txt
grep -q "identical" replay.txt

# Not recorded: exit 2, saying what the file keeps.
expect_exit 2 "$l2l" inspect ref_none.h5 --genome 4:1 2> none.err
grep -q "was not recorded .*record.policy = none" none.err
expect_exit 2 "$l2l" replay ref_none.h5 --genome 4:1 2> none_replay.err
grep -q "was not recorded" none_replay.err

# record.outputs: auto (the default) keeps per-task results (the SNN files above
# all have /generations/outputs) and what the EnKF uses, and leaves out a
# benchmark's residuals; `all` keeps them, with identical fitness. A run begun
# with `all` and resumed without the option goes on storing them.
bench=(run --quiet --optimizee benchmark --benchmark.dimension 6 --population 8 --checkpoint_every 2
       --checkpoint_seconds 0)
"$l2l" "${bench[@]}" --generations 12 --optimizer ga --output ga_auto.h5
"$l2l" "${bench[@]}" --generations 12 --optimizer ga --record.outputs all --output ga_all.h5
"$l2l" "${bench[@]}" --generations 12 --optimizer enkf --output enkf_auto.h5
"$l2l" "${bench[@]}" --optimizer ga --record.outputs all --generations 5 --output ga_resumed.h5
"$l2l" "${bench[@]}" --generations 12 --optimizer ga --output ga_resumed.h5 --resume
results_tool compare ga_all.h5 ga_resumed.h5
/usr/bin/python3 - <<'PY'
import h5py, numpy as np
auto, full, enkf = (h5py.File(p, "r") for p in ("ga_auto.h5", "ga_all.h5", "enkf_auto.h5"))
assert "generations/outputs" not in auto, "auto kept a benchmark's residuals"
assert full["generations/outputs"].shape == (12, 8, 6), full["generations/outputs"].shape
assert enkf["generations/outputs"].shape[2] == 6, "auto dropped the EnKF's outputs"
assert np.array_equal(auto["generations/fitness"][()], full["generations/fitness"][()])
print("record.outputs: auto leaves out residuals, keeps the EnKF's; all keeps them; resume keeps the run's choice")
PY
echo "record policies: ok"
