#!/usr/bin/env python3
"""Issue 16: which plasticity an evolved T-maze genome uses. Each genome of the
40-16-2 NDP-Oja network is copied with one group of plasticity genes set to
zero (no evolution, no other change) and every copy is replayed with
bench/tmaze_common_test.py on the same common test trials, so each row's
difference to the unchanged genome is paired. Groups (input neurons 0-9 left
cue, 10-19 right cue, 20-29 decision, 30-39 noise; tmaze spec):
  cue_alpha     alpha of in->hidden from the cue neurons (0-19)
  other_alpha   alpha of in->hidden from the decision and noise neurons (20-39)
  out_alpha     alpha of hidden->out (the read-out's plastic part)
  tonic_alpha   alpha of tonic->hidden and tonic->out (only in the networks with a
                tonic population, networks/tmaze_ndp_oja_h16_tonic*.toml; fourth round)
  all_alpha     every alpha: the fixed weights W alone
A group the network does not have is left out (the tonic_only network has no
cue_alpha and other_alpha).
The hand-set network (bench/tmaze_hand_set.py) is plastic only in cue_alpha,
the tonic design (bench/tmaze_tonic_design.py) only in tonic_alpha.
  bench/tmaze_ablation.py A.genome.h5 ... [--trials 2000] [--seed 7777]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYNAPSE = re.compile(r"alpha\.(in->hidden|hidden->out|tonic->hidden|tonic->out)\[(\d+),(\d+)\]")


def in_group(name, group):
    match = SYNAPSE.match(name)
    if not match:
        return False
    projection, pre = match.group(1), int(match.group(2))
    if group == "cue_alpha":
        return projection == "in->hidden" and pre < 20
    if group == "other_alpha":
        return projection == "in->hidden" and pre >= 20
    if group == "out_alpha":
        return projection == "hidden->out"
    if group == "tonic_alpha":
        return projection.startswith("tonic->")
    return group == "all_alpha"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("genomes", nargs="+")
    parser.add_argument("--l2l", default=os.path.join(ROOT, "build/release/optimizer/l2l"))
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7777)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for path in args.genomes:
            copies = [path]
            with h5py.File(path, "r") as f:
                names = [n.decode() if isinstance(n, bytes) else n for n in f["gene_names"][:]]
            # The groups this network has (tmaze_ndp_oja_h16_tonic_only.toml: no in->hidden plasticity).
            groups = [g for g in ("cue_alpha", "other_alpha", "out_alpha", "tonic_alpha", "all_alpha")
                      if any(in_group(n, g) for n in names)]
            if not groups:
                sys.exit(f"{path}: no plasticity gene (alpha): not an NDP-Oja T-maze network")
            for group in groups:
                zeroed = [i for i, n in enumerate(names) if in_group(n, group)]
                copy = os.path.join(work, f"{os.path.basename(path)[:-10]}.no_{group}.genome.h5")
                shutil.copyfile(path, copy)
                with h5py.File(copy, "r+") as f:
                    genome = f["genome"][:]
                    genome[zeroed] = 0.0
                    f["genome"][...] = genome
                copies.append(copy)
            subprocess.run([sys.executable, os.path.join(ROOT, "bench/tmaze_common_test.py"), *copies, "--l2l",
                            args.l2l, "--trials", str(args.trials), "--seed", str(args.seed)], check=True)


if __name__ == "__main__":
    main()
