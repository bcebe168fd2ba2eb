"""Ctrl-C: a run stops within a second, the bar is closed, nothing half-written stays."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pytest
from conftest import MONTH, TINY

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


@pytest.mark.parametrize(("command", "shown"), [
    (["run", str(MONTH), "-n", str(ENDLESS), "--json", "out.json"], b"%"),
    # The optimiser's length is not known: its bar is of the candidate running
    # ("now 150 (+20); 1 candidate run, 20 replications", whichever it is then).
    (["optimise", str(MONTH), "--decide", "technicians.count=100:200", "--target",
      "breach_rate_install<=0.001", "--max-replications", str(ENDLESS), "--csv", "out.csv"],
     b" run, "),
])
def test_sigint_to_cli_exits_130_without_output(tmp_path: Path, command: list[str],
                                                shown: bytes) -> None:
    command = [sys.executable, "-m", "fieldsim", *command, "--progress"]
    said = b""

    def bar_shown(stderr: IO[bytes]) -> None:
        # The bar shows once the run has gone on for a moment: then interrupt it.
        nonlocal said
        said = _wait_for_line(stderr, shown, 60)

    seconds, code, err = _interrupt_when(command, bar_shown, cwd=tmp_path)
    assert seconds < 5
    assert code == 130, (said + err).decode()
    assert b"interrupted" in err and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _interrupt_when(command: list[str], ready: Callable[[IO[bytes]], object],
                    env: dict[str, str] | None = None,
                    cwd: Path | None = None) -> tuple[float, int, bytes]:
    """Start `command`, send it SIGINT once `ready(its stderr)` returns.

    Returns the seconds it took to end after the signal, its exit code and its
    stderr (after what `ready` read).
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               cwd=cwd)
    try:
        ready(process.stderr)
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, err = process.communicate(timeout=10)
        return time.monotonic() - sent, process.returncode, err
    finally:
        process.kill()


def _wait_for_line(stream: IO[bytes], wanted: bytes, seconds: float) -> bytes:
    """What `stream` said up to and including the line `wanted` (at most `seconds`)."""
    said = b""
    deadline = time.monotonic() + seconds
    while wanted not in said:
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {wanted!r} within {seconds} s; got {said!r}"
        chunk = os.read(stream.fileno(), 4096)
        assert chunk, f"the process ended before {wanted!r}: {said!r}"
        said += chunk
    return said


# Each step outside the replications holds at its first check for Ctrl-C when
# FIELDSIM_TEST_PAUSE names it: the signal is then sent inside that step.
@pytest.mark.parametrize("step", ["loading", "world", "frames", "writing"])
def test_sigint_in_each_step_exits_130_without_output(tmp_path: Path, step: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "orders.csv").write_text("an older run's\n")
    command = [sys.executable, "-m", "fieldsim", "run", str(TINY), "-n", "3", "-t", "2",
               "--json", str(out / "summary.json"), "--csv", str(out / "summary.csv"),
               "--orders", str(out / "orders.csv")]
    paused = f"fieldsim: paused in {step}\n".encode()
    seconds, code, err = _interrupt_when(
        command, lambda stderr: _wait_for_line(stderr, paused, 60),
        env={**os.environ, "FIELDSIM_TEST_PAUSE": step})
    assert seconds < 2
    assert code == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    # Nothing new, nothing half-written: the older file as it was, no temporary left.
    assert [p.name for p in out.iterdir()] == ["orders.csv"]
    assert (out / "orders.csv").read_text() == "an older run's\n"


class _InterruptAfterCpu(threading.Thread):
    """SIGINT once this process has used `seconds` more CPU time, unless cancelled.

    CPU time, not wall time: on a shared machine another job can stretch a run's
    wall time twofold, but not the CPU time the run itself needs.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(daemon=True)
        self._due = time.process_time() + seconds
        self._cancelled = threading.Event()
        self.start()

    def run(self) -> None:
        while not self._cancelled.wait(0.001):
            if time.process_time() >= self._due:
                os.kill(os.getpid(), signal.SIGINT)
                return

    def cancel(self) -> None:
        self._cancelled.set()


def test_random_interrupts_leave_complete_results_or_none(tiny: fieldsim.Scenario) -> None:
    """Ctrl-C at 100 random moments of runs on two threads: each result is whole or absent."""
    def run() -> fieldsim.RunResult:
        return fieldsim.run(tiny, replications=60, seed=4, threads=2, progress=False)

    started = time.process_time()
    reference = run()
    length = time.process_time() - started
    moments = np.random.default_rng(15).uniform(0.0, 1.3 * length, 100)
    interrupted = 0
    for moment in moments:
        result = None
        try:
            timer = _InterruptAfterCpu(moment)
            try:
                result = run()
            finally:
                timer.cancel()  # too late once the run is over
                timer.join()
        except KeyboardInterrupt:
            interrupted += 1
            continue
        pd.testing.assert_frame_equal(result.summary, reference.summary, check_exact=True)
        pd.testing.assert_frame_equal(result.replications, reference.replications,
                                      check_exact=True)
        pd.testing.assert_frame_equal(result.technicians, reference.technicians, check_exact=True)
    # Both outcomes happened: the moments spanned the runs.
    assert 10 <= interrupted <= 95, interrupted


def test_the_next_run_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    command = [sys.executable, "-m", "fieldsim", "run", str(TINY), "-n", "2",
               "--orders", str(orders)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "FIELDSIM_TEST_PAUSE": "writing"})
    try:
        _wait_for_line(process.stderr, b"fieldsim: paused in writing\n", 60)
    finally:
        process.kill()  # SIGKILL: no clean-up of its own
        process.communicate()
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".orders.csv.") and left[0].endswith(".tmp")
    done = subprocess.run(command, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["orders.csv"]
