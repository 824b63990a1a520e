#!/usr/bin/env python3
"""Held-out goal angles for the arena design runs (docs/meta_learning.md 2.9):
each run of examples/arena_design_cmaes.toml (CMA-ES over the 14 parameters of
the designed border-memory network) is judged on HELDOUT episodes of a stream
no evaluation used (the genome file's seed attribute = 1000 + the run's seed;
training streams come from 32-bit hashes of the run seed and generation), for
three parameter sets on the same episodes (paired):
  - design: bench/arena_design.py's hand-chosen DEFAULT (the runs' start),
  - mean: the CMA-ES mean of the last generation,
  - best: the best evaluation ever (32 episodes; picked on noise, so biased up).
It also replays the tuned design with its memory cut (w_hold = 0: a unit
switched on by a goal does not stay on), the network's memoryless twin.
Prints the table rows (goals per episode, first / later path, paired tests),
the pooled lines and the paired differences, and draws the learning curve
(training episodes on the x axis) and the path figure (first, second and last
path of the held-out episode with the most goals, as the LSNN paper's Fig. 3D).
  bench/arena_design_heldout.py RUN.h5 [RUN.h5 ...] [--heldout 200] [--figures docs/figures]
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tomllib

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
from arena_report import draw_episode_paths, path_length, split_paths  # noqa: E402
from arena_stats import episode_goals, first_vs_later, mean_and_error, paired_t_test, replay_summaries  # noqa: E402

ROOT = arena_design.ROOT
MEMORYLESS, REMEMBERING = 3.22, 7.47  # bench/arena_references.py, 200 episodes (docs/meta_learning.md 2.1)
HALFWAY = 5.35  # issue 16's target, (3.22 + 7.47) / 2 = 5.345 rounded up


def parameter_sets(run):
    """{label: design parameters} of a run: its start, its last mean and its best."""
    with h5py.File(run, "r") as f:
        names = [n.decode() for n in f["best/gene_names"][:]]
        best = f["best/genome"][:]
        mean = f["generations/state/mean"][-1]
        generations = f["generations/fitness"].shape[0]
    return generations, {"design": dict(arena_design.DEFAULT),
                         "mean": dict(arena_design.DEFAULT, **dict(zip(names, mean))),
                         "best": dict(arena_design.DEFAULT, **dict(zip(names, best)))}


def run_seed(run):
    """The run seed in a results file's name (..._s<seed>.h5)."""
    return int(re.search(r"_s(\d+)\.h5$", run).group(1))


def replay(l2l, base, names, p, path, seed, episodes, record=None):
    """The episode summaries of the design with parameters p on `episodes` episodes of stream `seed`."""
    arena_design.design_file(base, names, p, path, seed)
    command = [l2l, "replay", "--genome-file", path, "--episodes", str(episodes)]
    if record:
        command += ["--record", record, "--force"]
    return replay_summaries(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def fmt_p(p):
    return "nan" if math.isnan(p) else (f"{p:.1e}" if p < 1e-3 else f"{p:.3f}")


def search_settings(run):
    """(episodes per evaluation, evaluations per generation, parameters) of a run of arena_design_cmaes.toml."""
    with h5py.File(run, "r") as f:
        text = f.attrs["config"]
        text = text.decode() if isinstance(text, bytes) else text
        argv = tomllib.loads(text)["command"]["argv"]
        return int(argv[argv.index("--episodes") + 1]), f["generations/fitness"].shape[1], f["best/genome"].shape[0]


def learning_curve(runs, output):
    episodes_per_evaluation, population, parameters = search_settings(runs[0])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, run in enumerate(runs):
        with h5py.File(run, "r") as f:
            episodes = np.cumsum(f["generations/evaluations"][:]) * episodes_per_evaluation
            mean = f["generations/mean"][:]
            ax.plot(episodes, mean, color="tab:blue", alpha=0.25, lw=0.8)
            window = min(10, len(mean))
            smooth = np.convolve(mean, np.ones(window) / window, mode="valid")
            ax.plot(episodes[window - 1:], smooth, color="tab:blue", lw=1.8,
                    label=f"mean of each generation's {population} evaluations ({len(runs)} seeds; line: mean of "
                          f"{window} generations)" if i == 0 else None)
    for value, style, text in [(REMEMBERING, "--", "remembering border search"), (MEMORYLESS, ":", "memoryless border search"),
                               (HALFWAY, "-.", "halfway (the target)")]:
        ax.axhline(value, color="gray", ls=style, label=f"{text} ({value:.2f})")
    ax.set_xlabel("training episodes")
    ax.set_ylabel(f"goals per episode (the generation's {episodes_per_evaluation} training episodes)")
    ax.set_title(f"Arena: CMA-ES over the design's {parameters} parameters ({len(runs)} seeds)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def path_figure(recordings, output):
    """First, second and last path of a typical held-out episode per parameter set: of the episodes whose first
    path is at least the mean first path (the search went some way along the border), the one with the most goals."""
    fig, axes = plt.subplots(len(recordings), 3, figsize=(9, 3.2 * len(recordings)))
    for row, (label, path) in enumerate(recordings):
        with h5py.File(path, "r") as f:
            episodes = [(name, split_paths(f["episodes"][name])) for name in sorted(f["episodes"].keys())]
        firsts = [path_length(paths[0]) for _, paths in episodes if paths]
        typical = [e for e in episodes if e[1] and path_length(e[1][0]) >= np.mean(firsts)]
        name, paths = max(typical, key=lambda e: len(e[1]))
        draw_episode_paths(axes[row], paths, "tab:blue")
        axes[row][0].set_ylabel(f"{label}\nheld-out episode {name}", fontsize=7)
    fig.suptitle("Arena: paths of a held-out episode whose first path is at least the mean first path "
                 "(goal: green, estimated from the hits; start: dot)", fontsize=9)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--heldout", type=int, default=200)
    parser.add_argument("--l2l", default=os.environ.get("L2L", os.path.join(ROOT, "build/release/optimizer/l2l")))
    parser.add_argument("--figures", help="folder for arena_design_cmaes_learning_curve.png and _paths.png")
    parser.add_argument("--ship", metavar="DIR", help="also write the design and each run's last mean as genome files "
                        "(arena_border_memory_design / _cmaes_s<seed>.genome.h5) whose replay is the held-out stream "
                        "of this table: `l2l replay --genome-file F --episodes 200` reproduces its rows")
    args = parser.parse_args()
    work = os.path.splitext(args.runs[0])[0] + ".heldout"
    os.makedirs(work, exist_ok=True)
    base = arena_design.template(args.l2l, work)
    with h5py.File(base, "r") as f:
        names = [n.decode() for n in f["gene_names"][:]]
    pooled, goals_by, recordings, tuned = {}, {}, [], {}
    recorded_seed = run_seed(args.runs[0])  # the path figure's episodes
    print("| parameters | seed | generations | held-out goals per episode (mean +- s.e.) | of the way memoryless -> "
          "remembering | episodes with >= 2 goals | first path | later paths | later / first | paired t p | Wilcoxon p |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for run in args.runs:
        seed = run_seed(run)
        generations, sets = parameter_sets(run)
        tuned[seed] = (run, generations, sets["mean"])
        sets["mean, memory cut (w_hold 0)"] = dict(sets["mean"], w_hold=0.0)
        for label, p in sets.items():
            record = os.path.join(work, f"s{seed}_{label.split(',')[0]}.paths.h5") if label in ("design", "mean") else None
            record = record if seed == recorded_seed else None
            summaries = replay(args.l2l, base, names, p, os.path.join(work, "genome.h5"), 1000 + seed,
                               args.heldout, record)
            if record:
                recordings.append((f"{label} (seed {seed})", record))
            goals = [episode_goals(s) for s in summaries]
            goals_by[(label, seed)] = np.array(goals, dtype=float)
            pooled.setdefault(label, []).extend(summaries)
            m, e = mean_and_error(goals)
            paths = first_vs_later(summaries)
            print(f"| {label} | {seed} | {generations if label != 'design' else 0} | {m:.2f} +- {e:.2f} ({len(goals)}) "
                  f"| {(m - MEMORYLESS) / (REMEMBERING - MEMORYLESS):.2f} | {paths['n']} | {paths['first']:.2f} "
                  f"| {paths['later']:.2f} | {paths['ratio']:.2f} | {fmt_p(paths['p_t'])} | {fmt_p(paths['p_wilcoxon'])} |",
                  flush=True)
    print()
    for label, summaries in pooled.items():
        goals = [episode_goals(s) for s in summaries]
        m, e = mean_and_error(goals)
        paths = first_vs_later(summaries)
        print(f"- {label}, all seeds: {m:.2f} +- {e:.2f} goals per episode ({len(goals)} episodes; of the way "
              f"memoryless -> remembering {(m - MEMORYLESS) / (REMEMBERING - MEMORYLESS):.2f}); later / first path "
              f"{paths['ratio']:.2f} over {paths['n']} episodes with >= 2 goals (paired t p = {fmt_p(paths['p_t'])}, "
              f"Wilcoxon p = {fmt_p(paths['p_wilcoxon'])})")
    for label in ("mean", "best"):
        differences = np.concatenate([goals_by[(label, s)] - goals_by[("design", s)]
                                      for s in sorted({s for _, s in goals_by})])
        t, p = paired_t_test(differences)
        print(f"- {label} - design, paired over the same held-out episodes: {differences.mean():+.2f} +- "
              f"{differences.std(ddof=1) / math.sqrt(len(differences)):.2f} goals (t p = {fmt_p(p)})")
    if args.ship:
        os.makedirs(args.ship, exist_ok=True)
        arena_design.design_file(base, names, arena_design.DEFAULT,
                                 os.path.join(args.ship, "arena_border_memory_design.genome.h5"), 1000 + recorded_seed)
        for seed, (run, generations, mean) in tuned.items():
            path = os.path.join(args.ship, f"arena_border_memory_cmaes_s{seed}.genome.h5")
            arena_design.design_file(base, names, mean, path, 1000 + seed)
            with h5py.File(path, "a") as f:
                f.attrs["source"] = (f"bench/arena_design_heldout.py --ship: the design with the CMA-ES mean of generation "
                                     f"{generations - 1} of {os.path.basename(run)}: " + repr(mean))
        print(f"\nGenome files in {args.ship}")
    if args.figures:
        os.makedirs(args.figures, exist_ok=True)
        curve = os.path.join(args.figures, "arena_design_cmaes_learning_curve.png")
        figure = os.path.join(args.figures, "arena_design_cmaes_paths.png")
        learning_curve(args.runs, curve)
        path_figure(recordings, figure)
        print(f"\nFigures: {curve}, {figure}")


if __name__ == "__main__":
    sys.exit(main())
