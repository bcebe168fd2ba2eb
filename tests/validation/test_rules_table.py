"""The seed-000 promise and its compensation, order by order.

A hand-written table of orders with known entry and finish times goes
through the engine with the promise as refcity reads it
(``refcity/promise.json``; the preset ``policies/same-day-2017.json`` books
late installs into windows, which ``tests/cpp/model_presets.cpp`` covers): more
technicians than orders on continuous duty in zones joined by a zero-minute
road, so every order starts at its entry and, with its work time fixed by
``work_min``, finishes exactly when the table says. The due time, the late
flag and the compensation of every order in the engine's order log must be
the table's. Property tests then vary the repair rule and the rural
exemption.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fieldsim

from .scenarios import reference_promise, scripted, seconds, tiny

TOWN, VILLAGE = 0, 1
DAY_S = 86400


class Row(NamedTuple):
    entry_day: int
    entry_at: str
    zone: int
    kind: str
    finish_day: int
    finish_at: str
    due_day: int
    due_at: str
    late: bool
    compensation: float


# Due: before 16:00 at 24:00 the same day; at or after 16:00 an install at
# 24:00 the next day, a repair 24 h after entry. A late install costs 20; a
# late repair 10 per started day late, at most 100; rural zones pay nothing.
TABLE = [
    # the cutoff, repairs
    Row(0, "15:59:59", TOWN, "repair", 0, "23:00", 1, "00:00", False, 0),
    Row(0, "16:00", TOWN, "repair", 1, "16:00", 1, "16:00", False, 0),  # done exactly when due
    Row(0, "16:00", TOWN, "repair", 1, "16:00:01", 1, "16:00", True, 10),
    Row(0, "16:00:01", TOWN, "repair", 2, "16:00:01", 1, "16:00:01", True, 10),  # exactly 24 h late
    Row(0, "20:00", TOWN, "repair", 1, "19:59", 1, "20:00", False, 0),
    # repair lateness: 1 s, 23:59, 24 h, 24 h + 1 s, 2.5 days, 9 days, 9 days + 1 s, 15 days
    Row(0, "15:59", TOWN, "repair", 1, "00:00:01", 1, "00:00", True, 10),
    Row(0, "10:00", TOWN, "repair", 1, "23:59", 1, "00:00", True, 10),
    Row(0, "10:00", TOWN, "repair", 2, "00:00", 1, "00:00", True, 10),
    Row(0, "10:00", TOWN, "repair", 2, "00:00:01", 1, "00:00", True, 20),
    Row(0, "10:00", TOWN, "repair", 3, "12:00", 1, "00:00", True, 30),
    Row(0, "10:00", TOWN, "repair", 10, "00:00", 1, "00:00", True, 90),
    Row(0, "10:00", TOWN, "repair", 10, "00:00:01", 1, "00:00", True, 100),  # 10 started days: the cap
    Row(0, "10:00", TOWN, "repair", 16, "00:00", 1, "00:00", True, 100),  # 15 days: capped
    Row(1, "16:00", TOWN, "repair", 4, "16:00:01", 2, "16:00", True, 30),  # 48 h + 1 s
    # around midnight
    Row(0, "00:00", TOWN, "repair", 0, "00:30", 1, "00:00", False, 0),
    Row(1, "00:00", TOWN, "repair", 2, "00:00:01", 2, "00:00", True, 10),
    Row(0, "23:59:59", TOWN, "repair", 1, "23:59:59", 1, "23:59:59", False, 0),
    Row(0, "23:59:59", TOWN, "repair", 2, "00:00", 1, "23:59:59", True, 10),
    Row(1, "23:59", TOWN, "repair", 2, "23:58", 2, "23:59", False, 0),
    # installs: the cutoff, on time and late (a flat amount however late)
    Row(0, "15:59:59", TOWN, "install", 0, "23:59:59", 1, "00:00", False, 0),
    Row(0, "15:59:59", TOWN, "install", 1, "00:00", 1, "00:00", False, 0),
    Row(0, "15:59:59", TOWN, "install", 1, "00:00:01", 1, "00:00", True, 20),
    Row(0, "16:00", TOWN, "install", 1, "23:00", 2, "00:00", False, 0),
    Row(0, "16:00", TOWN, "install", 2, "00:00:01", 2, "00:00", True, 20),
    Row(0, "08:00", TOWN, "install", 0, "09:20", 1, "00:00", False, 0),
    Row(0, "08:00", TOWN, "install", 5, "00:00", 1, "00:00", True, 20),
    Row(0, "23:59:59", TOWN, "install", 1, "23:59:59", 2, "00:00", False, 0),
    Row(0, "00:00", TOWN, "install", 1, "00:00", 1, "00:00", False, 0),
    Row(1, "00:00", TOWN, "install", 2, "06:00", 2, "00:00", True, 20),
    Row(1, "15:59", TOWN, "install", 1, "18:00", 2, "00:00", False, 0),
    Row(1, "16:00", TOWN, "install", 3, "00:00", 3, "00:00", False, 0),
    # rural: late all the same, but nothing is paid
    Row(0, "10:00", VILLAGE, "repair", 3, "12:00", 1, "00:00", True, 0),
    Row(0, "16:00", VILLAGE, "install", 2, "00:00:01", 2, "00:00", True, 0),
    Row(0, "12:00", VILLAGE, "repair", 0, "13:00", 1, "00:00", False, 0),
]


def town_and_village(rural_style: str = "flag") -> dict[str, Any]:
    """Two zones joined by a zero-minute road; zone 1 rural, declared by a
    zone flag or by the network's rural_zones list."""
    road = [{"from": TOWN, "to": VILLAGE, "travel_min": 0}]
    if rural_style == "flag":
        return {"zones": [{"name": "town"}, {"name": "village", "rural": True}], "roads": road}
    return {"zones": 2, "roads": road, "rural_zones": [VILLAGE]}


def scripted_row(day: int, at: str, zone: int, kind: str, work_s: int) -> dict[str, Any]:
    return {"day": day, "at": at, "zone": zone, "kind": kind, "work_min": work_s / 60}


def promise_run(
    orders: list[dict[str, Any]],
    days: int,
    network: dict[str, Any] | None = None,
    compensation: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The order log of one run of `orders` under the 2017 promise (its
    compensation sections replaced by those given), times in whole seconds,
    rows in entry order."""
    promise = reference_promise()
    promise["compensation"].update(compensation or {})
    document = tiny(
        [scripted(orders)],
        technicians=len(orders) + 1,
        days=days,
        network=network or town_and_village(),
        **promise,
    )
    log = fieldsim.run(document, replications=1, seed=1, keep_orders=True, progress=False).orders
    for column in ("entry", "due", "departure", "finish"):
        log[f"{column}_s"] = np.rint(log[f"{column}_min"] * 60).astype("int64")
    return log.sort_values("order_id").reset_index(drop=True)


# ------------------------------------------------------------------ the table


@pytest.fixture(scope="module")
def table_log() -> pd.DataFrame:
    # Entries in the table are not sorted; the engine numbers orders by entry
    # (ties in listed order), so sort the same way to line rows up.
    rows = sorted(TABLE, key=lambda r: seconds(r.entry_day, r.entry_at))
    orders = [
        scripted_row(r.entry_day, r.entry_at, r.zone, r.kind,
                     seconds(r.finish_day, r.finish_at) - seconds(r.entry_day, r.entry_at))
        for r in rows
    ]
    log = promise_run(orders, days=2)
    log["row"] = rows
    return log


def test_table_has_at_least_30_orders() -> None:
    assert len(TABLE) >= 30


def test_every_order_starts_at_entry_and_finishes_as_planned(table_log: pd.DataFrame) -> None:
    finish = [seconds(r.finish_day, r.finish_at) for r in table_log["row"]]
    assert (table_log["departure_s"] == table_log["entry_s"]).all()
    assert table_log["finish_s"].tolist() == finish


@pytest.mark.parametrize("index", range(len(TABLE)))
def test_due_late_and_compensation(table_log: pd.DataFrame, index: int) -> None:
    order = table_log.iloc[index]
    row: Row = order["row"]
    assert order["due_s"] == seconds(row.due_day, row.due_at), row
    assert bool(order["late"]) == row.late, row
    assert order["compensation_cny"] == row.compensation, row


# ------------------------------------------------------------------ properties

# An entry on day 0 before the 16:00 cutoff is due at 24:00 (day 1, 00:00).
BEFORE_CUTOFF_S = 16 * 3600

repair_rules = st.fixed_dictionaries(
    {
        "per_order_cny": st.integers(0, 20),
        "per_started_day_cny": st.integers(1, 50),
        "cap_days": st.integers(1, 15),
    }
)


@st.composite
def late_repairs(draw: st.DrawFn) -> list[tuple[int, int, int]]:
    """(entry second of day 0 before the cutoff, lateness in seconds, zone):
    from finished 1 s after entry up to 20 days late."""
    orders = []
    for _ in range(draw(st.integers(1, 10))):
        entry = draw(st.integers(0, BEFORE_CUTOFF_S - 1))
        lateness = draw(st.integers(-(DAY_S - entry) + 1, 20 * DAY_S))
        orders.append((entry, lateness, draw(st.sampled_from([TOWN, VILLAGE]))))
    return orders


def clock(second_of_day: int) -> str:
    hours, rest = divmod(second_of_day, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


@settings(max_examples=200, deadline=None, database=None)
@given(
    orders=late_repairs(),
    rule=repair_rules,
    rural_style=st.sampled_from(["flag", "rural_zones"]),
    exempt=st.sampled_from([None, True, False]),  # None: the default (exempt)
)
def test_repair_compensation_properties(
    orders: list[tuple[int, int, int]], rule: dict[str, int], rural_style: str, exempt: bool | None
) -> None:
    """Zero unless late, never above the cap, none in rural zones while they
    are exempt, and non-decreasing in lateness among orders that are paid."""
    cap = rule["per_order_cny"] + rule["per_started_day_cny"] * rule["cap_days"]
    compensation: dict[str, Any] = {
        "repair": {
            "per_order_cny": rule["per_order_cny"],
            "per_started_day_cny": rule["per_started_day_cny"],
            "cap_cny": cap,
        }
    }
    if exempt is not None:
        compensation["exempt_rural_zones"] = exempt
    rows = [scripted_row(0, clock(entry), zone, "repair", DAY_S + late - entry)
            for entry, late, zone in sorted(orders)]
    log = promise_run(rows, days=1, network=town_and_village(rural_style), compensation=compensation)

    assert (log["due_s"] == DAY_S).all()
    log["lateness_s"] = log["finish_s"] - log["due_s"]
    paid = log["compensation_cny"]
    assert (log["late"] == (log["lateness_s"] > 0)).all()
    assert (paid[log["lateness_s"] <= 0] == 0).all()
    assert ((paid >= 0) & (paid <= cap)).all()
    rural = log["zone"] == VILLAGE
    if exempt is not False:
        assert (paid[rural] == 0).all()
    payable = log[~rural] if exempt is not False else log
    assert payable.sort_values("lateness_s")["compensation_cny"].is_monotonic_increasing
