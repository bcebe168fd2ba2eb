"""The due-time oracle against hand-worked cases, plus properties.

``tests/data/due_cases.json`` holds cases worked out by hand from
``city-rules.md`` sections 2, 3, 4 and 8 (the reasoning is in each case's
``why``); ``city_rules_oracle`` was written from the same text separately.
A disagreement means one of them misreads the rules. Later the same cases
check the C++ engine. Pure Python: no compiled package needed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from . import city_rules_oracle as oracle

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "due_cases.json").read_text(encoding="utf-8")
)


def _of_kind(kind: str) -> list[Any]:
    return [pytest.param(c, id=c["name"]) for c in CASES if c["kind"] == kind]


def _seconds(calendar: dict, stamp: str) -> int:
    """Independent of the oracle's own converter, to catch slips in the JSON."""
    start = dt.datetime.fromisoformat(calendar["day0"])
    return round((dt.datetime.fromisoformat(stamp) - start).total_seconds())


def test_case_table_is_well_formed() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert sum(c["kind"] == "due" for c in CASES) >= 40
    assert all(c.get("why") for c in CASES)


@pytest.mark.parametrize("case", _of_kind("due"))
def test_due_case(case: dict) -> None:
    cal = case["calendar"]
    # the hand-written stamps and seconds must say the same thing
    assert _seconds(cal, case["entry"]) == case["entry_s"]
    assert _seconds(cal, case["expect_due"]) == case["expect_due_s"]
    assert _seconds(cal, case["expect_ready"]) == case["expect_ready_s"]

    if "form" in case:
        form = case["form"]
    else:
        form = oracle.choose_form(case["rule"], case["entry_s"], case["declined"])
    got = oracle.due(form, case["entry_s"], cal, case["business_hours"], case.get("booked"))
    assert (oracle.stamp_of(cal, got["due"]), oracle.stamp_of(cal, got["ready"])) == (
        case["expect_due"],
        case["expect_ready"],
    )
    assert (got["due"], got["ready"]) == (case["expect_due_s"], case["expect_ready_s"])
    if "expect_slot" in case:
        assert got["slot"] == case["expect_slot"]
        assert got["window"] == case["expect_window_s"]
    else:
        assert got["slot"] is None and got["window"] is None


@pytest.mark.parametrize("case", _of_kind("force_majeure"))
def test_force_majeure_case(case: dict) -> None:
    assert _seconds(case["calendar"], case["due"]) == case["due_s"]
    cal = case["calendar"]
    got = oracle.force_majeure_exempt(case["due_s"], case["events"], case["grace_days"], cal)
    assert got is case["expect_exempt"]


@pytest.mark.parametrize("case", _of_kind("compensation"))
def test_compensation_case(case: dict) -> None:
    money = (case["per_order"], case["per_started_day"], case["cap"])
    got = oracle.compensation(case["late_s"], *money)
    assert got == pytest.approx(case["expect_amount"])


# --- properties --------------------------------------------------------------

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # the table above still runs without hypothesis
    given = None

DAY_S = oracle.DAY_S
CN_2025 = next(c["calendar"] for c in CASES if c["name"] == "biz_spring_festival")
HOURS = {"open": "08:00", "close": "18:00"}
OPEN_S, CLOSE_S = 8 * 3600, 18 * 3600


def _working_seconds(start: int, end: int, calendar: dict) -> int:
    """Working time in [start, end), summed day by day: a different route from
    the oracle's stepping, so the two check each other."""
    total = 0
    for day in range(start // DAY_S, end // DAY_S + 1):
        if oracle.is_working_day(calendar, day):
            lo = max(start, day * DAY_S + OPEN_S)
            hi = min(end, day * DAY_S + CLOSE_S)
            total += max(0, hi - lo)
    return total


if given is not None:
    # The first 100 days of 2025: New Year, Spring Festival, two make-up days.
    entries = st.integers(min_value=0, max_value=100 * DAY_S)
    business_hours_h = st.sampled_from([0.5, 1, 2, 4, 8, 10, 12, 24, 36])
    cutoffs = st.sampled_from([None, "16:00", "17:00", "18:00"])

    def _business_due(entry: int, hours: float, cutoff: str | None) -> int:
        form: dict[str, Any] = {"within_h": hours, "clock": "business"}
        if cutoff is not None:
            form["clock_cutoff"] = cutoff
        return oracle.due(form, entry, CN_2025, HOURS)["due"]

    @settings(max_examples=300, deadline=None, database=None)
    @given(entries, business_hours_h, cutoffs)
    def test_business_due_in_working_hours(entry: int, hours: float, cutoff: str | None) -> None:
        """A positive business clock ends inside (opening, closing] of a working
        day, after the entry."""
        due_s = _business_due(entry, hours, cutoff)
        day, tod = divmod(due_s, DAY_S)
        assert oracle.is_working_day(CN_2025, day)
        assert OPEN_S < tod <= CLOSE_S
        assert due_s > entry

    @settings(max_examples=300, deadline=None, database=None)
    @given(entries, business_hours_h, cutoffs)
    def test_business_clock_counts_exactly_h(entry: int, hours: float, cutoff: str | None) -> None:
        """From the clock start to the due time lie exactly h hours of working
        time; the only working time skipped before the start is the stretch
        from the clock cutoff to closing (8.2)."""
        start = oracle.business_clock_start(entry, CN_2025, HOURS, cutoff)
        due_s = _business_due(entry, hours, cutoff)
        assert _working_seconds(start, due_s, CN_2025) == round(hours * 3600)
        skippable = 0 if cutoff is None else CLOSE_S - oracle.time_of_day(cutoff)
        assert start >= entry
        assert _working_seconds(entry, start, CN_2025) <= skippable

    @settings(max_examples=200, deadline=None, database=None)
    @given(entries, entries, business_hours_h, cutoffs)
    def test_business_due_monotone(a: int, b: int, hours: float, cutoff: str | None) -> None:
        """Entering later never makes a business-clock order due earlier."""
        lo, hi = sorted((a, b))
        assert _business_due(lo, hours, cutoff) <= _business_due(hi, hours, cutoff)

    @settings(max_examples=200, deadline=None, database=None)
    @given(entries, entries, st.floats(min_value=0, max_value=72, allow_nan=False))
    def test_natural_due_monotone(a: int, b: int, hours: float) -> None:
        lo, hi = sorted((a, b))
        due_lo = oracle.due({"within_h": hours}, lo, CN_2025, None)["due"]
        due_hi = oracle.due({"within_h": hours}, hi, CN_2025, None)["due"]
        assert lo <= due_lo <= due_hi
        assert abs(due_lo - lo - hours * 3600) <= 0.5

    @settings(max_examples=200, deadline=None, database=None)
    @given(entries, st.integers(min_value=0, max_value=5))
    def test_end_of_day_is_a_midnight_after_entry(entry: int, offset: int) -> None:
        due_s = oracle.due({"end_of_day": offset}, entry, CN_2025, None)["due"]
        assert due_s % DAY_S == 0
        assert due_s // DAY_S == entry // DAY_S + offset + 1

    @settings(max_examples=200, deadline=None, database=None)
    @given(
        entries,
        st.booleans(),
        st.dictionaries(
            st.tuples(st.integers(0, 110), st.integers(0, 4)).map(lambda k: f"{k[0]}:{k[1]}"),
            st.integers(0, 3),
            max_size=60,
        ),
    )
    def test_appointment_takes_first_free_window(
        entry: int, working_only: bool, booked: dict
    ) -> None:
        """The chosen window has a free place, every earlier window of that day
        is full, and it lies inside business hours after the entry day."""
        spec = {"slot_h": 2, "slots": 2, "working_days_only": working_only}
        got = oracle.due({"appointment": spec}, entry, CN_2025, HOURS, booked)
        day, index = got["slot"]
        assert day > entry // DAY_S
        assert booked.get(f"{day}:{index}", 0) < 2
        assert all(booked.get(f"{day}:{i}", 0) >= 2 for i in range(index))
        start = day * DAY_S + OPEN_S + index * 7200
        assert got["window"] == [start, start + 7200]
        assert got["window"][1] <= day * DAY_S + CLOSE_S
        assert (got["ready"], got["due"]) == tuple(got["window"])
        if working_only:
            assert oracle.is_working_day(CN_2025, day)

    @settings(max_examples=200, deadline=None, database=None)
    @given(st.integers(-DAY_S, 40 * DAY_S), st.integers(0, 40 * DAY_S))
    def test_compensation_monotone_and_capped(late: int, extra: int) -> None:
        first = oracle.compensation(late, 20, 10, 100)
        assert 0 <= first <= oracle.compensation(late + extra, 20, 10, 100) <= 100

    @settings(max_examples=100, deadline=None, database=None)
    @given(st.integers(0, 100), st.integers(1, DAY_S - 1), st.booleans())
    def test_choose_form_at_cutoff(day: int, cutoff_s: int, declined: bool) -> None:
        """8.1 and 8.5: one second before the cutoff is before it (unless
        declined); the cutoff itself is after."""
        cutoff = f"{cutoff_s // 3600:02d}:{cutoff_s // 60 % 60:02d}:{cutoff_s % 60:02d}"
        rule = {"cutoff": cutoff, "before_cutoff": "before", "after_cutoff": "after"}
        at = day * DAY_S + cutoff_s
        assert oracle.choose_form(rule, at, declined) == "after"
        assert oracle.choose_form(rule, at - 1, declined) == ("after" if declined else "before")
