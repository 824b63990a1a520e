#!/usr/bin/env bash
# snes, sepcma and openai_es through the real binary: the serial run and 1, 2
# and 4 (oversubscribed) MPI ranks give the same results file bit for bit,
# with the population sent encoded (a base per worker and generation, then an
# offset and sign per individual) and as whole genomes; a run stopped after 6
# generations and resumed to 12 equals an uninterrupted one; under
# record.policy best_and_state, `inspect --genome` rebuilds an individual from
# the noise table that equals the stored genome of the full file; bad options
# exit 2 naming the option, the value and what is allowed.
#   noise_table_runs.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
source "$source_dir/tests/integration/resume_lib.sh"
enter_work_folder

genome() { "$l2l" inspect "$1" --genome "$2" | grep -v '^#'; }
common=(run --quiet --seed 23 --benchmark.function rastrigin --benchmark.dimension 40 --noise_table_size 65536
        --checkpoint_every 2)
for optimizer in snes sepcma openai_es; do
  population=16  # OpenAI-ES; the top-level population is SNES's and sep-CMA-ES's too
  [ "$optimizer" = openai_es ] || population=12
  run=("${common[@]}" --optimizer "$optimizer" --population "$population"
       --openai_es.sigma 0.3 --openai_es.learning_rate 0.1)
  full=("${run[@]}" --record.policy full)
  "$l2l" "${full[@]}" --generations 12 --output "$optimizer.h5"
  for n in 1 2 4; do
    mpirun -np "$n" "$l2l" "${full[@]}" --generations 12 --output "$optimizer.np$n.h5"
    results_tool compare "$optimizer.h5" "$optimizer.np$n.h5"
  done
  mpirun -np 3 "$l2l" "${full[@]}" --generations 12 --farm.no-population_encoding --output "$optimizer.genomes.h5"
  results_tool compare "$optimizer.h5" "$optimizer.genomes.h5"
  # Resumed (on 2 ranks) after 6 generations.
  "$l2l" "${full[@]}" --generations 6 --output "$optimizer.resumed.h5"
  mpirun -np 2 "$l2l" "${full[@]}" --generations 12 --output "$optimizer.resumed.h5" --resume
  results_tool compare "$optimizer.h5" "$optimizer.resumed.h5"
  # Rebuilt from the recorded state: the genome of the full file.
  "$l2l" "${run[@]}" --generations 12 --record.policy best_and_state --output "$optimizer.state.h5"
  for spec in 3:1 7:4 11:2; do
    "$l2l" inspect "$optimizer.state.h5" --genome "$spec" | head -1 | grep -q "; genome rebuilt"
    [ "$(genome "$optimizer.state.h5" "$spec")" = "$(genome "$optimizer.h5" "$spec")" ]
  done
  # The Python reader does not build the table: it says so and names the command that does.
  /usr/bin/python3 - "$source_dir/python" "$optimizer.state.h5" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import l2l_results
run = l2l_results.open(sys.argv[2])
index = 2 if int(run._file["generations/best_index"][7]) != 2 else 3  # not the stored best
genome, why = run.individual(7, index)
assert genome is None and f"l2l inspect FILE --genome 7:{index}" in why, why
PY
  echo "$optimizer: serial = np 1, 2, 4 = whole genomes = resumed; rebuilt individuals = stored ones"
done

# Bad options: exit 2, naming the option, the value and what is allowed.
bad() {  # bad EXPECTED-TEXT OPTIONS...
  local text=$1
  shift
  expect_exit 2 "$l2l" run --generations 1 --output bad.h5 "$@" 2> bad.err
  grep -qF -- "$text" bad.err || { echo "FAIL: '$text' not in: $(cat bad.err)" >&2; exit 1; }
}
bad "noise_table_size = 10 is invalid: must be >= the number of genes (20)" \
  --optimizer snes --benchmark.dimension 20 --noise_table_size 10
bad "population = 7 is invalid: must be even and >= 2 for optimizer = openai_es" --optimizer openai_es --population 7
bad "sepcma.population = 1 is invalid: must be 0 (default) or >= 2" --optimizer sepcma --sepcma.population 1
bad "snes.population = 5 is invalid: must be even when snes.mirrored = true" \
  --optimizer snes --snes.mirrored --snes.population 5
bad "--optimizer: value 'sepcmaes' is not allowed; allowed: ga, es, enkf, cmaes, snes, sepcma, openai_es, random, grid" \
  --optimizer sepcmaes
bad "--openai_es.sigma: value -1 is not allowed; allowed: a finite number in [1e-300, 1e+300]" --optimizer openai_es --openai_es.sigma -1
echo "bad options: exit 2 with the option, the value and what is allowed"
