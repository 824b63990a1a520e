# Sourced by the shell tests that check shipped genomes (arena_border_memory.sh,
# tmaze_tonic_readout.sh): check and cut_genes.
check() {  # label value op bound: prints ok/FAIL and fails unless value >= bound (ge) or <= bound (le)
  /usr/bin/python3 -c "import sys; v, b = float(sys.argv[2]), float(sys.argv[4]); ok = v >= b if sys.argv[3] == 'ge' else v <= b; print(('ok  ' if ok else 'FAIL ') + sys.argv[1] + f': {v} ' + ('>=' if sys.argv[3] == 'ge' else '<=') + f' {b}'); sys.exit(0 if ok else 1)" "$@"
}
cut_genes() {  # genome-in genome-out regex count: a copy with the genes whose names match set to 0
  /usr/bin/python3 - "$@" <<'PY'
import re, shutil, sys
import h5py
source, target, pattern, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
shutil.copyfile(source, target)
with h5py.File(target, "r+") as f:
    names = [n.decode() for n in f["gene_names"][:]]
    genes = f["genome"][:]
    cut = [i for i, name in enumerate(names) if re.fullmatch(pattern, name)]
    assert len(cut) == expected, (pattern, len(cut), expected)
    genes[cut] = 0.0
    f["genome"][...] = genes
    f["fitness"][0] = float("nan")  # changed genes: no recorded fitness for replay to check
PY
}
