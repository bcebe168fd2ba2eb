"""Replications spread over a Dask cluster.

A replication is a pure function of (scenario, seed, replication index), so
a run can be cut into index ranges, each run anywhere, and merged in index
order: the result is the one :func:`fieldsim.run` gives, number for number.

Needs ``dask.distributed`` (``pip install fieldsim[distributed]``).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from fieldsim.result import RawRun, RunResult, merge_raw
from fieldsim.runner import run_raw
from fieldsim.scenario import Scenario, ScenarioLike, load

if TYPE_CHECKING:
    from distributed import Client

#: Seconds a scheduler has to answer before a run gives up on it.
SCHEDULER_TIMEOUT_S = 5.0


class SchedulerUnreachable(ConnectionError):
    """The client's Dask scheduler is gone (stopped, crashed, unreachable)."""


#: Seconds to wait for a remote scheduler before giving up.
CONNECT_TIMEOUT_S = 10


def run(
    scenario: ScenarioLike,
    replications: int,
    seed: int,
    client: Client,
    chunks: int | None = None,
    *,
    threads_per_chunk: int = 1,
    keep_orders: bool = False,
) -> RunResult:
    """Run a scenario with its replications spread over Dask workers.

    Parameters
    ----------
    scenario : Scenario, str, path-like or Mapping
        What to run.
    replications : int
        Number of replications in all.
    seed : int
        The seed, as in :func:`fieldsim.run`.
    client : distributed.Client
        A client of the cluster to use.
    chunks : int, optional
        Number of tasks (contiguous replication ranges); default one per
        worker thread of the cluster, at most one per replication.
    threads_per_chunk : int, default 1
        Engine threads inside each task (Dask already runs tasks in parallel).
    keep_orders : bool, default False
        Keep and gather the per-order logs.

    Returns
    -------
    RunResult
        Equal to ``fieldsim.run(scenario, replications, seed,
        keep_orders=keep_orders)``: same replications, same summary.

    Raises
    ------
    SchedulerUnreachable
        Within seconds, if the client's scheduler does not answer.

    Examples
    --------
    >>> from distributed import Client, LocalCluster  # doctest: +SKIP
    >>> with LocalCluster(n_workers=2) as cluster, Client(cluster) as client:  # doctest: +SKIP
    ...     result = fieldsim.distributed.run("scenarios/refcity/month.json", 40, 1, client)
    """
    scenario = load(scenario)
    check_scheduler(client)
    started = time.perf_counter()
    ranges = split(replications, chunks if chunks is not None else _worker_threads(client))
    parts = run_ranges(client, [(scenario, first, count) for first, count in ranges], seed,
                       threads_per_chunk, keep_orders)
    return RunResult.from_core(merge_raw(parts), scenario, seed,
                               elapsed_s=time.perf_counter() - started)


def run_points(client: Client, scenarios: Sequence[Scenario], replications: int, seed: int,
               batch: int) -> list[RunResult]:
    """Run every scenario for `replications` replications as (point x batch) tasks.

    Returns one :class:`RunResult` per scenario, equal to ``fieldsim.run``'s.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, got {batch}")
    check_scheduler(client)
    ranges = split(replications, math.ceil(replications / batch))
    started = time.perf_counter()
    parts = run_ranges(client, [(scenario, first, count) for scenario in scenarios
                                for first, count in ranges], seed)
    elapsed = time.perf_counter() - started
    return [RunResult.from_core(merge_raw(parts[i * len(ranges):(i + 1) * len(ranges)]),
                                scenario, seed, elapsed_s=elapsed)
            for i, scenario in enumerate(scenarios)]


@contextlib.contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster `address` names: ``local:N`` starts a
    LocalCluster of N single-threaded worker processes for the duration,
    ``tcp://HOST:PORT`` connects to a running scheduler.

    Raises
    ------
    ValueError
        If `address` is neither form.
    OSError
        If no scheduler answers at `address` within CONNECT_TIMEOUT_S.
    """
    from distributed import Client, LocalCluster

    kind, _, rest = address.partition(":")
    if kind == "local":
        if not rest.isdigit() or not 1 <= int(rest) <= 256:
            raise ValueError(f"expected local:N with N from 1 to 256, got {address!r}")
        with LocalCluster(n_workers=int(rest), threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    if kind != "tcp" or not rest.startswith("//"):
        raise ValueError(f"expected local:N or tcp://HOST:PORT, got {address!r}")
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        raise OSError(f"no Dask scheduler answers at {address}: {error}") from error
    with client:
        yield client


def run_ranges(client: Client, ranges: Sequence[tuple[Scenario, int, int]], seed: int,
               threads_per_task: int = 1, keep_orders: bool = False) -> list[RawRun]:
    """Run (scenario, first replication, count) ranges as tasks; raw results in order.

    Each scenario travels as its JSON document and is validated again on
    the worker. A task whose worker dies is run again elsewhere by the
    scheduler: a replication is a pure function of its inputs, so nothing
    is lost or counted twice.
    """
    futures = [client.submit(_run_range, scenario, first, count, seed, threads_per_task,
                             keep_orders, pure=False)
               for scenario, first, count in ranges]
    try:
        return client.gather(futures)
    except BaseException:
        client.cancel(futures)  # Ctrl-C or a failed task: stop the rest too
        raise


def split(replications: int, chunks: int) -> list[tuple[int, int]]:
    """Cut ``range(replications)`` into `chunks` contiguous (first, count) ranges.

    Sizes differ by at most one; there are never more ranges than
    replications.

    Examples
    --------
    >>> split(10, 3)
    [(0, 4), (4, 3), (7, 3)]
    """
    if replications < 1 or chunks < 1:
        raise ValueError(f"need replications >= 1 and chunks >= 1, got {replications} and {chunks}")
    chunks = min(chunks, replications)
    size, extra = divmod(replications, chunks)
    ranges, first = [], 0
    for index in range(chunks):
        count = size + (index < extra)
        ranges.append((first, count))
        first += count
    return ranges


def check_scheduler(client: Client, timeout_s: float = SCHEDULER_TIMEOUT_S) -> None:
    """Fail within `timeout_s` seconds if the client's scheduler does not answer.

    Without this a client whose scheduler has died waits for it to come back
    (a minute by default) and then fails with a bare ``KeyError``.

    Raises
    ------
    SchedulerUnreachable
        Naming the scheduler's address.
    """
    if client.status == "running":
        try:
            client.sync(client.scheduler.identity, callback_timeout=timeout_s)
            return
        except (OSError, TimeoutError, AttributeError):
            pass
    raise SchedulerUnreachable(
        f"the Dask scheduler at {_address(client)} does not answer (client {client.status}); "
        "start it again, or connect a new Client")


def _address(client: Client) -> str:
    scheduler = getattr(client, "scheduler", None)
    address = getattr(scheduler, "address", None) or client.scheduler_info().get("address")
    return str(address or "an unknown address")


def _worker_threads(client: Client) -> int:
    workers = client.scheduler_info()["workers"].values()
    return max(1, sum(worker.get("nthreads", 1) for worker in workers))


def _run_range(scenario: Scenario, first: int, count: int, seed: int, threads: int,
               keep_orders: bool) -> RawRun:
    return run_raw(scenario, count, seed, first_replication=first, threads=threads,
                   keep_orders=keep_orders)
