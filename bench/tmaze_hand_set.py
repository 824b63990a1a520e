#!/usr/bin/env python3
"""The hand-set NDP-Oja T-maze network (tests/simulator/test_plasticity_agent.cpp,
"a hand-set NDP-Oja network solves the high-noise T-maze") over the rule's
parameters (eta, alpha) and the two trial structures: the plastic trace reset
only at each 25-trial episode (examples/tmaze_ndp_oja.toml) or at every trial
(examples/tmaze_ndp_oja_per_trial.toml). No evolution: what the network of
examples/networks/tmaze_ndp_oja.toml can do with a designed genome.

Each variant is written as a genome file (the template comes from a 1-generation
run of each config, `l2l replay --save-genome`; genes replaced, /fitness NaN =
no recorded fitness) and run with `l2l replay --genome-file F --episodes N` on
TRIALS high-noise trials.
  bench/tmaze_hand_set.py [--l2l build/release/optimizer/l2l] [--out /work/results/tmaze/hand_set] [--trials 300]
The finer grid of docs/meta_learning.md:
  bench/tmaze_hand_set.py --structures trial --eta 0.007,0.01,0.015,0.02 --alpha 40000,50000 --trials 500
  bench/tmaze_hand_set.py --structures episode --eta 0.02,0.03 --alpha 40000 --trials 500
The same design on the 16-hidden networks (issue 16, second round; the
hidden->out weights carry the 64-hidden network's drive, 32 x 500 pA per
output, so 2000 pA each, clipped to the gene bounds):
  bench/tmaze_hand_set.py --out /work/results/tmaze2/hand_set --structures trial --eta 0.02 --alpha 40000 --network networks/tmaze_ndp_oja_h16.toml
  bench/tmaze_hand_set.py --out /work/results/tmaze2/hand_set --structures trial --eta 0.02 --alpha 40000 --network networks/tmaze_ndp_oja_h16_scaled.toml --w-out-scale 4000 --eta-scale 0.1
"""
import argparse
import os
import re
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from genome_files import template_genome  # noqa: E402
CONFIGS = {"episode": ("examples/tmaze_ndp_oja.toml", 25), "trial": ("examples/tmaze_ndp_oja_per_trial.toml", 1)}


def template(l2l, out, structure, network):
    """A genome file of the structure's config (genes to be replaced)."""
    tag = structure if network is None else f"{structure}_{os.path.basename(network)[:-5]}"
    config, _ = CONFIGS[structure]
    override = [] if network is None else ["--snn.network_file", network]
    return template_genome(l2l, os.path.join(ROOT, config), os.path.join(out, f"template_{tag}.genome.h5"),
                           [*override, "--ga.tournament_size", "2", "--ga.elitism", "0"])


def hand_set_genes(names, eta, alpha, w_out_scale=1000.0, eta_scale=1.0, alpha_scale=5e4):
    """Genes (gene units: value / scale, within [-1, 1]) of the hand-set network, found by gene name."""
    index = {n.decode() if isinstance(n, bytes) else n: k for k, n in enumerate(names)}
    hidden = sum(1 for n in index if n.startswith("w.hidden->out[")) // 2
    w_out = 500.0 * 64 / hidden  # the 64-hidden design's drive of each output
    genes = np.zeros(len(names))
    for j in range(40):
        for i in range(hidden):
            left_half = i < hidden // 2
            w = 0.0
            if j < 20:
                own = (j < 10) == left_half
                w = 400.0 if own else -200.0
                if own:
                    genes[index[f"alpha.in->hidden[{j},{i}]"]] = alpha / alpha_scale
            elif j < 30:
                w = 250.0
            genes[index[f"w.in->hidden[{j},{i}]"]] = w / 1000.0
    for i in range(hidden):
        side = 1.0 if i < hidden // 2 else -1.0
        genes[index[f"w.hidden->out[{i},0]"]] = np.clip(side * w_out / w_out_scale, -1.0, 1.0)
        genes[index[f"w.hidden->out[{i},1]"]] = np.clip(-side * w_out / w_out_scale, -1.0, 1.0)
        genes[index[f"W_m.in->hidden[{i},{i}]"]] = 90.0 / 100.0
    genes[index["eta.in->hidden"]] = eta / eta_scale
    genes[index["eta.hidden->out"]] = 0.0
    return genes


def accuracy(l2l, genome_file, structure, trials):
    _, per_episode = CONFIGS[structure]
    episodes = trials // per_episode
    out = subprocess.run([l2l, "replay", "--genome-file", genome_file, "--episodes", str(episodes)], check=True,
                         capture_output=True, text=True).stdout
    rows = [line.split(",") for line in out.splitlines() if re.match(r"^\d+,", line)]
    return float(np.mean([float(r[2]) for r in rows])), len(rows) * per_episode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    parser.add_argument("--out", default="/work/results/tmaze/hand_set")
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--eta", default="0.003,0.01,0.03")
    parser.add_argument("--alpha", default="10000,30000,50000")
    parser.add_argument("--structures", default="episode,trial", help="episode (E reset per 25 trials), trial")
    parser.add_argument("--network", help="network file instead of the config's (relative to examples/)")
    parser.add_argument("--w-out-scale", type=float, default=1000.0, help="pA per gene unit of the hidden->out weights")
    parser.add_argument("--eta-scale", type=float, default=1.0, help="eta per gene unit")
    parser.add_argument("--alpha-scale", type=float, default=5e4, help="pA of alpha per gene unit (the network's scale)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    print("structure,eta,alpha_pA,trials,accuracy")
    for structure in args.structures.split(","):
        base = template(args.l2l, args.out, structure, args.network)
        tag = structure if args.network is None else f"{structure}_{os.path.basename(args.network)[:-5]}"
        for eta in map(float, args.eta.split(",")):
            for alpha in map(float, args.alpha.split(",")):
                path = os.path.join(args.out, f"hand_{tag}_eta{eta}_alpha{alpha:.0f}.genome.h5")
                with h5py.File(base, "r") as f:
                    names = f["gene_names"][:]
                genes = hand_set_genes(names, eta, alpha, args.w_out_scale, args.eta_scale, args.alpha_scale)
                with open(base, "rb") as src, open(path, "wb") as dst:
                    dst.write(src.read())
                with h5py.File(path, "a") as f:
                    f["genome"][:] = genes
                    f["fitness"][0] = np.nan
                    f.attrs["source"] = "bench/tmaze_hand_set.py (hand-set, not evolved)"
                acc, n = accuracy(args.l2l, path, structure, args.trials)
                print(f"{tag},{eta},{alpha:.0f},{n},{acc:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
