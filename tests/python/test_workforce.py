"""The workforce rules seen from Python: the per-job evening acceptance curve, the
technician-month frame and its file, the city example with the law on and off."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim
from fieldsim.money import month_label

ROOT = Path(__file__).resolve().parents[2]
CITY_MONTH = ROOT / "scenarios" / "examples" / "city-month.json"


@pytest.fixture(scope="module")
def city() -> fieldsim.Scenario:
    return fieldsim.load(CITY_MONTH)


@settings(max_examples=200, deadline=None)
@given(money=st.floats(1, 500), hours=st.floats(0, 14), more=st.floats(1.01, 3), later=st.floats(0.1, 4))
def test_acceptance_rises_with_money_and_falls_with_hours(city, money, hours, more, later) -> None:
    p = city.evening_acceptance([money, money * more, money], [hours, hours, hours + later])
    assert 0 <= p[0] <= 1
    assert p[1] >= p[0] and p[2] <= p[0]


def test_acceptance_is_a_half_at_the_base_money_after_eight_hours(city) -> None:
    base = city.document["evening"]["per_job"]["base_money_cny"]
    assert city.evening_acceptance(base, 8.0) == pytest.approx(0.5)
    assert city.evening_acceptance(0.0, 8.0) == 0.0


def test_technician_months_add_up_to_the_run(city, tmp_path: Path) -> None:
    result = fieldsim.run(city, replications=1, seed=3, progress=False)
    months = result.technicians
    # January 2025 and the drain days of February.
    assert set(months["month"]) <= {"2025-01", "2025-02"}
    assert months.groupby("replication")["overtime_min"].sum().iloc[0] == pytest.approx(
        result.replications["overtime_min"].iloc[0])
    assert (months["regular_min"] >= 0).all()
    # Under the law no month's overtime passes 36 h by more than its overrun.
    assert (months["overtime_min"] - months["limit_overrun_min"] <= 36 * 60 + 1e-6).all()
    assert months[["stopped_daily", "stopped_monthly"]].to_numpy().sum() > 0


def test_months_are_labelled_as_the_cash_frames_label_them() -> None:
    """2025-01 with a start date; without one M01, M02, ... of 30 days each
    (refcity's month drains into its 31st day)."""
    refcity = fieldsim.load(ROOT / "scenarios" / "refcity" / "month.json")
    result = fieldsim.run(refcity, replications=1, seed=1, progress=False)
    assert sorted(set(result.technicians["month"])) == ["M01", "M02"]
    assert [month_label(day, None) for day in (29, 30)] == ["M01", "M02"]


def test_the_technicians_file(tmp_path: Path) -> None:
    out = tmp_path / "technicians.csv"
    done = subprocess.run(
        [sys.executable, "-m", "fieldsim", "run", str(CITY_MONTH), "-n", "1", "--technicians",
         str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out)
    assert {"technician", "month", "regular_min", "overtime_min", "break_min",
            "stopped_daily", "stopped_monthly", "days_worked"} <= set(frame.columns)
    assert len(frame) >= 480
    assert set(frame["month"]) <= {"2025-01", "2025-02"}


def test_the_law_lowers_overtime_in_the_city(city) -> None:
    on = fieldsim.run(city, replications=2, seed=5, progress=False)
    off = fieldsim.run(city.with_({"law": "off"}), replications=2, seed=5, progress=False)
    assert on.replications["limit_overrun_min"].gt(0).all()
    assert off.replications["limit_overrun_min"].eq(0).all()
    worst = lambda r: r.technicians.groupby(["replication", "technician"])["overtime_min"].sum().max()
    assert worst(on) < worst(off)
    assert np.isfinite(on.replications["escalations"]).all()


def test_a_wait_on_site_is_reported_apart_and_is_not_overtime() -> None:
    """One technician, shift 08:00-17:00, is offered at 17:00 on Tuesday an
    appointment 10 minutes away whose window opens at 18:00, and means to be
    there 40 minutes early (early_min): it sets out at 17:10. 10 min of
    travel, 40 min of waiting on site, 60 min of work, all after the shift's
    end; overtime is the travel and the work (8.12), 70 min at 30 CNY an
    hour x 1.5 on a working day."""
    scenario = {
        "name": "wait-on-site", "horizon": {"days": 1, "max_drain_days": 2},
        "calendar": {"start_date": "2025-03-03"},
        "network": {"grid": {"rows": 1, "cols": 2, "road_min": 10}},
        "orders": [{"scripted": [{"day": 0, "at": "16:30", "zone": 1, "kind": "install",
                                  "work_min": 60}],
                    "expected_work_min": {"install": 60, "repair": 60}}],
        "technicians": {"groups": [{"name": "g", "count": 1, "home": [0],
                                    "shift": {"start": "08:00", "end": "17:00"}}]},
        "evening": {"start": "17:00", "end": "24:00", "p0": 1, "p1": 0, "premium_cny": 0,
                    "premium_full_cny": 30},
        "sla": {"business_hours": {"open": "18:00", "close": "22:00"},
                "appointments": {"slot_h": 2, "slots": 1, "lead_min": 60, "early_min": 40},
                "rules": [{"when": {"kind": "install"}, "due": "appointment"},
                          {"when": {"kind": "repair"}, "due": {"within_h": 24}}]},
        "pay": {"overtime": {"hourly_wage_cny": 30, "working_day_x": 1.5, "rest_day_x": 2,
                             "holiday_x": 3}},
    }
    result = fieldsim.run(scenario, replications=1, seed=1, keep_orders=True, progress=False)
    order = result.orders.iloc[0]
    assert (order["departure_min"], order["work_start_min"], order["finish_min"]) == (
        (24 + 17) * 60 + 10, (24 + 18) * 60, (24 + 19) * 60)
    month = result.technicians.iloc[0]
    assert (month["travel_min"], month["wait_min"], month["work_min"]) == (10, 40, 60)
    assert month["overtime_min"] == 70
    assert month["overtime_pay_cny"] == pytest.approx(52.5)


def test_the_law_does_not_count_a_wait_after_the_shift() -> None:
    """One technician, 08:00-18:00, who stays every evening to 23:00, under
    the default law (1 h a day, 3 h for an order due that day). An install
    entered Wednesday 16:00 gets Thursday's 19:00-22:00 window, offered from
    18:00; its work is expected to take 2 h and 1 s. Taken at 18:00 in its
    own zone, it is set out for at 18:50 (early_min's 10 minutes before the
    window), and the technician waits 10 minutes on site; the hour idle or
    waiting is not overtime. It works 19:00-21:00:01: 2 h 0 min 1 s of
    overtime, within the 3 h for an order due that day, so it is taken at
    18:00 and is on time (counting the hour, 3 h 0 min 1 s, it would have
    been left to Friday)."""
    work = 120 + 1 / 60
    scenario = {
        "name": "law-and-wait", "horizon": {"days": 3, "max_drain_days": 5},
        "calendar": {"start_date": "2025-01-01"}, "network": {"zones": 1},
        "orders": [{"scripted": [{"day": 0, "at": "16:00", "zone": 0, "kind": "install",
                                  "work_min": work}],
                    "expected_work_min": {"install": work, "repair": 30}}],
        "technicians": {"groups": [{"name": "day", "count": 1,
                                    "shift": {"start": "08:00", "end": "18:00"}}]},
        "evening": {"start": "18:00", "end": "23:00", "p0": 1.0, "p1": 0.0, "premium_cny": 0,
                    "premium_full_cny": 30},
        "law": {"daily_overtime_h": 1, "daily_overtime_special_h": 3, "monthly_overtime_h": 36},
        "sla": {"business_hours": {"open": "19:00", "close": "22:00"},
                "appointments": {"slot_h": 3, "slots": 1, "lead_min": 60},
                "rules": [{"when": {"kind": "install"}, "cutoff": "16:00",
                           "before_cutoff": "same_day", "after_cutoff": "appointment"},
                          {"due": "same_day"}]},
    }
    result = fieldsim.run(scenario, replications=1, seed=1, keep_orders=True, progress=False)
    order = result.orders.iloc[0]
    thursday = 24 * 60
    assert order["departure_min"] == thursday + 18 * 60 + 50
    assert order["work_start_min"] == thursday + 19 * 60
    assert order["finish_min"] == pytest.approx(thursday + 21 * 60 + 1 / 60)
    assert not order["late"]
    month = result.technicians.iloc[0]
    assert month["wait_min"] == 10
    assert month["overtime_min"] == pytest.approx(work)
    assert month["limit_overrun_min"] == 0
    assert month["stopped_daily"] == 0 and month["stopped_monthly"] == 0


def _set_out_after_the_shift(work_min: float) -> fieldsim.RunResult:
    """One technician, 08:00-18:00 and every evening to 23:00, at most 1 h of
    overtime a day (due today or not). An install in the village, 30 minutes
    away, entered Wednesday 16:00, gets Thursday's 19:00-22:00 window, offered
    from 17:00 to the technician idle in town."""
    scenario = {
        "name": "set-out-after-the-shift", "horizon": {"days": 3, "max_drain_days": 5},
        "calendar": {"start_date": "2025-01-01"},
        "network": {"zones": [{"name": "town"}, {"name": "village"}],
                    "roads": [{"from": 0, "to": 1, "travel_min": 30}]},
        "orders": [{"scripted": [{"day": 0, "at": "16:00", "zone": 1, "kind": "install",
                                  "work_min": 30}],
                    "expected_work_min": {"install": work_min, "repair": 30}}],
        "technicians": {"groups": [{"name": "day", "count": 1, "home": [0],
                                    "shift": {"start": "08:00", "end": "18:00"}}]},
        "evening": {"start": "18:00", "end": "23:00", "p0": 1.0, "p1": 0.0, "premium_cny": 0,
                    "premium_full_cny": 30},
        "law": {"daily_overtime_h": 1, "daily_overtime_special_h": 1, "monthly_overtime_h": 36},
        "sla": {"business_hours": {"open": "19:00", "close": "22:00"},
                "appointments": {"slot_h": 3, "slots": 1, "lead_min": 120, "early_min": 10},
                "rules": [{"when": {"kind": "install"}, "cutoff": "16:00",
                           "before_cutoff": "same_day", "after_cutoff": "appointment"},
                          {"due": "same_day"}]},
    }
    return fieldsim.run(scenario, replications=1, seed=1, keep_orders=True, progress=False)


def test_the_idle_time_before_a_late_set_out_is_not_overtime() -> None:
    """Offered from 17:00, the install cannot be taken on the shift (it
    would end past 18:00); taken at 18:00 as the evening begins, it is set
    out for at 18:20, to be there at 18:50, 10 minutes before its window; it
    waits, works 19:00-19:30. Its overtime is the drive and the work, 30 + 30
    = 60 min: exactly the day's limit, so it starts (the 20 minutes idle
    after 18:00 before setting out are not overtime: counted, the job would
    be refused)."""
    result = _set_out_after_the_shift(30)
    order = result.orders.iloc[0]
    thursday = 24 * 60
    assert (order["departure_min"], order["work_start_min"], order["finish_min"]) == (
        thursday + 18 * 60 + 20, thursday + 19 * 60, thursday + 19 * 60 + 30)
    assert not order["late"]
    month = result.technicians.iloc[0]
    assert (month["travel_min"], month["wait_min"], month["overtime_min"]) == (30, 10, 60)
    assert month["stopped_daily"] == 0


def test_a_set_out_after_the_shift_that_would_pass_the_limit_is_refused() -> None:
    """The same with 30 min and 1 s of expected work: 60 min 1 s of overtime,
    one second over the day's limit, so the technician may not take it on
    Thursday (each look counted as a stop of the daily limit); it is done
    on Friday, late."""
    result = _set_out_after_the_shift(30 + 1 / 60)
    order = result.orders.iloc[0]
    assert order["departure_min"] >= 2 * 24 * 60
    assert order["late"]
    month = result.technicians.iloc[0]
    assert month["stopped_daily"] > 0
