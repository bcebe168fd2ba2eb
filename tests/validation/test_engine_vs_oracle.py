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
) -> dict[str, Any]:
    """One technician on continuous duty in one zone, ``entries`` as scripted
    one-minute orders, and ``rule`` (oracle form) as the only SLA rule.

    The horizon covers the entries and every listed holiday and make-up day
    (the loader wants them inside the run's days and drain). Customers of
    ``declined_kinds`` always decline same-day service."""
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
    listed = [
        oracle.day_of_date(calendar, iso)
        for iso in [*calendar.get("holidays", []), *calendar.get("makeup_workdays", [])]
    ]
    drain = max(MIN_DRAIN_DAYS, max(listed, default=0) + 1 - days)
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
    assert all("{}:{}".format(*r["slot"]) in case.get("booked", {}) for r in expected[:-1])
    assert expected[-1]["due"] == case["expect_due_s"]

    document = due_scenario(cal, hours, rule, entries, declined)
    engine = engine_dues(document, entries)
    want = [r["due"] for r in expected]
    assert engine == want, "\n" + describe(cal, entries, engine, want)
    assert engine[-1] == case["expect_due_s"]
