#!/usr/bin/python3
"""Results files l2l cannot trust, and seeds TOML cannot hold.

  bad_results_files.py L2L SOURCE_DIR

1. Wrong shapes: copies of a real SNN run's results file with one dataset
   rewritten by h5py (/generations/fitness 1-D, genomes of the wrong rank or
   gene count, generations that disagree between datasets, a missing dataset,
   /best/genome 2-D, /best/gene_bounds 1-D or of the wrong gene count).
   `l2l inspect` (overview, --csv, --genome), `compare` and `replay` must each exit 2 with one message naming the file, the dataset and
   the shape expected; no crash, no C++ exception text. The untouched file
   passes all of them (exit 0), and so does a file stripped of what older l2l
   versions did not write (units, description, /best/gene_bounds, finished).
2. Seed 18446744073709551615 (2^64-1, beyond TOML's signed 64-bit integers): a
   run interrupted after 2 generations and continued with --resume equals an
   uninterrupted run bit for bit; compare and inspect read both files and show
   the seed; the stored config, fed back with --config, gives the same run.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

l2l, source_dir = sys.argv[1], sys.argv[2]
SEED = "18446744073709551615"
failures = []


def run(args, cwd, expect=None):
    p = subprocess.run([l2l] + args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120)
    if expect is not None and p.returncode != expect:
        failures.append("l2l %s: exit %d, expected %d\n    %s" % (" ".join(args), p.returncode, expect,
                                                               p.stderr.strip()[-400:]))
    return p


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def rewrite(path, dataset, data):
    with h5py.File(path, "r+") as f:
        del f[dataset]
        if data is not None:
            f.create_dataset(dataset, data=data)


with tempfile.TemporaryDirectory() as work:
    os.symlink(os.path.join(source_dir, "examples", "networks"), os.path.join(work, "networks"))
    shutil.copy(os.path.join(source_dir, "examples", "mountaincar_ga.toml"), os.path.join(work, "mc.toml"))
    small = ["--config", "mc.toml", "--population", "4", "--quiet"]

    # 1. Wrong shapes.
    run(["run"] + small + ["--generations", "2", "-o", "good.h5"], work, 0)
    with h5py.File(os.path.join(work, "good.h5"), "r") as f:
        fitness = f["/generations/fitness"][()]
        genomes = f["/generations/genomes"][()]
        best = f["/generations/best"][()]
    g, p, d = genomes.shape
    broken = [
        # (name, dataset, new data, the message must contain)
        ("fitness_1d", "/generations/fitness", fitness.reshape(-1),
         "dataset /generations/fitness has shape [%d] (1-D); expected 2-D [generations, population]" % (g * p)),
        ("genomes_2d", "/generations/genomes", genomes.reshape(g, p * d),
         "dataset /generations/genomes has shape [%d, %d] (2-D); expected 3-D [generations, population, genes]"
         % (g, p * d)),
        ("genomes_genes", "/generations/genomes", genomes[:, :, :d - 1],
         "dataset /generations/genomes has shape [%d, %d, %d]; expected [generations, population, genes] with %d "
         "genes" % (g, p, d - 1, d)),
        ("generations_differ", "/generations/best", np.concatenate([best, best, best]),
         "dataset /generations/best holds %d generations but /generations/fitness holds %d" % (3 * g, g)),
        ("failures_missing", "/generations/failures", None, "dataset /generations/failures is missing"),
        ("best_genome_2d", "/best/genome", genomes[0], "dataset /best/genome has shape [%d, %d] (2-D); expected 1-D"
         % (p, d)),
        ("gene_bounds_1d", "/best/gene_bounds", np.zeros(2 * d),
         "dataset /best/gene_bounds has shape [%d] (1-D); expected 2-D [genes, 2]" % (2 * d)),
        ("gene_bounds_genes", "/best/gene_bounds", np.zeros((d - 1, 2)),
         "dataset /best/gene_bounds has shape [%d, 2]; expected [%d, 2]" % (d - 1, d)),
    ]
    commands = [["inspect"], ["inspect", "--csv"], ["inspect", "--genome", "best"], ["inspect", "--genome", "1:2"],
                ["compare"], ["replay"]]
    for command in commands:
        run(command + ["good.h5"], work, 0)
    for name, dataset, data, expect in broken:
        before = len(failures)
        path = name + ".h5"
        shutil.copy(os.path.join(work, "good.h5"), os.path.join(work, path))
        rewrite(os.path.join(work, path), dataset, data)
        for command in commands:
            p = run(command + [path], work, 2)
            what = "%s on %s" % (" ".join(command), name)
            check(p.stderr.count("error") == 1, "%s: not one error line: %s" % (what, p.stderr.strip()[-300:]))
            check(path + ": " + expect in p.stderr, "%s: the message does not say '%s: %s':\n    %s"
                  % (what, path, expect, p.stderr.strip()[-300:]))
            for crash in ("vector::", "_M_range_check", "terminate", "Aborted", "std::"):
                check(crash not in p.stderr, "%s: %s in the message" % (what, crash))
        print("%s  wrong shape %-20s %s" % ("ok" if len(failures) == before else "BAD", name, p.stderr.strip()[:160]))

    # A file of an l2l before the self-describing attributes: no units or
    # description, no /best/gene_bounds, no finished, fitness_meaning or
    # best_possible_fitness. Every command and the Python reader take it.
    before = len(failures)
    shutil.copy(os.path.join(work, "good.h5"), os.path.join(work, "old.h5"))
    with h5py.File(os.path.join(work, "old.h5"), "r+") as f:
        del f["/best/gene_bounds"]
        for name in ("finished", "fitness_meaning", "best_possible_fitness"):
            del f.attrs[name]
        described = []
        f.visititems(lambda name, obj: described.append(obj) if isinstance(obj, h5py.Dataset) else None)
        for dataset in described:
            del dataset.attrs["units"]
            del dataset.attrs["description"]
    for command in commands + [["inspect", "--datasets"]]:
        run(command + ["old.h5"], work, 0)
    sys.path.insert(0, os.path.join(source_dir, "python"))
    import l2l_results
    with l2l_results.open(os.path.join(work, "old.h5")) as old:
        check(old.gene_bounds is None and old.finished is None and old.fitness_meaning == ""
              and old.best_possible_fitness is None and old.generations == g
              and set(old.describe().values()) == {("", "")},
              "l2l_results on a file without the self-describing attributes")
    print("%s  file of an older l2l (no units, bounds, finished): inspect, compare, replay, l2l_results read it"
          % ("ok" if len(failures) == before else "BAD"))

    # 2. Seed 2^64-1: resume and the stored config.
    seeded = small + ["--seed", SEED]
    run(["run"] + seeded + ["--generations", "4", "-o", "full.h5"], work, 0)
    run(["run"] + seeded + ["--generations", "2", "-o", "part.h5"], work, 0)
    p = run(["run"] + seeded + ["--generations", "4", "-o", "part.h5", "--resume"], work, 0)
    config = ""
    if check(os.path.exists(os.path.join(work, "full.h5")) and os.path.exists(os.path.join(work, "part.h5")),
             "seed %s: no results files" % SEED):
        with h5py.File(os.path.join(work, "full.h5"), "r") as a, h5py.File(os.path.join(work, "part.h5"), "r") as b:
            check(int(a.attrs["seed"]) == 2**64 - 1, "full.h5: seed attribute %s" % a.attrs["seed"])
            for dataset in ("/generations/genomes", "/generations/fitness", "/generations/outputs", "/best/genome"):
                check(a[dataset].shape == b[dataset].shape and a[dataset][()].tobytes() == b[dataset][()].tobytes(),
                      "resumed run differs from the uninterrupted one in %s" % dataset)
            config = b.attrs["config"]
            check("seed = '%s'" % SEED in config or 'seed = "%s"' % SEED in config,
                  "the stored config does not hold the seed as a string:\n%s" % config[:200])
    p = run(["compare", "full.h5", "part.h5", "--csv"], work, 0)
    check(p.stdout.count("," + SEED + ",") == 2, "compare does not show the seed of both files:\n" + p.stdout)
    p = run(["inspect", "part.h5"], work, 0)
    check("seed        " + SEED in p.stdout, "inspect does not show the seed")
    # The stored config, given back as a config file (relative network path: the examples').
    with open(os.path.join(work, "stored.toml"), "w") as f:
        f.write(config)
    run(["run", "--config", "stored.toml", "-o", "again.h5", "--quiet"], work, 0)
    if check(os.path.exists(os.path.join(work, "again.h5")), "the stored config does not run"):
        with h5py.File(os.path.join(work, "full.h5"), "r") as a, h5py.File(os.path.join(work, "again.h5"), "r") as b:
            check(a["/generations/fitness"][()].tobytes() == b["/generations/fitness"][()].tobytes(),
                  "the stored config does not reproduce the run")
    # A hand-written config file may give the seed bare (beyond TOML, accepted) or quoted.
    for form in (SEED, '"%s"' % SEED):
        with open(os.path.join(work, "hand.toml"), "w") as f:
            f.write("seed = %s\ngenerations = 2\npopulation = 4\n" % form)
        run(["run", "--config", "hand.toml", "-o", "hand.h5", "--quiet", "--force"], work, 0)
    print("done seed %s: resume bit-identical, compare/inspect read it, stored config reproduces the run" % SEED)

for failure in failures:
    print("FAIL " + failure)
print("bad results files and huge seeds: %d failures" % len(failures))
sys.exit(1 if failures else 0)
