"""No run ever starts a job that breaks a working-hour limit.

Random small branches (Poisson demand, evening work, a 30-minute road, work
times that are exactly what dispatch expects, random limits): since the
limits bind at the start of a job and no job runs longer than expected,
every technician's overtime per day and per calendar month, counted from
the order log, stays within the limits, and nothing is counted as running
over them. A day with overtime on an order due that day may have 3 h of it
(city-rules section 5: 3 h for an order whose deadline is today).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim

SHIFT_END_MIN = 18 * 60
SPECIAL_DAILY_MIN = 3 * 60


def branch(technicians: int, per_day: float, daily_h: float, monthly_h: float,
           work_min: int) -> dict[str, Any]:
    work = {"dist": "deterministic", "mean_min": work_min}
    return {
        "name": "law",
        "horizon": {"days": 45, "max_drain_days": 10},
        "calendar": {"start_date": "2025-01-20"},
        "network": {"zones": 2, "roads": [{"from": 0, "to": 1, "travel_min": 30}]},
        "orders": [{"kind": "repair", "per_day": per_day, "work_time": work},
                   {"kind": "install", "per_day": per_day / 2, "hours": {"from": "08:00", "to": "20:00"},
                    "work_time": work}],
        "technicians": {"count": technicians, "shift": {"start": "08:00", "end": "18:00"}},
        "evening": {"start": "18:00", "end": "21:00", "p0": 0.8, "p1": 0.0,
                    "premium_cny": 20, "premium_full_cny": 30},
        "law": {"daily_overtime_h": daily_h, "monthly_overtime_h": monthly_h},
        "sla": {"cutoff": "16:00",
                "before_cutoff": {"install": "same_day", "repair": "same_day"},
                "after_cutoff": {"install": "next_day", "repair": {"within_h": 24}}},
    }


def overtime_by_day_and_month(orders: Any) -> tuple[dict, dict, set]:
    """Minutes of each job after 18:00 of the day it set out, summed per
    technician and day and per technician and calendar month; and the
    (technician, day) pairs with overtime on an order due that day."""
    done = orders[orders["finish_min"].notna()]
    day = (done["departure_min"] // 1440).astype(int)
    shift_end = day * 1440 + SHIFT_END_MIN
    overtime = (done["finish_min"] - np.maximum(done["departure_min"], shift_end)).clip(lower=0)
    month = (np.datetime64("2025-01-20") + day.to_numpy().astype("timedelta64[D]")).astype("datetime64[M]")
    due_that_day = done["due_min"] <= (day + 1) * 1440
    per_day: dict = defaultdict(float)
    per_month: dict = defaultdict(float)
    special: set = set()
    for tech, d, m, minutes, due_today in zip(done["technician"], day, month, overtime,
                                              due_that_day):
        per_day[(tech, d)] += minutes
        per_month[(tech, m)] += minutes
        if minutes > 0 and due_today:
            special.add((tech, d))
    return per_day, per_month, special


@settings(max_examples=12, deadline=None, derandomize=True)
@given(technicians=st.integers(2, 6), per_day=st.floats(8, 40), daily_h=st.sampled_from([0.5, 1, 2, 3]),
       monthly_h=st.sampled_from([3, 8, 36]), work_min=st.integers(20, 120), seed=st.integers(1, 1000))
def test_no_job_starts_past_a_limit(technicians: int, per_day: float, daily_h: float,
                                    monthly_h: float, work_min: int, seed: int) -> None:
    if daily_h > monthly_h:
        daily_h = monthly_h
    result = fieldsim.run(branch(technicians, per_day, daily_h, monthly_h, work_min),
                          replications=1, seed=seed, keep_orders=True, progress=False)
    assert result.replications["limit_overrun_min"].iloc[0] == 0
    per_day_min, per_month_min, special = overtime_by_day_and_month(result.orders)
    for key, minutes in per_day_min.items():
        assert minutes <= (SPECIAL_DAILY_MIN if key in special else daily_h * 60) + 1e-6
    assert max(per_month_min.values(), default=0) <= monthly_h * 60 + 1e-6


def test_the_law_costs_evening_work() -> None:
    """The same branch with and without the law: the law cuts overtime."""
    doc = branch(4, 30, 1, 36, 45)
    lawful = fieldsim.run(doc, replications=2, seed=3, progress=False)
    doc["law"] = "off"
    free = fieldsim.run(doc, replications=2, seed=3, progress=False)
    assert lawful.summary.loc["overtime_min", "mean"] < free.summary.loc["overtime_min", "mean"]
