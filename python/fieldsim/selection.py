"""The statistics of choosing a plan: sequential feasibility checks, fully
sequential elimination of worse candidates, and paired intervals.

Both sequential tests share one boundary, from Kim & Nelson's fully
sequential procedure (2001) and Andradottir & Kim's feasibility check
(2010): after ``n0`` first-stage replications estimate a variance ``S2``,
a running sum of differences is compared with the triangle
``R(r) = max(0, h2 * S2 / (2 * d) - d * r / 2)`` for ``r >= n0``, where
``d`` is the tolerance (feasibility) or the indifference zone (selection)
and ``h2 = (n0 - 1) * ((2 * alpha / c) ** (-2 / (n0 - 1)) - 1)`` for ``c``
comparisons at error ``alpha``. The triangle closes by replication
``h2 * S2 / d**2``: each test ends on its own, at the latest there.

Needs scipy (``pip install fieldsim[optimise]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Verdicts of a feasibility check.
FEASIBLE, INFEASIBLE, UNDECIDED = "feasible", "infeasible", "undecided"


def h_squared(alpha: float, comparisons: int, n0: int) -> float:
    """The squared width constant of the triangle for `comparisons` tests at total error `alpha`.

    Examples
    --------
    >>> round(h_squared(0.05, 1, 10), 3)  # one test, ten first-stage replications
    6.013
    """
    if not 0 < alpha < 1 or comparisons < 1 or n0 < 2:
        raise ValueError(f"need 0 < alpha < 1, comparisons >= 1, n0 >= 2; got {alpha}, "
                         f"{comparisons}, {n0}")
    return (n0 - 1) * ((2 * alpha / comparisons) ** (-2 / (n0 - 1)) - 1)


def half_width(r: np.ndarray, h2: float, s2: float | np.ndarray, zone: float) -> np.ndarray:
    """``R(r)``, the triangle's half-width at `r` replications."""
    return np.maximum(0.0, h2 * s2 / (2 * zone) - zone * r / 2)


def closes_at(h2: float, s2: float, zone: float) -> int:
    """The replication by which the triangle has closed (every test decides)."""
    return int(np.floor(h2 * s2 / zone**2)) + 1


def replications_to_decide(values: np.ndarray, tolerance: float, alpha: float, n0: int) -> int:
    """Where :func:`check_feasibility`'s triangle closes at the variance of `values`:
    the replications by which the check decides."""
    s2 = float(np.var(np.asarray(values, dtype="float64"), ddof=1))
    return closes_at(h_squared(alpha / 2, 1, n0), s2, tolerance)


@dataclass(frozen=True)
class Verdict:
    """A feasibility check's outcome: the verdict and the replications it took."""

    verdict: str
    replications: int


def looks(n0: int, upto: int) -> list[int]:
    """The replication counts at which a feasibility check looks at its
    interval: `n0`, then about 1.5 times the last (at least `n0` more).

    Examples
    --------
    >>> looks(10, 100)
    [10, 20, 30, 45, 68]
    """
    points = []
    n = n0
    while n <= upto:
        points.append(n)
        n = max(n + n0, math.ceil(1.5 * n))
    return points


def check_feasibility(values: np.ndarray, target: float, tolerance: float, alpha: float,
                      n0: int) -> Verdict:
    """Whether ``E[value] <= target``, read off replications in order.

    The check is centred a tolerance inside the target, so that a
    "feasible" verdict is a certificate: for normal replications, a
    candidate whose mean exceeds the target is called feasible with
    probability at most `alpha`, and one whose mean is at least two
    tolerances inside it is called infeasible with probability at most
    `alpha` (if the check decides before the values run out); between the
    two either verdict may come. Skewed outputs weaken the first promise:
    a calm first stage narrows the triangle, and on resampled refcity
    months (breach rates) a mean just over the limit was called feasible
    6.6 % of the time at `alpha` 2.5 %, mostly at `n0`. optimise's
    certification of the chosen plan (three first stages and more, a t
    bound) is what guards its plan against that.

    Two rules share `alpha`: the Andradottir-Kim triangle (half of it),
    checked at every replication with the variance of all replications so
    far (as in KN++: a rare bad replication widens it at once); and, at the
    :func:`looks`, the one-sided t interval at ``alpha / 2 ** (j + 2)`` for
    the j-th look (the other half in all), which calls the candidate
    infeasible when its interval lies wholly over the limit, and feasible
    when it lies wholly under it from three first stages on. Each verdict
    can be wrong in one direction only, so each rule's share bounds its
    error. The interval decides where the triangle would take long: a
    candidate whose replications vary as much as their mean (breach rates:
    most months calm, a few very bad) and whose mean is a few tolerances
    from the limit, where the triangle, built for a mean one tolerance from
    its centre, closes only after some thousand replications. (It may call
    a candidate feasible only from three first stages on, as a t interval
    of few skewed replications can look feasible by chance.)

    Parameters
    ----------
    values : array
        The constraint's output in replications 0, 1, ... (at least `n0`).
    target : float
        The upper limit on its mean.
    tolerance : float
        Half the width of the band in which the verdict may go either way.
    alpha : float
        The error allowed.
    n0 : int
        First-stage replications (the variance estimate).

    Returns
    -------
    Verdict
        ``feasible`` or ``infeasible`` with the replication count at which
        it was reached, or ``undecided`` with all of `values` used.
    """
    values = np.asarray(values, dtype="float64")
    if len(values) < n0:
        raise ValueError(f"a feasibility check needs at least {n0} replications, got {len(values)}")
    centre = target - tolerance
    r = np.arange(1, len(values) + 1)
    total = np.cumsum(values - centre)
    squares = np.cumsum((values - centre) ** 2)
    s2 = np.maximum(squares - total**2 / r, 0.0) / np.maximum(r - 1, 1)
    bound = half_width(r, h_squared(alpha / 2, 1, n0), s2, tolerance)
    feasible = (r >= n0) & (total <= -bound)
    infeasible = (r >= n0) & (total > bound)
    for j, n in enumerate(looks(n0, len(values))):
        half = _t_half(values[:n], alpha / 2 ** (j + 2))
        over = total[n - 1] / n - tolerance  # the mean's excess over the limit
        infeasible[n - 1] |= over - half > 0
        feasible[n - 1] |= (n >= 3 * n0) & (over + half <= 0)
    first_feasible = int(np.argmax(feasible)) if feasible.any() else len(values)
    first_infeasible = int(np.argmax(infeasible)) if infeasible.any() else len(values)
    if first_feasible == first_infeasible == len(values):
        return Verdict(UNDECIDED, len(values))
    if first_feasible < first_infeasible:
        return Verdict(FEASIBLE, first_feasible + 1)
    return Verdict(INFEASIBLE, first_infeasible + 1)


def upper_bound(values: np.ndarray, alpha: float) -> float:
    """The one-sided Student-t upper confidence bound on the mean at error `alpha`."""
    values = np.asarray(values, dtype="float64")
    return float(values.mean()) + _t_half(values, alpha)


def _t_half(values: np.ndarray, alpha: float) -> float:
    """The one-sided Student-t half-width at error `alpha`."""
    from scipy import stats

    n = len(values)
    return float(stats.t.ppf(1 - alpha, n - 1) * values.std(ddof=1) / np.sqrt(n))


def combine(verdicts: list[Verdict]) -> Verdict:
    """All constraints' verdicts as one: infeasible as soon as one is, feasible when all are."""
    infeasible = [v.replications for v in verdicts if v.verdict == INFEASIBLE]
    if infeasible:
        return Verdict(INFEASIBLE, min(infeasible))
    used = max(v.replications for v in verdicts)
    if all(v.verdict == FEASIBLE for v in verdicts):
        return Verdict(FEASIBLE, used)
    return Verdict(UNDECIDED, used)


class Elimination:
    """Kim & Nelson's fully sequential elimination of candidates with a larger mean.

    Parameters
    ----------
    first_stage : array (n0 x k)
        Each candidate's first `n0` replications, common random numbers
        (row r of every column from the same replication).
    zone : float
        The indifference zone: a difference smaller than this may go
        either way.
    alpha : float
        The probability of eliminating the best candidate when the others
        are at least `zone` worse.
    """

    def __init__(self, first_stage: np.ndarray, zone: float, alpha: float) -> None:
        first_stage = np.asarray(first_stage, dtype="float64")
        self.n0, k = first_stage.shape
        if zone <= 0:
            raise ValueError(f"the indifference zone must be positive, got {zone}")
        self.zone = zone
        differences = first_stage[:, :, None] - first_stage[:, None, :]
        self.s2 = np.var(differences, axis=0, ddof=1)
        self.h2 = h_squared(alpha, max(k - 1, 1), self.n0)
        self.alive = np.ones(k, dtype=bool)
        self.eliminated_at = np.zeros(k, dtype=int)

    def step(self, means: np.ndarray, r: int) -> np.ndarray:
        """Eliminate, at `r` replications (``r >= n0``), every alive
        candidate whose mean exceeds another alive one's by more than the
        triangle allows; returns the alive mask."""
        alive = np.flatnonzero(self.alive)
        if len(alive) < 2 or r < self.n0:
            return self.alive
        bound = self.zone / (2 * r) * np.maximum(
            0.0, self.h2 * self.s2[np.ix_(alive, alive)] / self.zone**2 - r)
        worse = means[alive][:, None] > means[alive][None, :] + bound
        out = alive[worse.any(axis=1)]
        self.alive[out] = False
        self.eliminated_at[out] = r
        return self.alive

    def run(self, values: np.ndarray) -> np.ndarray:
        """Steps through the rows of `values` (r x k, replications in order,
        the first `n0` of them the first stage) until one candidate is left
        or the rows run out; returns the alive mask."""
        sums = np.cumsum(np.asarray(values, dtype="float64"), axis=0)
        for r in range(self.n0, len(sums) + 1):
            if self.step(sums[r - 1] / r, r).sum() <= 1:
                break
        return self.alive

    @property
    def closes_at(self) -> int:
        """The replication by which every pair has been separated."""
        return closes_at(self.h2, float(self.s2.max()), self.zone)


@dataclass(frozen=True)
class Interval:
    """A mean and its two-sided confidence interval."""

    mean: float
    lo: float
    hi: float
    n: int


def interval(values: np.ndarray, confidence: float) -> Interval:
    """The Student-t interval of the mean of `values`.

    Examples
    --------
    >>> i = interval([1.0, 2.0, 3.0], 0.95)  # 2 +- t(0.975, 2) * 1 / sqrt(3)
    >>> round(i.lo, 3), round(i.hi, 3)
    (-0.484, 4.484)
    """
    from scipy import stats

    values = np.asarray(values, dtype="float64")
    n = len(values)
    mean = float(values.mean())
    if n < 2:
        return Interval(mean, float("nan"), float("nan"), n)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return Interval(mean, mean - half, mean + half, n)


def paired_interval(a: np.ndarray, b: np.ndarray, confidence: float) -> Interval:
    """The interval of ``E[a - b]`` from replications paired by index (common
    random numbers); only the replications both have count."""
    n = min(len(a), len(b))
    return interval(np.asarray(a[:n], dtype="float64") - np.asarray(b[:n], dtype="float64"),
                    confidence)
