#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then from that prefix only: the
# modulefile loads (environment-modules) and puts l2l on the PATH; the
# installed l2l runs an installed example (its network file found relative to
# the config) and bin/l2l-plot draws it; examples/own_optimizee_cpp
# builds against the installed package (find_package(l2l)), registers its
# optimizee `lif_fit` and runs it serially and on 2 MPI ranks with identical
# results in the HDF5 file.
#   install_package.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
prefix=$work/prefix
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
for f in bin/l2l bin/l2l-plot bin/l2l-replay-plot lib/cmake/l2l/l2lConfig.cmake lib/libl2l_run.a \
         include/l2l/optimizer/commands/program.hpp include/l2l/optimizer/run/optimizee_registry.hpp \
         share/l2l/jobscripts/l2l.sbatch share/l2l/python/l2l_results.py share/l2l/examples/networks/mountaincar_l2l.toml \
         share/doc/l2l/LICENSE share/doc/l2l/CITATION.cff share/doc/l2l/docs/architecture.md \
         share/l2l/modulefiles/l2l/0.1.0; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
[ "$(readlink "$prefix/bin/l2l-plot")" = ../share/l2l/tools/l2l-plot ] || fail "bin/l2l-plot is not a link to the tool"
grep -q "^set prefix $prefix\$" "$prefix/share/l2l/modulefiles/l2l/0.1.0" || fail "the modulefile does not name the prefix"
[ "$("$prefix/share/l2l/jobscripts/l2l-binary")" -ef "$prefix/bin/l2l" ] || fail "jobscripts/l2l-binary does not find the installed l2l"
echo "installed: $(find "$prefix" -type f | wc -l) files"
# The modulefile, loaded by environment-modules (scripts/install-deps --tests installs it).
[ -f /usr/share/modules/init/bash ] || fail "environment-modules is missing (scripts/install-deps --tests installs it)"
(
  set +u
  source /usr/share/modules/init/bash
  module use "$prefix/share/l2l/modulefiles"
  module load l2l/0.1.0 || fail "module load l2l/0.1.0"
  [ "$(command -v l2l)" = "$prefix/bin/l2l" ] || fail "after module load, l2l is '$(command -v l2l)'"
  [ "$L2L_JOBSCRIPTS" = "$prefix/share/l2l/jobscripts" ] && [ "$L2L" = "$prefix/bin/l2l" ] ||
    fail "after module load: L2L_JOBSCRIPTS=$L2L_JOBSCRIPTS L2L=$L2L"
  case ":$PYTHONPATH:" in *":$prefix/share/l2l/python:"*) ;; *) fail "PYTHONPATH=$PYTHONPATH" ;; esac
)

# The installed program and example, from another folder: network_file is relative to the config.
cd "$work"
"$prefix/bin/l2l" run --quiet --config "$prefix/share/l2l/examples/mountaincar_ga.toml" --generations 2 -o mc.h5
"$prefix/bin/l2l" inspect mc.h5 --no-config | grep -q 'optimizee.*snn' || fail "the installed example did not run"
# The tools through their links in bin/ (they find the installed Python reader).
"$prefix/bin/l2l-plot" mc.h5 -o mc.png > /dev/null
[ -s mc.png ] || fail "bin/l2l-plot wrote no figure"

# A user's program against the installed package.
cmake -S "$prefix/share/l2l/examples/own_optimizee_cpp" -B own -G Ninja -DCMAKE_PREFIX_PATH="$prefix" > own.log \
  || { cat own.log; fail "configuring the example against the installed package"; }
cmake --build own -j 2 >> own.log || { cat own.log; fail "building the example"; }
config=$prefix/share/l2l/examples/own_optimizee_cpp/lif_fit.toml
own/my_l2l run --quiet --config "$config" --generations 12 -o fit.h5
mpirun -np 2 own/my_l2l run --quiet --config "$config" --generations 12 -o fit_np2.h5
/usr/bin/python3 - <<'PY'
import h5py, numpy as np, tomllib
with h5py.File("fit.h5", "r") as f, h5py.File("fit_np2.h5", "r") as g:
    config = tomllib.loads(f.attrs["config"])
    assert config["optimizee"] == "lif_fit", config["optimizee"]
    names = [n.decode() if isinstance(n, bytes) else n for n in f["best/gene_names"][:]]
    assert names == ["tau_m", "C_m"], names
    fitness = f["generations/fitness"][:]
    assert fitness.shape[1] > 0 and np.all(fitness <= 0.0), fitness
    assert f["generations/outputs"].shape[2] == 3, f["generations/outputs"].shape
    assert g.attrs["mpi_size"] == 2
    for d in ["generations/fitness", "generations/genomes", "best/genome"]:
        assert np.array_equal(f[d][:], g[d][:]), d + " differs between 1 and 2 ranks"
    first, best = fitness[0].max(), f["best/fitness"][()]
    assert best >= first, (first, best)
    print(f"lif_fit: {fitness.shape[0]} generations, best fitness {first} -> {best}, serial = 2 ranks")
PY
own/my_l2l inspect fit.h5 --genome best | grep -q '^0,tau_m,' || fail "my_l2l inspect --genome best"
# The stock l2l does not know the user's optimizee: exit 2 naming the allowed ones.
set +e
message=$("$prefix/bin/l2l" run --config "$config" -o stock.h5 2>&1)
code=$?
set -e
[ $code -eq 2 ] || fail "stock l2l with optimizee lif_fit: exit $code, expected 2"
echo "$message" | grep -q "lif_fit.*allowed: benchmark, snn, command" || fail "stock l2l message: $message"
echo "install package: ok"
