"""Tiny scenarios for validation tests, built as plain dicts.

Each builder returns a scenario document for :func:`fieldsim.load`. The
defaults strip the model down to what a test needs: one zone (no travel),
continuous duty (a 24-hour shift, so technicians never go off and the
start rule never binds), no evening section, no compensation unless asked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
MONTH = SCENARIOS / "refcity" / "month.json"

ONE_ZONE: dict[str, Any] = {"zones": 1, "roads": []}
CONTINUOUS_DUTY: dict[str, str] = {"start": "00:00", "end": "24:00"}

# Every order due 24 h after entry whatever its entry time: earliest
# deadline first is then first come, first served.
_WITHIN_24H = {"install": {"within_h": 24}, "repair": {"within_h": 24}}
FIFO_SLA: dict[str, Any] = {"cutoff": "16:00", "before_cutoff": _WITHIN_24H, "after_cutoff": _WITHIN_24H}


def reference_promise() -> dict[str, Any]:
    """The seed-000 promise as the reference model reads it (installs after
    the cutoff due at 24:00 the next day, not booked into windows): its
    ``sla`` and ``compensation`` sections."""
    promise = json.loads((SCENARIOS / "refcity" / "promise.json").read_text())
    return {"sla": promise["sla"], "compensation": promise["compensation"]}


def tiny(
    orders: list[dict[str, Any]],
    *,
    technicians: int,
    days: int,
    network: dict[str, Any] | None = None,
    drain_days: int = 30,
    **sections: Any,
) -> dict[str, Any]:
    """A scenario document: the given order streams, continuous duty, FIFO
    deadlines; `sections` add or replace top-level sections (``sla``,
    ``compensation``, ...)."""
    document: dict[str, Any] = {
        "name": "validation",
        "horizon": {"days": days, "max_drain_days": drain_days},
        "network": network or ONE_ZONE,
        "orders": orders,
        "technicians": {"count": technicians, "shift": CONTINUOUS_DUTY},
        "sla": FIFO_SLA,
    }
    document.update(sections)
    return document


def mmc(servers: int, rho: float, days: int, mean_work_min: float = 10.0) -> dict[str, Any]:
    """The M/M/c queue: Poisson repairs all day long at load `rho` per
    technician, exponential work, no day-to-day swing (no demand section)."""
    per_minute = rho * servers / mean_work_min
    stream = {
        "kind": "repair",
        "per_day": per_minute * 1440,
        "work_time": {"dist": "exponential", "mean_min": mean_work_min},
    }
    return tiny([stream], technicians=servers, days=days)


def scripted(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An order stream of scripted orders (``day``, ``at``, ``zone``,
    ``kind``, ``work_min``); the expected work times only matter to the
    start rule, which continuous duty never invokes."""
    return {"scripted": rows, "expected_work_min": {"install": 80, "repair": 45}}


def seconds(day: int, clock: str) -> int:
    """Seconds from 00:00 of day 0 to ``clock`` ("HH:MM" or "HH:MM:SS") of `day`."""
    parts = [int(p) for p in clock.split(":")] + [0]
    hours, minutes, secs = parts[:3]
    return ((day * 24 + hours) * 60 + minutes) * 60 + secs
