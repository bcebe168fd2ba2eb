"""Sweeps and the optimiser on Dask: the same numbers as here, a worker lost
mid-sweep costs nothing, and --dask on the command line."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY, Cli

import fieldsim

distributed = pytest.importorskip("distributed")

GRID = {"technicians.count": [90, 130], "evening.premium_cny": [0, 30]}


def _assert_same(spread: fieldsim.SweepResult, local: fieldsim.SweepResult) -> None:
    pd.testing.assert_frame_equal(spread.table, local.table, check_exact=True)
    pd.testing.assert_frame_equal(spread.replications, local.replications, check_exact=True)
    for a, b in zip(spread.runs, local.runs):
        pd.testing.assert_frame_equal(a.technicians, b.technicians, check_exact=True)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local_cluster:
        yield local_cluster


def test_sweep_on_dask_is_bit_identical(cluster, tiny: fieldsim.Scenario) -> None:
    local = fieldsim.sweep(tiny, GRID, replications=5, seed=4, progress=False)
    with distributed.Client(cluster) as client:
        spread = fieldsim.sweep(tiny, GRID, replications=5, seed=4, client=client, batch=2)
    _assert_same(spread, local)


def test_a_worker_killed_mid_sweep_loses_and_duplicates_nothing(cluster,
                                                                tiny: fieldsim.Scenario) -> None:
    local = fieldsim.sweep(tiny, GRID, replications=12, seed=9, progress=False)
    with distributed.Client(cluster) as client:
        victim = sorted(client.scheduler_info()["workers"])[0]
        started = threading.Event()

        def kill_when_busy() -> None:
            # SIGKILL the worker process as soon as the scheduler has handed it work.
            while not client.processing(workers=[victim]).get(victim):
                pass
            nanny = next(n for n in cluster.workers.values() if n.worker_address == victim)
            os.kill(nanny.process.process.pid, signal.SIGKILL)
            started.set()

        killer = threading.Thread(target=kill_when_busy, daemon=True)
        killer.start()
        spread = fieldsim.sweep(tiny, GRID, replications=12, seed=9, client=client, batch=1)
        killer.join(timeout=30)
        assert victim not in client.scheduler_info()["workers"]  # it did die
    assert started.is_set()
    _assert_same(spread, local)
    assert all(run.n_replications == 12 for run in spread.runs)


def test_optimise_on_dask_gives_the_local_answer(cluster, tiny: fieldsim.Scenario) -> None:
    arguments = {"decisions": {"technicians.count": range(80, 131, 10),
                               "evening.premium_cny": [0, 30]},
                 "constraints": {"breach_rate_install": 0.05}, "indifference_cny": 500,
                 "tolerance": 0.25, "max_replications": 40, "seed": 2}
    local = fieldsim.optimise(tiny, **arguments)
    with distributed.Client(cluster) as client:
        spread = fieldsim.optimise(tiny, client=client, **arguments)
    assert spread.chosen == local.chosen
    pd.testing.assert_frame_equal(spread.candidates, local.candidates, check_exact=True)


def test_cli_sweep_dask_local(cli: Cli, tmp_path: Path) -> None:
    arguments = ("sweep", TINY, "--set", "technicians.count=90,130", "-n", "3", "--seed", "2",
                 "--json")
    here = cli(*arguments, "here.json")
    there = cli(*arguments, "there.json", "--dask", "local:1", timeout=300)
    assert here.returncode == 0 and there.returncode == 0, there.stderr
    assert (tmp_path / "here.json").read_text() == (tmp_path / "there.json").read_text()


def test_cli_dask_bad_address_exits_2(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=90", "-n", "2", "--dask", "nowhere")
    assert done.returncode == 2 and "local:N or tcp://HOST:PORT" in done.stderr


def test_no_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fieldsim.distributed, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(OSError, match="no Dask scheduler answers at tcp://127.0.0.1:9"):
        with fieldsim.distributed.connect("tcp://127.0.0.1:9"):
            pass
