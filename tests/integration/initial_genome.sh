#!/usr/bin/env bash
# `initial_genome`: a run started from a genome file (l2l replay --save-genome)
# has that genome in generation 0 (the GA's first individual, the ES mean) and
# in /initial_genome, and is bit-identical fresh and resumed (the resume does
# not read the file again: it is moved away first); a file that does not fit
# and an optimizer without a starting point exit 2 naming the option.
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tool=(/usr/bin/python3 "$source_dir/tests/integration/results_tool.py")
source "$source_dir/tests/integration/expect_lib.sh"

# The genome: the best of a short sphere run.
"$l2l" run --config "$source_dir/examples/sphere_ga.toml" --generations 4 --quiet --output "$work/first.h5"
"$l2l" replay "$work/first.h5" --save-genome "$work/start.genome.h5" > /dev/null

for optimizer in ga openai_es; do
  run=(run --config "$source_dir/examples/sphere_ga.toml" --optimizer "$optimizer" --seed 9 --population 12
       --record.policy every --record.every 2 --initial_genome "$work/start.genome.h5" --quiet)
  "$l2l" "${run[@]}" --generations 6 --output "$work/${optimizer}_fresh.h5"
  "$l2l" "${run[@]}" --generations 3 --output "$work/${optimizer}_resumed.h5"
  mv "$work/start.genome.h5" "$work/moved.genome.h5"  # the resume must not need the file
  "$l2l" "${run[@]}" --generations 6 --output "$work/${optimizer}_resumed.h5" --resume
  mv "$work/moved.genome.h5" "$work/start.genome.h5"
  "${tool[@]}" compare "$work/${optimizer}_fresh.h5" "$work/${optimizer}_resumed.h5" \
    || fail "$optimizer: fresh and resumed runs from initial_genome differ"
  /usr/bin/python3 - "$work/${optimizer}_fresh.h5" "$work/start.genome.h5" "$optimizer" <<'PY'
import sys, h5py, numpy as np
run, genome, optimizer = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")["genome"][()], sys.argv[3]
assert np.array_equal(run["initial_genome"][()], genome), "/initial_genome is not the file's genome"
if optimizer == "ga":
    first = run["generations/genomes"][0]
    assert np.array_equal(first[0], genome), "GA generation 0 does not start with the genome"
    assert not any(np.array_equal(g, genome) for g in first[1:]), "GA: a copy was not mutated"
else:
    assert np.array_equal(run["generations/state/mean"][0], genome), "ES mean of generation 0 is not the genome"
config = run.attrs["config"]
config = config if isinstance(config, str) else config.decode()
assert "initial_genome = " in config and "start.genome.h5" in config, "the config attribute lacks initial_genome"
PY
done

# Without initial_genome the same run starts elsewhere (the option is not inert).
"$l2l" run --config "$source_dir/examples/sphere_ga.toml" --seed 9 --population 12 --generations 1 --quiet \
  --output "$work/cold.h5"
/usr/bin/python3 -c "import sys, h5py, numpy as np; f = h5py.File(sys.argv[1], 'r'); \
assert 'initial_genome' not in f and not np.array_equal(f['generations/genomes'][0][0], h5py.File(sys.argv[2], 'r')['genome'][()])" \
  "$work/cold.h5" "$work/start.genome.h5"

# Errors: exit 2, naming the option and the value.
base=(run --config "$source_dir/examples/sphere_ga.toml" --generations 2 --quiet)
expect_exit2 "missing file" "initial_genome = $work/none.genome.h5" \
  "$l2l" "${base[@]}" --initial_genome "$work/none.genome.h5" --output "$work/e1.h5"
expect_exit2 "other length" "the file holds 10 genes, optimizee sphere has 3" \
  "$l2l" "${base[@]}" --benchmark.dimension 3 --initial_genome "$work/start.genome.h5" --output "$work/e2.h5"
expect_exit2 "out of bounds" "is outside its bounds; allowed: \[-1, 1\]" \
  "$l2l" "${base[@]}" --benchmark.lower -1 --benchmark.upper 1 --initial_genome "$work/start.genome.h5" --output "$work/e3.h5"
expect_exit2 "grid" "optimizer = grid cannot start from a genome" \
  "$l2l" "${base[@]}" --optimizer grid --initial_genome "$work/start.genome.h5" --output "$work/e4.h5"
for f in e1 e2 e3 e4; do [ ! -e "$work/$f.h5" ] || fail "$f: a results file was written for a refused run"; done
echo "initial_genome: generation 0 from the genome, fresh = resumed, errors exit 2"
