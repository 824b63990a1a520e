"""Statistics of arena episodes for bench/arena_report.py and bench/arena_references.py:
path lengths from an episode summary, first path against the later paths of the
same episode, and two paired tests written with numpy only (scipy need not be
installed): Student's t on the differences and the Wilcoxon signed-rank test
(normal approximation with the tie and zero corrections of Pratt/Wilcoxon)."""
import math
import re

import numpy as np


def episode_paths(summary):
    """The path lengths between goal hits of one arena episode (its summary)."""
    match = re.search(r"path_lengths=\[([^\]]*)\]", summary)
    return [float(v) for v in match.group(1).split(",")] if match and match.group(1).strip() else []


def replay_summaries(text):
    """The summary column of every episode row of an `l2l replay` CSV (text), in order."""
    return [line.rstrip("\n").split(",", 6)[6] for line in text.splitlines() if re.match(r"^\d+,", line)]


def episode_goals(summary):
    """Goals of one arena episode (its summary; the objective column is shaped when arena.shaping > 0)."""
    return int(re.search(r"goals=(\d+)", summary).group(1))


def mean_and_error(values):
    """Mean and its standard error."""
    values = np.asarray(values, dtype=float)
    if len(values) < 2:
        return float(values.mean()) if len(values) else float("nan"), float("nan")
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(len(values)))


def first_and_later(summaries):
    """Per episode with 2 or more goals: (first path, mean of the later paths).
    Paired within the episode, so free of the survivor bias of a by-index curve."""
    pairs = []
    for summary in summaries:
        paths = episode_paths(summary)
        if len(paths) >= 2:
            pairs.append((paths[0], float(np.mean(paths[1:]))))
    return np.array(pairs).reshape(-1, 2)


def _incomplete_beta(a, b, x):
    """Regularised incomplete beta I_x(a, b) by its continued fraction (Numerical Recipes' betacf)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x)) / a
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / d if abs(d) > 1e-300 else 1e300
    f = d
    for m in range(1, 500):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / d if abs(d) > 1e-300 else 1e300
            c = 1.0 + numerator / c if abs(c) > 1e-300 else 1e300
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front * f


def paired_t_test(differences):
    """Two-sided paired t-test of mean(differences) = 0: (t, p)."""
    d = np.asarray(differences, dtype=float)
    n = len(d)
    if n < 2:
        return float("nan"), float("nan")
    sd = d.std(ddof=1)
    if sd == 0.0:
        return (float("inf") if d.mean() != 0 else 0.0), (0.0 if d.mean() != 0 else 1.0)
    t = float(d.mean() / (sd / math.sqrt(n)))
    dof = n - 1
    return t, _incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t))


def wilcoxon_signed_rank(differences):
    """Two-sided Wilcoxon signed-rank test, normal approximation (zeros dropped,
    average ranks for ties, variance corrected for ties): (W+, z, p)."""
    d = np.asarray(differences, dtype=float)
    d = d[d != 0.0]
    n = len(d)
    if n == 0:
        return 0.0, 0.0, 1.0
    magnitude = np.abs(d)
    order = np.argsort(magnitude, kind="mergesort")
    ranks = np.empty(n)
    sorted_magnitude = magnitude[order]
    tie_term = 0.0
    i = 0
    while i < n:
        j = i
        while j + 1 < n and sorted_magnitude[j + 1] == sorted_magnitude[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        tied = j - i + 1
        tie_term += tied ** 3 - tied
        i = j + 1
    w_plus = float(ranks[d > 0].sum())
    mean = n * (n + 1) / 4.0
    variance = n * (n + 1) * (2 * n + 1) / 24.0 - tie_term / 48.0
    z = (w_plus - mean) / math.sqrt(variance)
    return w_plus, z, math.erfc(abs(z) / math.sqrt(2.0))


def first_vs_later(summaries):
    """The memory signature over episodes: dict with the number of episodes with
    >= 2 goals, mean first and later path, their ratio (later / first) and the
    p-values of the paired tests of first - later."""
    pairs = first_and_later(summaries)
    n = len(pairs)
    if n < 2:
        return {"n": n, "first": float("nan"), "later": float("nan"), "ratio": float("nan"),
                "p_t": float("nan"), "p_wilcoxon": float("nan")}
    differences = pairs[:, 0] - pairs[:, 1]
    _, p_t = paired_t_test(differences)
    _, _, p_w = wilcoxon_signed_rank(differences)
    return {"n": n, "first": float(pairs[:, 0].mean()), "later": float(pairs[:, 1].mean()),
            "ratio": float(pairs[:, 1].mean() / pairs[:, 0].mean()), "p_t": p_t, "p_wilcoxon": p_w}


if __name__ == "__main__":
    # Check the two tests against scipy (when installed) on random paired data:
    #   /usr/bin/python3 bench/arena_stats.py
    import scipy
    from scipy import stats

    rng = np.random.default_rng(1)
    worst = 0.0
    for n in (5, 30, 200, 1000):
        d = np.round(rng.normal(0.2, 1.0, n), 1)  # rounding makes ties and zeros
        worst = max(worst, abs(paired_t_test(d)[1] - stats.ttest_1samp(d, 0.0).pvalue),
                    abs(wilcoxon_signed_rank(d)[2] - stats.wilcoxon(d, correction=False, method="approx").pvalue))
    print(f"largest p-value difference to scipy {scipy.__version__}: {worst:.1e}")
