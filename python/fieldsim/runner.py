"""Running a scenario: arguments checked, the engine called, results wrapped.

The simulation itself runs in C++ without the GIL; this module adds the
progress bar and turns the engine's arrays into a :class:`RunResult`.
"""

from __future__ import annotations

import contextlib
import operator
import time
from collections.abc import Iterator

from fieldsim import _core, memory
from fieldsim.progress import ProgressBar, ProgressCallback, part_callback
from fieldsim.result import RawRun, RunResult
from fieldsim.scenario import Scenario, ScenarioLike, load

#: ``True`` for a progress bar, ``False`` for none, or a callable taking the
#: completed fraction of the run (0..1).
Progress = bool | ProgressCallback

_MAX_SEED = 2**64 - 1
#: Bounds on the counts a run accepts (scenarios/README.md "Limits").
MAX_REPLICATIONS = 10**6
MAX_THREADS = 1024
#: Orders all replications of one run are expected to see together (time),
#: and the orders a kept order log may hold (memory).
MAX_RUN_ORDERS = 1e10
MAX_KEPT_ORDERS = 2e7
#: What a run that still runs out of memory (``std::bad_alloc`` in the engine,
#: ``MemoryError`` in Python) says: the estimate it passed is an estimate.
OUT_OF_MEMORY = ("the run needed more memory than is available; use fewer replications or "
                 "threads (see scenarios/README.md \"Limits\")")


class RunTooLarge(ValueError):
    """A run whose expected size is beyond the documented limits."""


def check_run_size(scenario: Scenario, replications: int, keep_orders: bool = False, *,
                   threads: int | None = None, max_memory: int | str | None = None) -> None:
    """Refuse, before any work, a run expected to take too long or too much memory.

    Parameters
    ----------
    max_memory : int or str, optional
        Bytes the run may use, or a size such as ``"4G"``; default what the machine has available
        (``MemAvailable`` of /proc/meminfo; unchecked where there is none).

    Raises
    ------
    RunTooLarge
        With a message that says what the run would need and the limit.
    """
    per_replication = scenario.expected_orders
    total = per_replication * replications
    if total > MAX_RUN_ORDERS:
        raise RunTooLarge(
            f"{replications} replications x about {per_replication:.3g} orders each is about "
            f"{total:.2g} orders; the limit is {MAX_RUN_ORDERS:.0e} a run "
            "(see scenarios/README.md \"Limits\"); use fewer replications")
    if keep_orders and total > MAX_KEPT_ORDERS:
        raise RunTooLarge(
            f"keeping the order log of {replications} replications x about "
            f"{per_replication:.3g} orders each is about {total:.2g} rows; the limit is "
            f"{MAX_KEPT_ORDERS:.0e} (see scenarios/README.md \"Limits\"); "
            "use fewer replications")
    _check_memory(scenario, replications, keep_orders, threads, max_memory)


def _check_memory(scenario: Scenario, replications: int, keep_orders: bool,
                  threads: int | None, max_memory: int | str | None) -> None:
    if isinstance(max_memory, str):  # "4G", as on the command line
        max_memory = memory.parse_size(max_memory)
    limit = memory.available_memory() if max_memory is None else max_memory
    size = memory.run_size(scenario, replications, threads, keep_orders)
    if limit is None or size.memory_bytes <= limit:
        return
    parts = ", ".join(f"{name.replace('_', ' ')} {memory.format_bytes(part)}"
                      for name, part in size.memory.items() if part >= 0.1 * limit)
    remedies = ["fewer replications"]
    if size.memory["working"] >= 0.1 * limit:
        remedies.append("fewer threads")
    if size.memory["order_log"] >= 0.1 * limit:
        remedies.append("no order log")
    advice = remedies[0] if len(remedies) == 1 else \
        ", ".join(remedies[:-1]) + " or " + remedies[-1]
    raise RunTooLarge(
        f"{replications} replications of about {size.orders:.3g} orders each would need "
        f"about {memory.format_bytes(size.memory_bytes)} of memory ({parts}); "
        + (f"{memory.format_bytes(limit)} are available (MemAvailable in /proc/meminfo)"
           if max_memory is None
           else f"the limit given is {memory.format_bytes(limit)}")
        + f"; use {advice}")


def run(
    scenario: ScenarioLike,
    replications: int = 20,
    seed: int = 1,
    threads: int | None = None,
    keep_orders: bool = False,
    progress: Progress = True,
    max_memory: int | str | None = None,
) -> RunResult:
    """Run a scenario for several independent replications.

    Parameters
    ----------
    scenario : Scenario, str, path-like or Mapping
        What to run; anything but a Scenario goes through :func:`fieldsim.load`.
    replications : int, default 20
        Number of independent replications (each a full scenario horizon).
    seed : int, default 1
        Seed of all random streams. Replication ``r`` of seed ``s`` sees the
        same orders in every scenario that has the same demand (common random
        numbers), so comparisons between scenarios need few replications.
    threads : int, optional
        Worker threads; default all cores. Results do not depend on it.
    keep_orders : bool, default False
        Keep the per-order log (:attr:`RunResult.orders`); costs memory.
    progress : bool or callable, default True
        Show a progress bar on standard error for runs lasting more than
        half a second, or call ``progress(fraction)`` about ten times a second.
    max_memory : int or str, optional
        Bytes the run may use, or a size such as ``"4G"`` (:func:`fieldsim.memory.parse_size`); by
        default what the machine has available. A run expected to need more
        is refused before it starts.

    Returns
    -------
    RunResult
        ``.summary`` (one row per output, with 95 % confidence intervals and
        P50/P90/P95), ``.replications``, ``.technicians`` and, when kept,
        ``.orders`` DataFrames.

    Raises
    ------
    ScenarioError
        If `scenario` is not a valid scenario.
    ValueError
        If a count or the seed is out of range, or (:class:`RunTooLarge`) the
        run is expected to see more orders than the limits allow or to need
        more memory than there is.
    KeyboardInterrupt
        On Ctrl-C: the engine stops within a fraction of a second.

    See Also
    --------
    fieldsim.sweep : the same over a grid of settings.
    fieldsim.distributed.run : the same, with replications spread over a Dask cluster.

    Examples
    --------
    >>> import fieldsim
    >>> result = fieldsim.run("scenarios/refcity/month.json", replications=10)  # doctest: +SKIP
    >>> result.summary.loc["breach_rate_install", ["mean", "ci95_lo", "ci95_hi"]]  # doctest: +SKIP
    """
    scenario = load(scenario)
    started = time.perf_counter()
    with progress_callback(progress, scenario.name) as callback:
        raw = run_raw(scenario, replications, seed, threads=threads, keep_orders=keep_orders,
                      progress=part_callback(callback, 0.0, 1.0), max_memory=max_memory)
    return RunResult.from_core(raw, scenario, seed, elapsed_s=time.perf_counter() - started)


def run_raw(
    scenario: Scenario,
    replications: int,
    seed: int,
    *,
    first_replication: int = 0,
    threads: int | None = None,
    keep_orders: bool = False,
    progress: ProgressCallback | None = None,
    max_memory: int | str | None = None,
) -> RawRun:
    """Check the arguments and call the engine; returns its raw dict.

    Parameters are those of :func:`run`, plus `first_replication`, the index
    of the first replication (a run split into ranges gives each its own).
    """
    replications = _count(replications, "replications", lowest=1, highest=MAX_REPLICATIONS)
    seed = _count(seed, "seed", lowest=0, highest=_MAX_SEED)
    first_replication = _count(first_replication, "first_replication", lowest=0,
                               highest=2**62)
    threads = 0 if threads is None else _count(threads, "threads", lowest=1,
                                                 highest=MAX_THREADS)
    check_run_size(scenario, replications, keep_orders, threads=threads or None,
                   max_memory=max_memory)
    try:
        return _core.run(scenario._engine, replications, seed, first_replication, threads,
                         bool(keep_orders), progress)
    except MemoryError:
        raise RunTooLarge(OUT_OF_MEMORY) from None


def _count(value: int, name: str, *, lowest: int, highest: int = 2**63 - 1) -> int:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    try:
        number = operator.index(value)  # ints and NumPy integers; not floats
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {value!r}") from None
    if not lowest <= number <= highest:
        raise ValueError(f"{name} must be in [{lowest}, {highest}], got {number}")
    return number


@contextlib.contextmanager
def progress_callback(progress: Progress, description: str, *,
                      by_part: bool = False) -> Iterator[ProgressCallback | None]:
    """The callback that `progress` asks for, closed (bar removed) on exit.

    Parameters
    ----------
    progress : bool or callable
        As in :func:`run`.
    description : str
        The bar's label.
    by_part : bool, default False
        A new bar is for a job of unknown length (:class:`ProgressBar`).

    Yields
    ------
    callable or None
    """
    if callable(progress):
        yield progress
    elif progress:
        with ProgressBar(description, by_part=by_part) as bar:
            yield bar
    else:
        yield None
