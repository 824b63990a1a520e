#!/usr/bin/python3
"""python/l2l_results.py against the HDF5 values read with h5py directly, on
two short real runs: an external command (process mode, a log-scaled gene,
deliberate failures with messages, info) and ES on a benchmark function
(optimizer summary series, no command genes).
    l2l_results_check.py L2L SOURCE_DIR"""
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

l2l, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(source, "python"))
import l2l_results  # noqa: E402

work = tempfile.mkdtemp()
command_run = os.path.join(work, "command.h5")
subprocess.run([l2l, "run", "--quiet", "--optimizee", "command", "--optimizer", "ga", "--population", "6",
                "--generations", "3", "--seed", "4", "--failure_fitness", "-50", "--eval_timeout", "1",
                "--command.argv", "/bin/sh", os.path.join(source, "tests/integration/command_model.sh"), "{x}", "{y}",
                "--command.outputs", "2",
                "--command.genes", "x={ lower = 0.01, upper = 100, log = true }", "y=[-3, 3]",
                "--output", command_run], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
es_run = os.path.join(work, "es.h5")
subprocess.run([l2l, "run", "--quiet", "--optimizer", "es", "--benchmark.function", "rastrigin",
                "--benchmark.dimension", "3", "--generations", "5", "--population", "8", "--output", es_run],
               check=True)


def same(a, b):
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


with l2l_results.open(command_run) as run, h5py.File(command_run, "r") as f:
    assert run.generations == 3 and run.status == "finished" and run.optimizee == "command", run
    assert run.config["population"] == 6 and run.config["command"]["outputs"] == 2, run.config
    assert run.gene_names == ["x", "y"], run.gene_names
    assert same(run.fitness, f["generations/fitness"][()]) and same(run.genomes, f["generations/genomes"][()])
    assert same(run.failures, f["generations/failures"][()]) and same(run.outputs, f["generations/outputs"][()])
    assert same(run.info["seed_mod"], f["generations/info/seed_mod"][()])
    assert same(run.series["best"], f["generations/best"][()])
    # The model's values: x is searched as log10(x).
    assert run.gene_transforms() == [(True, 1.0), (False, 1.0)]
    assert np.allclose(run.model_genomes[..., 0], 10 ** f["generations/genomes"][..., 0])
    best = run.best
    assert best.fitness == f["best/fitness"][()] and best.generation == f["best/generation"][()]
    assert math.isclose(best.genes["x"], 10 ** f["best/genome"][0]) and best.genes["y"] == f["best/genome"][1]
    failures = run.failure_list()
    assert [(x.generation, x.individual, x.status) for x in failures] == [(1, 1, 4), (1, 2, 5), (1, 3, 1), (2, 1, 3)], failures
    assert failures[0].status_name == "command failed" and "model: exploding on purpose" in failures[0].message
    assert "not valid JSON" in failures[1].message and failures[3].status_name == "timeout"
    indices = run.best_indices()
    assert indices.shape == (3,) and all(run.failures[g, i] == 0 for g, i in enumerate(indices))

with l2l_results.open(es_run) as run:
    assert run.optimizer == "es" and run.gene_names == ["x0", "x1", "x2"] and run.outputs is None
    assert run.info == {} and run.failure_list() == []
    assert "es/sigma" in run.summary and len(run.summary["es/sigma"]) == 5
    assert run.best.genes == dict(zip(run.gene_names, run.best.genome.tolist()))

# record.policy best_and_state keeps seeds, not genomes: every individual rebuilt in
# Python equals, bit for bit, the genome the same run stored under record.policy full.
es_seeds = os.path.join(work, "es_seeds.h5")
subprocess.run([l2l, "run", "--quiet", "--optimizer", "es", "--benchmark.function", "rastrigin",
                "--benchmark.dimension", "3", "--generations", "5", "--population", "8", "--output", es_seeds,
                "--record.policy", "best_and_state"], check=True)
with l2l_results.open(es_run) as full, l2l_results.open(es_seeds) as seeds:
    assert seeds.record_policy == "best_and_state" and seeds.recorded_generations() == []
    rebuilt = 0
    for g in range(full.generations):
        for i in range(full.population_width):
            genome, origin = seeds.individual(g, i)
            assert genome is not None and same(genome, full.genomes_at(g)[i, :]), (g, i, origin)
            rebuilt += origin.startswith("rebuilt")
    assert rebuilt > full.generations * (full.population_width - 2), rebuilt

for bad, message in ((os.path.join(work, "none.h5"), "does not exist"), (__file__, "not an HDF5 file")):
    try:
        l2l_results.open(bad)
        raise AssertionError(f"{bad}: no error")
    except l2l_results.ResultsError as e:
        assert message in str(e), e
# tools/l2l-plot reads through the module.
subprocess.run([sys.executable, os.path.join(source, "tools/l2l-plot"), command_run, "--genes", "x,y",
                "-o", os.path.join(work, "command.png")], check=True, stdout=subprocess.DEVNULL)
assert os.path.getsize(os.path.join(work, "command.png")) > 10_000
subprocess.run(["rm", "-rf", work], check=True)
print("l2l_results: command and ES runs read as h5py reads them; failures with messages; l2l-plot ok")
