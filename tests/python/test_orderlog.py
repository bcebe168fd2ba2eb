"""The order-log CSV reader: good rows, bad rows named by file:line, time zones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fieldsim.orderlog import OrderLogError, read_order_log

HEADER = "entry_time,completion_time,zone,district,kind,product,class,technician,onsite_start,onsite_end\n"


def _write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_good_rows_with_time_zones(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER
                  + "2025-01-06T09:14:00+08:00,2025-01-06T15:00:00+08:00,3,,install,iptv,vip,T7,"
                    "2025-01-06T13:00:00+08:00,2025-01-06T14:30:00+08:00\n"
                  + "2025-01-06 01:00,,,Chikan,repair,,,,,\n"
                  + "2025-01-06T02:00:00Z,2025-01-06T03:00:00Z,,Chikan,repair,,,,,\n")
    log = read_order_log(path)
    frame = log.orders
    assert len(frame) == 3 and log.skipped == {}
    assert str(frame["entry"].dt.tz) == "Asia/Shanghai"
    assert frame["entry"].dt.hour.tolist() == [9, 1, 10]  # 02:00Z is 10:00 in Shanghai
    assert pd.isna(frame["completion"].iloc[1])
    assert frame.loc[0, "onsite_end"] - frame.loc[0, "onsite_start"] == pd.Timedelta(minutes=90)
    assert frame["line"].tolist() == [2, 3, 4]
    assert frame.loc[0, "product"] == "iptv" and pd.isna(frame.loc[1, "product"])
    utc = read_order_log(path, tz="UTC").orders
    assert utc["entry"].dt.hour.tolist() == [1, 1, 2]


BAD_ROWS = [
    ("yesterday,2025-01-06T15:00,3,,install,,,,,", "entry_time: expected an ISO 8601"),
    # A date alone is not read as its midnight.
    ("2025-01-06,2025-01-06T15:00,3,,install,,,,,", "entry_time: expected an ISO 8601 "
     "date-time (e.g. 2025-01-06T09:14:00+08:00), got '2025-01-06'"),
    ("2025-01-06T09:00,20250106,3,,install,,,,,", "completion_time: expected an ISO 8601 "
     "date-time at or after entry_time, or empty if open, got '20250106'"),
    (",2025-01-06T15:00,3,,install,,,,,", "entry_time: expected"),
    ("2025-01-06T09:00,2025-01-06T08:00,3,,install,,,,,", "completion_time: expected a time at or after"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,,,,,,,", "kind: expected"),
    ("2025-01-06T09:00,2025-01-06T10:00,,,install,,,,,", "expected a zone or a district"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,2025-01-06T09:30,", "expected both or neither"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,2025-01-06T09:30,2025-01-06T09:20", "onsite_end: expected a time at or after onsite_start"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,2025-01-06T08:30,2025-01-06T09:20", "onsite_start: expected a time at or after entry_time"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,2025-01-06T09:30,2025-01-06T10:20", "onsite_end: expected a time at or before completion_time"),
    ("2025-01-06T09:00,2025-01-06T10:00,3,install", "expected 10 fields, got 4"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_every_bad_row_is_named(tmp_path: Path, row: str, message: str) -> None:
    good = "2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,,\n"
    path = _write(tmp_path, HEADER + good + row + "\n" + good)
    with pytest.raises(OrderLogError) as error:
        read_order_log(path)
    text = str(error.value)
    assert f"{path}:3: " in text and message in text
    assert "1 bad rows" in text


def test_all_bad_rows_reported_or_skipped(tmp_path: Path) -> None:
    good = "2025-01-06T09:00,2025-01-06T10:00,3,,install,,,,,\n"
    bad = [row for row, _ in BAD_ROWS]
    path = _write(tmp_path, HEADER + good + "\n".join(bad) + "\n" + good)
    with pytest.raises(OrderLogError) as error:
        read_order_log(path)
    text = str(error.value)
    assert f"{len(bad)} bad rows" in text
    for line in range(3, 3 + len(bad)):
        assert f"{path}:{line}: " in text
    log = read_order_log(path, skip_bad_rows=True)
    assert len(log.orders) == 2 and log.orders["line"].tolist() == [2, 3 + len(bad)]
    assert sum(log.skipped.values()) == len(bad)
    assert log.skipped["bad entry_time"] == 2 and log.skipped["missing entry_time"] == 1
    assert log.skipped["bad completion_time"] == 1
    assert f"{len(bad)} bad rows skipped" in log.summary()
    assert len(log.problems) == len(bad)


@pytest.mark.parametrize(("header", "message"), [
    ("entry_time,completion_time,zone,kind,colour\n", "unknown column 'colour'"),
    ("entry_time,zone,kind\n", "missing column 'completion_time'"),
    ("entry_time,completion_time,kind\n", "missing column 'zone' or 'district'"),
    ("entry_time,completion_time,zone,kind,onsite_start\n", "onsite_start and onsite_end"),
    ("entry_time,completion_time,zone,zone,kind\n", "column 'zone' appears twice"),
    ("", "expected a header row"),
])
def test_bad_headers(tmp_path: Path, header: str, message: str) -> None:
    path = _write(tmp_path, header)
    with pytest.raises(OrderLogError, match=message):
        read_order_log(path)


def test_a_file_not_in_utf8_is_named_by_its_line(tmp_path: Path) -> None:
    # An export in GBK: the district on line 3 is not UTF-8.
    text = ("entry_time,completion_time,district,kind\n"
            "2025-01-06T09:00,2025-01-06T10:00,town,install\n"
            "2025-01-06T09:14,2025-01-06T15:02,赤坎,install\n")
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(OrderLogError, match=r"gbk\.csv:3: expected UTF-8 text, got byte 0xb3"):
        read_order_log(path)
    # The same in UTF-8, with a byte-order mark, reads.
    path.write_bytes(text.encode("utf-8-sig"))
    assert read_order_log(path).orders["district"].tolist() == ["town", "赤坎"]


def test_missing_file_and_bad_zone(tmp_path: Path) -> None:
    with pytest.raises(OrderLogError, match="cannot read"):
        read_order_log(tmp_path / "none.csv")
    path = _write(tmp_path, "entry_time,completion_time,zone,kind\n")
    with pytest.raises(OrderLogError, match="unknown time zone"):
        read_order_log(path, tz="Mars/Olympus")
    assert read_order_log(path).orders.empty


def test_lines_are_physical_after_a_quoted_line_break(tmp_path: Path) -> None:
    # The technician on line 3 holds a line break, so the record after it starts on line 5
    # (the fourth record): bad rows and the frame's lines are counted in lines of the file.
    good = "2025-01-06T09:00,2025-01-06T10:00,3,,install,,,{},,\n"
    path = _write(tmp_path, HEADER + good.format("T1") + good.format('"T\n2"')
                  + "garbage,,3,,install,,,,,\n" + good.format("T3"))
    with pytest.raises(OrderLogError) as error:
        read_order_log(path)
    assert str(error.value).splitlines()[1] == (
        f"{path}:5: entry_time: expected an ISO 8601 date-time (e.g. "
        "2025-01-06T09:14:00+08:00), got 'garbage'")
    log = read_order_log(path, skip_bad_rows=True)
    assert log.orders["line"].tolist() == [2, 3, 6]
    assert log.orders["technician"].tolist() == ["T1", "T\n2", "T3"]


@pytest.mark.parametrize("spoiled", [
    '"T1',           # a quote never closed: the rest of the file is one field
    "T" * 131_073,   # one field past the csv module's limit
], ids=["unclosed quote", "long field"])
def test_a_row_the_csv_reader_cannot_read_is_named_by_its_line(tmp_path: Path,
                                                               spoiled: str) -> None:
    good = "2025-01-06T09:00,2025-01-06T10:00,3,,install,,,{},,\n"
    rest = good.format("T2") * 3000  # 150,000 characters, past the limit
    path = _write(tmp_path, HEADER + good.format("T1") + good.format(spoiled) + rest)
    with pytest.raises(OrderLogError) as error:
        read_order_log(path, skip_bad_rows=True)
    assert str(error.value) == (
        f"{path}:3: cannot read the row (field larger than field limit (131072)); expected "
        'fields of at most 131,072 characters, every opening quote (") closed')


def test_a_row_the_csv_reader_cannot_read_exits_2(tmp_path: Path, cli) -> None:  # noqa: ANN001
    good = "2025-01-06T09:00,2025-01-06T10:00,3,,install,,,{},,\n"
    path = _write(tmp_path, HEADER + good.format('"T1') + good.format("T2") * 3000)
    done = cli("calibrate", path, "--into", "out.json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: {path}:2: cannot read the row (field larger")
    assert not (tmp_path / "out.json").exists()


def test_a_year_out_of_range_is_a_bad_value(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "9999-12-31T23:59:59+14:00,,3,,install,,,,,\n"
                  + "0001-01-01T00:00:00+08:00,,3,,install,,,,,\n"
                  + "2025-01-06 09:00,1969-12-31 23:00,3,,install,,,,,\n")
    with pytest.raises(OrderLogError) as caught:
        read_order_log(path)
    assert str(caught.value).splitlines()[1:] == [
        f"{path}:2: entry_time: expected a year in 1970..2199, got '9999-12-31T23:59:59+14:00'",
        f"{path}:3: entry_time: expected a year in 1970..2199, got '0001-01-01T00:00:00+08:00'",
        f"{path}:4: completion_time: expected a year in 1970..2199, got '1969-12-31 23:00'"]


def test_a_row_far_from_the_others_is_a_bad_row(tmp_path: Path) -> None:
    # February 2025, and one row typed 2035: more than 31 days from any other order. The
    # gap of exactly 31 days (28 February -> 31 March) is a quiet month, not a typo.
    rows = [f"2025-02-{day:02d} 09:00,,3,,repair,,,,,\n" for day in range(1, 29)]
    rows += ["2025-03-31 09:00,,3,,repair,,,,,\n", "2035-02-01 08:00,,3,,install,,,,,\n"]
    path = _write(tmp_path, HEADER + "".join(rows))
    message = (f"{path}:31: entry_time: expected a date within 31 days of the log's other "
               "orders (2025-02-01 .. 2025-03-31), got 2035-02-01T08:00:00+08:00")
    with pytest.raises(OrderLogError) as caught:
        read_order_log(path)
    assert str(caught.value).splitlines()[1:] == [message]
    log = read_order_log(path, skip_bad_rows=True)
    assert len(log.orders) == 29 and log.problems == [message]
    assert log.skipped == {"entry_time far from the other orders": 1}
