#!/usr/bin/env python3
"""A designed genome for examples/networks/arena_border_memory.toml: the
remembering border search of bench/arena_references.py written into the
network's weights (docs/meta_learning.md, section 2.9). No evolution: what the
network can do by design, and the genome behind every point of the parameter
search of examples/arena_design_cmaes.toml (bench/arena_border_memory.sh).

- place -> out: a least-squares fit of the search's velocity field on the place
  cells' rates (counter-clockwise and a little outward, so that the agent slides
  along the wall); each direction group gets +- the fitted component, so that
  the difference of two rectified rates is the field.
- mem unit k stands for border angle theta_k: its trigger weights are the place
  code at the border point q_k; the goal neuron drives every unit below
  threshold, so a goal spike switches on the unit(s) whose place code was active
  in the step before (the trigger is delayed by one action); self-excitation
  holds them, inhibition keeps the others off.
- gate fires whenever a mem unit is on; home, opened by it, carries
  c (b_k - p) minus the search field (the fit of -c p - field on the place cells,
  plus c b_k from mem), b_k at radius b_r beyond the wall at theta_k + offset
  (the goal lies ahead of the place the agent was in the step before reaching
  it); out reads home block by block and the gate removes home's baseline.

Each design is a genome file (template: a one-generation run of
examples/arena_border_memory_snes.toml, `l2l replay --save-genome`; /fitness
NaN) run with `l2l replay --genome-file F --episodes N`, which prints goals and
path lengths per episode.
  bench/arena_design.py [--out DIR] [--episodes 200] [--set NAME=V1,V2 ...] [--save FILE] [--l2l L2L]
  bench/arena_design.py --write-start FILE    (DEFAULT as the CMA-ES's initial genome)
  bench/arena_design.py --write-start FILE --center CONFIG  (the middle of each box of CONFIG's [command.genes])
  bench/arena_design.py --serve --episodes 32 (the command optimizee of examples/arena_design_cmaes.toml)
"""
import argparse
import functools
import itertools
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from typing import Callable

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_stats import episode_goals, first_and_later, mean_and_error, replay_summaries  # noqa: E402
from genome_files import template_genome  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORK = "examples/networks/arena_border_memory.toml"
CENTRES = np.array([(-1.0 + 2.0 * i / 7.0, -1.0 + 2.0 * j / 7.0) for i in range(8) for j in range(8)])
SIGMA, PEAK = 0.25, 200.0  # the network file's place cells


def place_rates(points):
    """Rates (Hz) of the 8 x 8 place cells at points (n x 2)."""
    d2 = ((points[:, None, :] - CENTRES[None, :, :]) ** 2).sum(-1)
    return PEAK * np.exp(-d2 / (2 * SIGMA * SIGMA))


def disk_points(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    r = np.sqrt(rng.uniform(size=n))
    phi = rng.uniform(0, 2 * np.pi, size=n)
    return np.stack([r * np.cos(phi), r * np.sin(phi)], 1)


def search_field(points, speed, outward):
    """The border search's direction at full `speed`: counter-clockwise, and outward so that the agent slides
    along the wall, where the goals are (outward = 0: arena_references' heuristic, along 0.9 R)."""
    r = np.maximum(np.hypot(points[:, 0], points[:, 1]), 1e-9)
    ux, uy = points[:, 0] / r, points[:, 1] / r
    radial = outward + 5.0 * np.maximum(0.95 - r, 0.0) if outward > 0 else 5.0 * (0.9 - r)
    v = np.stack([-uy + radial * ux, ux + radial * uy], 1)
    return speed * v / np.hypot(v[:, 0], v[:, 1])[:, None]


@functools.cache
def disk_fit(ridge=1e-2):
    """disk_points(), their place rates and the ridge-regularised normal matrix: the same for every design, so
    computed once per process (a server designs a genome per request; this was most of its Python time)."""
    points = disk_points()
    phi = place_rates(points)
    lhs = phi.T @ phi + ridge * np.trace(phi.T @ phi) / phi.shape[1] * np.eye(phi.shape[1])
    for array in (points, phi, lhs):
        array.flags.writeable = False
    return points, phi, lhs


def fit_on_disk(field_of):
    """Weights a (64 x 2) with field_of(points) ~ place_rates(points) @ a over disk_points(), ridge-regularised."""
    points, phi, lhs = disk_fit()
    return np.linalg.solve(lhs, phi.T @ field_of(points))


def signs(group):
    """Sign and component of each output/home neuron: groups of `group` neurons, +x, -x, +y, -y."""
    return [(1.0 if (n // group) % 2 == 0 else -1.0, n // (2 * group)) for n in range(4 * group)]


def stagger(n, group):
    """Neuron n's place in its group, in [-1/2, 1/2): its share of the bias spread, so that the neurons of a
    group, which get the same input, do not fire in step."""
    return (n % group - (group - 1) / 2) / group


@functools.cache
def block_bounds(network):
    """{block label: (scale, lower, upper)} of the network file's [[network.genome]] blocks (network: a path
    relative to the repository); read once per process (a server designs a genome per request)."""
    with open(os.path.join(ROOT, network), "rb") as f:
        blocks = tomllib.load(f)["network"]["genome"]
    return {(f"w.{b['projection']}" if "projection" in b else f"{b['parameter']}.{b['population']}"):
            (b["scale"], b["lower"], b["upper"]) for b in blocks}


def gene_bounds(names, network):
    """Scale (pA or mV per gene unit), lower and upper bound of each gene."""
    by_label = block_bounds(network)
    return np.array([by_label[n.split("[")[0]] for n in names]).T


def genes_of(names, values, strict, network):
    """Genes = value / the block's scale (strict: refuse genes outside the block's bounds)."""
    scale, lower, upper = gene_bounds(names, network)
    genes = np.asarray(values) / scale
    outside = np.flatnonzero((genes < lower) | (genes > upper))
    if strict and len(outside):
        worst = int(outside[np.argmax(np.maximum(lower - genes, genes - upper)[outside])])
        raise SystemExit(f"gene {names[worst]} = {genes[worst]:.3f} is outside [{lower[worst]:g}, {upper[worst]:g}]: "
                         "change the design or the block's scale")
    return genes


def search_genes(put, names, p):
    """out reads the place cells: the border search's velocity field (mean current = sum_j w_j rate_j / 1000,
    an alif input acting for one 1-ms step). Returns the neurons per direction group."""
    group = sum(1 for n in names if n.startswith("I_e.out[")) // 4
    a = fit_on_disk(lambda pts: search_field(pts, p["speed"], p["outward"]))
    for n, (s, d) in enumerate(signs(group)):
        for j in range(64):
            put(f"w.place->out[{j},{n}]", s * p["gain"] * 1000.0 * a[j, d])
        put(f"I_e.out[{n}]", p["bias_out"] + p["spread_out"] * stagger(n, group))
    return group


def pull_genes(put, names, p, group, memory):
    """gate and home, read from the population `memory` whose unit k, on at rate_mem, stands for border angle
    theta_k: home, opened by the gate, carries c (b_k - p) minus the search field. Returns the angles theta_k."""
    k_mem = sum(1 for n in names if n.startswith(f"I_e.{memory}["))
    theta = 2 * np.pi * np.arange(k_mem) / k_mem
    b = p["b_r"] * np.stack([np.cos(theta + p["offset"]), np.sin(theta + p["offset"])], 1)
    # home cancels the search field and adds -c p: with the memory's c b the velocity is c (b - p)
    h = fit_on_disk(lambda pts: -p["c"] * pts - search_field(pts, p["speed"], p["outward"]))
    # home, opened by the gate, fires at about r0 + rho g_H F for a field F (g_H = gain_home pA per
    # radius/s); out reads its own group's home neurons (block-diagonal) with w_ho, so that a unit of F
    # drives out as a unit of the search field does, and the gate takes the baseline r0 off out
    w_ho = p["gain"] * 1000.0 / (p["rho"] * p["gain_home"] * group)
    per_mem_spike = 1000.0 / p["rate_mem"]  # weight (pA) per pA of mean current from a unit at rate_mem
    n_gate = sum(1 for n in names if n.startswith("I_e.gate["))
    for n, (s, d) in enumerate(signs(group)):
        for j in range(64):
            put(f"w.place->home[{j},{n}]", s * p["gain_home"] * 1000.0 * h[j, d])
        for n2 in range(4 * group):
            if n2 // group == n // group:
                put(f"w.home->out[{n2},{n}]", w_ho)
        put(f"I_e.home[{n}]", p["bias_home"] + p["spread_out"] * stagger(n, group))  # home: out's spread
        for k in range(k_mem):
            # the pull: a few neighbouring units switch on together (co_active)
            put(f"w.{memory}->home[{k},{n}]", s * p["gain_home"] * p["c"] * b[k, d] * per_mem_spike / p["co_active"])
        # the gate population fires at its maximum whenever any memory unit is on: home's gate and out's
        # correction do not depend on how many units are on
        for i in range(n_gate):
            put(f"w.gate->home[{i},{n}]", p["w_gate"] * 1000.0 / (p["rate_gate"] * n_gate))
            put(f"w.gate->out[{i},{n}]", -group * w_ho * p["r0"] / (p["rate_gate"] * n_gate))
    for k in range(k_mem):
        for i in range(n_gate):
            put(f"w.{memory}->gate[{k},{i}]", p["w_mem_gate"])
    for i in range(n_gate):
        put(f"I_e.gate[{i}]", 0.0)
    return theta


def trigger_genes(put, p, theta, population):
    """`population` unit k fires when a goal spike (reward neuron 0) comes while the place code of border point
    q_k (delayed by one action) is active: its trigger weights are that place code minus a floor."""
    trigger = place_rates(p["q_r"] * np.stack([np.cos(theta), np.sin(theta)], 1)) / PEAK  # (k x 64)
    for k in range(len(theta)):
        for j in range(64):
            put(f"w.place_trigger[{j},{k}]", p["w_trigger"] * (trigger[k, j] - p["trigger_floor"]))
        put(f"w.reward->{population}[0,{k}]", p["w_reward"])


def assemble(names, p, memory_genes, network, strict=True):
    """Genes of a designed network from parameters p: the search, and with p["memory"] the pull read from the
    population mem and the variant's memory (memory_genes(put, p, theta), theta the angles of mem's units).
    Values are pA (put(gene name, value)); genes = value / the block's scale in `network`."""
    index = {n: k for k, n in enumerate(names)}
    values = np.zeros(len(names))

    def put(name, value):
        values[index[name]] = value

    group = search_genes(put, names, p)
    if p["memory"]:
        memory_genes(put, p, pull_genes(put, names, p, group, "mem"))
    return genes_of(names, values, strict, network)


def persistent_memory(put, p, theta):
    """mem unit k switched on by the trigger, held on by its self-excitation; its inhibition keeps the other
    units off."""
    trigger_genes(put, p, theta, "mem")
    for k in range(len(theta)):
        for k2 in range(len(theta)):
            put(f"w.mem->mem[{k2},{k}]", p["w_hold"] if k2 == k else -p["w_inhibit"])
        put(f"I_e.mem[{k}]", p["bias_mem"])


def design(names, p, strict=True):
    """The border-memory network's genes (strict: refuse genes outside the network's bounds)."""
    return assemble(names, p, persistent_memory, NETWORK, strict)


# The design (chosen on 200 episodes; docs/meta_learning.md 2.9). Speeds in arena radii/s, currents and
# weights in pA, rates in Hz. memory=0: the search alone (mem, gate and home silent).
DEFAULT = dict(memory=True,
               speed=10.0, outward=0.1, gain=20.0, bias_out=300.0, spread_out=150.0,  # search field -> out
               c=15.0, gain_home=12.0, rho=0.2, r0=65.0, bias_home=-200.0,  # home: c (b - p) - field
               rate_mem=333.0, co_active=1.5, rate_gate=333.0, w_mem_gate=8000.0, w_gate=600.0,  # mem -> gate -> home
               q_r=1.0, b_r=1.4, offset=0.35,  # trigger points q_k, pull targets b_k (angle theta_k + offset)
               w_trigger=150.0, trigger_floor=0.1, w_reward=800.0, w_hold=8000.0, w_inhibit=700.0, bias_mem=0.0)


@dataclass(frozen=True)
class Variant:
    """A designed network: its file, its SNN config (whose genome files hold the designs), the CMA-ES config
    over its design parameters, the hand-chosen parameters, the design function and the shipped files' prefix."""
    network: str
    config: str
    cmaes_config: str
    defaults: dict
    design: Callable
    prefix: str
    script: str  # the design script (in the genome files' source attribute)
    memory_cut: dict  # parameters that cut the memory (the held-out table's ablation)
    twin: dict | None  # parameters that make the LIF twin (None: every unit is LIF already)


BORDER = Variant(NETWORK, "examples/arena_border_memory_snes.toml", "examples/arena_design_cmaes.toml", DEFAULT,
                 design, "arena_border_memory", "bench/arena_design.py", {"w_hold": 0.0}, None)


def default_l2l():
    """$L2L, else the release build of this checkout, else l2l on the PATH (an installed one)."""
    import shutil
    built = os.path.join(ROOT, "build/release/optimizer/l2l")
    return os.environ.get("L2L") or (built if os.path.exists(built) else shutil.which("l2l") or built)


def template(l2l, out, variant=BORDER):
    """A genome file of the variant's config (its genes are replaced); made again when the config or the network
    changed."""
    config, network = os.path.join(ROOT, variant.config), os.path.join(ROOT, variant.network)
    return template_genome(l2l, config, os.path.join(out, f"{variant.prefix}.template.genome.h5"),
                           sources=(config, network))


def write_genome(base, path, genes, note):
    """A genome file like `base` (its attributes: config, seed, generation, ...) holding `genes`, no recorded
    fitness (NaN: replay runs it without checking one); written afresh, compressed (about 50 kB)."""
    with h5py.File(base, "r") as src, h5py.File(path, "w") as dst:
        for key, value in src.attrs.items():
            dst.attrs[key] = value
        dst.create_dataset("genome", data=np.asarray(genes, dtype=float), compression="gzip", shuffle=True)
        dst.create_dataset("gene_names", data=src["gene_names"][:], compression="gzip", shuffle=True)
        dst["fitness"] = np.array([np.nan])
        dst.attrs["source"] = note


def replay_episodes(l2l, genome_file, episodes, record=None):
    """The episode summaries of `l2l replay --genome-file` on `episodes` episodes (recorded to `record`)."""
    command = [l2l, "replay", "--genome-file", genome_file, "--episodes", str(episodes)]
    if record:
        command += ["--record", record, "--force"]
    return replay_summaries(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def evaluate(l2l, genome_file, episodes):
    """Goals per episode (mean, s.e.) and first / later path lengths of episodes with >= 2 goals."""
    summaries = replay_episodes(l2l, genome_file, episodes)
    goals, error = mean_and_error([episode_goals(s) for s in summaries])
    pairs = first_and_later(summaries)
    return goals, error, pairs[:, 0].mean(), pairs[:, 1].mean(), len(pairs)


def design_file(base, names, p, path, seed, variant=BORDER):
    """The design as a genome file whose replay runs the task stream of `seed` (generation 0); returns how
    many genes were clipped into the network's bounds."""
    genes = variant.design(names, p, strict=False)
    _, lower, upper = gene_bounds(names, variant.network)
    clipped = int(np.sum((genes > upper) | (genes < lower)))
    write_genome(base, path, np.clip(genes, lower, upper), f"{variant.script} (designed): " + repr(p))
    with h5py.File(path, "a") as f:
        f.attrs["seed"] = np.uint64(seed)
        f.attrs["generation"] = np.uint64(0)
    return clipped


def serve(l2l, episodes, variant, fixed):
    """`optimizee = "command"`, server mode (examples/arena_design_cmaes.toml): one request per line, its genes
    are design parameters; the answer's fitness is the mean goals per episode of the design on `episodes`
    episodes of the request's seed (goal angles and starts), common to a generation's individuals."""
    import json
    work = os.environ.get("L2L_WORKDIR", ".")
    base = template(l2l, work, variant)
    with h5py.File(base, "r") as f:
        names = [n.decode() for n in f["gene_names"][:]]
    for line in sys.stdin:
        request = json.loads(line)
        unknown = sorted(set(request["genes"]) - set(variant.defaults))
        if unknown:
            raise SystemExit(f"genes {unknown} are not design parameters; known: {', '.join(variant.defaults)}")
        p = {**variant.defaults, **request["genes"], **fixed}  # a fixed parameter (--set) wins
        path = os.path.join(work, "candidate.genome.h5")
        clipped = design_file(base, names, p, path, request["seed"], variant)
        goals = [episode_goals(s) for s in replay_episodes(l2l, path, episodes)]
        print(json.dumps({"fitness": float(np.mean(goals)), "info": {"clipped_genes": clipped}}), flush=True)


def write_start(path, variant, fixed, config=None):
    """A genome file of the command optimizee of a CMA-ES config (default the variant's) holding the variant's
    hand-chosen parameters (with `fixed`), or with config given the middle of each of its [command.genes] boxes:
    the start of its CMA-ES (initial_genome). Genes in l2l's order of [command.genes] (by name)."""
    center = config is not None
    config = os.path.join(ROOT, variant.cmaes_config) if config is None else config
    with open(config, "rb") as f:
        box = tomllib.load(f)["command"]["genes"]
    genes = sorted(box)
    p = {g: (box[g][0] + box[g][1]) / 2 for g in genes} if center else dict(variant.defaults, **fixed)
    with open(config) as f:
        text = f.read()
    with h5py.File(path, "w") as f:
        f["genome"] = np.array([float(p[g]) for g in genes])
        f["gene_names"] = np.array([g.encode() for g in genes])
        f["fitness"] = np.array([np.nan])
        what = (f"--write-start --center {os.path.basename(config)} (the middle of each box)" if center else
                "--write-start (the hand-chosen design)")
        origin = (f"the middle of {os.path.basename(config)}'s boxes" if center else
                  f"{variant.script} DEFAULT" + (f" with {fixed}" if fixed else ""))
        for key, value in {"format": "l2l genome", "source": f"{variant.script} {what}", "genome_source": origin,
                           "optimizee": "command",
                           "optimizer": "cmaes", "config": text, "version": "0.1.0"}.items():
            f.attrs[key] = value
        f.attrs["format_version"] = np.int64(1)
        f.attrs["failure"] = np.int64(0)
        for key in ("generation", "individual", "seed"):
            f.attrs[key] = np.uint64(0)


def parse_value(text, default):
    """A --set value: 0 or 1 for a switch (default a bool), else a number."""
    if isinstance(default, bool):
        if text not in ("0", "1"):
            raise ValueError(f"{text!r} is not 0 or 1 (a switch)")
        return text == "1"
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


def parse_sets(items, defaults, single):
    """--set NAME=V1[,V2...] -> {name: [values]} (single: one value each)."""
    grid = {}
    for item in items:
        key, _, value = item.partition("=")
        if key not in defaults:
            raise SystemExit(f"--set {item}: unknown design parameter {key!r}; known: {', '.join(defaults)}")
        try:
            grid[key] = [parse_value(v, defaults[key]) for v in value.split(",")]
        except ValueError as error:
            raise SystemExit(f"--set {item}: {error}")
        if single and len(grid[key]) > 1:
            raise SystemExit(f"--set {item}: --save, --serve and --write-start take one value per parameter")
    return grid


def server_fixed(argv, defaults):
    """The design parameters a server's argv (a config's [command] argv) holds fixed with --set: {name: value}."""
    return {k: v[0] for k, v in parse_sets([argv[i + 1] for i, a in enumerate(argv) if a == "--set"],
                                           defaults, True).items()}


def main(variant=BORDER):
    parser = argparse.ArgumentParser(description=sys.modules[variant.design.__module__].__doc__.split("\n")[0])
    parser.add_argument("--l2l", default=default_l2l(), help="the l2l binary (default: $L2L, else "
                        "build/release/optimizer/l2l, else l2l on the PATH)")
    parser.add_argument("--out", default=f"results/{variant.prefix}/design")
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE[,VALUE...]: a design parameter (a "
                        "list: a grid); with --serve and --write-start: held at this value")
    parser.add_argument("--save", help="write the (single) design to this genome file")
    parser.add_argument("--serve", action="store_true", help="answer l2l's requests on stdin (command optimizee, "
                        "server mode): the genes are design parameters, the fitness the mean goals on --episodes")
    parser.add_argument("--write-start", metavar="FILE", help=f"write the hand-chosen design as the initial genome "
                        f"of {variant.cmaes_config}'s CMA-ES and exit")
    parser.add_argument("--center", metavar="CONFIG", help="with --write-start: the middle of each box of this CMA-ES "
                        "config's [command.genes] instead of the hand-chosen design")
    args = parser.parse_args()
    if args.center and not args.write_start:
        parser.error(f"--center {args.center}: only with --write-start FILE")
    grid = parse_sets(args.set, variant.defaults, args.save or args.serve or args.write_start)
    if args.write_start:
        return write_start(args.write_start, variant, {k: v[0] for k, v in grid.items()}, args.center)
    if args.serve:
        return serve(args.l2l, args.episodes, variant, {k: v[0] for k, v in grid.items()})
    os.makedirs(args.out, exist_ok=True)
    base = template(args.l2l, args.out, variant)
    with h5py.File(base, "r") as f:
        names = [n.decode() for n in f["gene_names"][:]]
    keys = list(grid)
    print(",".join(keys + ["episodes", "goals", "se", "first_path", "later_path", "later_over_first", "episodes_2goals"]))
    for combo in itertools.product(*(grid[k] for k in keys)):
        p = dict(variant.defaults, **dict(zip(keys, combo)))
        tag = "_".join(f"{k}{v:g}" if not isinstance(v, bool) else f"{k}{int(v)}" for k, v in zip(keys, combo)) or "default"
        path = args.save or os.path.join(args.out, f"design_{tag}.genome.h5")
        write_genome(base, path, variant.design(names, p), f"{variant.script} (designed, not evolved): " + repr(p))
        m, se, first, later, n2 = evaluate(args.l2l, path, args.episodes)
        print(",".join([f"{v:g}" if not isinstance(v, bool) else str(int(v)) for v in combo] +
                       [str(args.episodes), f"{m:.2f}", f"{se:.2f}", f"{first:.2f}", f"{later:.2f}", f"{later / first:.2f}", str(n2)]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
