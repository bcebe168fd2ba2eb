"""A run's results as pandas DataFrames.

The engine hands back NumPy columns (times in integer seconds); this module
only renames, converts units and adds calendar columns for convenience.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fieldsim import _core, breakdown, money
from fieldsim.breakdown import DEFAULT_BY
from fieldsim.scenario import Scenario

#: Columns of :attr:`RunResult.summary`, in order.
STATISTICS = ("mean", "sd", "ci95_lo", "ci95_hi", "p50", "p90", "p95")

_SECONDS_PER_MINUTE = 60
_SECONDS_PER_HOUR = 3600
_SECONDS_PER_DAY = 86400

RawRun = dict[str, Any]  # what _core.run returns

# Output name -> its row of the engine's declared table (unit, meaning, ...).
_UNITS = {row["name"]: row for row in _core.OUTPUTS}


@dataclass(frozen=True, eq=False)
class RunResult:
    """The results of one scenario run over several replications.

    Attributes
    ----------
    scenario : Scenario
        What was run.
    seed : int
        The run's seed; with the same seed the same replication index gives
        the same orders, whatever else changed (common random numbers).
    summary : pandas.DataFrame
        One row per output (index ``output``), columns ``mean``, ``sd``,
        ``ci95_lo``, ``ci95_hi`` (Student-t 95 % interval of the mean),
        ``p50``, ``p90``, ``p95`` (spread across replications).
    replications : pandas.DataFrame
        One row per replication (index ``replication``), one float column
        per output.
    technicians : pandas.DataFrame
        One row per technician, month and replication (a month with time on
        shift or a job): ``replication``, ``technician``, ``month``
        (``2025-01``; without a calendar start date ``M01``, ``M02``, ... of
        30 days each, as in :meth:`cash_by`), ``group`` and ``employer``
        (its shift group and who employs it), ``home_zone``, ``days_worked``, ``jobs``,
        ``failed_visits`` (nobody at home), ``faulty_visits`` (failed for
        the technician's fault and redone), ``declined_jobs`` (evening
        jobs it was offered and declined, ``per_job``), ``travel_min``, ``wait_min`` (on
        site, for an appointment's window to open), ``work_min``,
        ``overtime_min`` (travel and work after the shift end, not a wait
        on site), ``limit_overrun_min``
        (overtime past the working-hour limits), ``on_shift_min``,
        ``evening_on_shift_min`` (on shift in an evening taken on after the
        group's shift: a group whose shift runs past the evening start
        works those hours as regular time), ``break_min``, ``regular_min``
        (on the normal shift, breaks excluded), ``evening_days``, ``stopped_daily``
        and ``stopped_monthly`` (starts the day's or the month's overtime
        limit stopped), ``premium_pay_cny``, ``overtime_pay_cny``. Jobs
        count toward the month in which they started.
    orders : pandas.DataFrame or None
        One row per order and replication when the run kept orders, else
        None. Times are minutes from the start of day 0 (``*_min``, NaN when
        the event never happened because the drain limit stopped the run),
        with ``entry_day`` / ``entry_hour`` and ``finish_day`` /
        ``finish_hour`` for grouping by calendar; the segment (``district``,
        ``kind``, ``product``, ``class``) and, for late orders, the ``cause``
        are categorical; ``technician`` is <NA> for an order never started;
        ``failed_visits`` counts the visits before the last that failed
        (nobody at home, or a technician fault).
    breakdown : pandas.DataFrame
        Outputs by segment, long: one row per district, kind, customer class
        and measure (orders, late, breach rate, late by cause, compensation,
        mean time to finish), with ``unit``, ``mean``, ``sd``, ``ci95_lo``,
        ``ci95_hi`` over replications. :meth:`breakdown_by` groups by any
        other dimensions (including ``product``).
    settlement : pandas.DataFrame
        Compensation by payer: one row per replication, settlement period
        (``period``: the month of completion, ``YYYY-MM``, or ``M01``, ``M02``, ... of
        30 days from day 0 without a start date) and ``payer``
        (``branch`` or a contractor): ``completed`` orders and
        ``technician_late`` ones in its districts, ``technician_share``,
        their compensation ``technician_cny``, all ``compensation_cny`` owed
        there, and what the payer ``pays_cny``.
    cash : pandas.DataFrame
        Compensation as paid: one row per replication, ISO ``week`` of
        payment (``YYYY-Www``; ``Www`` of 7 days from day 0 without a start
        date) and ``payer``, ``cash_cny``; :meth:`cash_by`
        groups by day or month, or summarises over replications.
    employer_pay : pandas.DataFrame
        Evening premium and overtime pay per replication and ``employer``.
    cells : pandas.DataFrame
        The breakdown's raw material: one row per replication and segment
        with orders, one column per measure.
    elapsed_s : float
        Wall-clock seconds the engine took.
    """

    scenario: Scenario
    seed: int
    raw: RawRun = field(repr=False)
    first_replication: int = 0
    elapsed_s: float = field(default=math.nan)

    # The tables are built when first asked for: a sweep of many points, or
    # a quick run, pays for none it does not look at.
    @functools.cached_property
    def summary(self) -> pd.DataFrame:
        return summary_frame(self.raw["summary"])

    @functools.cached_property
    def replications(self) -> pd.DataFrame:
        return replication_frame(self.raw["values"], self.first_replication)

    @functools.cached_property
    def technicians(self) -> pd.DataFrame:
        """One row per replication, technician and calendar month: its shift
        ``group`` and ``employer``, hours (``*_min``), days worked, jobs, the
        starts each overtime limit stopped and its pay (``*_cny``)."""
        frame = technician_frame(self.raw["technicians"], self.first_replication)
        at = frame.columns.get_loc("technician")
        for offset, column in enumerate(("group", "employer"), start=1):
            names = np.asarray(self.raw["money"][f"{column}_of_technician"], dtype=object)
            frame.insert(at + offset, column, pd.Categorical(names[frame["technician"].to_numpy()]))
        return frame

    @functools.cached_property
    def orders(self) -> pd.DataFrame | None:
        orders = self.raw.get("orders")
        if orders is None:
            return None
        return order_frame(orders, self.raw["segments"], self.first_replication)

    @functools.cached_property
    def settlement(self) -> pd.DataFrame:
        return money.settlement_frame(self.raw, self.first_replication)

    @functools.cached_property
    def cash_days(self) -> pd.DataFrame:
        return money.cash_days(self.raw, self.first_replication)

    @functools.cached_property
    def cash(self) -> pd.DataFrame:
        return self.cash_by("week")

    def cash_by(self, by: money.CashPeriod = "week", summarised: bool = False) -> pd.DataFrame:
        """Compensation as paid, by period of payment and payer.

        Parameters
        ----------
        by : {"week", "month", "day"}, default "week"
            ISO week (``YYYY-Www``), month (``YYYY-MM``) or run day
            (``pay_day``) of payment; without a start date, weeks ``Www``
            and months ``Mmm`` count from day 0.
        summarised : bool, default False
            False: one row per replication, period and payer (``cash_cny``;
            0 where a payer paid nothing that period). True: one row per
            period and payer with ``mean``, ``sd``, ``ci95_lo``, ``ci95_hi``,
            ``p50``, ``p90``, ``p95`` over replications (CNY).

        Returns
        -------
        pandas.DataFrame
        """
        frame = money.cash_by(self.cash_days, by, self._replication_range(),
                              self.raw["money"]["start_date"])
        if not summarised:
            return frame
        key = "pay_day" if by == "day" else by
        return money.summarise(frame, [key, "payer"], "cash_cny")

    @functools.cached_property
    def employer_pay(self) -> pd.DataFrame:
        return money.employer_pay(self.technicians)

    def _replication_range(self) -> range:
        return range(self.first_replication, self.first_replication + self.n_replications)

    @functools.cached_property
    def cells(self) -> pd.DataFrame:
        return breakdown.cells(self.raw["breakdown"], self.raw["segments"], self.first_replication)

    @functools.cached_property
    def breakdown(self) -> pd.DataFrame:
        return self.breakdown_by(*DEFAULT_BY)

    def breakdown_by(self, *dimensions: str | Sequence[str]) -> pd.DataFrame:
        """Outputs by segment, grouped by the given dimensions.

        Parameters
        ----------
        *dimensions : str, or one list of them
            Any of ``"district"``, ``"kind"``, ``"product"``, ``"class"``;
            none gives the whole run.

        Returns
        -------
        pandas.DataFrame
            Long: the dimensions, ``measure``, ``unit``, ``mean``, ``sd``,
            ``ci95_lo``, ``ci95_hi``, ``replications`` (where defined).

        Examples
        --------
        >>> result.breakdown_by("district").query("measure == 'breach_rate'")  # doctest: +SKIP
        """
        if len(dimensions) == 1 and not isinstance(dimensions[0], str):
            dimensions = tuple(dimensions[0])  # breakdown_by(["district", "kind"])
        return breakdown.summarise(self.cells, dimensions, self._replication_range())

    @classmethod
    def from_core(
        cls,
        raw: RawRun,
        scenario: Scenario,
        seed: int,
        first_replication: int = 0,
        elapsed_s: float = math.nan,
    ) -> RunResult:
        """Build a result from what ``_core.run`` returned.

        Parameters
        ----------
        raw : dict
            ``_core.run``'s return value.
        scenario : Scenario
            The scenario that was run.
        seed : int
            The seed it was run with.
        first_replication : int, default 0
            The index of the first replication in `raw`.
        elapsed_s : float, optional
            Wall-clock time of the run.

        Returns
        -------
        RunResult
        """
        return cls(scenario, seed, raw, first_replication, elapsed_s)

    @property
    def n_replications(self) -> int:
        """Number of replications."""
        return len(self.raw["values"])

    def to_dict(self, by: Sequence[str] = DEFAULT_BY) -> dict[str, Any]:
        """The scenario name, replication count, seed, summary and breakdown as plain data.

        Parameters
        ----------
        by : sequence of str, default ("district", "kind", "class")
            The dimensions the breakdown is grouped by (see :meth:`breakdown_by`).

        Returns
        -------
        dict
            ``{"scenario": name, "replications": N, "seed": S, "units":
            {output: unit}, "summary":
            {output: {"mean", "sd", "ci95": [lo, hi], "p50", "p90", "p95"}},
            "breakdown": [{dimension: name, ..., "measure", "unit", "mean",
            "sd", "ci95_lo", "ci95_hi", "replications"}, ...]}``, the
            breakdown one dict per row of :meth:`breakdown_by`; undefined
            statistics (e.g. the sd of one replication) are None.
        """
        return {
            "scenario": self.scenario.name,
            "replications": self.n_replications,
            "seed": self.seed,
            "units": {name: row["unit"] for name, row in _UNITS.items()},
            "summary": summary_dict(self.summary),
            "breakdown": breakdown.records(self.breakdown_by(*by)),
        }

    def to_json(self, indent: int | None = 2, by: Sequence[str] = DEFAULT_BY) -> str:
        """:meth:`to_dict` as JSON text (the CLI's ``--json`` format)."""
        return json.dumps(self.to_dict(by), indent=indent)

    def __repr__(self) -> str:
        kept = "with" if "orders" in self.raw else "without"
        return (
            f"<RunResult {self.scenario.name!r}: {self.n_replications} replications, "
            f"seed {self.seed}, {kept} orders>"
        )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def summary_dict(summary: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """A summary DataFrame as the nested dict of the ``--json`` format."""
    return {
        str(output): {
            "mean": _number(row["mean"]),
            "sd": _number(row["sd"]),
            "ci95": [_number(row["ci95_lo"]), _number(row["ci95_hi"])],
            "p50": _number(row["p50"]),
            "p90": _number(row["p90"]),
            "p95": _number(row["p95"]),
        }
        for output, row in summary.iterrows()
    }


def summary_frame(summary: Mapping[str, Sequence[float]]) -> pd.DataFrame:
    """The engine's ``{output: (mean, sd, ...)}`` as a DataFrame, in engine order."""
    frame = pd.DataFrame.from_dict(dict(summary), orient="index", columns=list(STATISTICS))
    frame = frame.reindex(list(_core.OUTPUT_NAMES)).astype("float64")
    frame.index.name = "output"
    return frame


def replication_frame(values: np.ndarray, first_replication: int = 0) -> pd.DataFrame:
    """Replications x outputs values as a DataFrame indexed by replication."""
    index = pd.RangeIndex(first_replication, first_replication + len(values), name="replication")
    return pd.DataFrame(np.asarray(values, dtype="float64"), index=index, columns=list(_core.OUTPUT_NAMES))


def _minutes(seconds: np.ndarray) -> np.ndarray:
    # -1 marks an event that never happened (an order the drain left open).
    minutes = seconds.astype("float64") / _SECONDS_PER_MINUTE
    minutes[seconds < 0] = np.nan
    return minutes


def _calendar(seconds: np.ndarray) -> tuple[pd.arrays.IntegerArray, pd.arrays.IntegerArray]:
    missing = seconds < 0
    day = pd.array(seconds // _SECONDS_PER_DAY, dtype="Int64")
    hour = pd.array(seconds % _SECONDS_PER_DAY // _SECONDS_PER_HOUR, dtype="Int64")
    day[missing] = pd.NA
    hour[missing] = pd.NA
    return day, hour


def _month_labels(codes: np.ndarray) -> list[str]:
    """The engine's month numbers (202501, or 1, 2, ... without a start date)
    labelled as the cash frames label months: 2025-01, or M01."""
    labels = {int(c): money.month_number_label(int(c)) for c in np.unique(codes)}
    return [labels[int(c)] for c in codes]


def _named(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype("int64"), categories=pd.Index(list(names)))


def _causes(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    # Code 0 is "on time": no cause.
    return pd.Categorical.from_codes(codes.astype("int64") - 1, categories=pd.Index(list(names[1:])))


def order_frame(columns: Mapping[str, np.ndarray], names: Mapping[str, Sequence[str]],
                first_replication: int = 0) -> pd.DataFrame:
    """The engine's order log as a DataFrame (see :attr:`RunResult.orders`)."""
    entry_day, entry_hour = _calendar(columns["entry_s"])
    finish_day, finish_hour = _calendar(columns["finish_s"])
    technician = pd.array(columns["technician"], dtype="Int32")
    technician[columns["technician"] < 0] = pd.NA
    return pd.DataFrame(
        {
            "replication": columns["replication"].astype("int64") + first_replication,
            "order_id": columns["order_id"].astype("int64"),
            "district": _named(columns["district"], names["district"]),
            "kind": _named(columns["kind"], names["kind"]),
            "product": _named(columns["product"], names["product"]),
            "class": _named(columns["class"], names["class"]),
            "zone": columns["zone"].astype("int32"),
            "entry_min": _minutes(columns["entry_s"]),
            "entry_day": entry_day,
            "entry_hour": entry_hour,
            "due_min": _minutes(columns["due_s"]),
            "technician": technician,
            "departure_min": _minutes(columns["departure_s"]),
            "work_start_min": _minutes(columns["work_start_s"]),
            "finish_min": _minutes(columns["finish_s"]),
            "finish_day": finish_day,
            "finish_hour": finish_hour,
            "late": columns["late"].astype("bool"),
            "cause": _causes(columns["cause"], names["cause"]),
            "failed_visits": columns["failed_visits"].astype("int16"),
            "compensation_cny": columns["compensation_cny"].astype("float64"),
        }
    )


def technician_frame(columns: Mapping[str, np.ndarray], first_replication: int = 0) -> pd.DataFrame:
    """The engine's technician log as a DataFrame (see :attr:`RunResult.technicians`)."""
    frame = pd.DataFrame(
        {
            "replication": columns["replication"].astype("int64") + first_replication,
            "technician": columns["technician"].astype("int32"),
            "month": _month_labels(columns["month"]),
            "home_zone": columns["home_zone"].astype("int32"),
            "days_worked": columns["days_worked"].astype("int64"),
            "jobs": columns["jobs"].astype("int64"),
            "failed_visits": columns["failed_visits"].astype("int64"),
            "faulty_visits": columns["faulty_visits"].astype("int64"),
            "declined_jobs": columns["declined_jobs"].astype("int64"),
        }
    )
    for name in ("travel", "wait", "work", "overtime", "limit_overrun", "on_shift",
                 "evening_on_shift", "break"):
        frame[f"{name}_min"] = columns[f"{name}_s"].astype("float64") / _SECONDS_PER_MINUTE
    frame["regular_min"] = frame["on_shift_min"] - frame["evening_on_shift_min"] - frame["break_min"]
    frame["evening_days"] = columns["evening_days"].astype("int64")
    frame["stopped_daily"] = columns["stopped_daily"].astype("int64")
    frame["stopped_monthly"] = columns["stopped_monthly"].astype("int64")
    for name in ("premium_pay_cny", "overtime_pay_cny"):
        frame[name] = columns[name].astype("float64")
    return frame


def merge_raw(parts: Sequence[RawRun]) -> RawRun:
    """Join runs of consecutive replication ranges into one, in order.

    Parameters
    ----------
    parts : sequence of dict
        ``_core.run`` results for ranges ``[f0, f0+n0)``, ``[f0+n0, ...)``,
        ..., in that order.

    Returns
    -------
    dict
        What one ``_core.run`` over the whole range returns: values stacked,
        log columns concatenated with replication numbers relative to the
        first part, and the summary computed by the engine from all values.
    """
    offsets = np.cumsum([0] + [len(part["values"]) for part in parts[:-1]])
    values = np.vstack([part["values"] for part in parts])
    merged: RawRun = {
        "values": values,
        "summary": _core.summarize(values),
        "technicians": _concat_logs([p["technicians"] for p in parts], offsets),
        "breakdown": _concat_logs([p["breakdown"] for p in parts], offsets),
        "settlement": _concat_logs([p["settlement"] for p in parts], offsets),
        "cash": _concat_logs([p["cash"] for p in parts], offsets),
        "segments": parts[0]["segments"],
        "money": parts[0]["money"],
    }
    if parts and "orders" in parts[0]:
        merged["orders"] = _concat_logs([p["orders"] for p in parts], offsets)
    return merged


def _concat_logs(logs: Sequence[Mapping[str, np.ndarray]], offsets: np.ndarray) -> dict[str, np.ndarray]:
    merged = {name: np.concatenate([log[name] for log in logs]) for name in logs[0]}
    merged["replication"] = np.concatenate(
        [log["replication"] + offset for log, offset in zip(logs, offsets)]
    )
    return merged
