"""Little's law on refcity-month, from the order log.

L (orders waiting for a technician: entered, not yet set out) is integrated
over time by sweeping the log's entry and departure times; lambda * W uses
the engine's own ``mean_wait_min``. Over the whole sample path (from 0 until
the last departure) L = lambda W is an identity, so the check does not test
queueing theory: it tests that the log and the engine's streamed statistic
describe the same run (every order has a departure no earlier than its
entry, none is lost or counted twice, no time unit slips between the
engine's minutes and the log's). Over the arrival window only it is a real
law with a known, one-sided error, checked below with its bound.

All 30 days are used: a replication with its order log takes well under a
second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import fieldsim

REPLICATIONS = 2
MINUTES_PER_DAY = 1440.0


@pytest.fixture(scope="module")
def run(month: fieldsim.Scenario) -> fieldsim.RunResult:
    return fieldsim.run(month, replications=REPLICATIONS, seed=11, keep_orders=True, progress=False)


def waiting_area(entries: np.ndarray, departures: np.ndarray, until: float) -> float:
    """Integral over [0, until] of the number of orders waiting, by a sweep
    over the sorted entry (+1) and departure (-1) times."""
    times = np.concatenate([entries, departures])
    steps = np.concatenate([np.ones(len(entries)), -np.ones(len(departures))])
    order = np.argsort(times, kind="stable")
    times, waiting = times[order], np.cumsum(steps[order])
    assert waiting.min() >= 0, "a departure before its entry"
    # L is constant on [times[i], times[i+1]) at waiting[i].
    ends = np.minimum(np.append(times[1:], until), until)
    starts = np.minimum(times, until)
    return float(np.sum(waiting * (ends - starts)))


def replication_log(run: fieldsim.RunResult, replication: int) -> pd.DataFrame:
    log = run.orders[run.orders["replication"] == replication]
    assert log["departure_min"].notna().all(), "orders never started"
    return log


@pytest.mark.parametrize("replication", range(REPLICATIONS))
def test_l_equals_lambda_w_over_the_whole_path(run: fieldsim.RunResult, replication: int) -> None:
    log = replication_log(run, replication)
    wait_min = run.replications.loc[replication, "mean_wait_min"]
    end = float(log["departure_min"].max())
    area = waiting_area(log["entry_min"].to_numpy(), log["departure_min"].to_numpy(), end)
    arrival_rate = len(log) / end
    assert area / end == pytest.approx(arrival_rate * wait_min, rel=1e-9)


@pytest.mark.parametrize("replication", range(REPLICATIONS))
def test_l_equals_lambda_w_over_the_arrival_window(
    run: fieldsim.RunResult, replication: int
) -> None:
    """Over [0, T), T the end of the last arrival day, lambda W - L equals the
    waiting that orders still waiting at T do after T, divided by T: never
    negative, and at most the night backlog of one day. In refcity nobody
    works from 21:00 to 08:00, so that backlog is what piles up overnight
    and is cleared by the next morning: a fraction of one day's waiting, so
    the relative gap is below 1 / days."""
    log = replication_log(run, replication)
    days = run.scenario.days
    window = days * MINUTES_PER_DAY
    area = waiting_area(log["entry_min"].to_numpy(), log["departure_min"].to_numpy(), window)
    little = len(log) / window * run.replications.loc[replication, "mean_wait_min"]
    time_average = area / window
    gap = (little - time_average) / little
    assert 0.0 <= gap < 1.0 / days, f"relative gap {gap:.4g}"
