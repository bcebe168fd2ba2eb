"""No run ever starts a job that breaks a working-hour limit.

Random small branches (Poisson demand, evening work, a 30-minute road, work
times that are exactly what dispatch expects, random limits, and in some
installs entered after 16:00 booked into two-hour windows from 16:30 to
20:30 in a branch of one zone, so that a technician may wait on site past its
shift's end, which is not overtime): since the
limits bind at the start of a job and no job runs longer than expected,
every technician's overtime per day and per calendar month, counted from
the order log, stays within the limits (3 h a day for a job whose order is
due that day), and nothing is counted as running over them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim

SHIFT_END_MIN = 18 * 60
SPECIAL_H = 3  # the law's daily limit for an order due that day (the default)


def branch(technicians: int, per_day: float, daily_h: float, monthly_h: float,
           work_min: int, windows: bool = False) -> dict[str, Any]:
    work = {"dist": "deterministic", "mean_min": work_min}
    sla: dict[str, Any] = {
        "cutoff": "16:00",
        "before_cutoff": {"install": "same_day", "repair": "same_day"},
        "after_cutoff": {"install": "appointment" if windows else "next_day",
                         "repair": {"within_h": 24}}}
    if windows:
        # Windows 16:30-18:30 and 18:30-20:30: one who arrives early for
        # the second waits past its shift's end.
        sla["business_hours"] = {"open": "16:30", "close": "20:30"}
        sla["appointments"] = {"slot_h": 2, "slots": 2, "lead_min": 60}
    # With windows one zone: nothing to travel, so that the log's departure
    # is the arrival and a wait on site can be told from it.
    network = ({"zones": 1} if windows else
               {"zones": 2, "roads": [{"from": 0, "to": 1, "travel_min": 30}]})
    return {
        "name": "law",
        "horizon": {"days": 45, "max_drain_days": 10},
        "calendar": {"start_date": "2025-01-20"},
        "network": network,
        "orders": [{"kind": "repair", "per_day": per_day, "work_time": work},
                   {"kind": "install", "per_day": per_day / 2, "hours": {"from": "08:00", "to": "20:00"},
                    "work_time": work}],
        "technicians": {"count": technicians, "shift": {"start": "08:00", "end": "18:00"}},
        "evening": {"start": "18:00", "end": "21:00", "p0": 0.8, "p1": 0.0,
                    "premium_cny": 20, "premium_full_cny": 30},
        "law": {"daily_overtime_h": daily_h, "monthly_overtime_h": monthly_h},
        "sla": sla,
    }


def overtime_by_day_and_month(orders: Any, windows: bool = False) -> tuple[dict, dict]:
    """Minutes of each job after 18:00 of the day it set out (with windows, in
    the branch of one zone, less a wait on site then), summed per
    technician and calendar month; and per technician and day, each job's
    running total with the limit that held at its start (the day's special
    limit for an order due that day)."""
    done = orders[orders["finish_min"].notna()].sort_values("departure_min")
    day = (done["departure_min"] // 1440).astype(int)
    shift_end = day * 1440 + SHIFT_END_MIN
    overtime_from = np.maximum(done["departure_min"], shift_end)
    waited = (done["work_start_min"] - overtime_from).clip(lower=0) if windows else 0
    overtime = (done["finish_min"] - overtime_from - waited).clip(lower=0)
    due_today = done["due_min"] <= (day + 1) * 1440
    month = (np.datetime64("2025-01-20") + day.to_numpy().astype("timedelta64[D]")).astype("datetime64[M]")
    per_day: dict = defaultdict(float)
    per_month: dict = defaultdict(float)
    starts: list[tuple[float, bool]] = []
    for tech, d, m, minutes, today in zip(done["technician"], day, month, overtime, due_today):
        per_day[(tech, d)] += minutes
        per_month[(tech, m)] += minutes
        starts.append((per_day[(tech, d)], bool(today)))
    return starts, per_month


@settings(max_examples=12, deadline=None, derandomize=True)
@given(technicians=st.integers(2, 6), per_day=st.floats(8, 40), daily_h=st.sampled_from([0.5, 1, 2, 3]),
       monthly_h=st.sampled_from([3, 8, 36]), work_min=st.integers(20, 120), seed=st.integers(1, 1000),
       windows=st.booleans())
def test_no_job_starts_past_a_limit(technicians: int, per_day: float, daily_h: float,
                                    monthly_h: float, work_min: int, seed: int,
                                    windows: bool) -> None:
    if daily_h > monthly_h:
        daily_h = monthly_h
    result = fieldsim.run(branch(technicians, per_day, daily_h, monthly_h, work_min, windows),
                          replications=1, seed=seed, keep_orders=True, progress=False)
    assert result.replications["limit_overrun_min"].iloc[0] == 0
    starts, per_month_min = overtime_by_day_and_month(result.orders, windows)
    for day_total, due_today in starts:
        assert day_total <= (max(daily_h, SPECIAL_H) if due_today else daily_h) * 60 + 1e-6
    assert max(per_month_min.values(), default=0) <= monthly_h * 60 + 1e-6


def test_the_law_costs_evening_work() -> None:
    """The same branch with and without the law: the law cuts overtime."""
    doc = branch(4, 30, 1, 36, 45)
    lawful = fieldsim.run(doc, replications=2, seed=3, progress=False)
    doc["law"] = "off"
    free = fieldsim.run(doc, replications=2, seed=3, progress=False)
    assert lawful.summary.loc["overtime_min", "mean"] < free.summary.loc["overtime_min", "mean"]


def test_the_windowed_branch_waits_past_the_shift() -> None:
    """The branches with windows above do what they are there for: some
    technicians wait on site for a window, and some jobs start at 18:30,
    the opening of the window after the shift's end."""
    result = fieldsim.run(branch(3, 30, 1, 36, 45, windows=True), replications=1, seed=1,
                          keep_orders=True, progress=False)
    assert result.technicians["wait_min"].sum() > 0
    assert (result.orders["work_start_min"] % 1440 == 18.5 * 60).sum() > 0
