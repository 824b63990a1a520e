"""Genome files for the bench scripts: a template of a config (a one-generation
run whose genome is to be replaced) and a genome file of a run's individual
holding other genes (a search distribution's mean, a design), so that
`l2l replay --genome-file` runs those genes on that individual's tasks."""
import os
import subprocess

import h5py
import numpy as np


def template_genome(l2l, config, path, options=(), sources=()):
    """A genome file of `config` (a one-generation run of two individuals, `options` added; its best saved by
    replay): the gene names, config and seed of the network, genes to be replaced. Made again when missing or
    older than any file of `sources`."""
    if os.path.exists(path) and all(os.path.getmtime(path) >= os.path.getmtime(f) for f in sources):
        return path
    run = os.path.splitext(path)[0].removesuffix(".genome") + ".h5"
    subprocess.run([l2l, "run", "--config", config, *options, "--generations", "1", "--population", "2",
                    "--quiet", "--force", "--output", run], check=True)
    subprocess.run([l2l, "replay", run, "--save-genome", path, "--force"], check=True, stdout=subprocess.DEVNULL)
    return path


def genome_file_with(l2l, run, generation, individual, output, genes, source):
    """A genome file of `run`'s individual `individual` of `generation` (its config, seed and generation: the
    task stream `l2l replay --genome-file` runs) holding `genes` instead, with no recorded fitness (NaN: replay
    checks none) and `source` as its genome_source attribute."""
    subprocess.run([l2l, "replay", run, "--genome", f"{generation}:{individual}", "--save-genome", output, "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(output, "r+") as g:
        g["genome"][...] = genes
        g["fitness"][...] = np.nan
        g.attrs["genome_source"] = source
