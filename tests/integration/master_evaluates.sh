#!/usr/bin/env bash
# farm.master_evaluates: on 2 and 3 MPI ranks rank 0 evaluates individuals too
# (each evaluation reports the pid of the l2l process that started it, so the
# file says which ranks evaluated), and the results are bit-identical to the
# serial run and to the runs without it.
#   master_evaluates.sh L2L
set -euo pipefail
l2l=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd "$work"
# A command model: the sphere in x, y; its parent (the evaluating l2l rank) as info.
cat > model.sh <<'SH'
#!/bin/sh
awk -v x="$1" -v y="$2" -v pid="$PPID" 'BEGIN { printf "{\"fitness\": %.17g, \"info\": {\"pid\": %d}}\n", -(x * x + (y - 1) * (y - 1)), pid }'
SH
args=(run --quiet --seed 4 --generations 3 --population 16 --optimizer ga --optimizee command
      --command.argv /bin/sh "$work/model.sh" "{x}" "{y}" --command.genes "x=[-3,3]" "y=[-3,3]")
"$l2l" "${args[@]}" -o serial.h5
for n in 2 3; do
  mpirun -np "$n" "$l2l" "${args[@]}" -o "np$n.h5"
  mpirun -np "$n" "$l2l" "${args[@]}" --farm.master_evaluates -o "np${n}_master.h5"
done
/usr/bin/python3 - <<'PY'
import h5py, numpy as np
def evaluators(name):
    with h5py.File(name, "r") as f:
        return len(np.unique(f["generations/info/pid"][:]))
with h5py.File("serial.h5", "r") as serial:
    for n in (2, 3):
        for name in (f"np{n}.h5", f"np{n}_master.h5"):
            with h5py.File(name, "r") as f:
                for d in ("generations/fitness", "generations/genomes", "best/genome"):
                    assert np.array_equal(serial[d][:], f[d][:]), f"{name}: {d} differs from the serial run"
        plain, master = evaluators(f"np{n}.h5"), evaluators(f"np{n}_master.h5")
        # Without the option only the n-1 workers evaluate; with it rank 0 as well.
        assert plain == n - 1, f"np={n}: {plain} processes evaluated, expected the {n - 1} workers"
        assert master == n, f"np={n} with farm.master_evaluates: {master} processes evaluated, expected {n}"
        print(f"np={n}: {plain} evaluating processes without farm.master_evaluates, {master} with it; "
              "fitness and genomes identical to the serial run")
PY
