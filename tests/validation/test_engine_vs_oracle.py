"""The C++ engine against the independent due-time oracle.

``city_rules_oracle`` computes due times, force-majeure exemptions and
compensation from ``city-rules.md`` alone, and ``test_due_oracle`` checks it
against the hand-worked cases of ``tests/data/due_cases.json``. Here the
engine meets both:

* every hand-worked due case runs through ``fieldsim.run`` as a tiny
  scenario (one zone, one technician on continuous duty, the case's calendar,
  rule and business hours, its order scripted at the case's entry) and must
  log the hand-worked due time;
* random calendars, rules and entries must give the oracle's due for every
  order (hypothesis);
* a force-majeure event must exempt exactly the late orders the oracle
  exempts, and every other late order must cost what the oracle says.

Due and finish times come from the order log (``due_min`` and
``finish_min``, minutes as floats), turned back into whole seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim

from . import city_rules_oracle as oracle
from .scenarios import scripted, tiny

DAY_S = oracle.DAY_S
CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "due_cases.json").read_text(encoding="utf-8")
)
DUE_CASES = [c for c in CASES if c["kind"] == "due"]

# The run goes on at least this long after the last day of entries; it ends
# as soon as every order is finished, so a long drain costs nothing.
MIN_DRAIN_DAYS = 3

Entry = tuple[int, str]  # (seconds from 00:00 of day 0, kind)


# --- building scenarios ------------------------------------------------------


def clock(seconds_of_day: int) -> str:
    """ "HH:MM:SS" of seconds after midnight (below 24:00)."""
    h, rest = divmod(seconds_of_day, 3600)
    return f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}"


def hhmm(minutes: int) -> str:
    """ "HH:MM" of minutes after midnight ("24:00" for 1440)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def order_row(entry: int, kind: str, work_min: float = 1) -> dict[str, Any]:
    """A scripted order in zone 0 entered ``entry`` seconds after 00:00 of day 0."""
    day, tod = divmod(entry, DAY_S)
    return {"day": day, "at": clock(tod), "zone": 0, "kind": kind, "work_min": work_min}


def forms_of(rule: dict) -> list[dict]:
    """The due forms of an oracle rule (cutoff, before, after) or of a bare form."""
    return [rule["before_cutoff"], rule["after_cutoff"]] if "cutoff" in rule else [rule]


def appointment_spec(rule: dict) -> dict | None:
    """The appointment spec of a rule's appointment form, if it has one (the
    engine has one ``sla.appointments`` per scenario, so at most one spec)."""
    specs = [f["appointment"] for f in forms_of(rule) if "appointment" in f]
    assert all(s == specs[0] for s in specs), "one appointment spec per scenario"
    return specs[0] if specs else None


def engine_form(form: dict) -> str | dict:
    """An oracle due form as a scenario due form: the same dict, except that an
    appointment is the string "appointment" (its spec goes to
    ``sla.appointments``)."""
    return "appointment" if "appointment" in form else dict(form)


def engine_rule(rule: dict) -> dict:
    """An oracle rule (or bare form) as one ``sla.rules`` row matching every order."""
    if "cutoff" in rule:
        return {
            "cutoff": rule["cutoff"],
            "before_cutoff": engine_form(rule["before_cutoff"]),
            "after_cutoff": engine_form(rule["after_cutoff"]),
        }
    return {"due": engine_form(rule)}


def engine_calendar(calendar: dict) -> dict:
    """The oracle's calendar (``day0``) as the scenario's (``start_date``)."""
    return {
        "start_date": calendar["day0"],
        "weekend": list(calendar.get("weekend", [])),
        "holidays": list(calendar.get("holidays", [])),
        "makeup_workdays": list(calendar.get("makeup_workdays", [])),
    }


def due_scenario(
    calendar: dict,
    business_hours: dict | None,
    rule: dict,
    entries: list[Entry],
    declined_kinds: tuple[str, ...] = (),
    until_s: int = 0,
) -> dict[str, Any]:
    """One technician on continuous duty in one zone, ``entries`` as scripted
    one-minute orders, and ``rule`` (oracle form) as the only SLA rule.

    The horizon covers the entries and the time ``until_s`` (see
    ``run_until``); listed holidays and make-up days may lie past it, where
    due times still see them. Customers of ``declined_kinds`` always
    decline same-day service."""
    sla: dict[str, Any] = {"rules": [engine_rule(rule)]}
    if business_hours is not None:
        sla["business_hours"] = {"open": business_hours["open"], "close": business_hours["close"]}
    spec = appointment_spec(rule)
    if spec is not None:
        sla["appointments"] = {
            "slot_h": spec["slot_h"],
            "slots": spec["slots"],
            "working_days_only": spec.get("working_days_only", False),
        }
    if declined_kinds:
        sla["decline_same_day"] = {kind: 1.0 for kind in declined_kinds}
    days = max(entry for entry, _ in entries) // DAY_S + 1
    drain = max(MIN_DRAIN_DAYS, until_s // DAY_S + 1 - days)
    return tiny(
        [scripted([order_row(entry, kind) for entry, kind in entries])],
        technicians=1,
        days=days,
        drain_days=drain,
        calendar=engine_calendar(calendar),
        sla=sla,
    )


# --- running both sides ------------------------------------------------------


def seconds_of(minutes: pd.Series) -> list[int]:
    """Whole seconds of a column of float minutes (exact to far below 0.5 s)."""
    values = (minutes * 60).tolist()
    assert all(abs(v - round(v)) < 1e-6 for v in values)
    return [round(v) for v in values]


def run_orders(document: dict[str, Any]) -> pd.DataFrame:
    """One replication with the order log, rows in order id order."""
    result = fieldsim.run(document, replications=1, seed=1, keep_orders=True, progress=False)
    assert result.orders is not None
    return result.orders.sort_values("order_id").reset_index(drop=True)


def engine_dues(document: dict[str, Any], entries: list[Entry]) -> list[int]:
    """Due times (seconds) the engine logs for ``entries``, which must be in
    entry order: the engine numbers scripted orders by entry, ties in the
    order given, so order id ``i`` is ``entries[i]``."""
    log = run_orders(document)
    assert seconds_of(log["entry_min"]) == [entry for entry, _ in entries]
    assert log["kind"].tolist() == [kind for _, kind in entries]
    return seconds_of(log["due_min"])


def oracle_results(
    rule: dict,
    entries: list[Entry],
    calendar: dict,
    business_hours: dict | None,
    declined_kinds: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """``oracle.due`` of each entry in turn, each appointment booking its
    window for the ones after it (one district, as in ``due_scenario``)."""
    booked: Counter[str] = Counter()
    results = []
    for entry, kind in entries:
        if "cutoff" in rule:
            form = oracle.choose_form(rule, entry, kind in declined_kinds)
        else:
            form = rule
        got = oracle.due(form, entry, calendar, business_hours, dict(booked))
        if got["slot"] is not None:
            booked["{}:{}".format(*got["slot"])] += 1
        results.append(got)
    return results


def run_until(rule: dict, dues: list[int]) -> int:
    """How far the run must go: past the latest due when the rule books
    appointments (``test_engine_appointment_past_the_run``), else no further
    than the entries, so that other dues are also checked past the run."""
    return max(dues) if appointment_spec(rule) is not None else 0


def describe(calendar: dict, entries: list[Entry], engine: list[int], expected: list[int]) -> str:
    """The orders whose dues differ, as dates (for assertion messages)."""
    lines = [
        f"  {kind} entered {oracle.stamp_of(calendar, entry)}: engine "
        f"{oracle.stamp_of(calendar, got)}, oracle {oracle.stamp_of(calendar, want)}"
        for (entry, kind), got, want in zip(entries, engine, expected)
        if got != want
    ]
    return "\n".join(lines)


# --- 1. the hand-worked cases ------------------------------------------------


def case_rule(case: dict) -> dict:
    return case["rule"] if "rule" in case else case["form"]


def case_kind(case: dict) -> str:
    """Appointments are for installs (section 2); other cases use repairs."""
    return "install" if appointment_spec(case_rule(case)) is not None else "repair"


def booking_entries(case: dict) -> list[Entry]:
    """Orders that book the case's ``booked`` windows before its own order.

    The engine cannot be told that windows are booked: other orders of the
    same district must take them. Each window ``(day, index)`` is filled by
    orders entered on the latest day at most the case's entry day from which
    the search starts on ``day``, at the cutoff (an order of the
    after-cutoff form) or at 00:00 (a bare appointment form); windows are
    taken in order, so filling them in order books exactly these. Two
    readings keep the case's meaning:

    * a window booked above capacity (``appt_two_windows_full_one_overbooked``)
      is booked to capacity: the engine never overbooks, and a full window is
      full either way;
    * a window that no order entered before the case's own can reach is left
      empty (``appt_bookings_of_other_days_ignored``: day 3 lies beyond the
      case's window on day 2, where the search stops, so it cannot matter).

    ``test_engine_due_case`` checks that the oracle, booking as the orders
    go, gives these orders the intended windows and the case its due.
    """
    booked = case.get("booked") or {}
    if not booked:
        return []
    rule = case_rule(case)
    spec = appointment_spec(rule)
    assert spec is not None, "bookings need an appointment form"
    cal, entry, kind = case["calendar"], case["entry_s"], case_kind(case)
    at = oracle.time_of_day(rule["cutoff"]) if "cutoff" in rule else 0

    def following(day: int) -> int:
        if spec.get("working_days_only", False):
            return oracle.next_working_day(cal, day)
        return day + 1

    entries = []
    for key in sorted(booked, key=lambda k: tuple(map(int, k.split(":")))):
        day = int(key.split(":")[0])
        start_days = [d for d in range(entry // DAY_S, -1, -1) if following(d) == day]
        if not start_days or start_days[0] * DAY_S + at > entry:
            continue  # beyond the case's reach: cannot matter to it
        count = min(int(booked[key]), int(spec["slots"]))
        entries += [(start_days[0] * DAY_S + at, kind)] * count
    return entries


def case_entries(case: dict) -> list[Entry]:
    """The bookings, then the case's own order (last: ties keep list order)."""
    return [*booking_entries(case), (case["entry_s"], case_kind(case))]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in DUE_CASES])
def test_engine_due_case(case: dict) -> None:
    """The engine logs the hand-worked due of every due case, and the oracle's
    due for each order that books a window before it."""
    cal, hours, rule = case["calendar"], case["business_hours"], case_rule(case)
    entries = case_entries(case)
    declined = (case_kind(case),) if case["declined"] else ()

    # The bookings reproduce the case: the oracle, booking as the orders go,
    # gives every booking order a window the case lists and the case its due.
    expected = oracle_results(rule, entries, cal, hours, declined)
    booked = case.get("booked", {})
    assert all("{}:{}".format(*r["slot"]) in booked for r in expected[:-1]), expected
    assert expected[-1]["due"] == case["expect_due_s"]

    want = [r["due"] for r in expected]
    document = due_scenario(cal, hours, rule, entries, declined, until_s=run_until(rule, want))
    engine = engine_dues(document, entries)
    assert engine == want, "\n" + describe(cal, entries, engine, want)
    assert engine[-1] == case["expect_due_s"]


def test_engine_appointment_past_the_run() -> None:
    """8.4 has no run: a full day moves the search to the day after, however
    far. Three installs at 10:00 on day 0 of a one-day run without a drain,
    one 10-hour window a day and one slot: due at 18:00 on days 1, 2 and 3.
    The bookings must outlive the run: the third order is due after the stop."""
    calendar = {"day0": "2025-01-01"}
    hours = {"open": "08:00", "close": "18:00"}
    rule = {"appointment": {"slot_h": 10, "slots": 1}}
    entries = [(10 * 3600, "install")] * 3
    want = [r["due"] for r in oracle_results(rule, entries, calendar, hours)]
    assert want == [1 * DAY_S + 18 * 3600, 2 * DAY_S + 18 * 3600, 3 * DAY_S + 18 * 3600]
    document = due_scenario(calendar, hours, rule, entries)
    document["horizon"] = {"days": 1, "max_drain_days": 0}
    # the engine logs 18:00 of days 1, 2, 2
    assert engine_dues(document, entries) == want


# --- 2. random calendars, rules and entries ----------------------------------

KINDS = ("install", "repair")
TYPICAL_HOURS = [(8 * 60, 18 * 60), (9 * 60, 17 * 60), (0, 24 * 60), (7 * 60 + 30, 20 * 60)]


def near(points: list[int]) -> st.SearchStrategy[int]:
    """Seconds of the day at or one second either side of ``points``."""
    seconds = {min(max(p + d, 0), DAY_S - 1) for p in points for d in (-1, 0, 1)}
    return st.sampled_from(sorted(seconds))


@st.composite
def calendars(draw: st.DrawFn, span: int) -> dict:
    """Day 0 on a random date, a weekend of at most six days, and a few holidays
    and make-up days among the run's ``span`` days (make-up days need not fall
    on the weekend: on a working day they change nothing)."""
    day0 = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    weekend = draw(st.sets(st.sampled_from(oracle.WEEKDAYS), max_size=6))

    def dates(most: int) -> list[str]:
        days = draw(st.sets(st.integers(0, span - 1), max_size=most))
        return [(day0 + dt.timedelta(days=d)).isoformat() for d in sorted(days)]

    return {
        "day0": day0.isoformat(),
        "weekend": [w for w in oracle.WEEKDAYS if w in weekend],
        "holidays": dates(4),
        "makeup_workdays": dates(3),
    }


@st.composite
def business_hours(draw: st.DrawFn) -> tuple[int, int]:
    """(open, close) in minutes: a usual day or any open < close."""
    if draw(st.booleans()):
        return draw(st.sampled_from(TYPICAL_HOURS))
    opening = draw(st.integers(0, 23 * 60))
    return opening, draw(st.integers(opening + 30, 24 * 60))


hours_h = st.one_of(
    st.sampled_from([0.5, 1, 1.5, 2, 4, 8, 10, 12, 24, 36]),
    st.floats(min_value=0.001, max_value=48, allow_nan=False),
)


@st.composite
def due_forms(draw: st.DrawFn, appointment: dict | None) -> dict:
    """An oracle due form: end_of_day k, within h natural, within h on the
    business clock with or without a clock cutoff, or (when the example has
    an appointment spec) an appointment."""
    forms = ["end_of_day", "natural", "business"] + (["appointment"] if appointment else [])
    form = draw(st.sampled_from(forms))
    if form == "end_of_day":
        return {"end_of_day": draw(st.integers(0, 5))}
    if form == "natural":
        return {"within_h": draw(hours_h)}
    if form == "appointment":
        return {"appointment": appointment}
    business: dict[str, Any] = {"within_h": draw(hours_h), "clock": "business"}
    if draw(st.booleans()):
        business["clock_cutoff"] = hhmm(draw(st.integers(0, 24 * 60)))
    return business


@st.composite
def due_examples(draw: st.DrawFn) -> dict[str, Any]:
    """A calendar, business hours, one rule (a cutoff with two forms, or one
    form), kinds that always decline same-day service, and a few orders
    entered at random or next to a boundary (midnight, opening, closing, the
    cutoffs), sorted by entry."""
    days = draw(st.integers(1, 6))
    calendar = draw(calendars(days + MIN_DRAIN_DAYS))
    opening, closing = draw(business_hours())
    appointment = None
    if draw(st.booleans()):
        fitting = [m for m in (30, 60, 120, 180) if m <= closing - opening]
        slot_min = draw(st.sampled_from(fitting))
        appointment = {
            "slot_h": slot_min / 60,
            "slots": draw(st.integers(1, 2)),
            "working_days_only": draw(st.booleans()),
        }
    if draw(st.booleans()):
        cutoff = draw(st.integers(1, 24 * 60 - 1))
        rule = {
            "cutoff": hhmm(cutoff),
            "before_cutoff": draw(due_forms(appointment)),
            "after_cutoff": draw(due_forms(appointment)),
        }
    else:
        rule = draw(due_forms(appointment))
    if appointment_spec(rule) is None:
        appointment = None
    points = [0, opening * 60, closing * 60]
    points += [oracle.time_of_day(rule["cutoff"])] if "cutoff" in rule else []
    points += [
        oracle.time_of_day(f["clock_cutoff"]) for f in forms_of(rule) if "clock_cutoff" in f
    ]
    entry = st.tuples(
        st.integers(0, days - 1),
        st.one_of(st.integers(0, DAY_S - 1), near(points)),
        st.sampled_from(KINDS),
    )
    orders = draw(st.lists(entry, min_size=1, max_size=5))
    return {
        "calendar": calendar,
        "business_hours": {"open": hhmm(opening), "close": hhmm(closing)},
        "rule": rule,
        "declined": tuple(k for k in KINDS if draw(st.booleans())),
        "entries": sorted((day * DAY_S + tod, kind) for day, tod, kind in orders),
    }


@settings(max_examples=800, deadline=None, database=None)
@given(due_examples())
def test_engine_due_random(example: dict[str, Any]) -> None:
    """For random calendars (weekends, holidays, make-up days), business hours,
    rules (end_of_day, natural and business clocks, clock cutoffs,
    appointments, a cutoff between two forms) and entries, the engine's due of
    every order is the oracle's."""
    cal, hours, rule = example["calendar"], example["business_hours"], example["rule"]
    entries, declined = example["entries"], example["declined"]
    want = [r["due"] for r in oracle_results(rule, entries, cal, hours, declined)]
    document = due_scenario(cal, hours, rule, entries, declined, until_s=run_until(rule, want))
    engine = engine_dues(document, entries)
    assert engine == want, f"\n{json.dumps(document)}\n" + describe(cal, entries, engine, want)


# --- 3. force majeure and compensation ---------------------------------------

FM_CALENDAR = {"day0": "2025-07-07"}  # a Monday
FM_DAYS = 12
WEATHER_KINDS = {
    "typhoon": {"force_majeure": True},
    "heavy_rain": {"force_majeure": False, "travel_time_x": 1.5},  # not a declared event
}
WEATHER_EVENTS = [
    {"kind": "typhoon", "from": "2025-07-10", "to": "2025-07-11"},  # days 3-4
    {"kind": "heavy_rain", "from": "2025-07-15", "to": "2025-07-15"},  # day 8
]
PROMISE_S = 2 * 3600  # every order due 2 h after entry (natural clock)
WORK_MIN = 150  # longer than the promise: every order is late
AMOUNTS = {  # (per order, per started day, cap) by kind
    "install": (20.0, 0.0, None),
    "repair": (5.0, 10.0, 40.0),
}


def fm_entries() -> list[Entry]:
    """Orders every day at 06:00, 10:00 (an install), 14:00 and 22:00; a burst
    of 36 repairs at 08:00 on day 0, so that the one technician falls days
    behind (late by one to several started days, some at the cap); and
    repairs due exactly at the typhoon's start, at its end and at its end plus
    two days, and one second after each."""
    entries: list[Entry] = [(8 * 3600, "repair")] * 36
    for day in range(FM_DAYS):
        for hour, kind in ((6, "repair"), (10, "install"), (14, "repair"), (22, "repair")):
            entries.append((day * DAY_S + hour * 3600, kind))
    typhoon_start = oracle.day_of_date(FM_CALENDAR, "2025-07-10") * DAY_S
    typhoon_end = (oracle.day_of_date(FM_CALENDAR, "2025-07-11") + 1) * DAY_S
    for due in (typhoon_start, typhoon_end, typhoon_end + 2 * DAY_S):
        entries += [(due - PROMISE_S, "repair"), (due - PROMISE_S + 1, "repair")]
    return sorted(entries)


def fm_scenario(entries: list[Entry], grace_days: int) -> dict[str, Any]:
    """One technician on continuous duty, orders of ``WORK_MIN`` minutes due
    ``PROMISE_S`` after entry, a typhoon (force majeure) and heavy rain (not)."""
    rows = [order_row(entry, kind, work_min=WORK_MIN) for entry, kind in entries]
    compensation: dict[str, Any] = {}
    for kind, (per_order, per_day, cap) in AMOUNTS.items():
        compensation[kind] = {"per_order_cny": per_order, "per_started_day_cny": per_day}
        if cap is not None:
            compensation[kind]["cap_cny"] = cap
    return tiny(
        [scripted(rows)],
        technicians=1,
        days=FM_DAYS,
        calendar={"start_date": FM_CALENDAR["day0"]},
        weather={"kinds": WEATHER_KINDS, "events": WEATHER_EVENTS, "grace_days": grace_days},
        sla={"rules": [{"due": {"within_h": PROMISE_S / 3600}}]},
        compensation=compensation,
    )


@pytest.mark.parametrize("grace_days", [0, 2])
def test_engine_force_majeure_and_compensation(grace_days: int) -> None:
    """Every order is late. Exactly those due in (typhoon start, typhoon end +
    grace_days] (``oracle.force_majeure_exempt``; heavy rain exempts nothing)
    have cause force_majeure and cost nothing; every other has cause capacity
    and costs ``oracle.compensation`` of its lateness."""
    entries = fm_entries()
    log = run_orders(fm_scenario(entries, grace_days))
    assert seconds_of(log["entry_min"]) == [entry for entry, _ in entries]
    events = [
        {**event, "force_majeure": WEATHER_KINDS[event["kind"]].get("force_majeure", False)}
        for event in WEATHER_EVENTS
    ]
    dues, finishes = seconds_of(log["due_min"]), seconds_of(log["finish_min"])
    promise = {"within_h": PROMISE_S / 3600}
    assert dues == [oracle.due(promise, e, FM_CALENDAR, None)["due"] for e, _ in entries]

    exempt_count, days_late = 0, Counter[int]()
    for row, (_, kind), due, finish in zip(log.itertuples(), entries, dues, finishes):
        late_s = finish - due
        assert late_s > 0 and row.late, "every order is late by construction"
        if oracle.force_majeure_exempt(due, events, grace_days, FM_CALENDAR):
            exempt_count += 1
            assert (row.cause, row.compensation_cny) == ("force_majeure", 0.0), row
        else:
            days_late[-(-late_s // DAY_S)] += 1
            assert row.cause == "capacity", row
            assert row.compensation_cny == pytest.approx(
                oracle.compensation(late_s, *AMOUNTS[kind]), abs=1e-9
            ), row

    # The boundaries: due at the start is not exempt, one second later is; due
    # at end + grace is exempt, one second later is not.
    causes_at: dict[int, set[str]] = {}
    for due, cause in zip(dues, log["cause"]):
        causes_at.setdefault(due, set()).add(cause)
    start, end = 3 * DAY_S, (5 + grace_days) * DAY_S
    assert [causes_at[start], causes_at[start + 1]] == [{"capacity"}, {"force_majeure"}]
    assert [causes_at[end], causes_at[end + 1]] == [{"force_majeure"}, {"capacity"}]
    # heavy rain on day 8 is not force majeure
    rain = [c for due, c in causes_at.items() if 8 * DAY_S < due <= 9 * DAY_S]
    assert rain and set().union(*rain) == {"capacity"}
    # not vacuous: both kinds of late order, late by one to several days
    assert exempt_count >= 8 and sum(days_late.values()) >= 30
    assert min(days_late) == 1 and max(days_late) >= 4
