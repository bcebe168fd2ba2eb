"""Matplotlib figures for runs and sweeps: every one titled, every axis with its unit.

Needs matplotlib (``pip install fieldsim[plot]``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from fieldsim.outputs import label, unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from fieldsim.calibrate import Calibration
    from fieldsim.optimise import OptimiseResult
    from fieldsim.result import RunResult
    from fieldsim.sweep import SweepResult

_MINUTES_PER_DAY = 1440
_KIND_COLOURS = {"install": "tab:blue", "repair": "tab:orange"}
_TRAVEL_COLOUR = "lightgrey"


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(8, 4.5), layout="constrained")[1]


def _y_label(outputs: Sequence[str]) -> str:
    """The y axis's label; outputs of two units cannot share it."""
    if len(outputs) == 1:
        return label(outputs[0])
    units = {o: unit(o) for o in outputs}
    if len(set(units.values())) > 1:
        given = ", ".join(f"{o} ({u})" for o, u in units.items())
        raise ValueError(f"one axis draws outputs of one unit; given {given}: "
                         "draw each unit on its own axes")
    return units[outputs[0]]


def sweep_lines(
    result: SweepResult,
    output: str | Sequence[str],
    x: str | None = None,
    *,
    ax: Axes | None = None,
    band: bool = True,
) -> Axes:
    """Outputs of a sweep against one setting, with 95 % confidence bands.

    Parameters
    ----------
    result : SweepResult
        The sweep.
    output : str or sequence of str
        One output, or several sharing a unit (e.g. the CNY outputs).
    x : str, optional
        The setting on the x axis (default: the first swept one). The other
        settings give one line per combination of values.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    band : bool, default True
        Shade each mean's 95 % confidence interval.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``x`` is not swept, or the outputs do not share a unit.
    """
    outputs = [output] if isinstance(output, str) else list(output)
    y_label = _y_label(outputs)
    x = x or result.settings[0]
    if x not in result.grid:
        raise ValueError(f"{x!r} is not swept; swept: {', '.join(result.settings)}")
    others = [s for s in result.settings if s != x]
    table = result.table[result.table["output"].isin(outputs)]
    ax = _axes(ax)
    groups = table.groupby([*others, "output"], sort=False) if others else table.groupby("output", sort=False)
    for key, line in groups:
        line = line.sort_values(x)
        name = _line_name(key, others, outputs)
        (drawn,) = ax.plot(line[x], line["mean"], marker="o", label=name)
        if band:
            ax.fill_between(line[x], line["ci95_lo"], line["ci95_hi"], alpha=0.2, color=drawn.get_color())
    what = label(outputs[0], with_unit=False) if len(outputs) == 1 else ", ".join(
        label(o, with_unit=False) for o in outputs)
    ax.set_title(f"{what} vs {label(x, with_unit=False)}\n{result.scenario.name}: mean of "
                 f"{result.n_replications} replications, 95 % CI shaded")
    ax.set_xlabel(label(x))
    ax.set_ylabel(y_label)
    if len(groups) > 1:
        ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax


def _line_name(key: object, others: Sequence[str], outputs: Sequence[str]) -> str:
    values = key if isinstance(key, tuple) else (key,)
    parts = [f"{label(s, with_unit=False)} = {v} {unit(s)}".rstrip() for s, v in zip(others, values)]
    if len(outputs) > 1:
        parts.append(label(str(values[-1]), with_unit=False))
    return ", ".join(parts)


def timeline(
    result: RunResult,
    day: int,
    *,
    replication: int | None = None,
    technicians: Iterable[int] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One day of technicians' work as horizontal bars (needs ``keep_orders=True``).

    Each job shows as its travel, with any wait on site for an appointment's
    window (grey; the order log keeps no arrival time), then its on-site work
    (coloured by order kind); a red edge marks an order finished late. Late orders are
    mostly worked the day after they entered: pick ``day`` by the orders'
    ``departure_min`` to see them.

    Parameters
    ----------
    result : RunResult
        A run made with ``keep_orders=True``.
    day : int
        The day (0 = first) whose departures to show.
    replication : int, optional
        Which replication (default: the first).
    technicians : iterable of int, optional
        Technician ids to show (default: all who worked that day).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if result.orders is None:
        raise ValueError("timeline needs the order log: run with keep_orders=True")
    orders = result.orders
    replication = int(orders["replication"].iloc[0]) if replication is None else replication
    start = day * _MINUTES_PER_DAY
    jobs = orders[(orders["replication"] == replication) & orders["departure_min"].between(
        start, start + _MINUTES_PER_DAY, inclusive="left")]
    if technicians is not None:
        jobs = jobs[jobs["technician"].isin(list(technicians))]
    ax = _axes(ax)
    hours = (jobs[["departure_min", "work_start_min", "finish_min"]] - start) / 60
    rows = jobs["technician"].astype("int64")
    ax.barh(rows, hours["work_start_min"] - hours["departure_min"], left=hours["departure_min"],
            color=_TRAVEL_COLOUR, height=0.8)
    for kind, colour in _KIND_COLOURS.items():
        mine = (jobs["kind"] == kind).to_numpy()
        ax.barh(rows[mine], (hours["finish_min"] - hours["work_start_min"])[mine],
                left=hours["work_start_min"][mine], color=colour, height=0.8,
                edgecolor=["red" if late else colour for late in jobs["late"][mine]],
                linewidth=[2.0 if late else 0.0 for late in jobs["late"][mine]])
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    # Beside the plot: the bars fill the whole day.
    ax.legend(handles=_timeline_legend(), fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(f"Technician timeline, day {day} (replication {replication})\n"
                 f"{result.scenario.name}: travel and on-site work, late orders edged red")
    ax.set_xlabel(f"time since 00:00 of day {day} (h)")
    ax.set_ylabel("technician (id)")
    return ax


def _timeline_legend() -> list[Patch]:
    from matplotlib.patches import Patch

    return [
        Patch(color=_TRAVEL_COLOUR, label="travel (and wait)"),
        *(Patch(color=colour, label=f"{kind} work") for kind, colour in _KIND_COLOURS.items()),
        Patch(facecolor="white", edgecolor="red", label="finished late"),
    ]


def summary_intervals(result: RunResult, outputs: Sequence[str], *, ax: Axes | None = None) -> Axes:
    """Means and 95 % intervals, with P50/P90/P95, of outputs sharing a unit.

    Parameters
    ----------
    result : RunResult
        The run.
    outputs : sequence of str
        Outputs to show, e.g. ``["compensation_cny", "premium_pay_cny"]``.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the outputs do not share a unit (one axis cannot measure both).
    """
    y_label = _y_label(list(outputs))
    frame: pd.DataFrame = result.summary.loc[list(outputs)]
    ax = _axes(ax)
    positions = range(len(frame))
    errors = [frame["mean"] - frame["ci95_lo"], frame["ci95_hi"] - frame["mean"]]
    ax.bar(positions, frame["mean"], yerr=errors, capsize=6, color="tab:blue", alpha=0.7,
           label="mean (95 % CI)")
    for stat, marker in (("p50", "_"), ("p90", "x"), ("p95", "^")):
        ax.scatter(positions, frame[stat], marker=marker, color="black", zorder=3,
                   label=stat.upper())
    ax.set_xticks(list(positions), [label(o, with_unit=False) for o in frame.index])
    ax.set_title(f"{result.scenario.name}: {result.n_replications} replications")
    ax.set_ylabel(y_label)
    ax.set_xlabel("output")
    ax.legend(fontsize="small")
    return ax


def frontier(result: OptimiseResult, constraint: str | None = None, *,
             ax: Axes | None = None) -> Axes:
    """The cost-breach frontier an optimisation explored: every candidate's
    mean objective against a constrained output's mean, by verdict, with the
    limit and the chosen plan marked.

    Parameters
    ----------
    result : OptimiseResult
        The optimisation.
    constraint : str, optional
        The constrained output on the x axis (default: the first).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    settings = result.settings
    constraint = constraint or next(iter(settings.constraints))
    if constraint not in settings.constraints:
        raise ValueError(f"{constraint!r} is not constrained; constrained: "
                         f"{', '.join(settings.constraints)}")
    frame = result.candidates
    ax = _axes(ax)
    for verdict, group in frame.groupby("verdict", sort=True):
        ax.scatter(group[constraint], group[settings.objective], label=str(verdict), alpha=0.8)
    chosen = frame[frame["chosen"]]
    ax.scatter(chosen[constraint], chosen[settings.objective], marker="*", s=250,
               color="black", zorder=3, label="chosen")
    ax.axvline(settings.constraints[constraint], color="red", linestyle="--", label="limit")
    ax.set_xlabel(label(constraint))
    ax.set_ylabel(label(settings.objective))
    ax.set_title(f"{result.scenario.name}: {len(frame)} candidates, "
                 f"{result.replications_used} replications (means)")
    ax.legend(fontsize="small")
    return ax


# -- calibration report --------------------------------------------------------------------


def calibration_profiles(result: Calibration, *, ax: Axes | None = None) -> Axes:
    """Observed vs fitted hourly arrivals of each district x kind (orders per hour of a day).

    Observed: the mean orders per hour over the log's working days (dots), with the range over
    the weekdays (the hour-of-week table) as a band; fitted: the calibrated streams' ``per_day``
    spread by their ``profile`` (steps).
    """
    ax = _axes(ax)
    days = result.day_factor["days"]
    week = result.hour_of_week.groupby(["district", "kind", "weekday", "hour"])["per_hour"].sum()
    for (district, kind), group in result.profiles.groupby(["district", "kind"]):
        observed = group.set_index("hour")["orders"] / days
        rates = result.rates
        per_day = rates[(rates["district"] == district) & (rates["kind"] == kind)]["per_day"].sum()
        fitted = per_day * group.set_index("hour")["share"]
        line = ax.plot(observed.index + 0.5, observed.to_numpy(), marker="o", ms=3, lw=0,
                       label=f"{district} {kind}: observed")[0]
        ax.step(range(25), [*fitted, fitted.iloc[-1]], where="post", color=line.get_color(),
                label=f"{district} {kind}: fitted")
        by_day = week.loc[(district, kind)].unstack("weekday").reindex(range(24)).fillna(0)
        ax.fill_between(by_day.index + 0.5, by_day.min(axis=1), by_day.max(axis=1),
                        color=line.get_color(), alpha=0.15, lw=0)
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 3))
    ax.set_xlabel("hour of the day")
    ax.set_ylabel("orders per hour")
    ax.set_title("Arrivals by hour: observed (band: range over weekdays) vs fitted")
    ax.legend(fontsize="small", ncols=2)
    return ax


def calibration_qq(result: Calibration, kind: str, product: str, *,
                   ax: Axes | None = None) -> Axes:
    """QQ plot of one kind x product's work times against the fitted lognormal (minutes)."""
    import numpy as np
    from scipy import stats

    ax = _axes(ax)
    sample = np.sort(result.work_samples[(kind, product)])
    fit = result.work_times.set_index(["kind", "product"]).loc[(kind, product)]
    # At most 1,000 quantiles: a large log draws as fast as a small one.
    probabilities = (np.arange(1, min(len(sample), 1000) + 1) - 0.5) / min(len(sample), 1000)
    x = np.quantile(sample, probabilities)
    theoretical = stats.lognorm.ppf(probabilities, fit["sigma"], scale=np.exp(fit["mu"]))
    ax.plot(theoretical, x, marker=".", ms=2, lw=0, color=_KIND_COLOURS.get(kind, "tab:green"))
    top = max(theoretical[-1], x[-1])
    ax.plot([0, top], [0, top], color="black", lw=0.8, ls="--", label="y = x")
    ax.set_xlabel("fitted lognormal quantile (min)")
    ax.set_ylabel("observed work time (min)")
    ax.set_title(f"Work time {kind} / {product}: n {int(fit['n'])}, mean {fit['mean_min']:.1f} "
                 f"min, sd {fit['sd_min']:.1f} min, KS {fit['ks']:.3f}")
    ax.legend(fontsize="small")
    return ax


def calibration_report(result: Calibration, path: str | None = None) -> list:
    """The calibration report: hourly profiles, then one QQ plot per kind x product.

    With ``path`` the figures are also written: one PDF page each if it ends in ``.pdf``,
    else ``<stem>-1.png``, ``<stem>-2.png``, ... next to it; all of them or, on a failure,
    none (any earlier report left as it was).
    """
    import matplotlib.pyplot as plt

    figures = []
    figure, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    calibration_profiles(result, ax=ax)
    figures.append(figure)
    keys = sorted(result.work_samples)
    if keys:
        cols = min(3, len(keys))
        rows = -(-len(keys) // cols)
        figure, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.5 * rows),
                                    layout="constrained", squeeze=False)
        for ax, (kind, product) in zip(axes.flat, keys):
            calibration_qq(result, kind, product, ax=ax)
            ax.title.set_fontsize("small")
        for ax in list(axes.flat)[len(keys):]:
            ax.set_visible(False)
        figures.append(figure)
    if path is not None:
        _write_report(figures, path)
    return figures


#: The most figures :func:`calibration_report` draws (pages of its PDF, PNG files).
CALIBRATION_REPORT_PAGES = 2


def calibration_report_files(path: str | os.PathLike[str], pages: int) -> list[Path]:
    """The files a report of `pages` figures written to `path` makes: `path` if it is a PDF,
    else ``<stem>-1.png``, ``<stem>-2.png``, ... next to it."""
    target = Path(path)
    if target.suffix.lower() == ".pdf":
        return [target]
    return [target.with_name(f"{target.stem}-{number}.png") for number in range(1, pages + 1)]


def _write_report(figures: Sequence[Figure], path: str | os.PathLike[str]) -> None:
    """The report's files, all new or all old (part of the caller's atomic group, if any)."""
    from fieldsim.atomic import atomic_group, atomic_path

    files = calibration_report_files(path, len(figures))
    with atomic_group():
        if files[0].suffix.lower() == ".pdf":
            from matplotlib.backends.backend_pdf import PdfPages

            with atomic_path(files[0]) as tmp, PdfPages(tmp) as pdf:
                for figure in figures:
                    pdf.savefig(figure)
            return
        for figure, file in zip(figures, files):
            with atomic_path(file) as tmp:
                figure.savefig(tmp, format="png")  # the temporary name has no .png
