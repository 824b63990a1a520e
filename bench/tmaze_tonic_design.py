#!/usr/bin/env python3
"""A designed genome for the T-maze network with a tonic population
(examples/networks/tmaze_ndp_oja_h16_tonic.toml; issue 16, fourth round). No
evolution: what the network form can do, next to the 40-16-2 design of
bench/tmaze_hand_set.py (0.894-0.900 on 8000 common test trials).

The design: the cue groups gate the hidden layer without plasticity (each cue
group excites its half, w_cue, and inhibits the other, w_cross; the decision
group excites all, w_dec); the tonic population's synapses onto the hidden
layer are plastic (W = 0, alpha_t on all, eta_t, W_m = 90 on the diagonal and
wm_cross between the halves, so a hidden neuron's trace grows when its half
fires more than the other): during the cues E grows on the cued side's
synapses, and in the decision period the tonic spikes, the same for both
halves, read it out. Each hidden half drives one output (hidden->out at the
gene bound, 1000 pA). The tonic->out projection is left at zero unless
alpha_o is given.

Each design is written as a genome file (template: a 1-generation run of
examples/tmaze_ndp_oja_per_trial.toml on the network, `l2l replay
--save-genome`) and run with `l2l replay --genome-file F --episodes TRIALS`.
  bench/tmaze_tonic_design.py [--trials 500] [--out /work/results/tmaze4/design] \\
      [--grid "eta_t=0.003,0.004,0.005 alpha_t=30000,35000,45000 wm_cross=-45"]
A parameter not in --grid keeps its default (below). Then the best designs on
8000 common test trials: bench/tmaze_common_test.py DESIGN.genome.h5 ...
With --stages each design's trials are recorded and bench/tmaze_where_lost.py's
stages added as columns (the ideal observer, the hidden halves' counts over the
cue period and over the decision period): where a design loses.
"""
import argparse
import itertools
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmaze_hand_set import ROOT, accuracy, template  # noqa: E402
from tmaze_where_lost import stage_accuracies, trial_counts  # noqa: E402

NETWORK = "networks/tmaze_ndp_oja_h16_tonic.toml"
DEFAULTS = dict(eta_t=0.004, alpha_t=35000.0, w_t=0.0, wm_cross=-45.0, w_cue=400.0, w_cross=-200.0, w_dec=250.0,
                eta_o=0.0, alpha_o=0.0, wm_o_cross=0.0)
HIDDEN, TONIC, WM_DIAGONAL, W_OUT = 16, 10, 90.0, 1000.0


def designed_genes(names, p):
    """Genes (value / scale, within [-1, 1]) of the design with parameters p, found by gene name."""
    index = {(n.decode() if isinstance(n, bytes) else n): k for k, n in enumerate(names)}
    genes = np.zeros(len(names))
    left = lambda i: i < HIDDEN // 2  # noqa: E731
    for i in range(HIDDEN):
        for j in range(40):
            w = 0.0
            if j < 20:
                w = p["w_cue"] if (j < 10) == left(i) else p["w_cross"]
            elif j < 30:
                w = p["w_dec"]
            genes[index[f"w.in->hidden[{j},{i}]"]] = w / 1000.0
        for j in range(TONIC):
            genes[index[f"alpha.tonic->hidden[{j},{i}]"]] = p["alpha_t"] / 5e4
            genes[index[f"w.tonic->hidden[{j},{i}]"]] = p["w_t"] / 1000.0
        for k in range(HIDDEN):
            m = WM_DIAGONAL if i == k else (0.0 if left(i) == left(k) else p["wm_cross"])
            genes[index[f"W_m.tonic->hidden[{i},{k}]"]] = m / 100.0
        side = 1.0 if left(i) else -1.0
        genes[index[f"w.hidden->out[{i},0]"]] = side * W_OUT / 1000.0
        genes[index[f"w.hidden->out[{i},1]"]] = -side * W_OUT / 1000.0
    for o in range(2):
        for j in range(TONIC):
            genes[index[f"alpha.tonic->out[{j},{o}]"]] = p["alpha_o"] / 5e4
        for k in range(2):
            genes[index[f"W_m.tonic->out[{o},{k}]"]] = (WM_DIAGONAL if o == k else p["wm_o_cross"]) / 100.0
    genes[index["eta.tonic->hidden"]] = p["eta_t"]
    genes[index["eta.tonic->out"]] = p["eta_o"]
    if np.any(np.abs(genes) > 1.0):
        raise SystemExit(f"a design parameter puts a gene outside [-1, 1]: {p}")
    return genes


def parse_grid(text):
    grid = {}
    for item in text.split():
        key, _, values = item.partition("=")
        if key not in DEFAULTS:
            raise SystemExit(f"--grid: unknown parameter '{key}'; allowed: {', '.join(DEFAULTS)}")
        grid[key] = [float(v) for v in values.split(",")]
    return grid


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    parser.add_argument("--out", default="/work/results/tmaze4/design")
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--grid", default="", help="NAME=v1,v2 ... (parameters: " + ", ".join(DEFAULTS) + ")")
    parser.add_argument("--stages", action="store_true", help="also the stage accuracies of bench/tmaze_where_lost.py")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    base = template(args.l2l, args.out, "trial", NETWORK)
    with h5py.File(base, "r") as f:
        names = f["gene_names"][:]
    grid = parse_grid(args.grid)
    print(",".join(DEFAULTS) + ",trials,accuracy" + (",ideal,hidden_cues,hidden_decision" if args.stages else ""))
    for values in itertools.product(*grid.values()):
        p = dict(DEFAULTS, **dict(zip(grid, values)))
        path = os.path.join(args.out, "tonic_" + "_".join(f"{k}{p[k]:g}" for k in DEFAULTS) + ".genome.h5")
        with open(base, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        with h5py.File(path, "a") as f:
            f["genome"][:] = designed_genes(names, p)
            f["fitness"][0] = np.nan
            f.attrs["source"] = "bench/tmaze_tonic_design.py (designed, not evolved)"
        parameters = ",".join(f"{p[k]:g}" for k in DEFAULTS)
        if args.stages:
            counts = trial_counts(args.l2l, path, args.trials)
            stages = stage_accuracies(counts)
            print(f"{parameters},{len(counts)},{stages['output']:.3f},"
                  + ",".join(f"{stages[k]:.3f}" for k in ("ideal", "hidden_cues", "hidden_decision")), flush=True)
        else:
            acc, n = accuracy(args.l2l, path, "trial", args.trials)
            print(f"{parameters},{n},{acc:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
