"""Refcity is the guard: every output and one per-order log stay identical.

The golden files in ``tests/golden`` were recorded by ``tests/golden/record.py``;
a change that alters them must name the documented rule that makes it so.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

import fieldsim
from fieldsim.runner import run_raw

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
sys.path.insert(0, str(GOLDEN))
import record  # noqa: E402

EXPECTED = json.loads((GOLDEN / "refcity.json").read_text())


@pytest.mark.parametrize("run", sorted(EXPECTED["runs"]))
def test_every_output_of_every_replication_is_unchanged(run: str) -> None:
    preset, seed = run.split("/seed")
    expected = EXPECTED["runs"][run]
    raw = run_raw(record.scenario(preset), len(expected), int(seed), threads=2)
    got = [dict(zip(fieldsim.OUTPUT_NAMES, map(record.plain, row))) for row in raw["values"]]
    for replication, (want, have) in enumerate(zip(expected, got)):
        changed = {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}
        assert not changed, f"{run} replication {replication}: (golden, now) {changed}"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def logged() -> dict:
    return record.logged_run()


def test_the_per_order_log_is_unchanged(logged: dict) -> None:
    want = rows(gzip.open(GOLDEN / "refcity-month-orders.csv.gz", "rt").read())
    have = rows(record.csv_text(logged["orders"]))
    assert len(have) == len(want)
    assert any(row["late"] == "True" for row in want)  # the log exercises settlement
    for w, h in zip(want, have):
        assert {k: h.get(k) for k in w} == w


def test_the_per_technician_log_is_unchanged(logged: dict) -> None:
    want = rows((GOLDEN / "refcity-month-technicians.csv").read_text())
    have = rows(record.csv_text(record.per_technician(logged["technicians"])))
    assert [{k: h.get(k) for k in w} for w, h in zip(want, have)] == want
    assert len(have) == len(want)
