#!/usr/bin/env python3
"""Self-describing results files.

  self_describing.py L2L SOURCE_DIR

1. Every dataset of a run of each optimizer family (GA, ES, EnKF, CMA-ES,
   random, grid on a benchmark; ES under record.policy every, with its state
   and seed datasets; the Mountain Car SNN job; an external command with
   failures and "info") has non-empty `units` and `description` attributes,
   read with h5py and seen by h5dump in every DATASET block; a file stripped
   of them (as older versions wrote it) gets them back when resumed.
2. /best/gene_bounds [genes x 2] equals the bounds of the config: the
   benchmark's box, the command's [command.genes], the network file's
   [[network.genome]] entries.
3. The root attribute `finished` (ISO 8601 UTC, not before `started`) is set
   after a normal end, after SIGINT (status interrupted) and after a failed
   run (every evaluation failed: status failed); it is absent
   after SIGKILL (status running), and such a file still reads with
   python/l2l_results.py and `l2l inspect`; a resumed run removes it while it
   runs and sets it again at its end.
"""
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import tomllib

l2l, source_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(source_dir, "python"))
import l2l_results  # noqa: E402

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def run(args, cwd, expect=0):
    p = subprocess.run([l2l] + args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120)
    check(p.returncode == expect, "l2l %s: exit %d, expected %d\n    %s"
          % (" ".join(args), p.returncode, expect, p.stderr.strip()[-400:]))
    return p


def datasets(path):
    found = {}
    with h5py.File(path, "r", swmr=True) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                found["/" + name] = {key: l2l_results._text(obj.attrs[key]) for key in ("units", "description")
                                     if key in obj.attrs}
        f.visititems(visit)
    return found


def check_described(path, name, must_have=()):
    found = datasets(path)
    bare = [d for d, attrs in found.items() if not attrs.get("units") or not attrs.get("description")]
    check(not bare, "%s: datasets without units or description: %s" % (name, ", ".join(bare)))
    missing = [d for d in must_have if d not in found]
    check(not missing, "%s: expected datasets missing: %s" % (name, ", ".join(missing)))
    # h5dump, the tool that needs nothing of l2l: every DATASET block carries both attributes.
    dump = subprocess.run(["h5dump", "-A", path], capture_output=True, text=True).stdout
    blocks = re.split(r'\n\s*DATASET "', dump)[1:]
    check(len(blocks) == len(found), "%s: h5dump shows %d datasets, h5py %d" % (name, len(blocks), len(found)))
    for block in blocks:
        check('ATTRIBUTE "units"' in block and 'ATTRIBUTE "description"' in block,
              "%s: h5dump shows dataset %s without units or description" % (name, block.split('"')[0]))
    print("%s  %-22s %d datasets, each with units and description" % ("ok" if not bare else "BAD", name, len(found)))
    return found


def bounds_of(path):
    with h5py.File(path, "r", swmr=True) as f:
        return f["best/gene_bounds"][()], [l2l_results._text(n) for n in f["best/gene_names"][()]]


def root_attrs(path):
    with h5py.File(path, "r", swmr=True) as f:
        return {key: l2l_results._text(value) if isinstance(value, (bytes, str)) else value
                for key, value in f.attrs.items()}


def utc(text):  # "2026-11-30T10:05:01.123Z" (older files: without the milliseconds)
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ" if "." in text else "%Y-%m-%dT%H:%M:%SZ")


def check_finished(path, name, status):
    attrs = root_attrs(path)
    check(attrs.get("status") == status, "%s: status %s, expected %s" % (name, attrs.get("status"), status))
    if check("finished" in attrs, "%s: no finished attribute after status %s" % (name, status)):
        check(utc(attrs["finished"]) >= utc(attrs["started"]),
              "%s: finished %s before started %s" % (name, attrs["finished"], attrs["started"]))
        print("ok  %-22s status %s, started %s, finished %s" % (name, status, attrs["started"], attrs["finished"]))


with tempfile.TemporaryDirectory() as work:
    os.symlink(os.path.join(source_dir, "examples", "networks"), os.path.join(work, "networks"))
    shutil.copy(os.path.join(source_dir, "examples", "mountaincar_ga.toml"), os.path.join(work, "mc.toml"))
    benchmark = ["--optimizee", "benchmark", "--benchmark.dimension", "3", "--population", "6", "--generations", "2",
                 "--quiet"]
    series = ["/generations/" + s for s in ("fitness", "failures", "best", "mean", "std", "wall_time", "eval_time",
                                            "evaluations")]
    best = ["/best/genome", "/best/fitness", "/best/generation", "/best/gene_names", "/best/gene_bounds"]

    # 1 and 2: every optimizer family.
    families = {
        "ga": ["/generations/summary/ga/gene_spread"],
        "es": ["/generations/summary/es/sigma"],
        "enkf": ["/generations/summary/enkf/spread"],
        "cmaes": ["/generations/summary/cmaes/sigma"],
        "random": ["/generations/summary/random/evaluations"],
        "grid": ["/generations/summary/grid/progress"],
    }
    for optimizer, expected in families.items():
        extra = ["--grid.points", "x0=3"] if optimizer == "grid" else []
        run(["run", "--optimizer", optimizer] + benchmark + extra + ["-o", optimizer + ".h5"], work)
        check_described(os.path.join(work, optimizer + ".h5"), optimizer, best + series + expected)
        gene_bounds, names = bounds_of(os.path.join(work, optimizer + ".h5"))
        # The sphere's box (benchmark_functions.cpp): [-5.12, 5.12] for every gene.
        check(gene_bounds.shape == (3, 2) and np.all(gene_bounds[:, 0] == -5.12) and np.all(gene_bounds[:, 1] == 5.12),
              "%s: /best/gene_bounds %s, expected 3 x [-5.12, 5.12]" % (optimizer, gene_bounds.tolist()))

    run(["run", "--optimizer", "es", "--record.policy", "every"] + benchmark + ["-o", "es_every.h5"], work)
    check_described(os.path.join(work, "es_every.h5"), "es record every",
                    best + series + ["/generations/state/mean", "/generations/state/sigma", "/generations/state/seed",
                                     "/generations/state/sign", "/generations/best_genome",
                                     "/generations/best_index", "/generations/population_recorded",
                                     "/record/bounds_lower", "/record/bounds_upper"])

    run(["run", "--config", "mc.toml", "--population", "4", "--generations", "2", "--quiet", "-o", "mc.h5"], work)
    check_described(os.path.join(work, "mc.h5"), "snn mountain car", best + series + ["/generations/outputs"])
    gene_bounds, names = bounds_of(os.path.join(work, "mc.h5"))
    with open(os.path.join(source_dir, "examples", "networks", "mountaincar_l2l.toml"), "rb") as f:
        genome_map = tomllib.load(f)["network"]["genome"]
    wanted = []
    for name in names:
        entry = [e for e in genome_map if name.startswith("w." + e["projection"] + "[")]
        wanted.append([entry[0]["lower"], entry[0]["upper"]] if len(entry) == 1 else [np.nan, np.nan])
    check(np.array_equal(gene_bounds, np.array(wanted)),
          "snn: /best/gene_bounds differ from the network file's [[network.genome]] bounds")
    attrs = root_attrs(os.path.join(work, "mc.h5"))
    check(attrs.get("best_possible_fitness") == 0.5 and "max_position" in attrs.get("fitness_meaning", ""),
          "snn: best_possible_fitness %s (goal 0.5), fitness_meaning '%s'"
          % (attrs.get("best_possible_fitness"), attrs.get("fitness_meaning")))

    with open(os.path.join(work, "command.toml"), "w") as f:
        f.write('optimizer = "ga"\noptimizee = "command"\n[command]\n'
                'argv = ["/bin/sh", "-c", "case $0 in -*) exit 3;; esac; '
                'echo \'{\\"fitness\\": 1, \\"info\\": {\\"size\\": 2}}\'", "{x}"]\n'
                '[command.genes]\nx = [-1.0, 3.0]\ny = [0.5, 0.75]\n')
    run(["run", "--config", "./command.toml", "--population", "8", "--generations", "2", "--quiet",
         "--seed", "3", "-o", "command.h5"], work)
    check_described(os.path.join(work, "command.h5"), "command with failures",
                    best + series + ["/generations/info/size", "/failures/generation", "/failures/individual",
                                     "/failures/status", "/failures/message"])
    gene_bounds, names = bounds_of(os.path.join(work, "command.h5"))
    check(names == ["x", "y"] and gene_bounds.tolist() == [[-1.0, 3.0], [0.5, 0.75]],
          "command: /best/gene_bounds %s for %s, expected [[-1, 3], [0.5, 0.75]]" % (gene_bounds.tolist(), names))
    print("ok  gene bounds           benchmark box, network file and command genes as configured"
          if not failures else "BAD gene bounds")

    # A file as an older l2l wrote it (no units, description, gene bounds) gets them when resumed.
    old = os.path.join(work, "old.h5")
    run(["run", "--optimizer", "ga"] + benchmark + ["-o", "old.h5"], work)
    with h5py.File(old, "r+") as f:
        del f["best/gene_bounds"]
        described = []
        f.visititems(lambda name, obj: described.append(obj) if isinstance(obj, h5py.Dataset) else None)
        for dataset in described:
            del dataset.attrs["units"]
            del dataset.attrs["description"]
    check(all(attrs == {} for attrs in datasets(old).values()), "old.h5: attributes left after stripping")
    run(["run", "--optimizer", "ga"] + benchmark[:-3] + ["--generations", "4", "--quiet", "-o", "old.h5", "--resume"],
        work)
    check_described(old, "resumed older file", best + series)

    # 3. finished: normal end (above), SIGINT, SIGKILL, resume.
    check_finished(os.path.join(work, "mc.h5"), "normal end", "finished")
    # Every evaluation fails: the run ends after its first generation with status failed.
    with open(os.path.join(work, "failing.toml"), "w") as f:
        f.write('optimizer = "ga"\noptimizee = "command"\n[command]\nargv = ["/bin/false", "{x}"]\n'
                '[command.genes]\nx = [0.0, 1.0]\n')
    run(["run", "--config", "./failing.toml", "--population", "4", "--generations", "3", "--quiet",
         "-o", "failing.h5"], work, 1)
    check_finished(os.path.join(work, "failing.h5"), "all evaluations failed", "failed")
    long_run = ["run", "--config", "mc.toml", "--population", "4", "--seed", "4"]

    def generations(path):
        try:
            with h5py.File(path, "r", swmr=True) as f:
                return f["generations/fitness"].shape[0]
        except (OSError, KeyError):
            return 0

    def stop_after(args, out, sig, count):
        job = subprocess.Popen([l2l] + args + ["-o", out], cwd=work, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and generations(out) < count:
            time.sleep(0.05)
        job.send_signal(sig)
        job.wait(timeout=60)

    sigint, sigkill = os.path.join(work, "sigint.h5"), os.path.join(work, "sigkill.h5")
    stop_after(long_run + ["--generations", "100000"], sigint, signal.SIGINT, 3)
    check_finished(sigint, "after SIGINT", "interrupted")
    stop_after(long_run + ["--generations", "100000"], sigkill, signal.SIGKILL, 3)
    killed = root_attrs(sigkill)
    check(killed.get("status") == "running" and "finished" not in killed,
          "after SIGKILL: status %s, finished %s (expected running, none)"
          % (killed.get("status"), killed.get("finished")))
    with l2l_results.open(sigkill) as killed_run:
        check(killed_run.generations >= 3 and killed_run.finished is None,
              "l2l_results on the killed file: %d generations, finished %s"
              % (killed_run.generations, killed_run.finished))
    p = run(["inspect", "--no-config", "sigkill.h5"], work)
    check("finished    - (still running, or killed)" in p.stdout, "inspect of the killed file:\n" + p.stdout[:600])
    print("%s after SIGKILL         status running, no finished; l2l_results and inspect read it"
          % ("ok " if "finished" not in killed else "BAD"))
    # The interrupted run resumed: running again (killed: no finished), then to its end (finished anew).
    done = generations(sigint)
    stop_after(long_run + ["--generations", "100000", "--resume"], sigint, signal.SIGKILL, done + 2)
    resumed = root_attrs(sigint)
    check(resumed.get("status") == "running" and "finished" not in resumed,
          "resumed, then killed: status %s, finished %s (expected running, none)"
          % (resumed.get("status"), resumed.get("finished")))
    run(long_run + ["--generations", str(generations(sigint) + 2), "--resume", "--quiet", "-o", "sigint.h5"], work)
    check_finished(sigint, "resumed to its end", "finished")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("all self-describing checks passed")
