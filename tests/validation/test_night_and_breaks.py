"""Night safety and breaks hold in every run, not only in the hand-worked cases.

Random small branches (Poisson demand, a 20-minute road, work times that
are exactly what dispatch expects). With a night limit, no visit starts
after it. With a break, each technician's day has its break where
city-rules.md section 5 puts it: at the window's start if idle then, else
when the job in hand ends; no job starts during it, and every day worked
has its whole break.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim

DAY_MIN = 1440


def branch(technicians: int, per_day: float, work_min: int, shift: dict) -> dict[str, Any]:
    work = {"dist": "deterministic", "mean_min": work_min}
    return {
        "name": "rules",
        "horizon": {"days": 14, "max_drain_days": 5},
        "calendar": {"start_date": "2025-03-03"},
        "network": {"zones": 2, "roads": [{"from": 0, "to": 1, "travel_min": 20}]},
        "orders": [{"kind": "repair", "per_day": per_day, "work_time": work},
                   {"kind": "install", "per_day": per_day / 2,
                    "hours": {"from": "08:00", "to": "22:00"}, "work_time": work}],
        "technicians": {"count": technicians, "shift": shift},
        "sla": {"cutoff": "16:00",
                "before_cutoff": {"install": "same_day", "repair": "same_day"},
                "after_cutoff": {"install": "next_day", "repair": {"within_h": 24}}},
    }


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def visits(result: fieldsim.RunResult) -> Any:
    orders = result.orders
    return orders[orders["finish_min"].notna()]


@settings(max_examples=10, deadline=None, derandomize=True)
@given(technicians=st.integers(1, 4), per_day=st.floats(10, 40), work_min=st.integers(20, 90),
       night_min=st.integers(19 * 60, 22 * 60 + 30), seed=st.integers(1, 1000))
def test_no_visit_starts_after_the_night_limit(technicians: int, per_day: float, work_min: int,
                                               night_min: int, seed: int) -> None:
    doc = branch(technicians, per_day, work_min, {"start": "12:00", "end": "23:30"})
    doc["technicians"]["night_limit"] = clock(night_min)
    done = visits(fieldsim.run(doc, replications=1, seed=seed, keep_orders=True, progress=False))
    assert len(done) > 0
    duty_day = done["departure_min"] // DAY_MIN
    assert (done["work_start_min"] <= duty_day * DAY_MIN + night_min + 1e-9).all()


def break_start(jobs: Any, window_start: float) -> float:
    """At the window's start, or when the job then in hand ends."""
    in_hand = jobs[(jobs["departure_min"] < window_start) & (jobs["finish_min"] > window_start)]
    return float(in_hand["finish_min"].iloc[0]) if len(in_hand) else window_start


@settings(max_examples=15, deadline=None, derandomize=True)
@given(technicians=st.integers(1, 4), per_day=st.floats(10, 50), work_min=st.integers(20, 90),
       length=st.integers(20, 60), window_from=st.sampled_from([8 * 60, 8 * 60 + 1, 11 * 60])
       | st.integers(11 * 60, 13 * 60),
       slack=st.integers(0, 120), seed=st.integers(1, 1000),
       policy=st.sampled_from(["edf", "nearest_feasible", "cheapest_insertion"]))
def test_every_break_is_taken_where_the_rules_put_it(technicians: int, per_day: float,
                                                     work_min: int, length: int, window_from: int,
                                                     slack: int, seed: int, policy: str) -> None:
    """Under every policy: cheapest_insertion plans jobs after a break still
    ahead, which must wait for it."""
    window_to = window_from + length + slack
    shift = {"start": "08:00", "end": "18:00",
             "break": {"length_min": length,
                       "window": {"start": clock(window_from), "end": clock(window_to)}}}
    doc = branch(technicians, per_day, work_min, shift)
    doc["dispatch"] = {"policy": policy}
    result = fieldsim.run(doc, replications=1, seed=seed, keep_orders=True, progress=False)
    # Every day worked has its break, but for a last day on which the run
    # (its drain) ended after the 08:00 shift start and before the window
    # opened (one stopped by the drain limit ends at midnight).
    end_min = result.replications["days_simulated"].iloc[0] * DAY_MIN
    missed = int(8 * 60 <= end_min % DAY_MIN < window_from)
    days = result.technicians
    assert np.allclose(days["break_min"], (days["days_worked"] - missed) * length)
    done = visits(result)
    for (tech, day), jobs in done.groupby(["technician", done["departure_min"] // DAY_MIN]):
        start = break_start(jobs, day * DAY_MIN + window_from)
        # A job that ends by the window's end may run into it; none ends later
        # while the break is untaken, so the break starts by the window's end.
        assert start <= day * DAY_MIN + window_to + 1e-9
        during = jobs[(jobs["departure_min"] >= start) & (jobs["departure_min"] < start + length)]
        assert during.empty, f"technician {tech} set out during its break on day {day}"
