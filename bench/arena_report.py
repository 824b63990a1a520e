#!/usr/bin/python3
"""Tables and figures of bench/arena_experiments.sh (docs/meta_learning.md, section 2):
the reference policies, training (budget in episodes and core-hours), held-out
goals per episode against the memoryless and remembering references, first
path against the later paths of the same episode with paired tests, and two
figures: the learning curve (training episodes on the x axis) and sample paths
(first, second and last path of held-out episodes, as the LSNN paper's Fig. 3D).

    bench/arena_report.py RESULTS_FOLDER [--figures docs/figures] [--l2l build/release/optimizer/l2l]
        [--networks arena_lsnn arena_lsnn_lif] [--prefix arena_lsnn]

--networks names the configs (examples/NAME.toml) whose runs NAME_sSEED.h5 are
reported, a name containing "lif" being the LIF twin; --prefix names the figures
(PREFIX_learning_curve.png, PREFIX_paths.png).
"""
import argparse
import glob
import math
import os
import re
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_references import print_table, references  # noqa: E402
from arena_stats import first_vs_later, mean_and_error  # noqa: E402

NETWORKS = [("arena_lsnn", "ALIF (30 adaptive of 100)", "tab:blue"),
            ("arena_lsnn_lif", "LIF twin (beta 0)", "tab:orange")]


def networks_named(names):
    """(config name, label, colour) per network, the LIF twin recognised by "lif" in its name,
    the network with the direct place -> output path (third round) by "direct"."""
    def label(name):
        base = "LIF twin (beta 0)" if "lif" in name else "ALIF (30 adaptive of 100)"
        return base + ", place -> output path" if "direct" in name else base
    return [(name, label(name), "tab:orange" if "lif" in name else "tab:blue") for name in names]


def mean_fitness(generations):
    """Per generation, the fitness of the optimizer's mean (es and openai_es evaluate it
    as individual 0), else the generation's mean fitness."""
    for group in generations["summary"].values():
        if "mean_fitness" in group:
            return group["mean_fitness"][:]
    return generations["mean"][:]


def runs(folder, network):
    """{seed: facts of the run} for every results file of `network`."""
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, f"{network}_s*.h5"))):
        match = re.search(r"_s(\d+)\.h5$", path)
        if not match:  # the path recordings, <run>.paths.h5
            continue
        seed = int(match.group(1))
        with h5py.File(path, "r") as f:
            g = f["generations"]
            tasks = g["outputs"].shape[2]
            found[seed] = {
                "generations": g["best"].shape[0],
                "episodes": np.cumsum(g["evaluations"][:]) * tasks,
                "best": g["best"][:],
                "es_mean": mean_fitness(g),
                "best_ever": float(f["best/fitness"][()]),
                "best_generation": int(f["best/generation"][()]),
                "genes": int(f["best/genome"].shape[0]),
                "tasks": tasks,
                "shaping": shaping_of(f.attrs.get("config", "")),
            }
    return found


def shaping_of(config):
    """arena.shaping of a run's stored config (0: fitness = goals)."""
    if isinstance(config, bytes):
        config = config.decode()
    match = re.search(r"^\s*shaping\s*=\s*([0-9.eE+-]+)", config, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def cpu_seconds(folder):
    """{(network, seed): CPU seconds (user + system) over all pieces} from cpu_time.log."""
    totals = {}
    path = os.path.join(folder, "cpu_time.log")
    if not os.path.exists(path):
        return totals
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6 and parts[1].isdigit():
                key = (parts[0], int(parts[1]))
                totals[key] = totals.get(key, 0.0) + float(parts[3]) + float(parts[4])
    return totals


def heldout_rows(path):
    """(goals, summary) per held-out episode of an `l2l replay` CSV: the rows after
    the evaluation's own tasks (their count is in the header comment)."""
    own = 0
    rows = []
    with open(path) as f:
        for line in f:
            match = re.search(r"the first (\d+) are its evaluation's tasks", line)
            if match:
                own = int(match.group(1))
            if line.startswith("#") or line.startswith("episode,"):
                continue
            parts = line.rstrip("\n").split(",", 6)
            summary = parts[6] if len(parts) > 6 else ""
            # Goals from the summary: the objective column is shaped when arena.shaping > 0.
            goals = re.search(r"goals=(\d+)", summary)
            rows.append((float(goals.group(1)) if goals else float(parts[2]), summary))
    return rows[own:]


def heldout_goals(path):
    """Goals per held-out episode of an `l2l replay` CSV."""
    return [goals for goals, _ in heldout_rows(path)]


def fmt_p(p):
    return "nan" if math.isnan(p) else (f"{p:.1e}" if p < 1e-3 else f"{p:.3f}")


def training_table(folder):
    cpu = cpu_seconds(folder)
    print("| network | seed | genes | generations | training episodes | CPU h | best fitness ever (generation) "
          "| last generation: best / ES mean |")
    print("|---|---|---|---|---|---|---|---|")
    total_episodes, total_cpu = 0, 0.0
    for network, label, _ in NETWORKS:
        for seed, r in runs(folder, network).items():
            seconds = cpu.get((network, seed), float("nan"))
            total_episodes += int(r["episodes"][-1])
            total_cpu += 0.0 if math.isnan(seconds) else seconds
            print(f"| {label} | {seed} | {r['genes']} | {r['generations']} | {int(r['episodes'][-1])} "
                  f"| {seconds / 3600:.2f} | {r['best_ever']:.2f} ({r['best_generation']}) "
                  f"| {r['best'][-1]:.2f} / {r['es_mean'][-1]:.2f} |")
    per_episode = 1000 * total_cpu / total_episodes if total_episodes else float("nan")
    print(f"\nBudget: {total_episodes} training episodes, {total_cpu / 3600:.2f} CPU core-hours in all "
          f"({per_episode:.2f} ms CPU per episode, on the shared 2-core machine).\n")


def heldout_table(folder, refs):
    memoryless, remembering = refs["memoryless"][0], refs["heuristic"][0]
    print("| network | seed | genome | held-out goals per episode (mean +- s.e.) | of the way memoryless -> "
          "remembering | episodes with >= 2 goals | first path | later paths | later / first | paired t p "
          "| Wilcoxon p |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    pooled = {}
    for network, label, _ in NETWORKS:
        for seed in sorted(runs(folder, network)):
            for genome, tag in [("best ever", "best"), ("ES mean, last generation", "mean")]:
                path = os.path.join(folder, f"{network}_s{seed}.{tag}.heldout.csv")
                if not os.path.exists(path):
                    continue
                rows = heldout_rows(path)
                goals, error = mean_and_error([g for g, _ in rows])
                paths = first_vs_later([s for _, s in rows])
                pooled.setdefault((label, genome), []).extend(rows)
                share = (goals - memoryless) / (remembering - memoryless)
                print(f"| {label} | {seed} | {genome} | {goals:.2f} +- {error:.2f} ({len(rows)}) | {share:.2f} "
                      f"| {paths['n']} | {paths['first']:.2f} | {paths['later']:.2f} | {paths['ratio']:.2f} "
                      f"| {fmt_p(paths['p_t'])} | {fmt_p(paths['p_wilcoxon'])} |")
    print()
    for (label, genome), rows in pooled.items():
        goals, error = mean_and_error([g for g, _ in rows])
        paths = first_vs_later([s for _, s in rows])
        print(f"- {label}, {genome}, all seeds: {goals:.2f} +- {error:.2f} goals per episode ({len(rows)} episodes); "
              f"later / first path {paths['ratio']:.2f} over {paths['n']} episodes with >= 2 goals "
              f"(paired t p = {fmt_p(paths['p_t'])}, Wilcoxon p = {fmt_p(paths['p_wilcoxon'])})")
    print()


def running_mean(episodes, values):
    """(window, episodes, means): the running mean of a run's fitness per generation over 10 generations (fewer
    in a shorter run), at the episodes of each window's last generation."""
    window = min(10, len(values))
    return window, episodes[window - 1:], np.convolve(values, np.ones(window) / window, mode="valid")


def plot_running_mean(ax, episodes, values, color, label_of_window):
    """A run's fitness per generation, faint, and its running mean (running_mean) against training episodes;
    label_of_window(window) is the line's label (None: none)."""
    ax.plot(episodes, values, color=color, alpha=0.25, lw=0.8)
    window, x, smooth = running_mean(episodes, values)
    ax.plot(x, smooth, color=color, lw=1.8, label=label_of_window(window))


def learning_curve(folder, refs, output):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    shaping = 0.0
    for network, label, color in NETWORKS:
        found = runs(folder, network)
        for i, r in enumerate(found.values()):
            shaping = max(shaping, r["shaping"])
            plot_running_mean(ax, r["episodes"], r["es_mean"], color,
                              lambda w: f"{label}: mean ({len(found)} seeds; line: mean of {w} generations)"
                              if i == 0 else None)
    for policy, style, text in [("heuristic", "--", "remembering border search"),
                                ("memoryless", ":", "memoryless border search")]:
        ax.axhline(refs[policy][0], color="gray", ls=style, label=f"{text} ({refs[policy][0]:.2f})")
    ax.set_xlabel("training episodes")
    ax.set_ylabel("goals per episode (this generation's goal angles)" if shaping == 0 else
                  f"fitness: goals + shaping term (<= {shaping:g})")
    ax.set_title("Arena: fitness of the optimizer's mean during training")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def split_paths(episode):
    """The positions of one recorded episode, cut at every goal hit."""
    positions = episode["observations"][:]
    rewards = episode["rewards"][:]
    paths, start = [], 0
    for t in np.flatnonzero(rewards > 0.5):  # a goal (+1, maybe with the wall's -0.02)
        paths.append(positions[start:t + 1])
        start = t + 1
    return paths


def path_length(path):
    """Length (arena radii) of one path, positions n x 2."""
    return float(np.sum(np.hypot(*np.diff(path, axis=0).T)))


def draw_episode_paths(axes_row, paths, color):
    """The first, second and last path of one episode (`split_paths`) in three axes: the arena, the goal
    (estimated from where the paths end) and each path with its start."""
    for column, (index, title) in enumerate([(0, "first path"), (1, "second path"), (-1, "last path")]):
        ax = axes_row[column]
        ax.add_patch(plt.Circle((0, 0), 1.0, fill=False, color="black"))
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        if column >= len(paths):
            ax.set_title(f"{title}: none (goals: {len(paths)})", fontsize=8)
            continue
        ends = np.array([p[-1] for p in paths])
        angle = math.atan2(ends[:, 1].mean(), ends[:, 0].mean())
        ax.add_patch(plt.Circle((math.cos(angle), math.sin(angle)), 0.2, color="green", alpha=0.3))
        p = paths[index]
        ax.plot(p[:, 0], p[:, 1], color=color)
        ax.plot(p[0, 0], p[0, 1], "o", color=color)
        number = len(paths) if index == -1 else index + 1
        ax.set_title(f"{title} (goal {number} of {len(paths)}), {path_length(p):.2f} R", fontsize=8)


def path_figure(folder, output):
    """First, second and last path of the held-out episode with the most goals, per
    network (LSNN Fig. 3D)."""
    fig, axes = plt.subplots(len(NETWORKS), 3, figsize=(9, 3.2 * len(NETWORKS)))
    for row, (network, label, color) in enumerate(NETWORKS):
        chosen = None
        for seed, run in runs(folder, network).items():
            path = os.path.join(folder, f"{network}_s{seed}.paths.h5")
            if not os.path.exists(path):
                continue
            own_tasks = run["tasks"]  # the recording starts with the evaluation's own tasks
            with h5py.File(path, "r") as f:
                names = sorted(f["episodes"].keys())[own_tasks:]
                for name in names:
                    paths = split_paths(f["episodes"][name])
                    if paths and (chosen is None or len(paths) > len(chosen[1])):
                        chosen = (f"{os.path.basename(path).split('.')[0]}, held-out episode {name}", paths)
        draw_episode_paths(axes[row], chosen[1] if chosen else [], color)
        axes[row][0].set_ylabel(f"{label}\n{chosen[0] if chosen else ''}", fontsize=7)
    fig.suptitle("Arena: paths of held-out episodes (goal: green, estimated from the hits; start: dot)", fontsize=9)
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--figures", help="folder for the PNGs (default: the results folder)")
    parser.add_argument("--l2l", default=os.environ.get("L2L", "build/release/optimizer/l2l"))
    parser.add_argument("--reference-episodes", type=int, default=200)
    parser.add_argument("--networks", nargs="+", default=[name for name, _, _ in NETWORKS])
    parser.add_argument("--prefix", default="arena_lsnn")
    args = parser.parse_args()
    NETWORKS[:] = networks_named(args.networks)
    figures = args.figures or args.folder
    os.makedirs(figures, exist_ok=True)

    print("## Arena: reference policies\n")
    refs = references(args.l2l, args.reference_episodes, 1)
    print_table(refs, args.reference_episodes, 1)
    print("\n## Arena: training\n")
    training_table(args.folder)
    print("## Arena: held-out goal angles\n")
    heldout_table(args.folder, refs)
    curve = os.path.join(figures, f"{args.prefix}_learning_curve.png")
    paths = os.path.join(figures, f"{args.prefix}_paths.png")
    learning_curve(args.folder, refs, curve)
    path_figure(args.folder, paths)
    print(f"Figures: {curve}, {paths}")


if __name__ == "__main__":
    main()
