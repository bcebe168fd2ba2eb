"""An independent reference for due times, exemptions and compensation.

Plain Python written from ``city-rules.md`` sections 2, 3, 4 and 8 alone (no
engine code, no project imports), so that it can check the C++ engine: two
implementations that agree on hand-worked cases and on random ones are
unlikely to share a misreading.

Time model (the engine's): integer seconds from 00:00 of day 0; day ``d`` is
``[86400*d, 86400*(d+1))``.

Calendar (a dict)::

    {"day0": "2025-01-01",              # ISO date of day 0
     "weekend": ["sat", "sun"],         # rest weekdays (default: none)
     "holidays": ["2025-01-28", ...],   # public holidays (default: none)
     "makeup_workdays": ["2025-01-26"]} # weekend dates declared working

A working day is not a holiday and either not a weekend weekday or a make-up
day; a holiday on a make-up date wins (8.13).

Business hours: ``{"open": "08:00", "close": "18:00"}``; times of day are
``"HH:MM"`` or ``"HH:MM:SS"``, and ``"24:00"`` is the end of the day.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

DAY_S = 86400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# An appointment search that finds nothing in this many days is a
# configuration error (e.g. every day full), not a long wait.
MAX_SEARCH_DAYS = 3660


# --- parsing -----------------------------------------------------------------


def time_of_day(text: str) -> int:
    """Seconds after midnight of "HH:MM" or "HH:MM:SS"; "24:00" is 86400."""
    parts = [int(p) for p in text.split(":")]
    if len(parts) == 2:
        parts.append(0)
    if len(parts) != 3:
        raise ValueError(f"bad time of day {text!r}")
    h, m, s = parts
    seconds = h * 3600 + m * 60 + s
    if not (0 <= m < 60 and 0 <= s < 60 and 0 <= seconds <= DAY_S):
        raise ValueError(f"bad time of day {text!r}")
    return seconds


def hours_to_s(hours: float) -> int:
    """Whole seconds, rounded to nearest (halves up, not Python's banker's
    rounding, so that 0.5 s always goes the same way as in C++ llround)."""
    if hours < 0:
        raise ValueError(f"negative duration {hours} h")
    return math.floor(hours * 3600 + 0.5)


def _day0(calendar: dict) -> dt.date:
    return dt.date.fromisoformat(calendar["day0"])


def day_of_date(calendar: dict, iso: str) -> int:
    """Day index of an ISO date (negative before day 0)."""
    return (dt.date.fromisoformat(iso) - _day0(calendar)).days


def date_of_day(calendar: dict, day: int) -> dt.date:
    return _day0(calendar) + dt.timedelta(days=day)


def seconds_of(calendar: dict, stamp: str) -> int:
    """Seconds from day 0 of "YYYY-MM-DD HH:MM:SS"."""
    when = dt.datetime.fromisoformat(stamp)
    start = dt.datetime.combine(_day0(calendar), dt.time())
    delta = when - start
    return delta.days * DAY_S + delta.seconds


def stamp_of(calendar: dict, seconds: int) -> str:
    """"YYYY-MM-DD HH:MM:SS" of seconds from day 0 (for messages)."""
    start = dt.datetime.combine(_day0(calendar), dt.time())
    return str(start + dt.timedelta(seconds=seconds))


# --- the calendar ------------------------------------------------------------


def is_working_day(calendar: dict, day: int) -> bool:
    """8.13 and section 4: holidays win over make-up days, which win over
    weekends."""
    iso = date_of_day(calendar, day).isoformat()
    if iso in calendar.get("holidays", ()):
        return False
    if iso in calendar.get("makeup_workdays", ()):
        return True
    weekday = WEEKDAYS[date_of_day(calendar, day).weekday()]
    return weekday not in calendar.get("weekend", ())


def next_working_day(calendar: dict, day: int) -> int:
    """The first working day strictly after ``day``."""
    for candidate in range(day + 1, day + 1 + MAX_SEARCH_DAYS):
        if is_working_day(calendar, candidate):
            return candidate
    raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days of day {day}")


def _require(business_hours: dict | None) -> dict:
    if business_hours is None:
        raise ValueError("this due form needs business_hours")
    return business_hours


def _hours(business_hours: dict | None) -> tuple[int, int]:
    """(opening, closing) as seconds of the day."""
    business_hours = _require(business_hours)
    opening = time_of_day(business_hours["open"])
    closing = time_of_day(business_hours["close"])
    if not opening < closing:
        raise ValueError(f"opening must be before closing: {business_hours}")
    return opening, closing


# --- due forms ---------------------------------------------------------------


def _result(due_s: int, ready_s: int) -> dict[str, Any]:
    return {"due": due_s, "ready": ready_s, "window": None, "slot": None}


def _end_of_day(offset: int, entry: int) -> dict[str, Any]:
    """8.3: calendar days, weekends and holidays included; 0 is 24:00 today."""
    if offset < 0:
        raise ValueError(f"negative end_of_day offset {offset}")
    return _result((entry // DAY_S + offset + 1) * DAY_S, entry)


def _natural(hours: float, entry: int) -> dict[str, Any]:
    return _result(entry + hours_to_s(hours), entry)


def business_clock_start(
    entry: int, calendar: dict, business_hours: dict, clock_cutoff: str | None
) -> int:
    """8.2: where the business clock starts.

    A cutoff earlier than opening would make "before opening" and "at or
    after the cutoff" both apply; the cutoff wins, as 8.2 states it without
    exception. A cutoff after closing changes nothing (closing stops the
    clock first), and without a cutoff only closing stops a same-day start.
    """
    opening, closing = _hours(business_hours)
    day, tod = divmod(entry, DAY_S)
    cutoff = closing if clock_cutoff is None else min(time_of_day(clock_cutoff), closing)
    if not is_working_day(calendar, day) or tod >= cutoff:
        return next_working_day(calendar, day) * DAY_S + opening
    if tod < opening:
        return day * DAY_S + opening
    return entry


def add_business_time(start: int, work_s: int, calendar: dict, business_hours: dict) -> int:
    """Run ``work_s`` seconds of working time from ``start``, which must be in
    working hours (or at opening) of a working day. Uses ``<=`` so that a
    clock running out exactly at closing is due at closing (8.2)."""
    opening, closing = _hours(business_hours)
    now, remaining = start, work_s
    while True:
        day = now // DAY_S
        available = day * DAY_S + closing - now
        if remaining <= available:
            return now + remaining
        remaining -= available
        now = next_working_day(calendar, day) * DAY_S + opening


def _business(
    form: dict, entry: int, calendar: dict, business_hours: dict | None
) -> dict[str, Any]:
    business_hours = _require(business_hours)
    start = business_clock_start(entry, calendar, business_hours, form.get("clock_cutoff"))
    due_s = add_business_time(start, hours_to_s(form["within_h"]), calendar, business_hours)
    return _result(due_s, entry)


def _booked_count(booked: dict | None, day: int, index: int) -> int:
    """Booked windows are keyed "day:index" (JSON) or (day, index)."""
    if not booked:
        return 0
    return int(booked.get(f"{day}:{index}", booked.get((day, index), 0)))


def appointment_windows(slot_s: int, business_hours: dict) -> list[tuple[int, int]]:
    """8.4: back-to-back windows from opening, each ending by closing (as
    seconds of the day)."""
    opening, closing = _hours(business_hours)
    windows = []
    start = opening
    while start + slot_s <= closing:
        windows.append((start, start + slot_s))
        start += slot_s
    return windows


def _appointment(
    spec: dict, entry: int, calendar: dict, business_hours: dict | None, booked: dict | None
) -> dict[str, Any]:
    """8.4: the first window with a free place, from the next (calendar or
    working) day; a full day moves the search on by the same rule."""
    slot_s = hours_to_s(spec["slot_h"])
    capacity = int(spec["slots"])
    working_only = bool(spec.get("working_days_only", False))
    if slot_s <= 0 or capacity <= 0:
        raise ValueError(f"appointment needs slot_h > 0 and slots > 0: {spec}")
    business_hours = _require(business_hours)
    windows = appointment_windows(slot_s, business_hours)
    if not windows:
        raise ValueError(f"no {spec['slot_h']} h window fits in {business_hours}")

    def following(day: int) -> int:
        return next_working_day(calendar, day) if working_only else day + 1

    day = following(entry // DAY_S)
    for _ in range(MAX_SEARCH_DAYS):
        for index, (start, end) in enumerate(windows):
            if _booked_count(booked, day, index) < capacity:
                window = [day * DAY_S + start, day * DAY_S + end]
                slot = [day, index]
                return {"due": window[1], "ready": window[0], "window": window, "slot": slot}
        day = following(day)
    raise ValueError(f"no free appointment window within {MAX_SEARCH_DAYS} days")


def due(
    form: dict,
    entry: int,
    calendar: dict,
    business_hours: dict | None,
    booked: dict | None = None,
) -> dict[str, Any]:
    """Due time of one due form (the cutoff is already chosen: ``choose_form``).

    Returns ``{"due", "ready", "window", "slot"}``: ``ready`` is the earliest
    start of work (the entry, or the window start of an appointment, 8.4);
    ``window`` and ``slot`` (``[day, index]``, to book it) are None except for
    appointments.
    """
    if "end_of_day" in form:
        return _end_of_day(int(form["end_of_day"]), entry)
    if "appointment" in form:
        return _appointment(form["appointment"], entry, calendar, business_hours, booked)
    if "within_h" in form:
        clock = form.get("clock", "natural")
        if clock == "natural":
            return _natural(form["within_h"], entry)
        if clock == "business":
            return _business(form, entry, calendar, business_hours)
        raise ValueError(f"unknown clock {clock!r}")
    raise ValueError(f"unknown due form {form!r}")


# --- the cutoff, exemptions, money ------------------------------------------


def choose_form(rule: dict, entry: int, declined: bool) -> dict:
    """8.1: at the cutoff is "at or after"; 8.5: a customer who declined
    same-day service gets the after-cutoff form whenever it entered."""
    after = declined or entry % DAY_S >= time_of_day(rule["cutoff"])
    return rule["after_cutoff"] if after else rule["before_cutoff"]


def force_majeure_exempt(due: int, events: list, grace_days: int, calendar: dict) -> bool:
    """8.7: an event covers 00:00 of its first date to 24:00 of its last; the
    due time must lie in (start, end + grace]. Events without the flag set
    (heavy rain that is not declared) exempt nothing (section 4)."""
    for event in events:
        if not event.get("force_majeure", False):
            continue
        start = day_of_date(calendar, event["from"]) * DAY_S
        end = (day_of_date(calendar, event["to"]) + 1) * DAY_S
        if start < due <= end + grace_days * DAY_S:
            return True
    return False


def compensation(late_s: int, per_order: float, per_started_day: float, cap: float | None) -> float:
    """8.6: finished at the due time is on time; a part day counts as a whole
    day; the cap bounds the total (per order + per day)."""
    if late_s <= 0:
        return 0.0
    started_days = -(-late_s // DAY_S)  # ceil in integers: no float error
    total = per_order + per_started_day * started_days
    return float(total if cap is None else min(total, cap))
