#!/usr/bin/env python3
"""Tables and figures of bench/meta_learning_experiments.sh, from its HDF5 files
and held-out replay CSVs. Prints Markdown; writes PNGs into the results folder.

    bench/meta_learning_report.py results/meta
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "python"))
import l2l_interpreter  # noqa: E402  (a python3 with h5py: the first on PATH, then /usr/bin/python3)

l2l_interpreter.require("meta_learning_report.py", ("h5py", "numpy", "matplotlib"))
import h5py  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def runs(folder, experiment):
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, f"{experiment}_s*.h5"))):
        seed = int(re.search(r"_s(\d+)\.h5$", path).group(1))
        with h5py.File(path, "r") as f:
            found[seed] = {
                "best": f["generations/best"][:],
                "mean": f["generations/mean"][:],
                "best_ever": float(f["best/fitness"][()]),
                "wall": float(f["generations/wall_time"][:].sum()),
                "genes": int(f["best/genome"].shape[0]),
                # The task's best (T-maze accuracy 1, CartPole the step limit); absent in older files.
                "best_possible": float(f.attrs["best_possible_fitness"]) if "best_possible_fitness" in f.attrs
                else None,
            }
    return found


def replay_rows(path):
    """(objective, summary) per episode of an `l2l replay` CSV."""
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or line.startswith("episode,"):
                continue
            parts = line.rstrip("\n").split(",", 6)
            rows.append((float(parts[2]), parts[6] if len(parts) > 6 else ""))
    return rows


def band(ax, series, label, color):
    length = min(len(s) for s in series)
    stack = np.array([s[:length] for s in series])
    x = np.arange(length)  # generations as the files number them, from 0
    ax.plot(x, np.median(stack, axis=0), color=color, label=f"{label} (median of {len(series)})")
    ax.fill_between(x, np.percentile(stack, 25, axis=0), np.percentile(stack, 75, axis=0), color=color, alpha=0.2)


def curves(folder, pairs, key, ylabel, title, output):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    best_possible = set()
    for (experiment, label), color in zip(pairs, ["tab:blue", "tab:orange", "tab:green"]):
        found = runs(folder, experiment)
        if found:
            band(ax, [r[key] for r in found.values()], label, color)
            best_possible |= {r["best_possible"] for r in found.values() if r["best_possible"] is not None}
    for value in sorted(best_possible):
        ax.axhline(value, color="0.35", ls=":", lw=1.2, label=f"task goal {value:g}")
    ax.set_xlabel("generation")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(folder, output), dpi=100)
    plt.close(fig)
    return output


def tmaze(folder):
    print("## T-maze (high noise)\n")
    print("| network | seed | genes | best fitness ever | last generation: best / mean | held-out accuracy (20 x trials) | wall s |")
    print("|---|---|---|---|---|---|---|")
    summary = {}
    for experiment, label in [("tmaze_fixed", "(a) fixed weights"), ("tmaze_ndp_oja", "(b) NDP-Oja")]:
        held = []
        for seed, r in runs(folder, experiment).items():
            rows = replay_rows(os.path.join(folder, f"{experiment}_s{seed}.heldout.csv"))
            heldout = np.mean([o for o, _ in rows[2:]])
            held.append(heldout)
            print(f"| {label} | {seed} | {r['genes']} | {r['best_ever']:.3f} | {r['best'][-1]:.3f} / {r['mean'][-1]:.3f} "
                  f"| {heldout:.3f} | {r['wall']:.0f} |")
        if held:
            summary[label] = (np.mean(held), np.min(held), np.max(held))
    print()
    for label, (mean, lo, hi) in summary.items():
        print(f"- {label}: held-out accuracy mean {mean:.3f} (seeds from {lo:.3f} to {hi:.3f})")
    pairs = [("tmaze_fixed", "(a) fixed weights"), ("tmaze_ndp_oja", "(b) NDP-Oja")]
    a = curves(folder, pairs, "best", "accuracy (best of generation)", "T-maze, high noise: best per generation",
               "tmaze_best.png")
    b = curves(folder, pairs, "mean", "accuracy (population mean)", "T-maze, high noise: population mean",
               "tmaze_mean.png")
    print(f"\nFigures: {a}, {b}\n")


def episode_paths(summary):
    """The path lengths between goal hits of one arena episode (its replay summary)."""
    match = re.search(r"path_lengths=\[([^\]]*)\]", summary)
    return [float(v) for v in match.group(1).split(",")] if match and match.group(1).strip() else []


def path_lengths(rows):
    """Path lengths by goal index (1st, 2nd, ...) over episodes."""
    by_index = {}
    for _, summary in rows:
        for k, value in enumerate(episode_paths(summary)):
            by_index.setdefault(k, []).append(value)
    return by_index


def first_minus_later(rows):
    """Per episode with 2 or more goals: first path length minus the mean of the later ones.
    Paired within episodes, so it is free of the survivor bias of the by-index curve."""
    differences = []
    for _, summary in rows:
        values = episode_paths(summary)
        if len(values) >= 2:
            differences.append(values[0] - np.mean(values[1:]))
    return np.array(differences)


def arena(folder):
    print("## Arena with memory\n")
    print("| network | seed | best goals ever (mean of 4 tasks) | last generation: best / mean "
          "| held-out goals per episode (20): best ever / ES mean, last generation | wall s |")
    print("|---|---|---|---|---|---|")
    fig, ax = plt.subplots(figsize=(7, 4.5))
    notes = []
    for (experiment, label), color in zip([("arena_alif", "ALIF"), ("arena_lif", "LIF (beta 0)")],
                                          ["tab:blue", "tab:orange"]):
        pooled = {}
        paired = []
        for seed, r in runs(folder, experiment).items():
            rows = replay_rows(os.path.join(folder, f"{experiment}_s{seed}.heldout.csv"))
            held = np.mean([o for o, _ in rows[4:]])
            mean_rows = replay_rows(os.path.join(folder, f"{experiment}_s{seed}.mean.heldout.csv"))
            held_mean = np.mean([o for o, _ in mean_rows[4:]])
            print(f"| {label} | {seed} | {r['best_ever']:.2f} | {r['best'][-1]:.2f} / {r['mean'][-1]:.2f} "
                  f"| {held:.2f} / {held_mean:.2f} | {r['wall']:.0f} |")
            for k, values in path_lengths(rows[4:]).items():
                pooled.setdefault(k, []).extend(values)
            paired.extend(first_minus_later(rows[4:]))
        if pooled:
            ks = sorted(k for k in pooled if len(pooled[k]) >= 3)
            means = [np.mean(pooled[k]) for k in ks]
            ax.errorbar([k + 1 for k in ks], means, yerr=[np.std(pooled[k]) / np.sqrt(len(pooled[k])) for k in ks],
                        marker="o", color=color, capsize=3, label=label)
            notes.append(f"- {label}: path length by goal index (mean over held-out episodes of all seeds' best "
                         "agents): " + ", ".join(f"goal {k + 1}: {m:.3f} (n={len(pooled[k])})"
                                                 for k, m in zip(ks, means)))
        if len(paired) >= 2:
            notes.append(f"- {label}: first path minus the mean of the later paths of the same episode: "
                         f"{np.mean(paired):.3f} +- {np.std(paired, ddof=1) / np.sqrt(len(paired)):.3f} "
                         f"(standard error, {len(paired)} episodes with 2 or more goals)")
    print("\n" + "\n".join(notes))
    ax.set_xlabel("goal index within the episode")
    ax.set_ylabel("path length to the goal (arena radii)")
    ax.set_title("Arena: path length by goal index, best agents, held-out goals")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "arena_path_lengths.png"), dpi=100)
    plt.close(fig)
    c = curves(folder, [("arena_alif", "ALIF"), ("arena_lif", "LIF (beta 0)")], "best",
               "goals per episode (best of generation)", "Arena: goals per episode", "arena_goals.png")
    print(f"\nFigures: {c}, arena_path_lengths.png\n")


def cartpole(folder):
    print("## CartPole over pole lengths (ALIF vs LIF twin)\n")
    ranges = [("0.25", "1.0", "training range"), ("1.2", "1.5", "unseen"), ("1.5", "2.0", "unseen"),
              ("0.1", "0.2", "unseen")]
    print("| network | seed | genome | " +
          " | ".join(f"half-length {lo}-{hi} ({kind})" for lo, hi, kind in ranges) + " |")
    print("|---|---|---|" + "---|" * len(ranges))
    pairs = [("cartpole_meta_alif", "ALIF"), ("cartpole_meta_lif", "LIF (beta 0)")]
    for experiment, label in pairs:
        for tag, genome in [("", "best ever"), (".mean", "ES mean, last generation")]:
            for seed in runs(folder, experiment):
                cells = []
                for lo, hi, _ in ranges:
                    rows = replay_rows(os.path.join(folder, f"{experiment}_s{seed}{tag}.length_{lo}_{hi}.csv"))
                    cells.append(f"{np.mean([o for o, _ in rows]):.0f}")
                print(f"| {label} | {seed} | {genome} | " + " | ".join(cells) + " |")
    c = curves(folder, [(e, f"{label}, 8 pole lengths per evaluation") for e, label in pairs], "best",
               "mean return over 8 tasks (best of generation)", "CartPole meta-RL over pole lengths",
               "cartpole_meta.png")
    print(f"\nFigure: {c}\n")


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    folder = sys.argv[1]
    # Only the experiments that have files in this folder.
    for prefix, section in [("tmaze_", tmaze), ("arena_", arena), ("cartpole_meta_", cartpole)]:
        if glob.glob(os.path.join(folder, f"{prefix}*_s*.h5")):
            section(folder)


if __name__ == "__main__":
    main()
