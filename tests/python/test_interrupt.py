"""Ctrl-C: a run stops within a second, the bar is closed, nothing half-written stays."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import MONTH

import fieldsim
from fieldsim.progress import ProgressBar

# Far more work than any test waits for: only an interrupt ends it in time.
ENDLESS = 100_000


def _interrupt_me_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.parametrize("progress", [False, "callback"])
def test_ctrl_c_raises_keyboard_interrupt_quickly(tiny: fieldsim.Scenario, progress: object) -> None:
    seen: list[float] = []
    callback = seen.append if progress == "callback" else False
    timer = _interrupt_me_after(0.5)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        fieldsim.run(tiny, replications=ENDLESS, threads=2, progress=callback)
    timer.join()
    assert time.monotonic() - started < 0.5 + 1.0


def test_progress_bar_closed_on_interrupt(tiny: fieldsim.Scenario) -> None:
    bar = ProgressBar("test", delay=0.0)
    timer = _interrupt_me_after(0.5)
    with pytest.raises(KeyboardInterrupt), bar:
        fieldsim.run(tiny, replications=ENDLESS, threads=2, progress=bar)
    timer.join()
    assert not bar.visible


def test_sigint_to_cli_exits_130_without_output(tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    command = [sys.executable, "-m", "fieldsim", "run", str(MONTH), "-n", str(ENDLESS),
               "--json", str(out), "--progress"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # The bar shows once the run has gone on for a moment: then interrupt it.
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no progress bar within 60 s"
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, err = process.communicate(timeout=10)
        assert time.monotonic() - sent < 5
    finally:
        process.kill()
    assert process.returncode == 130, err.decode()
    assert b"interrupted" in err
    assert list(tmp_path.iterdir()) == []
