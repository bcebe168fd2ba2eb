"""Who pays compensation and when: the engine's settlement as DataFrames.

The engine settles each run day's compensation between the branch and its
contractors (city-rules.md section 3) and says what each payer pays on each
day. This module names the payers, dates the days from the calendar's start
date and groups the cash by ISO week or by month of payment. Without a start
date, weeks are 7-day weeks and months 30-day months counted from day 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from fieldsim import outputs

#: How cash may be grouped: by day, ISO week or month of payment.
CashPeriod = Literal["day", "week", "month"]
CASH_PERIODS: tuple[str, ...] = ("day", "week", "month")

_EPOCH = dt.date(1970, 1, 1)
_STATISTICS = ("mean", "sd", "ci95_lo", "ci95_hi", "p50", "p90", "p95", "replications")
_DAYS_PER_MONTH = 30  # without a start date, as the engine's month_of


def _date(start_date: int, day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=start_date + day)


def period_label(period: int, start_date: int | None) -> str:
    """The settlement period (the engine's month index) as ``YYYY-MM``, or ``M01``, ``M02``,
    ... for 30-day months from day 0 when the calendar has no start date.

    Examples
    --------
    >>> period_label(2025 * 12 + 1, 20089), period_label(0, None)
    ('2025-02', 'M01')
    """
    if start_date is None:
        return f"M{period + 1:02d}"
    return f"{period // 12:04d}-{period % 12 + 1:02d}"


def week_label(day: int, start_date: int | None) -> str:
    """The ISO week of a run day, ``YYYY-Www``, or ``W01``, ... without a start date.

    Examples
    --------
    >>> week_label(0, 20087)  # 30 December 2024
    '2025-W01'
    """
    if start_date is None:
        return f"W{day // 7 + 1:02d}"
    year, week, _ = _date(start_date, day).isocalendar()
    return f"{year}-W{week:02d}"


def month_label(day: int, start_date: int | None) -> str:
    """The month of a run day, ``YYYY-MM``, or ``M01``, ... without a start date."""
    if start_date is None:
        return month_number_label(day // _DAYS_PER_MONTH + 1)
    date = _date(start_date, day)
    return month_number_label(date.year * 100 + date.month)


def month_number_label(number: int) -> str:
    """The engine's month number labelled: 202501 is ``2025-01``; without a
    start date 1, 2, ... (of 30 days each) are ``M01``, ``M02``, ..."""
    return f"{number // 100:04d}-{number % 100:02d}" if number > 9999 else f"M{number:02d}"


def _payers(money: Mapping[str, Any], codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype("int64"), categories=list(money["payers"]))


def settlement_frame(raw: Mapping[str, Any], first_replication: int = 0) -> pd.DataFrame:
    """Compensation by replication, settlement period and payer (see
    :attr:`fieldsim.RunResult.settlement`)."""
    columns, money = raw["settlement"], raw["money"]
    start = money["start_date"]
    completed = columns["completed"].astype("int64")
    late = columns["technician_late"].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(completed > 0, late / np.maximum(completed, 1), np.nan)
    return pd.DataFrame({
        "replication": columns["replication"].astype("int64") + first_replication,
        "period": [period_label(int(p), start) for p in columns["period"]],
        "payer": _payers(money, columns["payer"]),
        "completed": completed,
        "technician_late": late,
        "technician_share": share,
        "technician_cny": columns["technician_cny"].astype("float64"),
        "compensation_cny": columns["compensation_cny"].astype("float64"),
        "pays_cny": columns["pays_cny"].astype("float64"),
    })


def cash_days(raw: Mapping[str, Any], first_replication: int = 0) -> pd.DataFrame:
    """What each payer pays on each day, per replication: ``replication``,
    ``pay_day`` (run day), ``pay_date`` (None without a start date), ``week``,
    ``month``, ``payer``, ``cash_cny``."""
    columns, money = raw["cash"], raw["money"]
    start = money["start_date"]
    days = [int(d) for d in columns["pay_day"]]
    return pd.DataFrame({
        "replication": columns["replication"].astype("int64") + first_replication,
        "pay_day": np.asarray(days, dtype="int64"),
        "pay_date": [None if start is None else _date(start, d) for d in days],
        "week": [week_label(d, start) for d in days],
        "month": [month_label(d, start) for d in days],
        "payer": _payers(money, columns["payer"]),
        "cash_cny": columns["cny"].astype("float64"),
    })


def cash_by(days: pd.DataFrame, by: CashPeriod, replications: Sequence[int],
            start_date: int | None = None) -> pd.DataFrame:
    """Cash per replication, period of payment (``by``) and payer; every
    period from the first payment to the last is there, 0 where a payer paid
    nothing (`start_date`: the run's, as :func:`week_label` takes it).

    Returns
    -------
    pandas.DataFrame
        ``replication``, ``by``, ``payer``, ``cash_cny``.
    """
    if by not in CASH_PERIODS:
        raise ValueError(f"by: expected one of {', '.join(CASH_PERIODS)}, got {by!r}")
    key = "pay_day" if by == "day" else by
    sums = days.groupby(["replication", key, "payer"], observed=True)["cash_cny"].sum()
    periods = _every_period(days["pay_day"], by, start_date)
    index = pd.MultiIndex.from_product(
        [list(replications), periods, days["payer"].cat.categories],
        names=["replication", key, "payer"])
    out = sums.reindex(index, fill_value=0.0).reset_index()
    out["payer"] = pd.Categorical(out["payer"], categories=days["payer"].cat.categories)
    return out


def summarise(frame: pd.DataFrame, keys: Sequence[str], value: str) -> pd.DataFrame:
    """Mean, sd, Student-t 95 % interval of the mean (at least 0) and P50 / P90 / P95
    of `value` across replications, per `keys`."""
    def stats(values: pd.Series) -> pd.Series:
        n = len(values)
        mean = values.mean()
        sd = values.std(ddof=1) if n > 1 else math.nan
        half = outputs.t_half_width(sd, n)
        # max(0, NaN) would be 0: one replication has no interval at either end.
        low = math.nan if math.isnan(half) else max(0.0, mean - half)
        return pd.Series({
            "mean": mean, "sd": sd, "ci95_lo": low, "ci95_hi": mean + half,
            "p50": values.quantile(0.5), "p90": values.quantile(0.9), "p95": values.quantile(0.95),
            "replications": n,
        })
    columns = [*keys, *_STATISTICS]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(list(keys), observed=True, sort=True)[value]
    out = grouped.apply(stats).unstack().reset_index()[columns]
    return out.astype({"replications": "int64"})


def _every_period(pay_days: pd.Series, by: CashPeriod, start_date: int | None) -> list[Any]:
    """The periods from the first pay day to the last, in order."""
    if pay_days.empty:
        return []
    span = range(int(pay_days.min()), int(pay_days.max()) + 1)
    if by == "day":
        return list(span)
    label = week_label if by == "week" else month_label
    return list(dict.fromkeys(label(day, start_date) for day in span))


def employer_pay(technicians: pd.DataFrame) -> pd.DataFrame:
    """Evening premium and overtime pay per replication and employer (technician
    groups' ``employer``), from the technician-month frame."""
    frame = technicians[["replication", "employer", "premium_pay_cny", "overtime_pay_cny"]]
    frame = frame.astype({"employer": str})
    return frame.groupby(["replication", "employer"], as_index=False, sort=True).sum()
