"""Parameter sweeps: one run per point of a grid of scenario settings.

Every point runs with the same seed. The engine draws each purpose's random
numbers (arrivals, work times, decisions, ...) from its own stream, so points
that differ only in staffing or pay see exactly the same orders: common
random numbers, which make differences between points far less noisy than
the points themselves.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from fieldsim import _core, outputs
from fieldsim.outputs import check_names
from fieldsim.progress import part_callback
from fieldsim.result import STATISTICS, RunResult, summary_dict
from fieldsim.runner import Progress, check_run_size, progress_callback, run
from fieldsim.scenario import Scenario, ScenarioLike, load

if TYPE_CHECKING:
    from distributed import Client
    from matplotlib.axes import Axes

Grid = Mapping[str, Iterable[Any]]

# More points than this is a slip (a step of 1 over a wide range, say), refused
# before every point's scenario is built.
MAX_POINTS = 10_000


def sweep(
    scenario: ScenarioLike,
    grid: Grid,
    replications: int = 20,
    seed: int = 1,
    threads: int | None = None,
    progress: Progress = True,
    max_memory: int | None = None,
    client: Client | None = None,
    batch: int = 10,
) -> SweepResult:
    """Run a scenario at every point of a grid of settings.

    Parameters
    ----------
    scenario : Scenario, str, path-like or Mapping
        The base scenario.
    grid : Mapping[str, Iterable]
        Dotted setting paths (as in :meth:`Scenario.with_`) and the values to
        try, e.g. ``{"technicians.count": range(120, 241, 20),
        "evening.premium_cny": [0, 10, 20, 30]}``. Points are all
        combinations, the first setting varying slowest.
    replications : int, default 20
        Replications per point.
    seed : int, default 1
        The seed of every point (common random numbers across points).
    threads : int, optional
        Worker threads; default all cores.
    progress : bool or callable, default True
        A progress bar for the whole sweep, or a callback taking the
        completed fraction of it (local runs only).
    max_memory : int, optional
        Bytes each point's run may use; default what the machine has
        available (as in :func:`fieldsim.run`).
    client : distributed.Client, optional
        Run on a Dask cluster instead: one task per point and batch of
        replications. The results are the local run's, number for number.
    batch : int, default 10
        Replications per task on a cluster.

    Returns
    -------
    SweepResult
        ``.table`` with one row per point and output (with confidence
        intervals), ``.wide()``, ``.smallest()`` and ``.plot()``.

    Raises
    ------
    ScenarioError
        If a setting path does not exist or a value is invalid; every point is
        checked before the first one runs.

    Examples
    --------
    >>> result = fieldsim.sweep(  # doctest: +SKIP
    ...     "scenarios/refcity/month.json",
    ...     grid={"technicians.count": range(120, 241, 20), "evening.premium_cny": [0, 10, 20, 30]},
    ...     replications=20,
    ... )
    >>> result.wide("mean", ["breach_rate_install", "compensation_cny"])  # doctest: +SKIP
    """
    base = load(scenario)
    axes = grid_axes(grid)
    points = [dict(zip(axes, values)) for values in itertools.product(*axes.values())]
    scenarios = [base.with_(point) for point in points]
    for point_scenario in scenarios:  # every point, before the first runs
        check_run_size(point_scenario, replications, threads=threads, max_memory=max_memory)
    started = time.perf_counter()
    if client is not None:
        from fieldsim.distributed import run_points

        runs = run_points(client, scenarios, replications, seed, batch)
        return SweepResult(base, axes, runs, seed, time.perf_counter() - started)
    runs: list[RunResult] = []
    with progress_callback(progress, f"{base.name}: {len(points)} points") as callback:
        for index, point_scenario in enumerate(scenarios):
            share = 1.0 / len(points)
            part = part_callback(callback, index * share, share)
            runs.append(run(point_scenario, replications, seed, threads, progress=part or False,
                            max_memory=max_memory))
    return SweepResult(base, axes, runs, seed, time.perf_counter() - started)


def grid_axes(grid: Grid) -> dict[str, list[Any]]:
    """The grid with each axis as a list of plain Python values.

    Each axis is counted before it is built (``len()`` of a list or range; at
    most ``MAX_POINTS + 1`` values taken from any other iterable), so that a
    slip such as ``range(1, 10**9)`` is refused at once, not after filling memory.

    Raises
    ------
    ValueError
        If the grid or one of its axes is empty; :class:`GridTooLarge` if it
        has more than ``MAX_POINTS`` points.
    """
    if not isinstance(grid, Mapping):
        raise TypeError(f"a sweep's grid maps setting paths to their values, e.g. "
                        f"{{'technicians.count': range(120, 181, 20)}}; got {type(grid).__name__}")
    for path, values in grid.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"grid[{path!r}]: expected the values to sweep (a list or range), "
                            f"got {values!r}")
    counted = {str(path): _counted(values) for path, values in grid.items()}
    empty = [path for path, (_, size) in counted.items() if size.count == 0]
    if not counted or empty:
        raise ValueError(f"a sweep needs at least one value per setting; empty: {empty or 'grid'}")
    sizes = [size for _, size in counted.values()]
    if math.prod(size.count for size in sizes) > MAX_POINTS or any(s.more for s in sizes):
        raise GridTooLarge(sizes)
    return {path: [_plain(v) for v in values] for path, (values, _) in counted.items()}


@dataclass(frozen=True)
class _AxisSize:
    count: int
    more: bool = False  # more than count: the axis was not counted to its end

    def __str__(self) -> str:
        return f"over {self.count:,}" if self.more else f"{self.count:,}"


def _counted(values: Iterable[Any]) -> tuple[Iterable[Any], _AxisSize]:
    """An axis (taken into a list unless it has a length) and its size."""
    if isinstance(values, Sized):
        try:
            return values, _AxisSize(len(values))
        except OverflowError:  # more than an index holds: range(10**20)
            return values, _AxisSize(sys.maxsize, more=True)
    taken = list(itertools.islice(values, MAX_POINTS + 1))
    if len(taken) > MAX_POINTS:
        return taken, _AxisSize(MAX_POINTS, more=True)
    return taken, _AxisSize(len(taken))


class GridTooLarge(ValueError):
    """A grid of more than :data:`MAX_POINTS` points; :meth:`size` says how many."""

    def __init__(self, sizes: Sequence[_AxisSize], message: str | None = None) -> None:
        self.sizes = list(sizes)
        super().__init__(message or f"a sweep of {self.size('points')} is more than the "
                         f"{MAX_POINTS:,} a sweep may have; use coarser steps, or fieldsim "
                         "optimise to search a large space")

    def size(self, noun: str) -> str:
        """E.g. "200,000 points (100,000 x 2)", with `noun` for "points"."""
        points = math.prod(size.count for size in self.sizes)
        over = "over " if any(size.more for size in self.sizes) else ""
        return f"{over}{points:,} {noun} ({' x '.join(map(str, self.sizes))})"


def _plain(value: Any) -> Any:
    # NumPy scalars become int / float so that tables and JSON show them plainly.
    return value.item() if isinstance(value, np.generic) else value


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The results of a sweep: one :class:`RunResult` per grid point.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    grid : dict[str, list]
        Setting path -> values tried.
    runs : list[RunResult]
        One per point, in the order of :attr:`points`.
    seed : int
        The seed shared by all points.
    elapsed_s : float
        Wall-clock seconds for the whole sweep.
    """

    scenario: Scenario
    grid: dict[str, list[Any]]
    runs: list[RunResult]
    seed: int
    elapsed_s: float

    @property
    def settings(self) -> list[str]:
        """The swept setting paths, slowest-varying first."""
        return list(self.grid)

    @property
    def n_replications(self) -> int:
        """Replications per point."""
        return self.runs[0].n_replications

    @cached_property
    def points(self) -> pd.DataFrame:
        """One row per grid point (index ``point``), one column per setting."""
        combos = list(itertools.product(*self.grid.values()))
        return pd.DataFrame(combos, columns=self.settings).rename_axis("point")

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per grid point and output: ``point``, the settings,
        ``output``, then ``mean``, ``sd``, ``ci95_lo``, ``ci95_hi``, ``p50``,
        ``p90``, ``p95``."""
        return self._long(lambda point: point.summary.reset_index())

    @cached_property
    def replications(self) -> pd.DataFrame:
        """One row per grid point and replication: ``point``, the settings,
        ``replication``, then one column per output; for paired comparisons
        between points (same replication = same orders)."""
        return self._long(lambda point: point.replications.reset_index())

    def _long(self, frame_of: Callable[[RunResult], pd.DataFrame]) -> pd.DataFrame:
        frames = []
        for point, result in enumerate(self.runs):
            frame = frame_of(result)
            frame.insert(0, "point", point)
            for position, setting in enumerate(self.settings, start=1):
                frame.insert(position, setting, self.points.at[point, setting])
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def wide(self, stat: str = "mean", outputs: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per grid point (indexed by the settings), one column per output.

        Parameters
        ----------
        stat : str, default "mean"
            One of ``mean``, ``sd``, ``ci95_lo``, ``ci95_hi``, ``p50``,
            ``p90``, ``p95``.
        outputs : sequence of str, optional
            Outputs to keep (default all, in engine order).

        Returns
        -------
        pandas.DataFrame
        """
        if stat not in STATISTICS:
            raise ValueError(f"stat must be one of {', '.join(STATISTICS)}, got {stat!r}")
        columns = list(outputs) if outputs is not None else list(_core.OUTPUT_NAMES)
        check_names(columns)  # (the module `outputs` is hidden here by the argument)
        rows = [point.summary.loc[columns, stat].to_numpy() for point in self.runs]
        return pd.DataFrame(rows, index=self._settings_index(self.points), columns=columns)

    @staticmethod
    def _settings_index(frame: pd.DataFrame) -> pd.Index:
        if frame.shape[1] == 1:
            return pd.Index(frame.iloc[:, 0])
        return pd.MultiIndex.from_frame(frame)

    def smallest(
        self, setting: str, limits: Mapping[str, float], stat: str = "ci95_hi"
    ) -> pd.DataFrame:
        """The smallest value of a setting that keeps outputs under limits.

        For each combination of the other settings, searches the grid for
        the smallest value of `setting` at which every output's `stat` is
        strictly below its limit: e.g. the fewest technicians for which the
        upper end of the 95 % interval of both breach rates is under 5 %.

        Parameters
        ----------
        setting : str
            The setting to minimise, e.g. ``"technicians.count"``.
        limits : Mapping[str, float]
            Output -> limit, e.g. ``{"breach_rate_install": 0.05}``.
        stat : str, default "ci95_hi"
            Which statistic must be below the limit (``"mean"`` for a less
            cautious answer). A lateness quantile meets its limit at a point
            where no order was late, and is read by its mean where only one
            replication had a late order (no interval).

        Returns
        -------
        pandas.DataFrame
            Indexed by the other settings (one row when there are none):
            the smallest value of `setting` (NaN if no point qualifies) and
            the outputs' `stat` there.
        """
        if setting not in self.grid:
            raise ValueError(f"{setting!r} is not swept; swept: {', '.join(self.settings)}")
        frame = self.wide(stat, list(limits)).reset_index()
        means = self.wide("mean", list(limits)).reset_index()
        meets = np.logical_and.reduce([self._meets(frame[out], means[out], out, limit)
                                       for out, limit in limits.items()])
        best = frame[meets].sort_values(setting, kind="stable")
        others = [s for s in self.settings if s != setting]
        columns = [setting, *limits]
        if not others:
            return best.head(1)[columns].reset_index(drop=True).reindex([0])
        everyone = self._settings_index(pd.DataFrame(
            list(itertools.product(*(self.grid[o] for o in others))), columns=others))
        return best.groupby(others, sort=False).head(1).set_index(others)[columns].reindex(everyone)

    @staticmethod
    def _meets(values: pd.Series, means: pd.Series, output: str, limit: float) -> pd.Series:
        """`values` < `limit`, point by point. A lateness quantile is NaN where no
        order was late (none was too late: met), and has no interval with one
        replication with a late order (its mean is held to the limit), as
        optimise reads it."""
        if output not in outputs.late_quantiles():
            return values < limit
        return values.fillna(means).fillna(-np.inf) < limit

    def plot(
        self,
        output: str | Sequence[str],
        x: str | None = None,
        *,
        ax: Axes | None = None,
        band: bool = True,
    ) -> Axes:
        """Plot outputs against one setting, one line per value of the others.

        See :func:`fieldsim.plots.sweep_lines`.
        """
        from fieldsim.plots import sweep_lines

        return sweep_lines(self, output, x, ax=ax, band=band)

    def to_dict(self) -> dict[str, Any]:
        """Scenario, replications, seed, grid and each point's settings and summary."""
        return {
            "scenario": self.scenario.name,
            "replications": self.n_replications,
            "seed": self.seed,
            "grid": self.grid,
            "units": {row["name"]: row["unit"] for row in _core.OUTPUTS},
            "points": [
                {"settings": settings, "summary": summary_dict(result.summary)}
                for settings, result in zip(self.points.to_dict("records"), self.runs)
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (the CLI's ``sweep --json`` format)."""
        return json.dumps(self.to_dict(), indent=indent, default=_plain)

    def __repr__(self) -> str:
        axes = ", ".join(f"{s} x{len(v)}" for s, v in self.grid.items())
        return (
            f"<SweepResult {self.scenario.name!r}: {len(self.runs)} points ({axes}), "
            f"{self.n_replications} replications each, seed {self.seed}>"
        )
