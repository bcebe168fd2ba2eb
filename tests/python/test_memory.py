"""A run's orders, events and memory, known before it starts; too large is refused."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MONTH, REPO, TINY, Cli

import fieldsim
from fieldsim import memory
from fieldsim.runner import RunTooLarge


def test_parse_size() -> None:
    assert memory.parse_size("1000") == 1000
    assert memory.parse_size("512M") == 512 * 2**20
    assert memory.parse_size("1.5G") == 3 * 2**29
    assert memory.parse_size("2GiB") == memory.parse_size("2gb") == 2 * 2**30
    for bad in ("", "G", "-1G", "0", "1X", "1e99T"):
        with pytest.raises(ValueError, match="expected a size such as 512M or 4G"):
            memory.parse_size(bad)


def test_format_bytes() -> None:
    assert memory.format_bytes(999) == "999 B"
    assert memory.format_bytes(1536) == "1.5 KB"
    assert memory.format_bytes(350 * 2**20) == "350 MB"
    assert memory.format_bytes(1.25 * 2**30) == "1.2 GB"
    assert memory.format_bytes(3 * 2**40) == "3.0 TB"


def test_available_memory_reads_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       32000000 kB\nMemFree:         1000 kB\n"
                       "MemAvailable:    2000000 kB\n")
    assert memory.available_memory(meminfo) == 2_000_000 * 1024
    meminfo.write_text("MemTotal: 1 kB\n")
    assert memory.available_memory(meminfo) is None
    assert memory.available_memory(tmp_path / "none") is None


def test_run_size_by_hand(tiny: fieldsim.Scenario) -> None:
    # tiny: three days of refcity month, 130 technicians on 64 zones.
    one = memory.run_size(tiny, 1, threads=1)
    assert one.orders == pytest.approx(tiny.expected_orders)
    # Two events an order (its arrival and its visit) and each day's shift events.
    assert one.events > 2 * one.orders
    assert one.memory["world"] == 64 * 64 * 8
    assert one.memory["order_log"] == 0
    kept = memory.run_size(tiny, 10, threads=2, keep_orders=True)
    # The order log grows with the replications, the working set with the threads.
    assert kept.memory["order_log"] > 10 * one.orders * memory.FRAME_BYTES_PER_ORDER
    assert kept.memory["working"] == pytest.approx(2 * one.memory["working"])
    assert kept.memory["results"] == pytest.approx(10 * one.memory["results"])


def test_validate_prints_orders_events_and_memory(cli: Cli) -> None:
    done = cli("validate", MONTH, "-n", "50", "-t", "2", "--orders")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "orders a replication and" in lines[1] and lines[1].endswith("events")
    assert lines[2].startswith("50 replications on 2 threads with the order log: about ")
    assert " MB of memory" in lines[2]
    assert max(map(len, lines[1:])) <= 90


def test_max_memory_refuses_the_run_before_it_starts(cli: Cli, tmp_path: Path) -> None:
    started = time.monotonic()
    done = cli("run", MONTH, "-n", "200", "--orders", tmp_path / "orders.csv",
               "--max-memory", "100M")
    assert done.returncode == 2, done.stderr
    assert "200 replications of about" in done.stderr
    assert "the limit given is 100 MB; use fewer replications or no order log" \
        in done.stderr
    assert time.monotonic() - started < 20
    assert not (tmp_path / "orders.csv").exists()


def test_max_memory_is_a_usage_error_when_malformed(cli: Cli) -> None:
    done = cli("run", TINY, "--max-memory", "lots")
    assert done.returncode == 2
    assert "expected a size such as 512M or 4G, got 'lots'" in done.stderr


def test_run_refused_when_the_machine_has_too_little(tiny: fieldsim.Scenario,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "available_memory", lambda: 10 * 2**20)
    with pytest.raises(RunTooLarge, match=r"10 MB are available \(MemAvailable in /proc/meminfo\)"):
        fieldsim.run(tiny, replications=2, progress=False)
    with pytest.raises(RunTooLarge, match="would need about"):  # sized before any point runs
        fieldsim.sweep(tiny, {"technicians.count": [100, 120]}, replications=2, progress=False)


def _peak_rss_of(command: list[str], cwd: Path) -> float:
    """Bytes: the peak resident memory of `command` run to its end."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, *command], cwd=cwd, capture_output=True,
                          text=True, check=True)
    return int(done.stdout.split()[-1]) * 1024.0  # Linux reports kB


def _check_estimate(scenario: Path, replications: int, threads: int, keep_orders: bool,
                    cwd: Path) -> None:
    """Run `scenario` and compare its peak with the estimate."""
    command = [sys.executable, "-m", "fieldsim", "run", str(scenario), "-n", str(replications),
               "-t", str(threads)] + (["--orders", "orders.parquet"] if keep_orders else [])
    peak = _peak_rss_of(command, cwd)
    estimate = memory.run_size(fieldsim.load(scenario), replications, threads=threads,
                               keep_orders=keep_orders).memory_bytes
    # Safe, but not so loose that a sound run would be refused.
    assert peak <= estimate <= 2.5 * peak, (peak, estimate)


def _overloaded_month(repairs_per_day: float, folder: Path) -> Path:
    """Refcity month with far more repairs than 130 technicians can do: the orders pile up."""
    scenario = folder / "overloaded.json"
    overloaded = fieldsim.load(MONTH).with_({"orders.1.per_day": repairs_per_day})
    scenario.write_text(overloaded.to_json())
    return scenario


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in kB is Linux's")
def test_the_estimate_covers_the_measured_peak(tmp_path: Path) -> None:
    assert resource.RUSAGE_CHILDREN
    _check_estimate(MONTH, 16, 2, True, tmp_path)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in kB is Linux's")
def test_the_estimate_covers_the_peak_of_a_backlog(tmp_path: Path) -> None:
    # 100,000 repairs a day bring 60 times the work the shifts hold: 3 million
    # orders, nearly all open at the horizon, where a week's were counted.
    _check_estimate(_overloaded_month(1e5, tmp_path), 2, 2, False, tmp_path)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as Linux has it")
def test_a_run_out_of_memory_is_a_clear_error(tmp_path: Path) -> None:
    # A run the estimate lets through (--max-memory) under a 1 GiB address
    # space: 9 million orders pile up, about 1 GB, and the engine's allocation fails.
    scenario = _overloaded_month(3e5, tmp_path)
    command = [sys.executable, "-m", "fieldsim", "run", str(scenario), "-n", "1", "-t", "1",
               "--max-memory", "100G"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)))
    assert done.returncode == 2, done.stderr
    assert done.stderr == ("error: the run needed more memory than is available; use fewer "
                           "replications or threads (see scenarios/README.md \"Limits\")\n")


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in kB is Linux's")
def test_an_orders_csv_is_validated_within_the_run_s_estimate(tmp_path: Path) -> None:
    # Parsing had held about 700 bytes a row, more than the run was estimated at.
    rows = "0,08:00,1,repair,5\n" * 500_000
    (tmp_path / "o.csv").write_text("day,at,zone,kind,work_min\n" + rows)
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({
        "extends": [str(REPO / "tests" / "scenarios" / "base.json")], "name": "csv",
        "orders": [{"csv": "o.csv", "expected_work_min": {"install": 60, "repair": 5}}]}))
    peak = _peak_rss_of([sys.executable, "-m", "fieldsim", "validate", str(scenario), "-n", "1",
                         "-t", "1"], tmp_path)
    assert peak <= memory.run_size(fieldsim.load(scenario), 1, threads=1).memory_bytes


def test_max_memory_takes_a_size_in_python_too(tiny: fieldsim.Scenario) -> None:
    with pytest.raises(RunTooLarge, match=r"the limit given is 1.0 KB"):
        fieldsim.run(tiny, replications=2, max_memory="1K", progress=False)
    assert fieldsim.run(tiny, replications=1, max_memory="4G", progress=False).replications.shape[0] == 1
