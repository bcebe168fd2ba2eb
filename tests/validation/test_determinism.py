"""Same seed, same numbers: whatever the thread count, and from the CLI.

Each replication owns its random streams and runs on one thread, so the
thread count may only change which core does the work, never a value; the
checks are exact.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import fieldsim

from .scenarios import MONTH

REPLICATIONS = 6
SEED = 3
THREADS = (1, 2, 4)


@pytest.fixture(scope="module")
def runs(month: fieldsim.Scenario) -> dict[int, fieldsim.RunResult]:
    return {
        threads: fieldsim.run(month, replications=REPLICATIONS, seed=SEED, threads=threads,
                              keep_orders=True, progress=False)
        for threads in THREADS
    }


@pytest.mark.parametrize("threads", THREADS[1:])
@pytest.mark.parametrize("frame", ["summary", "replications", "technicians", "orders"])
def test_thread_count_changes_nothing(
    runs: dict[int, fieldsim.RunResult], threads: int, frame: str
) -> None:
    pd.testing.assert_frame_equal(getattr(runs[1], frame), getattr(runs[threads], frame), check_exact=True)


def test_replications_differ(runs: dict[int, fieldsim.RunResult]) -> None:
    """Identical results must not come from identical replications."""
    assert runs[1].replications["orders_install"].nunique() == REPLICATIONS


def test_cli_summary_equals_api(runs: dict[int, fieldsim.RunResult], tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    command = [sys.executable, "-m", "fieldsim", "run", str(MONTH),
               "--replications", str(REPLICATIONS), "--seed", str(SEED), "--json", str(out)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    cli = json.loads(out.read_text())["summary"]
    api = runs[1].summary["mean"]
    assert list(cli) == list(api.index)
    for output, mean in api.items():
        expected = None if math.isnan(mean) else mean
        assert cli[output]["mean"] == expected, output
