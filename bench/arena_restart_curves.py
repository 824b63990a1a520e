#!/usr/bin/env python3
"""The learning curves of bench/arena_wiring_restarts.sh (docs/meta_learning.md 2.13): one panel per kind (ALIF,
the LIF twin), every restart OUT/<kind>_s<run>.h5 in grey and each training seed's continued run
OUT/<kind>_restart_s<g>.h5 in colour (its chosen restart's generations, then the continuation), as the mean of
each generation's evaluations (10-generation running mean) against the run's own training episodes.
  bench/arena_restart_curves.py OUT --output FIGURE.png
"""
import argparse
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_design_heldout import HALFWAY, MEMORYLESS, REMEMBERING, training_curve  # noqa: E402
from arena_report import running_mean  # noqa: E402

KINDS = (("wiring_wide", "ALIF"), ("lif_wiring_wide", "LIF twin"))


def curve(run):
    """(training episodes, 10-generation running mean of the generation means) of a results file."""
    return running_mean(*training_curve(run))[1:]


def runs_of(folder, kind, restart):
    """{seed: file} of folder's files <kind>_s<seed>.h5 (restart: <kind>_restart_s<seed>.h5)."""
    name = re.compile(re.escape(kind) + ("_restart" if restart else "") + r"_s(\d+)\.h5")
    found = {int(m.group(1)): os.path.join(folder, n) for n in os.listdir(folder) if (m := name.fullmatch(n))}
    return dict(sorted(found.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="OUT of bench/arena_wiring_restarts.sh")
    parser.add_argument("--output", required=True, help="the figure (.png)")
    args = parser.parse_args()
    panels = [(kind, label, runs_of(args.folder, kind, False), runs_of(args.folder, kind, True))
              for kind, label in KINDS]
    panels = [p for p in panels if p[2]]
    if not panels:
        parser.error(f"{args.folder}: no restarts (wiring_wide_s<run>.h5 or lif_wiring_wide_s<run>.h5) there")
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 4.5), sharey=True, squeeze=False)
    for ax, (kind, label, restarts, continued) in zip(axes[0], panels):
        for i, (run, path) in enumerate(restarts.items()):
            x, y = curve(path)
            ax.plot(x, y, color="gray", lw=0.8, alpha=0.7,
                    label=f"the {len(restarts)} restarts (10-generation running mean)" if i == 0 else None)
        for i, (seed, path) in enumerate(continued.items()):
            x, y = curve(path)
            ax.plot(x, y, color=f"C{i}", lw=2, label=f"training seed {seed}: the chosen restart, continued")
        for value, style, text in [(REMEMBERING, "--", "remembering border search"),
                                   (MEMORYLESS, ":", "memoryless border search"), (HALFWAY, "-.", "halfway")]:
            ax.axhline(value, color="black", ls=style, lw=0.8, label=f"{text} ({value:.2f})")
        ax.set_title(f"{label}: CMA-ES at 48 per generation, restarts and the chosen ones", fontsize=10)
        ax.set_xlabel("training episodes of the run")
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("goals per episode (mean of a generation's evaluations)")
    fig.tight_layout()
    fig.savefig(args.output, dpi=100)
    print(f"Figure: {args.output}")


if __name__ == "__main__":
    main()
