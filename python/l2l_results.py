"""Read an l2l results file (written by `l2l run`) from Python, with h5py and numpy only.

    import sys; sys.path.insert(0, "/path/to/l2l/python")
    import l2l_results

    with l2l_results.open("run.h5") as run:
        run.config["population"]          # the run's effective config as a dict
        run.status, run.optimizer         # root attributes (run.attrs: all of them)
        run.started, run.finished         # ISO 8601 UTC; finished is None while running, after kill -9,
                                          #   and in files of l2l versions before it
        run.fitness_meaning               # what the fitness is, in words ("" in older files)
        run.best_possible_fitness         # the best any genome can reach (Mountain Car: the goal), or None
        run.target_fitness                # the run's target_fitness, or None
        run.gene_bounds                   # [D x 2] lower, upper of every gene (None in older files)
        run.describe()                    # {dataset path: (units, description)} of every dataset
        run.fitness                       # [G x P] fitness (failed evaluations: failure_fitness)
        run.genomes                       # [G x P x D] as the optimizer saw them (run.genomes_at(g): one generation)
        run.model_genomes                 # [G x P x D] as the model got them (command genes: log/scale applied)
        run.failures                      # [G x P] status: 0 ok, 1 non-finite, 2 threw, 3 timeout,
                                          #   4 command failed, 5 no valid answer; -1 no individual
        run.outputs                       # [G x P x K] or None
        run.info                          # {key: [G x P]} (external commands' "info")
        run.series["best"], run.series["mean"]   # per generation (also std, evaluations, wall_time, eval_time)
        run.summary["cmaes/sigma"]        # the optimizer's per-generation state
        run.best.genes                    # {gene name: model value} of the best individual ever
        run.best.fitness, run.best.generation, run.best.genome
        run.failure_list()                # [Failure(generation, individual, status, status_name, message)]
        run.best_indices()                # index of each generation's best successful individual (-1: none)
        run.individual(g, i)              # (genome, where from): stored, or rebuilt bit for bit from the
                                          #   ES seeds of record.policy every/best_and_state; None if neither

A run that is still being written is read as it stands (SWMR): `generations`
counts the complete generations. Errors: ResultsError (no such file, not an
l2l results file), NotReady (no generation written yet).
"""
import math
import os
from collections import namedtuple

import h5py
import numpy as np

try:  # Python >= 3.11
    import tomllib
except ImportError:  # pragma: no cover - older Pythons: config stays text only
    tomllib = None

__all__ = ["open", "Run", "Best", "Failure", "ResultsError", "NotReady", "STATUS_NAMES"]

STATUS_NAMES = {
    -1: "no individual",
    0: "ok",
    1: "non-finite fitness",
    2: "threw",
    3: "timeout",
    4: "command failed",
    5: "no valid answer",
}
FINAL_STATES = ("finished", "interrupted", "failed", "timeout")
SERIES = ("best", "mean", "std", "evaluations", "wall_time", "eval_time")

Best = namedtuple("Best", "genome fitness generation genes")
Failure = namedtuple("Failure", "generation individual status status_name message")


class ResultsError(Exception):
    """The file is missing, not HDF5, or not an l2l results file."""


class NotReady(Exception):
    """A run's file without any generation yet."""


_MASK64 = (1 << 64) - 1


def _mix64(z):
    """SplitMix64's finaliser, as common/random.hpp mix64."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


class _Rng:
    """xoshiro256** seeded through SplitMix64 with Box-Muller normals: common/random.hpp's
    Rng, bit for bit (the same IEEE operations; log and cos from the same C library)."""

    def __init__(self, seed):
        self.s = [_mix64((seed + k * 0x9E3779B97F4A7C15) & _MASK64) for k in range(4)]

    def next(self):
        s = self.s
        x = (s[1] * 5) & _MASK64
        result = ((((x << 7) | (x >> 57)) & _MASK64) * 9) & _MASK64
        t = (s[1] << 17) & _MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 45) | (s[3] >> 19)) & _MASK64
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normals(self, count):
        values = []
        for _ in range(count):
            u1 = 1.0 - self.uniform()
            u2 = self.uniform()
            values.append(math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2))
        return values


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _gene_transform(spec):
    """(log, scale) of a command gene spec "[lo, hi]" or "{ lower = .., log = true }"."""
    if tomllib is None:
        return False, 1.0
    value = tomllib.loads("gene = " + spec)["gene"]
    if isinstance(value, dict):
        return bool(value.get("log", False)), float(value.get("scale", 1.0))
    return False, 1.0


def open(path):  # noqa: A001 - the module's entry point, as in l2l_results.open(path)
    """Opens an l2l results file for reading; use as a context manager or call close()."""
    return Run(path)


class Run:
    def __init__(self, path):
        self.path = path
        if not os.path.exists(path):
            raise ResultsError(f"file '{path}' does not exist")
        try:
            self._file = h5py.File(path, "r", swmr=True)
        except OSError:
            try:
                self._file = h5py.File(path, "r")
            except OSError as e:
                raise ResultsError(f"'{path}' is not an HDF5 file, or is damaged ({e})")
        f = self._file
        if "optimizer" not in f.attrs or "status" not in f.attrs or "best/genome" not in f:
            f.close()
            raise ResultsError(f"'{path}' is not an l2l results file (no optimizer/status attributes or /best/genome)")
        self.attrs = {key: (_text(value) if isinstance(value, (bytes, str)) else value) for key, value in f.attrs.items()}
        self.status = self.attrs["status"]
        self.optimizer = self.attrs["optimizer"]
        self.optimizee = self.attrs.get("optimizee", "?")
        self.seed = int(self.attrs.get("seed", 0))
        self.config_text = self.attrs.get("config", "")
        self.config = tomllib.loads(self.config_text) if tomllib is not None and self.config_text else {}
        self.started = self.attrs.get("started")
        self.finished = self.attrs.get("finished")
        self.fitness_meaning = self.attrs.get("fitness_meaning", "")
        best_possible = self.attrs.get("best_possible_fitness")
        self.best_possible_fitness = float(best_possible) if best_possible is not None else None
        target = self.config.get("target_fitness")
        self.target_fitness = float(target) if target is not None and math.isfinite(float(target)) else None
        self.gene_bounds = f["best/gene_bounds"][()] if "best/gene_bounds" in f else None
        self.gene_names = [_text(n) for n in f["best/gene_names"][()]] if "best/gene_names" in f else []
        self.genes = f["best/genome"].shape[0]
        if len(self.gene_names) != self.genes:
            self.gene_names = [f"x{i}" for i in range(self.genes)]
        self._cache = {}

    # --- the file -----------------------------------------------------------------------------
    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return (f"<l2l run {self.path}: {self.optimizer} on {self.optimizee}, {self.generations} generations, "
                f"status {self.status}>")

    @property
    def generations(self):
        """Complete generations (a live run's series can be one apart while it writes)."""
        g = self._file.get("generations")
        if g is None or "fitness" not in g:
            return 0
        return min(g[name].shape[0] for name in ("best", "mean", "std", "fitness", "failures") if name in g)

    def _generation_data(self, name):
        if name not in self._cache:
            count = self.generations
            if count == 0:
                raise NotReady(f"{self.path}: no generation written yet")
            self._cache[name] = self._file["generations/" + name][:count]
        return self._cache[name]

    def describe(self):
        """{dataset path: (units, description)}: the attributes every dataset carries
        (empty strings for a file of an l2l version before them)."""
        found = {}

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                found["/" + name] = (_text(obj.attrs.get("units", "")), _text(obj.attrs.get("description", "")))
        self._file.visititems(visit)
        return found

    # --- per generation and individual --------------------------------------------------------
    @property
    def fitness(self):
        return self._generation_data("fitness")

    @property
    def genomes(self):
        return self._generation_data("genomes")

    def genomes_at(self, generation):
        """[P x D] genomes of one generation, read alone (for long runs with large genomes)."""
        return self._file["generations/genomes"][generation]

    def individual(self, generation, index):
        """(genome, where it came from) of individual `index` of `generation`: the stored
        population, the generation's stored best, or, for ES under record.policy every or
        best_and_state, rebuilt from the generation's mean, sigma and the individual's seed
        exactly as `l2l inspect --genome G:I` does. (None, why) where the file keeps neither,
        and for snes, sepcma and openai_es (offsets into their noise table: use `l2l inspect`)."""
        f = self._file
        if index >= 0 and generation in set(self.recorded_generations(generation + 1)):
            return self.genomes_at(generation)[index, :], "stored (/generations/genomes)"
        if "generations/best_index" in f and generation < f["generations/best_index"].shape[0] \
                and int(f["generations/best_index"][generation]) == index:
            return f["generations/best_genome"][generation, :], "stored (/generations/best_genome)"
        if "record/noise_table_seed" in f:
            # snes, sepcma, openai_es: the seed is an offset into a noise table of 2^25 doubles by
            # default, which this reader does not build (pure Python would take minutes).
            return None, (f"generation {generation}'s individual {index} is a noise-table offset; "
                          f"`l2l inspect FILE --genome {generation}:{index}` rebuilds it")
        if "generations/state/seed" in f and "record/bounds_lower" in f and generation < f["generations/state/seed"].shape[0]:
            seed = int(f["generations/state/seed"][generation, index])
            sign = int(f["generations/state/sign"][generation, index])
            mean = f["generations/state/mean"][generation, :]
            if sign == 0:
                return mean, "rebuilt: the generation's mean"
            sigma = float(f["generations/state/sigma"][generation])
            eps = np.array(_Rng(seed).normals(mean.shape[0])) * (1.0 if sign > 0 else -1.0)
            genome = np.minimum(np.maximum(mean + sigma * eps, f["record/bounds_lower"][()]), f["record/bounds_upper"][()])
            return genome, f"rebuilt from the generation's mean, sigma and seed {seed} (sign {sign:+d})"
        return None, f"not recorded (record.policy = {self.record_policy})"

    @property
    def record_policy(self):
        """What the run kept of each generation: full, every, best_and_state or none (record.policy)."""
        return self.attrs.get("record_policy", "full")

    def recorded_generations(self, count=None):
        """The generations whose whole population the file keeps (all under record.policy full)."""
        count = self.generations if count is None else count
        if "generations/genomes" not in self._file:
            return []
        rows = min(count, self._file["generations/genomes"].shape[0])
        if "generations/population_recorded" not in self._file:
            return list(range(rows))
        flags = self._file["generations/population_recorded"][:rows]
        return [gen for gen in range(rows) if flags[gen]]

    def best_genome_at(self, generation, index):
        """The genome of individual `index` of `generation` where the file keeps it (the stored
        population, or the generation's best in /generations/best_genome); NaN where it does not."""
        f = self._file
        if "generations/best_genome" in f and "generations/best_index" in f and generation < f["generations/best_index"].shape[0] \
                and int(f["generations/best_index"][generation]) == index:
            return f["generations/best_genome"][generation, :]
        if index >= 0 and generation in set(self.recorded_generations(generation + 1)):
            return self.genomes_at(generation)[index, :]
        return np.full(self.genes, np.nan)

    @property
    def population_width(self):
        return self._file["generations/genomes"].shape[1] if "generations/genomes" in self._file else 0

    @property
    def failures(self):
        return self._generation_data("failures")

    @property
    def outputs(self):
        return self._generation_data("outputs") if "generations/outputs" in self._file else None

    @property
    def info(self):
        if "generations/info" not in self._file:
            return {}
        return {key: self._generation_data("info/" + key) for key in self._file["generations/info"]}

    @property
    def series(self):
        count = self.generations
        g = self._file["generations"]
        return {name: g[name][:count] for name in SERIES if name in g}

    @property
    def summary(self):
        count = self.generations
        found = {}
        if "generations/summary" in self._file:
            for optimizer, group in self._file["generations/summary"].items():
                for key, series in group.items():
                    found[f"{optimizer}/{key}"] = series[:min(count, series.shape[0])]
        return found

    # --- genes as the model sees them ---------------------------------------------------------
    def gene_transforms(self):
        """Per gene (log, scale): an external command's gene x is 10**x (log) or x * scale."""
        transforms = [(False, 1.0)] * self.genes
        specs = self.config.get("command", {}).get("genes", []) if self.optimizee == "command" else []
        if isinstance(specs, str):
            specs = [specs]
        by_name = {}
        for item in specs:
            name, _, spec = item.partition("=")
            by_name[name] = _gene_transform(spec)
        return [by_name.get(name, t) for name, t in zip(self.gene_names, transforms)]

    def model_values(self, genome):
        """The values a model got for `genome` (the optimizer's values, last axis = genes)."""
        genome = np.asarray(genome, dtype=float)
        out = genome.copy()
        for i, (log, scale) in enumerate(self.gene_transforms()):
            out[..., i] = 10.0 ** genome[..., i] if log else genome[..., i] * scale
        return out

    @property
    def model_genomes(self):
        return self.model_values(self.genomes)

    @property
    def best(self):
        f = self._file
        genome = f["best/genome"][()]
        values = self.model_values(genome)
        return Best(genome=genome, fitness=float(f["best/fitness"][()]), generation=int(f["best/generation"][()]),
                    genes=dict(zip(self.gene_names, (float(v) for v in values))))

    def best_indices(self):
        """Index of each generation's best successful individual (-1: none succeeded)."""
        fitness, failures = self.fitness, self.failures
        ok = (failures == 0) & np.isfinite(fitness)
        best = np.argmax(np.where(ok, fitness, -np.inf), axis=1)
        best[~ok.any(axis=1)] = -1
        return best

    # --- failures -------------------------------------------------------------------------------
    def failure_list(self):
        """Every failed evaluation in (generation, individual) order, with its message where
        the run stored one (/failures: external commands, with the last lines of stderr)."""
        messages = {}
        f = self._file
        if "failures/generation" in f:
            for g, i, m in zip(f["failures/generation"][()], f["failures/individual"][()], f["failures/message"][()]):
                messages[(int(g), int(i))] = _text(m).rstrip("\0")
        found = []
        statuses = self.failures if self.generations > 0 else np.zeros((0, 0), dtype=np.int32)
        for g, i in zip(*np.nonzero((statuses != 0) & (statuses != -1))):
            status = int(statuses[g, i])
            found.append(Failure(int(g), int(i), status, STATUS_NAMES.get(status, f"status {status}"),
                                 messages.get((int(g), int(i)), "")))
        return found
