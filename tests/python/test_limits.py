"""Absurd sizes and bad bytes are refused up front, as usage or scenario errors (issue 15)."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MONTH, TINY, Cli

import fieldsim
from fieldsim import ScenarioError
from fieldsim.runner import RunTooLarge

BAD = Path(__file__).resolve().parents[1] / "scenarios" / "bad"
YEAR = MONTH.parent / "year.json"


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--seed", str(2**64), "expected an integer from 0 to 18446744073709551615"),
    ("-t", str(10**10), "expected an integer from 1 to 1024"),
    ("-n", str(10**12), "expected an integer from 1 to 1000000"),
    ("-n", "9" * 5000, "... (5000 characters)"),
])
def test_out_of_range_options_are_usage_errors(cli: Cli, option: str, value: str,
                                               said: str) -> None:
    done = cli("run", TINY, option, value)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert len(done.stderr) < 2000


def test_replications_times_orders_budget_refused_before_work(cli: Cli) -> None:
    started = time.monotonic()
    done = cli("run", YEAR, "-n", "1000000")
    assert done.returncode == 2, done.stderr
    assert "1000000 replications x about" in done.stderr
    assert "the limit is 1e+10 a run" in done.stderr
    assert time.monotonic() - started < 30


def test_kept_order_log_budget(tiny: fieldsim.Scenario) -> None:
    with pytest.raises(RunTooLarge, match="keeping the order log"):
        fieldsim.run(MONTH, replications=1000, keep_orders=True, progress=False)


def test_validate_prints_expected_orders(cli: Cli) -> None:
    done = cli("validate", TINY)
    assert done.returncode == 0, done.stderr
    assert "orders a replication" in done.stdout


def test_expected_orders_of_refcity() -> None:
    month = fieldsim.load(MONTH)
    assert 10_000 < month.expected_orders < 100_000


@pytest.mark.parametrize("name", ["days-huge.json", "utf8-ill-formed.json",
                                  "csv-utf8-ill-formed.json", "number-overflow.json",
                                  "nesting-deep.json", "orders-expected-too-many.json",
                                  "key-twice.json"])
def test_bad_files_are_scenario_errors_on_the_command_line(cli: Cli, name: str) -> None:
    done = cli("validate", BAD / name)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr


def test_ill_formed_utf8_is_reported_not_decoded() -> None:
    with pytest.raises(ScenarioError, match=r"bad-utf8\.csv:2: ill-formed UTF-8 at column"):
        fieldsim.load(BAD / "csv-utf8-ill-formed.json")
    with pytest.raises(ScenarioError, match=r"ill-formed UTF-8"):
        fieldsim.load(BAD / "utf8-ill-formed.json")


def test_deep_document_from_python_is_a_scenario_error() -> None:
    document = json.loads((TINY).read_text())
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    document["description"] = deep
    with pytest.raises(ScenarioError):
        fieldsim.load(document)
    shallow: list[object] = []
    for _ in range(100):
        shallow = [shallow]
    document["description"] = shallow
    with pytest.raises(ScenarioError, match="nested deeper than 64 levels"):
        fieldsim.load(document)


def test_long_bad_value_is_shortened() -> None:
    with pytest.raises(ScenarioError) as error:
        fieldsim.load(BAD / "value-long.json")
    assert "(5002 characters)" in str(error.value)
    assert len(str(error.value)) < 400


def test_ctrl_c_in_one_long_replication(tmp_path: Path) -> None:
    """A single replication of years of orders still stops within a second or two."""
    document = json.loads(MONTH.read_text())
    scenario = tmp_path / "long.json"
    # About 1.5e7 orders in one replication: near the limit, far more than a test waits for.
    document["horizon"] = {"days": 3660}
    document["demand"] = {"day_factor": {"mean": 5.0, "sd": 0.2}}
    document["technicians"]["count"] = 650
    document["extends"] = [str((MONTH.parent / p).resolve()) for p in document["extends"]]
    scenario.write_text(json.dumps(document))
    assert fieldsim.load(scenario).expected_orders > 1e7
    out = tmp_path / "out" / "summary.json"
    out.parent.mkdir()
    command = [sys.executable, "-m", "fieldsim", "run", str(scenario), "-n", "1", "-t", "1",
               "--json", str(out), "--progress"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # The bar shows once the run has gone on for a moment; then into the event loop.
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no progress bar within 60 s"
        time.sleep(1.0)
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, err = process.communicate(timeout=20)
        waited = time.monotonic() - sent
    finally:
        process.kill()
    assert process.returncode == 130, err.decode()
    assert waited < 2.5
    assert list(out.parent.iterdir()) == []


def test_sweep_checks_every_point_before_the_first_runs() -> None:
    calls: list[float] = []
    with pytest.raises(RunTooLarge, match="replications x about"):
        # The first point is small; the second brings 500,000 installs a day for 30 days.
        fieldsim.sweep(MONTH, {"orders.0.per_day": [1, 500_000]}, replications=1000,
                       progress=calls.append)
    assert calls == []
