#!/usr/bin/env python3
"""What the figures of tools/l2l-plot and tools/l2l-replay-plot show, read back
from the matplotlib figures they draw (not from pixels).

  figure_content.py L2L SOURCE_DIR

- Fitness panel: titled with the file's fitness_meaning, a horizontal line at
  the target 0.5 (Mountain Car's goal) labelled as such.
- Optimizer state panels: y label with the units from the file (GA
  gene_spread: gene units); a series equal to the fitness panel's best (ES
  best_fitness) is named in the title, not drawn again.
- Several runs: the principal components panel shows every run (one path per
  run in the legend), not the first only.
- Legends at font size 8 or more.
- Replay: the actions named (push left, no push, push right), the goal line
  on the position axis, populations named on the raster's y axis.
"""
import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

l2l, source_dir = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def tool(name):
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), os.path.join(source_dir, "tools", name))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    drawn = []
    module.plt.close = drawn.append  # keep the figure the tool would close after saving it
    return module, drawn


def run(args, cwd):
    p = subprocess.run([l2l] + args, cwd=cwd, capture_output=True, text=True, timeout=300)
    check(p.returncode == 0, "l2l %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr[-300:]))


def hlines(ax):
    """(y, label) of the horizontal lines across an axis."""
    found = []
    for line in ax.get_lines():
        x, y = line.get_xdata(), line.get_ydata()
        if len(y) == 2 and y[0] == y[1] and list(x) == [0, 1]:
            found.append((float(y[0]), line.get_label()))
    return found


def legend_sizes(fig):
    return [text.get_fontsize() for ax in fig.axes if ax.get_legend() for text in ax.get_legend().get_texts()]


with tempfile.TemporaryDirectory() as work:
    os.symlink(os.path.join(source_dir, "examples", "networks"), os.path.join(work, "networks"))
    shutil.copy(os.path.join(source_dir, "examples", "mountaincar_ga.toml"), os.path.join(work, "mc.toml"))
    for seed in (1, 2):
        run(["run", "--config", "mc.toml", "--population", "8", "--generations", "4", "--seed", str(seed), "--quiet",
             "-o", "mc%d.h5" % seed], work)
    run(["run", "--optimizer", "es", "--optimizee", "benchmark", "--benchmark.function", "rastrigin",
         "--generations", "4", "--population", "8", "--quiet", "-o", "es.h5"], work)
    run(["replay", "mc1.h5", "--record", "replay.h5"], work)

    before = len(failures)
    plot, drawn = tool("l2l-plot")
    sys.argv = ["l2l-plot", os.path.join(work, "mc1.h5"), os.path.join(work, "mc2.h5"), "-o",
                os.path.join(work, "two.png")]
    plot.main()
    fig = drawn[-1]
    fitness = fig.axes[0]
    check("MountainCar-v0 episode objective (mountaincar.objective = max_position)" in fitness.get_title().replace("\n", " "),
          "fitness panel title without the fitness meaning: %r" % fitness.get_title())
    check((0.5, "target_fitness 0.5 = the task goal") in hlines(fitness),
          "fitness panel: no target line at 0.5: %s" % hlines(fitness))
    projection = fig.axes[1]
    labels = [t.get_text() for t in projection.get_legend().get_texts()] if projection.get_legend() else []
    check(projection.get_title().startswith("populations of 2 runs") and
          labels == ["mc1 (generation means)", "mc2 (generation means)"],
          "principal components panel: title %r, legend %s (expected both runs)" % (projection.get_title(), labels))
    spread = [ax for ax in fig.axes if ax.get_title().startswith("optimizer state: ga/gene_spread")]
    check(len(spread) == 1 and spread[0].get_ylabel() == "gene_spread (gene units)",
          "GA gene_spread panel: %s" % [ax.get_ylabel() for ax in spread])
    check(min(legend_sizes(fig)) >= 8, "legend font sizes %s (< 8)" % legend_sizes(fig))
    print(("ok " if len(failures) == before else "BAD") + "ok  l2l-plot, 2 runs: fitness meaning, target line, both runs on the shared components, units"[3:])

    before = len(failures)
    sys.argv = ["l2l-plot", os.path.join(work, "es.h5"), "-o", os.path.join(work, "es.png")]
    plot.main()
    fig = drawn[-1]
    titles = [ax.get_title() for ax in fig.axes]
    check("es/best_fitness = best" in fig._suptitle.get_text() and
          not any(t.startswith("optimizer state: es/best_fitness") for t in titles),
          "ES best_fitness (the generation's best) drawn again: %s / %r" % (titles, fig._suptitle.get_text()))
    check(any(t.startswith("optimizer state: es/gradient_norm") for t in titles), "ES gradient_norm panel missing")
    print(("ok " if len(failures) == before else "BAD") + "ok  l2l-plot, ES: es/best_fitness named in the title, not drawn again"[3:])

    before = len(failures)
    replay, drawn = tool("l2l-replay-plot")
    replay.plot(replay.load(os.path.join(work, "replay.h5"), 0), 0, os.path.join(work, "replay.png"))
    fig = drawn[-1] if drawn else replay.plt.gcf()
    position, velocity, action, raster = fig.axes
    check([t.get_text() for t in action.get_yticklabels()] == ["push left", "no push", "push right"],
          "actions not named: %s" % [t.get_text() for t in action.get_yticklabels()])
    check((0.5, "goal 0.5") in hlines(position), "no goal line on the position axis: %s" % hlines(position))
    check([t.get_text() for t in raster.get_yticklabels()] == ["in_pos (30)", "in_vel (30)", "hidden (5)", "out (3)"],
          "raster populations: %s" % [t.get_text() for t in raster.get_yticklabels()])
    print(("ok " if len(failures) == before else "BAD") + "ok  l2l-replay-plot: named actions, the goal line, populations named on the raster"[3:])

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("figure content checks passed")
