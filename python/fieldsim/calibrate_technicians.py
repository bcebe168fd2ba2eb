"""Calibration from technicians' timestamps: the travel-time scale and evening acceptance.

Where an order log names each order's technician and its on-site start and end, the gaps
between one technician's jobs show its travel, and who worked after the evening start shows
who stayed for the evening (docs/calibration.md, "Technicians").

**Travel-time scale.** For two consecutive jobs of a technician on one day, it cannot have
left for the second before ``leave = max(end of the first, entry of the second)``: it was busy,
or the order did not exist yet. ``gap = on-site start of the second - leave`` is its travel
plus any time it stayed although the order was waiting. The engine's technicians leave at
once, so in its logs ``gap = scale x road time``; the estimate is ``sum(gap) / sum(road)``
over the pairs in different zones (a pair in one zone has no road time), leaving out pairs
whose gap spans the evening start (a technician who stayed waited for it) and those that may
hold a break of the base scenario (``break_windows``): a technician starts its break at its
first idle moment in the window, or when the job it is on at the window's end ends, so a
break lies in a pair whose idle time (from the end of the first job to the on-site start of
the second) meets the window, or in the first pair after the window's end whose first job
ended after it. Idle time the log cannot show (a failed visit before the second job, a wait
for an appointment, a call) biases it upward. The CI resamples technician-days, and is never
narrower than +-z seconds over the mean road time (z the level's normal quantile): times are
kept to the second.

**Evening acceptance** (the ``per_evening`` model only: each technician on duty decides at
the evening start whether to stay). A technician seen on a day worked in the evening if it left
for a job at or after the evening start (left = on-site start - scale x road time from its
previous job). ``p`` is the share of technicians seen who worked in the evening, pooled over
the days, with a Wilson CI. A technician who stayed but found nothing to do is counted as gone
home, and one on duty who did no job that day is not seen: ``p`` is exact when orders wait at
the evening start for every technician who stays (``days_waiting`` counts the days on which
more orders waited than technicians worked in the evening), and low by those who stayed
without work otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: Departures within this of the evening start count as evening departures (clock noise).
EVENING_SLACK = pd.Timedelta(minutes=1)


def _clock(text: str) -> pd.Timedelta:
    hours, minutes = text.split(":")
    return pd.Timedelta(hours=int(hours), minutes=int(minutes))


def job_pairs(orders: pd.DataFrame, roads: np.ndarray) -> pd.DataFrame:
    """Every job with a technician and on-site times, in order per technician, with its day,
    the previous job of that technician on that day (``previous_end``, ``previous_zone``) and
    the road time from there (``road_min``; NaN for a day's first job)."""
    jobs = orders[orders["technician"].notna() & orders["onsite_start"].notna()
                  & orders["zone_id"].notna()]
    jobs = jobs.sort_values(["technician", "onsite_start"], kind="stable").copy()
    jobs["day"] = jobs["onsite_start"].dt.normalize()
    before = jobs.groupby("technician", sort=False)[["onsite_end", "zone_id", "day"]].shift(1)
    same_day = before["day"] == jobs["day"]
    jobs["previous_end"] = before["onsite_end"].where(same_day)
    jobs["previous_zone"] = before["zone_id"].where(same_day)
    paired = jobs["previous_zone"].notna()
    road = np.full(len(jobs), np.nan)
    road[paired.to_numpy()] = roads[jobs.loc[paired, "previous_zone"].astype(int).to_numpy(),
                                    jobs.loc[paired, "zone_id"].astype(int).to_numpy()]
    jobs["road_min"] = road
    return jobs


def break_windows(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The distinct break windows (start, end clock times) of a scenario's technicians."""
    technicians = document.get("technicians", {})
    shifts = [g.get("shift", {}) for g in technicians.get("groups", [])]
    shifts.append(technicians.get("shift") or {})
    windows = {(b["window"]["start"], b["window"]["end"])
               for b in (shift.get("break") for shift in shifts) if b}
    return sorted(windows)


def may_hold_break(jobs: pd.DataFrame, window: tuple[str, str]) -> pd.Series:
    """Pairs whose gap may hold a break taken in ``window`` (module docstring)."""
    opens, closes = (jobs["day"] + _clock(clock) for clock in window)
    idle_meets = (jobs["previous_end"] <= closes) & (jobs["onsite_start"] > opens)
    after = jobs["previous_end"] > closes
    # The first pair of a technician-day whose first job ended after the window (jobs are
    # in order per technician).
    first_after = after & (after.groupby([jobs["technician"], jobs["day"]]).cumsum() == 1)
    return idle_meets | first_after


def fit_travel_scale(jobs: pd.DataFrame, evening_start: str | None, level: float,
                     bootstrap: int, rng: np.random.Generator,
                     break_windows: list[tuple[str, str]] | None = None
                     ) -> dict[str, Any] | None:
    """The travel-time scale: sum of gaps over sum of road times (module docstring)."""
    from scipy import stats

    leave = jobs["previous_end"].where(jobs["previous_end"] > jobs["entry"], jobs["entry"])
    use = jobs["road_min"] > 0
    if evening_start is not None:
        evening = jobs["day"] + _clock(evening_start)
        use &= ~((leave < evening) & (evening <= jobs["onsite_start"]))
    for window in break_windows or []:
        use &= ~may_hold_break(jobs, window)
    pairs = jobs[use]
    if pairs.empty:
        return None
    gap = ((pairs["onsite_start"] - leave[use]).dt.total_seconds() / 60).to_numpy()
    road = pairs["road_min"].to_numpy()
    # Technician-days are resampled whole: a day's gaps share its traffic and habits.
    cluster = pd.factorize(pd.MultiIndex.from_arrays([pairs["technician"], pairs["day"]]))[0]
    gap_of, road_of = np.bincount(cluster, gap), np.bincount(cluster, road)
    scale = gap_of.sum() / road_of.sum()
    picks = rng.integers(0, len(gap_of), size=(bootstrap, len(gap_of)))
    draws = gap_of[picks].sum(axis=1) / road_of[picks].sum(axis=1)
    tail = (1 - level) / 2
    # Times to the second: no interval is narrower than a second over the mean road time
    # (widened by the normal quantile, as a rounding error's own interval would be).
    floor = stats.norm.ppf(1 - tail) / 60 / road.mean()
    lo = min(float(np.quantile(draws, tail)), scale - floor)
    hi = max(float(np.quantile(draws, 1 - tail)), scale + floor)
    return {"scale": float(scale), "lo": lo, "hi": hi, "pairs": len(pairs),
            "pairs_seen": int(jobs["road_min"].notna().sum()),
            "technician_days": len(gap_of), "mean_gap_min": float(gap.mean()),
            "mean_road_min": float(road.mean())}


def evening_days(jobs: pd.DataFrame, evening_start: str, scale: float) -> pd.DataFrame:
    """Per day: technicians seen, those who left for a job at or after the evening start,
    and the orders waiting at the evening start (entered before it, left for after it)."""
    travel = pd.to_timedelta((jobs["road_min"].fillna(0) * scale * 60).round(), unit="s")
    left = jobs["onsite_start"] - travel
    evening = jobs["day"] + _clock(evening_start)
    frame = pd.DataFrame({"day": jobs["day"], "technician": jobs["technician"],
                          "late": left >= evening - EVENING_SLACK,
                          "waiting": (jobs["entry"] < evening) & (left >= evening - EVENING_SLACK)})
    per_technician = frame.groupby(["day", "technician"], sort=True)["late"].any()
    days = per_technician.groupby(level="day").agg(["size", "sum"])
    days.columns = ["seen", "evening"]
    days["waiting"] = frame.groupby("day")["waiting"].sum().reindex(days.index, fill_value=0)
    days = days.reset_index()
    days["date"] = days["day"].dt.strftime("%Y-%m-%d")
    return days[["date", "seen", "evening", "waiting"]]


def fit_evening(days: pd.DataFrame, level: float) -> dict[str, Any]:
    """The pooled share of technicians who worked in the evening, with a Wilson CI (each
    technician decides independently, every evening)."""
    from scipy import stats

    seen, worked = int(days["seen"].sum()), int(days["evening"].sum())
    ci = stats.binomtest(worked, seen).proportion_ci(confidence_level=level, method="wilson")
    return {"p": worked / seen, "lo": float(ci.low), "hi": float(ci.high),
            "technician_days": seen, "evening_days": worked, "days": len(days),
            "days_waiting": int((days["waiting"] > days["evening"]).sum())}


def evening_fragment(base_evening: dict[str, Any], p: float) -> dict[str, float]:
    """``p0`` and ``p1`` for a fitted p: the base's premium slope ``p1`` kept where it fits
    (``p0 = p - p1 x min(1, premium / premium_full)`` in [0, 1 - p1]), else ``p0 = p`` and
    ``p1 = 0``."""
    p1 = float(base_evening.get("p1", 0.0))
    share = min(1.0, float(base_evening.get("premium_cny", 0.0))
                / float(base_evening.get("premium_full_cny", 1.0)))
    p0 = p - p1 * share
    if 0 <= p0 and p0 + p1 <= 1:
        return {"p0": round(p0, 4), "p1": p1}
    return {"p0": round(p, 4), "p1": 0.0}
