"""Shared fixtures: tiny scenarios (three days of refcity) and runs of them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# Figures are drawn off screen; set before anything imports pyplot.
os.environ.setdefault("MPLBACKEND", "Agg")

# Started in the background by a shell without job control, the tests inherit
# SIGINT ignored (and so would the commands they start): the interrupt tests
# need it delivered, as at a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import pytest

import fieldsim

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCENARIOS = HERE / "scenarios"
TINY = SCENARIOS / "tiny.json"
BAD_WORK_TIME = SCENARIOS / "bad-work-time.json"
MONTH = REPO / "scenarios" / "refcity" / "month.json"

Cli = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def tiny() -> fieldsim.Scenario:
    """Refcity with three days of orders."""
    return fieldsim.load(TINY)


@pytest.fixture(scope="session")
def tiny_run(tiny: fieldsim.Scenario) -> fieldsim.RunResult:
    """Three replications of the tiny scenario, with the order log."""
    return fieldsim.run(tiny, replications=3, seed=5, keep_orders=True, progress=False)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Run ``fieldsim ARGS`` as a user would: a new process, in a scratch directory.

    ``env`` adds to (or overrides) the environment, e.g. ``{"COLUMNS": "80"}``.
    """
    # Tables follow an exported COLUMNS: the tests' shell must not set their width.
    base = {name: value for name, value in os.environ.items() if name != "COLUMNS"}

    def invoke(*args: object, timeout: float = 120,
               env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "fieldsim", *map(str, args)]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=timeout,
                              check=False, env={**base, **(env or {})})

    return invoke
