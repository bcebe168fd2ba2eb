"""fieldsim reduced to the M/M/c queue agrees with Erlang C.

One zone (no travel), continuous duty (technicians are the c servers and
never go off), Poisson repairs all day, exponential work of mean 10 min,
every order due 24 h after entry (earliest deadline first = first come,
first served), no day-to-day swing, no compensation: the M/M/c queue. Its
steady state is known exactly (Erlang C), so the engine's ``waited_share``,
``mean_wait_min`` and ``utilisation`` can be held against theory: the
theory value must lie in the Student-t interval of 30 replication means.

The intervals are simultaneous 99 % intervals (Bonferroni over the 27
checks: 3 outputs x 9 cases). With a fixed seed and 27 separate 99 %
intervals, about one seed in five would put some correct value outside
its interval by chance; the simultaneous intervals keep that at 1 %.

The engine's clock is integer seconds (arrival times floored, work times
rounded); with a mean work time of 600 s this moves the load by well
under 1e-4 relative, far inside every interval below.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import fieldsim

from .scenarios import mmc

MEAN_WORK_MIN = 10.0
REPLICATIONS = 30
SEED = 1

# All nine (c, rho) combinations, with the days of arrivals per replication:
# 40,000-150,000 orders per replication, the most where the queue is slow
# to forget its empty start (c = 1 at rho = 0.95, whose first ~3 days wait
# visibly less than the steady state) and at c = 50, rho = 0.5, where only
# one order in 140,000 waits at all. test_empty_start_bias_is_negligible
# computes the bias the empty start leaves in each mean and checks that it
# is under a tenth of the interval's half-width, so the choice stays honest.
CASES = [
    # c, rho, days
    (1, 0.50, 600),
    (1, 0.80, 600),
    (1, 0.95, 1000),
    (5, 0.50, 200),
    (5, 0.80, 150),
    (5, 0.95, 150),
    (50, 0.50, 40),
    (50, 0.80, 20),
    (50, 0.95, 20),
]
IDS = [f"c={c}-rho={rho:.2f}" for c, rho, _ in CASES]
CHECKS = 3 * len(CASES)  # outputs x cases, held to one simultaneous 99 % level
T_CRIT = float(stats.t.ppf(1.0 - 0.01 / (2 * CHECKS), REPLICATIONS - 1))


# ------------------------------------------------------------------ theory


def erlang_c(servers: int, offered: float) -> float:
    """P(wait) in M/M/c with offered load a = lambda/mu < c.

    Erlang B by its recursion B(k) = a B(k-1) / (k + a B(k-1)), which only
    multiplies numbers in [0, 1] (no factorials, no overflow at c = 50);
    then C = B / (1 - rho (1 - B)).
    """
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered * blocking / (k + offered * blocking)
    rho = offered / servers
    return blocking / (1.0 - rho * (1.0 - blocking))


def erlang_c_wait(servers: int, rho: float, mean_work: float) -> float:
    """Mean wait in queue, W = C / (c mu - lambda), in the unit of `mean_work`."""
    mu = 1.0 / mean_work
    return erlang_c(servers, rho * servers) / (servers * mu * (1.0 - rho))


def empty_start_bias(servers: int, rho: float, mean_work: float, days: int) -> tuple[float, float]:
    """Expected error of the run's (mean wait, share waited) due to starting empty.

    An arrival at time t sees n in the system with probability p_n(t); its
    expected wait is f(n) = max(0, n - c + 1) / (c mu) and it waits at all
    iff n >= c. Averaged over arrivals in [0, T) (Poisson, so uniformly in
    time), the error is (1/T) * integral (p(t) - pi) f dt = (D f) / T with
    D = integral_0^inf (p(t) - pi) dt, which solves D Q = pi - p(0),
    sum(D) = 0 for the birth-death generator Q (truncated where pi is below
    1e-13). Orders still waiting at T are drained, so there is no end bias.
    """
    mu = 1.0 / mean_work
    lam = rho * servers * mu
    size = servers + math.ceil(math.log(1e-13) / math.log(rho)) + 1
    n = np.arange(size)
    generator = np.diag(np.full(size - 1, lam), 1) + np.diag(np.minimum(n[1:], servers) * mu, -1)
    generator -= np.diag(generator.sum(axis=1))
    # Q^T x = b has one redundant equation; replace it by sum(x) = target.
    system = generator.T.copy()
    system[-1, :] = 1.0
    pi = np.linalg.solve(system, np.r_[np.zeros(size - 1), 1.0])
    start = np.zeros(size)
    start[0] = 1.0
    rhs = pi - start
    rhs[-1] = 0.0
    deviation = np.linalg.solve(system, rhs)
    wait_if = np.maximum(0, n - servers + 1) / (servers * mu)
    waits_if = (n >= servers).astype(float)
    horizon = days * 1440.0
    return float(deviation @ wait_if / horizon), float(deviation @ waits_if / horizon)


# ------------------------------------------------------------------ engine


@functools.cache
def replications(servers: int, rho: float, days: int) -> pd.DataFrame:
    """The engine's outputs, one row per replication (cached across tests)."""
    scenario = fieldsim.load(mmc(servers, rho, days, MEAN_WORK_MIN))
    result = fieldsim.run(scenario, replications=REPLICATIONS, seed=SEED, progress=False)
    assert (result.replications["orders_unfinished"] == 0).all()
    return result.replications


def interval(values: pd.Series) -> tuple[float, float, float]:
    """Mean and simultaneous 99 % Student-t interval of replication means."""
    mean = float(values.mean())
    half = T_CRIT * float(values.std(ddof=1)) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def assert_within(values: pd.Series, theory: float, what: str) -> None:
    mean, lo, hi = interval(values)
    assert lo <= theory <= hi, f"{what}: theory {theory:.6g} outside simultaneous 99 % CI [{lo:.6g}, {hi:.6g}] (mean {mean:.6g})"


# ------------------------------------------------------------------ tests


@pytest.mark.parametrize(("servers", "rho", "days"), CASES, ids=IDS)
def test_share_waited_is_erlang_c(servers: int, rho: float, days: int) -> None:
    runs = replications(servers, rho, days)
    assert_within(runs["waited_share"], erlang_c(servers, rho * servers), "P(wait)")


@pytest.mark.parametrize(("servers", "rho", "days"), CASES, ids=IDS)
def test_mean_wait_is_erlang_c(servers: int, rho: float, days: int) -> None:
    runs = replications(servers, rho, days)
    assert_within(runs["mean_wait_min"], erlang_c_wait(servers, rho, MEAN_WORK_MIN), "mean wait")


@pytest.mark.parametrize(("servers", "rho", "days"), CASES, ids=IDS)
def test_utilisation_is_rho(servers: int, rho: float, days: int) -> None:
    assert_within(replications(servers, rho, days)["utilisation"], rho, "utilisation")


@pytest.mark.parametrize(("servers", "rho", "days"), CASES, ids=IDS)
def test_empty_start_bias_is_negligible(servers: int, rho: float, days: int) -> None:
    """The horizon is long enough that starting empty moves each mean by
    less than a tenth of its interval's half-width."""
    runs = replications(servers, rho, days)
    wait_bias, share_bias = empty_start_bias(servers, rho, MEAN_WORK_MIN, days)
    for column, bias in (("mean_wait_min", wait_bias), ("waited_share", share_bias)):
        mean, lo, _ = interval(runs[column])
        assert abs(bias) <= 0.1 * (mean - lo), f"{column}: bias {bias:.3g} vs half-width {mean - lo:.3g}"


def test_erlang_c_reference_values() -> None:
    """The formula itself, against textbook values: M/M/1 has C = rho and
    W = rho / (mu - lambda); M/M/2 at a = 1 has C = 1/3."""
    assert erlang_c(1, 0.8) == pytest.approx(0.8, rel=1e-12)
    assert erlang_c_wait(1, 0.8, 10.0) == pytest.approx(40.0, rel=1e-12)
    assert erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0, rel=1e-12)
    # Stable at c = 50 (no factorial overflow) and between 0 and 1.
    assert 0.0 < erlang_c(50, 47.5) < 1.0
