"""Budgets with honest tails: quantiles of monthly cost per payer across
replications, each with a distribution-free confidence interval.

The interval of a quantile comes from order statistics: of n replications
sorted, the l-th and u-th values bracket the p-quantile with probability
P(l <= B < u), B ~ Binomial(n, p), whatever the distribution (continuous).
The ranks are the narrowest run of B's values around its mode that reaches
the confidence asked. With too few replications no ranks reach it (a 95 %
interval of P95 needs 59): the budget says so instead of printing a number
that only looks precise, and it flags an interval wider than a stated share
of its estimate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fieldsim.result import RunResult
from fieldsim.runner import run
from fieldsim.scenario import ScenarioLike

#: The budget's quantiles, its confidence and the widest interval (as a share
#: of its estimate) it accepts without a warning.
QUANTILES = (0.5, 0.9, 0.95)
CONFIDENCE = 0.95
MAX_WIDTH = 0.25


def _pmf(n: int, p: float) -> np.ndarray:
    k = np.arange(n + 1)
    log = (math.lgamma(n + 1) - np.array([math.lgamma(i + 1) + math.lgamma(n - i + 1) for i in k])
           + k * math.log(p) + (n - k) * math.log1p(-p))
    return np.exp(log)


def order_ranks(n: int, p: float, confidence: float = CONFIDENCE) -> tuple[int, int] | None:
    """1-based ranks (l, u) of the order statistics that bracket the p-quantile
    of n draws with at least `confidence`, or None when no pair does.

    Examples
    --------
    >>> order_ranks(20, 0.5)  # the textbook 95 % interval of a median of 20
    (6, 15)
    >>> order_ranks(20, 0.95) is None, order_ranks(59, 0.95)  # P95: 59 are needed
    (True, (50, 59))
    """
    if not 0 < p < 1 or not 0 < confidence < 1:
        raise ValueError(f"p and confidence must lie in (0, 1), got {p} and {confidence}")
    if n < 2:
        return None
    pmf = _pmf(n, p)
    # B = k, the number of draws below the quantile, puts it between the
    # k-th and (k+1)-th order statistics: ranks need 1 <= k <= n - 1.
    lo = hi = min(max(int((n + 1) * p), 1), n - 1)
    mass = pmf[lo]
    while mass < confidence:
        left = pmf[lo - 1] if lo > 1 else -1.0
        right = pmf[hi + 1] if hi < n - 1 else -1.0
        if left < 0 and right < 0:
            return None
        if left >= right:
            lo -= 1
            mass += left
        else:
            hi += 1
            mass += right
    return lo, hi + 1


def replications_needed(p: float, confidence: float = CONFIDENCE) -> int:
    """The fewest replications for which an order-statistics interval of the
    p-quantile exists at `confidence` (1 - p^n - (1-p)^n >= confidence).

    Examples
    --------
    >>> replications_needed(0.9), replications_needed(0.95)
    (29, 59)
    """
    n = 2
    while 1 - p**n - (1 - p) ** n < confidence:
        n += 1
    return n


@dataclass(frozen=True)
class QuantileEstimate:
    """A quantile of a sample with its order-statistics interval."""

    estimate: float
    lo: float
    hi: float
    warning: str


def quantile_interval(values: Sequence[float], p: float, confidence: float = CONFIDENCE,
                      max_width: float = MAX_WIDTH) -> QuantileEstimate:
    """The p-quantile of `values` (linear interpolation, as pandas) and its
    distribution-free interval; `warning` is empty when the interval exists
    and is no wider than `max_width` times the estimate.

    Examples
    --------
    >>> q = quantile_interval(range(1, 21), 0.5)
    >>> q.estimate, q.lo, q.hi, q.warning
    (10.5, 6.0, 15.0, 'interval wider than 25 % of the estimate')
    """
    x = np.sort(np.asarray(values, dtype="float64"))
    n = len(x)
    estimate = float(np.quantile(x, p)) if n else math.nan
    ranks = order_ranks(n, p, confidence)
    if ranks is None:
        need = replications_needed(p, confidence)
        warning = (f"{n} replications are too few for a {confidence * 100:g} % interval "
                   f"of P{p * 100:g}: {need} needed")
        return QuantileEstimate(estimate, math.nan, math.nan, warning)
    lo, hi = float(x[ranks[0] - 1]), float(x[ranks[1] - 1])
    wide = hi - lo > max_width * abs(estimate)
    warning = f"interval wider than {max_width * 100:g} % of the estimate" if wide else ""
    return QuantileEstimate(estimate, lo, hi, warning)


def budget_of(settlement: pd.DataFrame, quantiles: Sequence[float] = QUANTILES,
              confidence: float = CONFIDENCE, max_width: float = MAX_WIDTH) -> pd.DataFrame:
    """The budget table of a run's :attr:`~fieldsim.RunResult.settlement`.

    Returns
    -------
    pandas.DataFrame
        One row per settlement period in which the payer's districts
        finished an order, or the payer paid for one, in some replication
        (the branch pays the rest of a contractor's late orders even in a
        month when its own districts finish none), payer and quantile: ``period``,
        ``payer``, ``quantile`` (0.9 for P90), ``cny`` (the quantile of what
        the payer pays in that month across replications), ``ci_lo_cny``,
        ``ci_hi_cny`` (NaN when the replications are too few), ``mean_cny``,
        ``replications``, ``warning`` ("" when none).
    """
    rows = []
    for (period, payer), group in settlement.groupby(["period", "payer"], observed=True, sort=True):
        if not group["completed"].any() and not group["pays_cny"].any():
            continue  # a month of the books after the run, when nothing was finished
        paid = group["pays_cny"].to_numpy()
        for p in quantiles:
            q = quantile_interval(paid, p, confidence, max_width)
            rows.append({"period": period, "payer": payer, "quantile": p, "cny": q.estimate,
                         "ci_lo_cny": q.lo, "ci_hi_cny": q.hi, "mean_cny": float(paid.mean()),
                         "replications": len(paid), "warning": q.warning})
    frame = pd.DataFrame(rows)
    frame["payer"] = pd.Categorical(frame["payer"], categories=settlement["payer"].cat.categories)
    return frame


def budget(scenario: ScenarioLike | RunResult, replications: int = 20, seed: int = 1,
           quantiles: Sequence[float] = QUANTILES, confidence: float = CONFIDENCE,
           max_width: float = MAX_WIDTH, threads: int | None = None,
           progress: bool = False) -> pd.DataFrame:
    """P50 / P90 / P95 of each payer's monthly compensation, with intervals.

    Parameters
    ----------
    scenario : Scenario, path, Mapping or RunResult
        What to run (``replications`` of it with ``seed``), or a run already made.
    replications : int, default 20
        Replications to run (each one possible month); ignored for a RunResult.
    seed : int, default 1
        The run's seed; ignored for a RunResult.
    quantiles : sequence of float, default (0.5, 0.9, 0.95)
        The quantiles of each payer's monthly compensation.
    confidence : float, default 0.95
        Of each quantile's order-statistics interval.
    max_width : float, default 0.25
        An interval wider than this share of its estimate gets a warning.
    threads : int, optional
        Engine threads (default: all cores).
    progress : bool, default False
        Show a progress bar while the replications run.

    Returns
    -------
    pandas.DataFrame
        One row per settlement period in which the payer's districts finished
        an order, or the payer paid for one, in some replication, payer and
        quantile: ``period``, ``payer``, ``quantile`` (0.9 for P90), ``cny``
        (the quantile of what the payer pays in that month across
        replications), ``ci_lo_cny``, ``ci_hi_cny`` (NaN when the replications
        are too few), ``mean_cny``, ``replications``, ``warning`` ("" when none).

    Examples
    --------
    >>> fieldsim.budget("scenarios/examples/city-month.json", replications=60)  # doctest: +SKIP
    """
    bad = [q for q in quantiles if not 0 < q < 1]
    if bad or not 0 < confidence < 1:
        raise ValueError(f"quantiles and confidence: expected numbers between 0 and 1, got "
                         f"{bad[0] if bad else confidence}")  # before the run, not after
    result = scenario if isinstance(scenario, RunResult) else run(
        scenario, replications, seed, threads, progress=progress)
    return budget_of(result.settlement, quantiles, confidence, max_width)
