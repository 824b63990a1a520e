#!/usr/bin/env bash
# l2l replay --save-genome / --genome-file: a genome saved from a run and replayed
# from that file alone gives the fitness and the per-episode results of the replay
# from the results file (an SNN run, with held-out episodes, and a benchmark
# run); a missing, foreign, damaged or inconsistent genome file and bad option
# combinations exit 2 with a message naming the problem.
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/integration/expect_lib.sh"

# SNN run: replay the best from the results file and from the saved genome file.
"$l2l" run --config "$source_dir/examples/mountaincar_ga.toml" --generations 3 --population 8 --quiet \
  --snn.tasks 2 --output "$work/run.h5"
"$l2l" replay "$work/run.h5" --genome 1:3 --episodes 4 --save-genome "$work/genome.h5" > "$work/from_run.txt"
grep -q "identical" "$work/from_run.txt" || fail "replay from the results file is not identical"
grep -q "^# genome saved to $work/genome.h5" "$work/from_run.txt" || fail "no 'genome saved' line"
(cd "$work" && mv run.h5 moved_away.h5)   # the genome file must not need the results file
"$l2l" replay --genome-file "$work/genome.h5" --episodes 4 > "$work/from_genome.txt"
grep -q "identical" "$work/from_genome.txt" || fail "replay from the genome file is not identical"
diff <(grep -v '^#' "$work/from_run.txt") <(grep -v '^#' "$work/from_genome.txt") \
  || fail "per-episode results differ between the results file and the genome file"
diff <(grep '^# fitness' "$work/from_run.txt") <(grep '^# fitness' "$work/from_genome.txt") || fail "fitness lines differ"
/usr/bin/python3 - "$work/genome.h5" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["format"] in ("l2l genome", b"l2l genome"), f.attrs["format"]
assert int(f.attrs["generation"]) == 1 and int(f.attrs["individual"]) == 3
assert f["genome"].shape == f["gene_names"].shape == (315,), (f["genome"].shape, f["gene_names"].shape)
assert f["gene_names"][0] == b"w.in_vel->hidden[0,0]", f["gene_names"][0]
assert "mountaincar" in (f.attrs["optimizee_config"] if isinstance(f.attrs["optimizee_config"], str) else f.attrs["optimizee_config"].decode())
PY
# --record from a genome file names it as the source.
"$l2l" replay --genome-file "$work/genome.h5" --record "$work/record.h5" > /dev/null
/usr/bin/python3 -c "import sys, h5py; s = h5py.File(sys.argv[1], 'r').attrs['source']; assert (s if isinstance(s, str) else s.decode()) == sys.argv[2], s" \
  "$work/record.h5" "$work/genome.h5"
(cd "$work" && mv moved_away.h5 run.h5)

# Benchmark run (no SNN): the genome evaluated again from the genome file.
"$l2l" run --config "$source_dir/examples/sphere_ga.toml" --generations 3 --quiet --output "$work/sphere.h5"
"$l2l" replay "$work/sphere.h5" --save-genome "$work/sphere_genome.h5" > "$work/sphere_run.txt"
"$l2l" replay --genome-file "$work/sphere_genome.h5" > "$work/sphere_genome.txt"
grep -q identical "$work/sphere_genome.txt" || fail "benchmark replay from the genome file is not identical"
diff <(grep '^# fitness' "$work/sphere_run.txt") <(grep '^# fitness' "$work/sphere_genome.txt") || fail "benchmark fitness differs"

# Bad input: exit 2, files untouched.
expect_exit2 "missing genome file" "does not exist" "$l2l" replay --genome-file "$work/none.h5"
expect_exit2 "results file as genome file" "not an l2l genome file" "$l2l" replay --genome-file "$work/run.h5"
printf 'not hdf5' > "$work/garbage.h5"
expect_exit2 "garbage genome file" "not an HDF5 file" "$l2l" replay --genome-file "$work/garbage.h5"
cp "$work/genome.h5" "$work/short.h5"
/usr/bin/python3 -c "
import sys, h5py
with h5py.File(sys.argv[1], 'a') as f:
    names = f['gene_names'][:-1]
    del f['gene_names']
    f['gene_names'] = names" "$work/short.h5"
expect_exit2 "gene names of another length" "has 315 genes and /gene_names 314 names" "$l2l" replay --genome-file "$work/short.h5"
cp "$work/genome.h5" "$work/newer.h5"
/usr/bin/python3 -c "
import sys, h5py, numpy
with h5py.File(sys.argv[1], 'a') as f: f.attrs['format_version'] = numpy.int64(99)" "$work/newer.h5"
expect_exit2 "newer format version" "format_version 99" "$l2l" replay --genome-file "$work/newer.h5"
cp "$work/genome.h5" "$work/nan.h5"
/usr/bin/python3 -c "
import sys, h5py
with h5py.File(sys.argv[1], 'a') as f: f['genome'][5] = float('nan')" "$work/nan.h5"
expect_exit2 "non-finite gene" "gene 5" "$l2l" replay --genome-file "$work/nan.h5"
expect_exit2 "both a results file and a genome file" "not both" "$l2l" replay "$work/run.h5" --genome-file "$work/genome.h5"
expect_exit2 "neither" "not both or neither" "$l2l" replay
expect_exit2 "--genome with --genome-file" "excludes" "$l2l" replay --genome best --genome-file "$work/genome.h5"
before=$(md5sum < "$work/genome.h5")
expect_exit2 "existing --save-genome" "--save-genome" "$l2l" replay "$work/run.h5" --save-genome "$work/genome.h5"
[ "$(md5sum < "$work/genome.h5")" = "$before" ] || fail "an existing genome file was changed"
expect_exit2 "--save-genome from a genome file" "from a results file" \
  "$l2l" replay --genome-file "$work/genome.h5" --save-genome "$work/again.h5"
"$l2l" replay "$work/run.h5" --save-genome "$work/genome.h5" --force > /dev/null || fail "--force did not overwrite"
echo "genome file: ok"
