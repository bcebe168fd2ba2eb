"""Reading a branch's order log: the CSV export of its order system (docs/calibration.md).

One row per order. Required columns: ``entry_time``, ``completion_time``, ``kind`` and
``zone`` or ``district`` (or both). Optional: ``product``, ``class``, ``technician``,
``onsite_start``, ``onsite_end``. Times are ISO 8601 date-times (``2025-01-06T09:14:00+08:00``,
``2025-01-06 09:14``, ``...Z``); times without an offset are local times of ``tz``, times with
one are converted to ``tz``. Every bad row is reported with ``file:line`` and what was expected.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from fieldsim._errors import ScenarioError

__all__ = ["COLUMNS", "OrderLog", "OrderLogError", "RowCheck", "read_order_log", "screen"]

#: The columns of an order log: name -> (required, what a value must be).
COLUMNS: dict[str, tuple[bool, str]] = {
    "entry_time": (True, "an ISO 8601 date-time (e.g. 2025-01-06T09:14:00+08:00)"),
    "completion_time": (True, "an ISO 8601 date-time at or after entry_time, or empty if open"),
    "zone": (False, "a zone name or id (zone or district required)"),
    "district": (False, "a district name (zone or district required)"),
    "kind": (True, "an order kind (e.g. install, repair)"),
    "product": (False, "a product name (e.g. broadband)"),
    "class": (False, "a customer class (e.g. public, vip)"),
    "technician": (False, "a technician id"),
    "onsite_start": (False, "an ISO 8601 date-time at or after entry_time, with onsite_end"),
    "onsite_end": (False, "an ISO 8601 date-time at or after onsite_start, with onsite_start"),
}

_TIMES = ("entry_time", "completion_time", "onsite_start", "onsite_end")
#: The years a time may fall in: a typo such as 0001 or 9999 is a bad value.
YEARS = (1970, 2199)
#: Days without any order after which the log's dates are taken to be wrong: a branch
#: takes orders every week, so a row that far from all others has a typo in its date.
MAX_GAP_DAYS = 31
_NAMES = ("zone", "district", "kind", "product", "class", "technician")

#: A further check of a row that is well formed (its names: ``zone``, ``district``, ``kind``,
#: ``product``, ``class``, each a string or None): ``(reason, message)`` if bad, else None.
RowCheck = Callable[[Mapping[str, object]], "tuple[str, str] | None"]


class OrderLogError(ScenarioError):
    """An order log that cannot be read: names every bad row (file:line: what was expected)."""


@dataclass
class OrderLog:
    """A read order log.

    Attributes
    ----------
    orders : pandas.DataFrame
        One row per good order: ``entry``, ``completion``, ``onsite_start``, ``onsite_end``
        (tz-aware timestamps in ``tz``; NaT where absent), ``zone``, ``district``, ``kind``,
        ``product``, ``class``, ``technician`` (strings; ``<NA>`` where absent) and ``line``
        (the row's line in the file).
    skipped : dict
        With ``skip_bad_rows``: the number of skipped rows by reason.
    problems : list of str
        With ``skip_bad_rows``: every skipped row's message (``file:line: ...``).
    """

    orders: pd.DataFrame
    tz: str
    source: str
    skipped: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def names(self) -> pd.DataFrame:
        """The orders' names (zone, district, kind, product, class, technician), None where
        absent: as a :data:`RowCheck` sees them."""
        names = self.orders[list(_NAMES)].astype(object)
        return names.where(names.notna(), None)

    def summary(self) -> str:
        """One line: how many rows were read and skipped, and why."""
        text = f"{self.source}: {len(self.orders)} orders read"
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in
                                sorted(self.skipped.items(), key=lambda item: -item[1]))
            text += f", {sum(self.skipped.values())} bad rows skipped ({reasons})"
        return text


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise OrderLogError(f"unknown time zone {tz!r} (expected an IANA name such as "
                            "Asia/Shanghai)") from None


class _YearOutOfRange(ValueError):
    """A well-formed date-time in an implausible year (its message: what was expected)."""


def _parse_time(text: str, zone: ZoneInfo) -> datetime:
    # datetime.fromisoformat takes a plain date as its midnight: an export that dropped the
    # time of day would put every order at hour 0, so a date alone is not a date-time.
    if _is_date(text.strip()):
        raise ValueError(f"a date without a time of day: {text!r}")
    value = datetime.fromisoformat(text.strip())
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise _YearOutOfRange(f"a year in {YEARS[0]}..{YEARS[1]}")
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_order_log(path: str | os.PathLike[str], *, tz: str = "Asia/Shanghai",
                   skip_bad_rows: bool = False, max_reported: int = 50,
                   check: RowCheck | None = None) -> OrderLog:
    """Read an order-log CSV (see the module docs and docs/calibration.md).

    Parameters
    ----------
    path : path-like
        The CSV file (UTF-8, a header row, comma-separated).
    tz : str, default "Asia/Shanghai"
        The branch's time zone: naive times are read in it, times with an offset converted to it.
    skip_bad_rows : bool, default False
        Skip bad rows (counted by reason in ``skipped``) instead of rejecting the file.
    max_reported : int
        How many bad rows the error message lists (all are counted).
    check : callable, optional
        A further check of each well-formed row (the names a scenario knows, say): the rows it
        finds bad are bad rows too, reported in file order with the others.

    Raises
    ------
    OrderLogError
        A missing file or column, or (without ``skip_bad_rows``) any bad row.
    """
    zone = _zone(tz)
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise OrderLogError(f"{name}: cannot read the order log: {error.strerror}") from None
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    reasons: Counter[str] = Counter()
    with handle:
        records = _records(_utf8_lines(handle, name), name)
        try:
            header = [h.strip().lower() for h in next(records)[1]]
        except StopIteration:
            raise OrderLogError(f"{name}:1: expected a header row with the columns "
                                "entry_time, completion_time, kind and zone or district, "
                                "got an empty file") from None
        unknown = [h for h in header if h not in COLUMNS]
        if unknown:
            raise OrderLogError(f"{name}:1: unknown column {unknown[0]!r}; expected some of "
                                + ", ".join(COLUMNS))
        duplicated = [h for h, n in Counter(header).items() if n > 1]
        if duplicated:
            raise OrderLogError(f"{name}:1: column {duplicated[0]!r} appears twice")
        missing = [c for c, (required, _) in COLUMNS.items() if required and c not in header]
        if missing:
            raise OrderLogError(f"{name}:1: missing column {missing[0]!r} "
                                f"({COLUMNS[missing[0]][1]})")
        if "zone" not in header and "district" not in header:
            raise OrderLogError(f"{name}:1: missing column 'zone' or 'district' (expected one "
                                "or both)")
        if ("onsite_start" in header) != ("onsite_end" in header):
            raise OrderLogError(f"{name}:1: onsite_start and onsite_end come together")
        for line, cells in records:
            if not cells or all(not c.strip() for c in cells):
                continue
            problem = None
            if len(cells) != len(header):
                problem = ("wrong number of fields",
                           f"expected {len(header)} fields, got {len(cells)}")
                row = None
            else:
                row, problem = _check_row(dict(zip(header, cells)), zone)
                if problem is None and check is not None:
                    problem = check(row)
            if problem is not None:
                reason, message = problem
                reasons[reason] += 1
                problems.append(f"{name}:{line}: {message}")
                continue
            row["line"] = line
            rows.append(row)
    stray = _stray_rows(rows)
    for row, message in stray:
        reasons["entry_time far from the other orders"] += 1
        problems.append(f"{name}:{row['line']}: {message}")
    if stray:
        problems.sort(key=lambda problem: _line_of(problem, name))
        bad = {id(row) for row, _ in stray}
        rows = [row for row in rows if id(row) not in bad]
    if problems and not skip_bad_rows:
        raise _bad_rows(name, problems, max_reported)
    return OrderLog(_frame(rows, tz), tz, name, dict(reasons), problems)


def _stray_rows(rows: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """The rows entered outside the log's main run of dates (the run with the most rows,
    its dates never more than MAX_GAP_DAYS apart), with why."""
    if not rows:
        return []
    dates = sorted({row["entry_time"].date() for row in rows})
    runs, start = [], 0
    for i in range(1, len(dates) + 1):
        if i == len(dates) or (dates[i] - dates[i - 1]).days > MAX_GAP_DAYS:
            runs.append((dates[start], dates[i - 1]))
            start = i
    if len(runs) == 1:
        return []
    size = Counter(next(r for r in runs if r[0] <= row["entry_time"].date() <= r[1])
                   for row in rows)
    first, last = max(runs, key=lambda run: size[run])
    return [(row, f"entry_time: expected a date within {MAX_GAP_DAYS} days of the log's "
                  f"other orders ({first} .. {last}), got {row['entry_time'].isoformat()}")
            for row in rows if not first <= row["entry_time"].date() <= last]


def screen(log: OrderLog, check: RowCheck, *, skip_bad_rows: bool = False,
           max_reported: int = 50) -> OrderLog:
    """An order log already read, checked further: as :func:`read_order_log` with ``check``.

    Raises
    ------
    OrderLogError
        Without ``skip_bad_rows``, if ``check`` finds any row bad (all are named).
    """
    reasons: Counter[str] = Counter(log.skipped)
    found = []
    for line, row in zip(log.orders["line"], log.names().to_dict("records")):
        problem = check(row)
        if problem is not None:
            reasons[problem[0]] += 1
            found.append((int(line), f"{log.source}:{line}: {problem[1]}"))
    if not found:
        return log
    if not skip_bad_rows:
        raise _bad_rows(log.source, [message for _, message in found], max_reported)
    bad_lines = {line for line, _ in found}
    # With the rows skipped when the log was read, in file order.
    problems = sorted([*log.problems, *(message for _, message in found)],
                      key=lambda message: _line_of(message, log.source))
    return OrderLog(log.orders[~log.orders["line"].isin(bad_lines)].reset_index(drop=True),
                    log.tz, log.source, dict(reasons), problems)


def _line_of(problem: str, source: str) -> int:
    """The line a problem (``source:line: ...``) names."""
    return int(problem[len(source) + 1:].split(":", 1)[0])


def _bad_rows(name: str, problems: Sequence[str], max_reported: int) -> OrderLogError:
    shown = problems[:max_reported]
    more = len(problems) - len(shown)
    text = "\n".join(shown) + (f"\n... and {more} more bad rows" if more else "")
    return OrderLogError(f"{name}: {len(problems)} bad rows (use --skip-bad-rows to skip "
                         f"them):\n{text}")


def _records(lines: Iterator[str], name: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record's fields with the physical line it starts on: a quoted field may hold
    line breaks, so records and lines are not numbered alike."""
    reader = csv.reader(lines)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The reader cannot go on past this (a quote left open has read the rest of the
            # file into one field): the whole file is refused, naming where the record began.
            raise OrderLogError(
                f"{name}:{start}: cannot read the row ({error}); expected fields of at most "
                f"{csv.field_size_limit():,} characters, every opening quote (\") closed") \
                from None
        yield start, cells
        start = reader.line_num + 1


def _utf8_lines(handle: BinaryIO, name: str) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that a byte that is not
    UTF-8 (an export in GBK, say) is named by its line."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise OrderLogError(
                f"{name}:{number}: expected UTF-8 text, got byte 0x{raw[error.start]:02x} at "
                f"byte {error.start + 1} of the line; save the order log as UTF-8 (an export "
                "in GBK, say, needs converting first)") from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _check_row(cells: dict[str, str], zone: ZoneInfo
               ) -> tuple[dict[str, object], tuple[str, str] | None]:
    row: dict[str, object] = {}
    for column in _TIMES:
        text = cells.get(column, "").strip()
        if not text:
            if column == "entry_time":
                return row, ("missing entry_time", f"entry_time: expected {COLUMNS[column][1]}, "
                             "got an empty field")
            row[column] = None
            continue
        try:
            row[column] = _parse_time(text, zone)
        except _YearOutOfRange as error:
            return row, (f"bad {column}", f"{column}: expected {error}, got {text!r}")
        except ValueError:
            return row, (f"bad {column}", f"{column}: expected {COLUMNS[column][1]}, "
                         f"got {text!r}")
    for column in _NAMES:
        text = cells.get(column, "").strip()
        row[column] = text or None
    if row["kind"] is None:
        return row, ("missing kind", f"kind: expected {COLUMNS['kind'][1]}, got an empty field")
    if row["zone"] is None and row["district"] is None:
        return row, ("missing zone and district",
                     "zone, district: expected a zone or a district, got neither")
    entry = row["entry_time"]
    completion = row["completion_time"]
    if completion is not None and completion < entry:
        return row, ("completion before entry", f"completion_time: expected a time at or after "
                     f"entry_time {cells['entry_time'].strip()}, got "
                     f"{cells['completion_time'].strip()!r}")
    start, end = row.get("onsite_start"), row.get("onsite_end")
    if (start is None) != (end is None):
        return row, ("half an on-site interval", "onsite_start, onsite_end: expected both or "
                     "neither")
    if start is not None:
        if start < entry:
            return row, ("on site before entry", "onsite_start: expected a time at or after "
                         f"entry_time, got {cells['onsite_start'].strip()!r}")
        if end < start:
            return row, ("on-site end before start", "onsite_end: expected a time at or after "
                         f"onsite_start, got {cells['onsite_end'].strip()!r}")
        if completion is not None and end > completion:
            return row, ("on site after completion", "onsite_end: expected a time at or before "
                         f"completion_time, got {cells['onsite_end'].strip()!r}")
    return row, None


def _frame(rows: Sequence[dict[str, object]], tz: str) -> pd.DataFrame:
    columns = {}
    names = {"entry_time": "entry", "completion_time": "completion",
             "onsite_start": "onsite_start", "onsite_end": "onsite_end"}
    for column, target in names.items():
        values = [r.get(column) for r in rows]
        columns[target] = pd.to_datetime(pd.Series(values, dtype="object"), utc=True) \
            .dt.tz_convert(tz)
    for column in _NAMES:
        columns[column] = pd.array([r.get(column) for r in rows], dtype="string")
    columns["line"] = pd.array([r["line"] for r in rows], dtype="int64")
    return pd.DataFrame(columns)


def write_order_log(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a frame with the order-log columns as an order-log CSV (times in ISO 8601)."""
    out = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        if column not in frame:
            continue
        values = frame[column]
        if column in _TIMES:
            values = values.map(lambda t: "" if pd.isna(t) else t.isoformat())
        out[column] = values
    out.to_csv(path, index=False)
