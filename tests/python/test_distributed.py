"""fieldsim.distributed.run: replications on Dask workers, merged to the same numbers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

import fieldsim
from fieldsim.distributed import split

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def _assert_same(split_run: fieldsim.RunResult, whole: fieldsim.RunResult) -> None:
    pd.testing.assert_frame_equal(split_run.summary, whole.summary, check_exact=True)
    pd.testing.assert_frame_equal(split_run.replications, whole.replications, check_exact=True)
    pd.testing.assert_frame_equal(split_run.technicians, whole.technicians, check_exact=True)


@pytest.mark.parametrize("chunks", [None, 3])
def test_same_numbers_as_a_local_run(client, tiny: fieldsim.Scenario, chunks: int | None) -> None:
    whole = fieldsim.run(tiny, replications=5, seed=3, progress=False)
    spread = fieldsim.distributed.run(tiny, 5, 3, client, chunks=chunks)
    _assert_same(spread, whole)
    assert spread.seed == 3 and spread.scenario == tiny


def test_order_logs_merge_in_replication_order(client, tiny: fieldsim.Scenario) -> None:
    whole = fieldsim.run(tiny, replications=3, seed=8, keep_orders=True, progress=False)
    spread = fieldsim.distributed.run(tiny, 3, 8, client, chunks=3, keep_orders=True)
    _assert_same(spread, whole)
    pd.testing.assert_frame_equal(spread.orders, whole.orders, check_exact=True)


def test_split_ranges() -> None:
    assert split(10, 3) == [(0, 4), (4, 3), (7, 3)]
    assert split(2, 5) == [(0, 1), (1, 1)]
    assert split(4, 1) == [(0, 4)]
    with pytest.raises(ValueError):
        split(0, 2)


def test_worker_processes_get_the_scenario_by_pickle(tiny: fieldsim.Scenario) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        spread = fieldsim.distributed.run(tiny, 4, 6, c)
    _assert_same(spread, fieldsim.run(tiny, replications=4, seed=6, progress=False))


def test_a_client_whose_scheduler_died_fails_fast_naming_it(tiny: fieldsim.Scenario) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--dashboard-address", ":0", "--no-show"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = distributed.Client(address, timeout=30)
    finally:
        scheduler.kill()
        scheduler.wait()
    try:
        started = time.monotonic()
        with pytest.raises(fieldsim.distributed.SchedulerUnreachable,
                           match=f"the Dask scheduler at {address} does not answer"):
            fieldsim.distributed.run(tiny, 4, 1, client)
        assert time.monotonic() - started < 10
    finally:
        client.close(timeout=1)
