#!/usr/bin/env python3
"""Held-out goal angles for the arena design runs (docs/meta_learning.md 2.9, 2.10):
each run of examples/arena_design_cmaes.toml (CMA-ES over the 14 parameters of
the designed border-memory network; --variant adaptation: of
examples/arena_adaptation_cmaes.toml and its LIF twin, the 18 parameters of the
network whose memory is held in adaptive thresholds, or the 28 of the _all configs;
--variant wiring: of examples/arena_wiring_cmaes.toml and its twin, 40 numbers
with the memory chain's wiring) is judged on HELDOUT episodes of a stream
no evaluation used (the genome file's seed attribute = 1000 + the run's seed;
training streams come from 32-bit hashes of the run seed and generation), for
three parameter sets on the same episodes (paired):
  - design: the design script's hand-chosen DEFAULT (the runs' start),
  - mean: the CMA-ES mean of the last generation,
  - best: the best evaluation ever (32 episodes; picked on noise, so biased up).
It also replays the tuned design with its memory cut (border: w_hold = 0, a unit
switched on by a goal does not stay on; adaptation: beta 0, the tuned ALIF
parameters in the LIF twin's network). A run whose config holds design
parameters fixed (the server's --set: the LIF twin's adaptation=0) is replayed
with them.
Prints the table rows (goals per episode, first / later path, paired tests),
the pooled lines and the paired differences, and draws the learning curve
(training episodes on the x axis) and the path figure (first, second and last
path of the held-out episode with the most goals, as the LSNN paper's Fig. 3D).
  bench/arena_design_heldout.py RUN.h5 [RUN.h5 ...] [--variant border|adaptation|wiring] [--heldout 200] [--figures DIR [--figure-label LABEL] [--path-seed SEED]] [--ship DIR [--ship-label LABEL]]
"""
import argparse
import math
import os
import re
import sys
import tomllib

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_adaptation_design  # noqa: E402
import arena_design  # noqa: E402
import arena_wiring_design  # noqa: E402
from arena_report import draw_episode_paths, path_length, plot_running_mean, split_paths  # noqa: E402
from arena_stats import episode_goals, first_vs_later, mean_and_error, paired_t_test  # noqa: E402

ROOT = arena_design.ROOT
MEMORYLESS, REMEMBERING = 3.22, 7.47  # bench/arena_references.py, 200 episodes (docs/meta_learning.md 2.1)
HALFWAY = 5.35  # issue 16's target, (3.22 + 7.47) / 2 = 5.345 rounded up
RATIO_TARGET, P_TARGET = 0.6, 0.01  # issue 16's path target: later / first <= 0.6 with paired p < 0.01


VARIANTS = {"border": arena_design.BORDER, "adaptation": arena_adaptation_design.ADAPTATION,
            "wiring": arena_wiring_design.WIRING}


def of_the_way(goals):
    """Where `goals` per episode lies from the memoryless (0) to the remembering border search (1)."""
    return (goals - MEMORYLESS) / (REMEMBERING - MEMORYLESS)


def paired_line(minuend, subtrahend, differences):
    """The line of a paired difference in goals per episode over the same held-out episodes."""
    _, p = paired_t_test(differences)
    return (f"- {minuend} - {subtrahend}, paired over the same held-out episodes: {differences.mean():+.2f} +- "
            f"{differences.std(ddof=1) / math.sqrt(len(differences)):.2f} goals (t p = {fmt_p(p)})")


def server_argv(run):
    """The command optimizee's argv in a run's config."""
    with h5py.File(run, "r") as f:
        text = f.attrs["config"]
    return tomllib.loads(text.decode() if isinstance(text, bytes) else text)["command"]["argv"]


def parameter_sets(run, variant):
    """The run's kind ("" or "LIF twin: ", from the design parameters its server holds fixed) and {label: design
    parameters}: its start, its last mean and its best, with those fixed parameters."""
    argv = server_argv(run)
    fixed = arena_design.server_fixed(argv, variant.defaults)
    with h5py.File(run, "r") as f:
        names = [n.decode() for n in f["best/gene_names"][:]]
        best = f["best/genome"][:]
        mean = f["generations/state/mean"][-1]
        generations = f["generations/fitness"].shape[0]
    kind = "" if not fixed else ("LIF twin: " if fixed == variant.twin else f"{fixed}: ")
    return kind, generations, {"design": {**variant.defaults, **fixed},
                               "mean": {**variant.defaults, **dict(zip(names, mean)), **fixed},
                               "best": {**variant.defaults, **dict(zip(names, best)), **fixed}}


def run_seed(run):
    """The run seed in a results file's name (..._s<seed>.h5)."""
    return int(re.search(r"_s(\d+)\.h5$", run).group(1))


def replay(l2l, base, names, p, path, seed, episodes, variant, record=None):
    """The episode summaries of the design with parameters p on `episodes` episodes of stream `seed`."""
    arena_design.design_file(base, names, p, path, seed, variant)
    return arena_design.replay_episodes(l2l, path, episodes, record)


def fmt_p(p):
    return "nan" if math.isnan(p) else (f"{p:.1e}" if p < 1e-3 else f"{p:.3f}")


def search_settings(run):
    """(episodes per evaluation, evaluations per generation, parameters) of a run of a design CMA-ES config."""
    argv = server_argv(run)
    with h5py.File(run, "r") as f:
        return int(argv[argv.index("--episodes") + 1]), f["generations/fitness"].shape[1], f["best/genome"].shape[0]


def training_curve(run):
    """(training episodes after each generation, the mean of each generation's evaluations) of a results file."""
    episodes_per_evaluation = search_settings(run)[0]
    with h5py.File(run, "r") as f:
        return np.cumsum(f["generations/evaluations"][:]) * episodes_per_evaluation, f["generations/mean"][:]


def learning_curve(runs, output, variant):
    """runs: (kind, file); one colour per kind."""
    episodes_per_evaluation, population, parameters = search_settings(runs[0][1])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    kinds = list(dict.fromkeys(kind for kind, _ in runs))
    for kind, run in runs:
        colour = ["tab:blue", "tab:orange"][kinds.index(kind) % 2]
        n_kind = sum(1 for k, _ in runs if k == kind)
        episodes, mean = training_curve(run)
        first = run == next(r for k, r in runs if k == kind)
        plot_running_mean(ax, episodes, mean, colour,
                          lambda w: f"{kind or ('ALIF: ' if len(kinds) > 1 else '')}mean of each generation's "
                                    f"{population} evaluations ({n_kind} seeds; line: mean of {w} generations)"
                                    if first else None)
    for value, style, text in [(REMEMBERING, "--", "remembering border search"), (MEMORYLESS, ":", "memoryless border search"),
                               (HALFWAY, "-.", "halfway (the target)")]:
        ax.axhline(value, color="gray", ls=style, label=f"{text} ({value:.2f})")
    ax.set_xlabel("training episodes")
    ax.set_ylabel(f"goals per episode (the generation's {episodes_per_evaluation} training episodes)")
    seeds = f"{len(runs)} seeds" if len(kinds) == 1 else f"{len(runs) // len(kinds)} seeds each"
    what = {arena_design.BORDER.prefix: "Arena: CMA-ES over the design's",
            arena_adaptation_design.ADAPTATION.prefix: "Arena, memory in adaptive thresholds: CMA-ES over",
            arena_wiring_design.WIRING.prefix: "Arena, the memory chain's wiring searched: CMA-ES over"}[variant.prefix]
    title = f"{what} {parameters} parameters ({seeds})"
    ax.set_title(title, **({} if variant is arena_design.BORDER else {"fontsize": 10}))
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def path_figure(recordings, output):
    """First, second and last path of a typical held-out episode per parameter set: of the episodes whose first
    path is at least the mean first path (the search went some way along the border), the one with the most goals."""
    fig, axes = plt.subplots(len(recordings), 3, figsize=(9, 3.2 * len(recordings)), squeeze=False)
    for row, (label, path) in enumerate(recordings):
        with h5py.File(path, "r") as f:
            episodes = [(name, split_paths(f["episodes"][name])) for name in sorted(f["episodes"].keys())]
        firsts = [path_length(paths[0]) for _, paths in episodes if paths]
        typical = [e for e in episodes if e[1] and path_length(e[1][0]) >= np.mean(firsts)]
        if not typical:  # no recorded episode reached a goal (a run of a generation or two): an empty row
            for ax in axes[row]:
                ax.set_axis_off()
            axes[row][0].text(0, 0.5, f"{label}\nno held-out episode reached a goal", fontsize=7)
            continue
        name, paths = max(typical, key=lambda e: len(e[1]))
        draw_episode_paths(axes[row], paths, "tab:blue")
        axes[row][0].set_ylabel(f"{label}\nheld-out episode {name}", fontsize=7)
    fig.suptitle("Arena: paths of a held-out episode whose first path is at least the mean first path "
                 "(goal: green, estimated from the hits; start: dot)", fontsize=9)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def kind_tag(kind):
    """File-name part of a run kind: "" or "_lif"."""
    return "" if not kind else ("_lif" if kind.startswith("LIF twin") else "_" + re.sub(r"\W+", "_", kind).strip("_"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="border", help="the designed network "
                        "(border: arena_border_memory, adaptation: arena_adaptation_memory, wiring: "
                        "arena_adaptation_wiring)")
    parser.add_argument("--heldout", type=int, default=200)
    parser.add_argument("--l2l", default=os.environ.get("L2L", os.path.join(ROOT, "build/release/optimizer/l2l")))
    parser.add_argument("--figures", help="folder for the learning curve and the path figure (<CMA-ES config "
                        "name>_learning_curve.png and _paths.png)")
    parser.add_argument("--path-seed", type=int, metavar="SEED", help="the run seed whose held-out episodes are "
                        "recorded for the path figure (default: the first run's)")
    parser.add_argument("--figure-label", metavar="LABEL", help="name the figures <CMA-ES config name>_LABEL_... "
                        "(runs of another setting beside the figures of the config's own)")
    parser.add_argument("--ship", metavar="DIR", help="also write the design and each run's last mean as genome files "
                        "(<network>_design / _cmaes_s<seed> / _lif_cmaes_s<seed>.genome.h5) whose replay is the "
                        "held-out stream of this table: `l2l replay --genome-file F --episodes 200` reproduces its rows")
    parser.add_argument("--ship-label", metavar="LABEL", help="name the runs' genome files <network>_LABEL_cmaes_s<seed> "
                        "(and _LABEL_lif_...) and write no design file: runs of another config beside the shipped ones")
    args = parser.parse_args()
    # a ship label stays one word (genome names end in [_lif]_cmaes_s<seed>); a figure label may join words with _
    for option, label, allowed, text in (
            ("--ship-label", args.ship_label, r"[A-Za-z0-9]+", "letters and digits only"),
            ("--figure-label", args.figure_label, r"[A-Za-z0-9]+(_[A-Za-z0-9]+)*", "letters and digits, words joined by _")):
        if label is not None and not re.fullmatch(allowed, label):
            parser.error(f"{option} '{label}': {text} (a part of file names)")
    if args.ship_label is not None and not args.ship:
        parser.error(f"--ship-label '{args.ship_label}' names genome files: it needs --ship DIR")
    recorded_seed = run_seed(args.runs[0]) if args.path_seed is None else args.path_seed  # the path figure's episodes
    run_seeds = sorted({run_seed(run) for run in args.runs})
    if recorded_seed not in run_seeds:
        parser.error(f"--path-seed {recorded_seed}: no run has that seed (the runs' seeds: {run_seeds})")
    variant = VARIANTS[args.variant]
    work = os.path.splitext(args.runs[0])[0] + ".heldout"
    os.makedirs(work, exist_ok=True)
    base = arena_design.template(args.l2l, work, variant)
    with h5py.File(base, "r") as f:
        names = [n.decode() for n in f["gene_names"][:]]
    pooled, goals_by, recordings, tuned, kinds = {}, {}, [], {}, []
    cut = ", ".join(f"{k} {float(v):g}" for k, v in variant.memory_cut.items())
    print("| parameters | seed | generations | held-out goals per episode (mean +- s.e.) | of the way memoryless -> "
          "remembering | episodes with >= 2 goals | first path | later paths | later / first | paired t p | Wilcoxon p |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for run in args.runs:
        seed = run_seed(run)
        kind, generations, sets = parameter_sets(run, variant)
        kinds.append((kind, run))
        tuned[(kind, seed)] = (run, generations, sets["mean"])
        if not kind:
            sets[f"mean, memory cut ({cut})"] = dict(sets["mean"], **variant.memory_cut)
        for label, p in sets.items():
            record = None
            if label in ("design", "mean") and seed == recorded_seed and not (kind and label == "design"):
                record = os.path.join(work, f"s{seed}{kind_tag(kind)}_{label}.paths.h5")
            summaries = replay(args.l2l, base, names, p, os.path.join(work, "genome.h5"), 1000 + seed,
                               args.heldout, variant, record)
            label = kind + label
            if record:
                recordings.append((f"{label} (seed {seed})", record))
            goals = [episode_goals(s) for s in summaries]
            goals_by[(label, seed)] = np.array(goals, dtype=float)
            pooled.setdefault(label, []).extend(summaries)
            m, e = mean_and_error(goals)
            paths = first_vs_later(summaries)
            print(f"| {label} | {seed} | {generations if not label.endswith('design') else 0} | {m:.2f} +- {e:.2f} ({len(goals)}) "
                  f"| {of_the_way(m):.2f} | {paths['n']} | {paths['first']:.2f} "
                  f"| {paths['later']:.2f} | {paths['ratio']:.2f} | {fmt_p(paths['p_t'])} | {fmt_p(paths['p_wilcoxon'])} |",
                  flush=True)
    print()
    for label, summaries in pooled.items():
        goals = [episode_goals(s) for s in summaries]
        m, e = mean_and_error(goals)
        paths = first_vs_later(summaries)
        print(f"- {label}, all seeds: {m:.2f} +- {e:.2f} goals per episode ({len(goals)} episodes; of the way "
              f"memoryless -> remembering {of_the_way(m):.2f}); later / first path "
              f"{paths['ratio']:.2f} over {paths['n']} episodes with >= 2 goals (paired t p = {fmt_p(paths['p_t'])}, "
              f"Wilcoxon p = {fmt_p(paths['p_wilcoxon'])})")
    seeds = sorted({s for _, s in goals_by})
    pairs = [(kind + label, kind + "design") for kind in dict.fromkeys(k for k, _ in kinds) for label in ("mean", "best")]
    pairs += [("mean", kind + "mean") for kind in dict.fromkeys(k for k, _ in kinds) if kind]  # the network - its twin
    for minuend, subtrahend in pairs:
        common = [s for s in seeds if (minuend, s) in goals_by and (subtrahend, s) in goals_by]
        if not common:
            print(f"- {minuend} - {subtrahend}: no seed has both")
            continue
        differences = np.concatenate([goals_by[(minuend, s)] - goals_by[(subtrahend, s)] for s in common])
        print(paired_line(minuend, subtrahend, differences))
    if args.ship:
        os.makedirs(args.ship, exist_ok=True)
        if not args.ship_label:
            arena_design.design_file(base, names, variant.defaults,
                                     os.path.join(args.ship, f"{variant.prefix}_design.genome.h5"), 1000 + recorded_seed,
                                     variant)
        label = f"_{args.ship_label}" if args.ship_label else ""
        for (kind, seed), (run, generations, mean) in tuned.items():
            path = os.path.join(args.ship, f"{variant.prefix}{label}{kind_tag(kind)}_cmaes_s{seed}.genome.h5")
            arena_design.design_file(base, names, mean, path, 1000 + seed, variant)
            with h5py.File(path, "a") as f:
                f.attrs["source"] = (f"bench/arena_design_heldout.py --ship: the design with the CMA-ES mean of generation "
                                     f"{generations - 1} of {os.path.basename(run)}: " + repr(mean))
        print(f"\nGenome files in {args.ship}")
    if args.figures:
        os.makedirs(args.figures, exist_ok=True)
        stem = os.path.basename(variant.cmaes_config).removesuffix(".toml")
        stem += f"_{args.figure_label}" if args.figure_label else ""
        curve = os.path.join(args.figures, f"{stem}_learning_curve.png")
        figure = os.path.join(args.figures, f"{stem}_paths.png")
        learning_curve(kinds, curve, variant)
        path_figure(recordings, figure)
        print(f"\nFigures: {curve}, {figure}")


if __name__ == "__main__":
    sys.exit(main())
