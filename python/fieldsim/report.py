"""A run (and optionally a sweep) as one self-contained HTML file.

``fieldsim report SCENARIO -o report.html`` writes it: the scenario's key
settings, the summary with 95 % intervals, the breakdown by district and kind,
late orders by cause, compensation by week and, with ``--sweep``, the sweep's
figure and table. Figures are PNG images embedded in the page (data URIs) and
the style sheet is inline: the file opens anywhere, without a network.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from fieldsim import __version__
from fieldsim.breakdown import MEASURES
from fieldsim.outputs import label, unit
from fieldsim.result import RunResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fieldsim.sweep import SweepResult

#: The report's sections: (id, heading), in order.
SECTIONS = (
    ("settings", "Key settings"),
    ("summary", "Summary"),
    ("breakdown", "By district and kind"),
    ("causes", "Late orders by cause"),
    ("cash", "Compensation by week"),
    ("sweep", "Sweep"),
)

_CAUSES = tuple(m for m in MEASURES if m.startswith("late_"))
_SETTINGS = ("evening.premium_cny", "dispatch.policy")

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
th { background: #f4f4f4; }
img { max-width: 100%; display: block; margin: 0.5em 0; }
p.note { color: #666; font-size: 0.9em; }
"""


def _number(value: float, places: int | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    magnitude = abs(value)
    if places is None:
        places = 0 if magnitude >= 1000 or magnitude == 0 else 1 if magnitude >= 100 else (
            2 if magnitude >= 1 else 4)
    return f"{value:,.{places}f}"


def _figure_html(fig: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def _new_figure(width: float = 9, height: float = 4) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


def _table(frame: pd.DataFrame, text_columns: Sequence[str] = ()) -> str:
    head = "".join(f'<th{" class=text" if c in text_columns else ""}>{html.escape(str(c))}</th>'
                   for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = "".join(
            f'<td{" class=text" if c in text_columns else ""}>{html.escape(str(row[c]))}</td>'
            for c in frame.columns)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _setting(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _settings_section(result: RunResult) -> str:
    scenario = result.scenario
    rows = [("scenario", scenario.name), ("days of orders", scenario.days),
            ("technicians", scenario.technicians), ("zones", scenario.zones),
            ("replications", result.n_replications), ("seed", result.seed)]
    for dotted in _SETTINGS:
        value = _setting(scenario.document, dotted)
        if value is not None:
            rows.append((label(dotted), value))
    frame = pd.DataFrame(rows, columns=["setting", "value"])
    return _table(frame, ["setting", "value"])


def _summary_section(result: RunResult) -> str:
    rows = []
    for output, row in result.summary.iterrows():
        places = None if row.isna().all() else _places(row.tolist())
        rows.append({"output": output, "mean": _number(row["mean"], places),
                     "95 % CI": f"{_number(row['ci95_lo'], places)} .. "
                                f"{_number(row['ci95_hi'], places)}",
                     "P90": _number(row["p90"], places), "unit": unit(str(output))})
    lateness = [o for o, r in result.summary.iterrows() if "lateness" in str(o)]
    counts = int(result.replications[lateness[0]].notna().sum()) if lateness else 0
    note = (f'<p class="note">Mean and Student-t 95 % interval over replications; P90 across '
            f"replications. Lateness quantiles are over the {counts} of "
            f"{result.n_replications} replications with a late order.</p>")
    return _table(pd.DataFrame(rows), ["output", "unit"]) + note


def _places(values: Sequence[float]) -> int:
    magnitude = max((abs(v) for v in values if not math.isnan(v)), default=0.0)
    return 0 if magnitude >= 1000 or magnitude == 0 else 1 if magnitude >= 100 else (
        2 if magnitude >= 1 else 4)


def _breakdown_section(result: RunResult) -> str:
    frame = result.breakdown_by("district", "kind")
    means = frame.pivot_table(index=["district", "kind"], columns="measure", values="mean",
                              observed=True, sort=False)
    hi = frame[frame["measure"] == "breach_rate"].set_index(["district", "kind"])["ci95_hi"]
    table = pd.DataFrame({
        "district": [d for d, _ in means.index], "kind": [k for _, k in means.index],
        "orders": [_number(v, 0) for v in means["orders"]],
        "breach rate %": [_number(100 * v, 1) for v in means["breach_rate"]],
        "CI high %": [_number(100 * float(hi.get(key, math.nan)), 1) for key in means.index],
        "compensation CNY": [_number(v, 0) for v in means["compensation_cny"]],
    })
    fig, ax = _new_figure(9, 3.8)
    rates = (100 * means["breach_rate"]).unstack("kind")
    # Many districts: slanted names stay readable.
    slanted = len(rates) > 6
    rates.plot.bar(ax=ax, rot=35 if slanted else 0)
    if slanted:
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_ylabel("breach rate (% of orders)")
    ax.set_xlabel("district")
    ax.set_title(f"{result.scenario.name}: breach rate by district and kind "
                 f"(mean of {result.n_replications} replications)")
    return (_figure_html(fig, "breach rate by district and kind")
            + _table(table, ["district", "kind"]))


def _causes_section(result: RunResult) -> str:
    whole = result.breakdown_by().set_index("measure")["mean"]
    causes = pd.Series({c.removeprefix("late_"): float(whole[c]) for c in _CAUSES})
    exempt = {c.removeprefix("late_") for c in _CAUSES if "(exempt)" in MEASURES[c]["meaning"]}
    table = pd.DataFrame({
        "cause": causes.index,
        "late orders (mean per replication)": [_number(v, 1) for v in causes],
        "costs": ["no (exempt)" if c in exempt else "yes" for c in causes.index],
    })
    fig, ax = _new_figure(8, 3.2)
    ax.barh(causes.index[::-1], causes.to_numpy()[::-1], color="tab:red")
    ax.set_xlabel("late orders (mean per replication)")
    ax.set_title("Late orders by cause")
    return _figure_html(fig, "late orders by cause") + _table(table, ["cause", "costs"])


def _cash_section(result: RunResult) -> str:
    # As paid (city-rules 8.10: seven days after the finish; an order still open
    # at the drain limit on its last day), every payer together, every week of
    # payment, those without compensation too.
    cash = result.cash_by("week")
    by_week = cash.groupby(["week", "replication"])["cash_cny"].sum().groupby("week").mean()
    if not by_week.any():
        return '<p class="note">No late order, so no compensation.</p>'
    fig, ax = _new_figure(8, 3.2)
    ax.bar(range(len(by_week)), by_week.to_numpy(), color="tab:purple")
    ax.set_xticks(range(len(by_week)), list(by_week.index), rotation=45, ha="right")
    ax.set_xlabel("week of payment")
    ax.set_ylabel("compensation (CNY, mean per replication)")
    ax.set_title("Compensation paid by week")
    table = pd.DataFrame({"week of payment": list(by_week.index),
                          "compensation CNY": [_number(v, 0) for v in by_week]})
    return _figure_html(fig, "compensation by week") + _table(table, ["week of payment"])


def _sweep_section(sweep: SweepResult, outputs: Sequence[str]) -> str:
    from fieldsim.plots import sweep_lines

    parts = []
    for output in outputs:
        fig, ax = _new_figure(8, 3.8)
        sweep_lines(sweep, output, ax=ax)
        parts.append(_figure_html(fig, f"{output} over the sweep"))
    rows = []
    for point, run in zip(sweep.points.to_dict("records"), sweep.runs):
        row = {k: v for k, v in point.items()}
        for output in outputs:
            stats = run.summary.loc[output]
            places = _places(stats.tolist())
            row[f"{output} ({unit(output)})"] = (
                f"{_number(stats['mean'], places)} [{_number(stats['ci95_lo'], places)}, "
                f"{_number(stats['ci95_hi'], places)}]")
        rows.append(row)
    return "".join(parts) + _table(pd.DataFrame(rows))


def render(result: RunResult, sweep: SweepResult | None = None,
           sweep_outputs: Sequence[str] = ("breach_rate_install", "breach_rate_repair")) -> str:
    """The report as HTML text.

    Parameters
    ----------
    result : RunResult
        The run.
    sweep : SweepResult, optional
        A sweep to add (its figure and table).
    sweep_outputs : sequence of str
        The outputs the sweep section shows.

    Returns
    -------
    str
        A complete HTML document with its figures embedded.
    """
    bodies = {
        "settings": _settings_section(result),
        "summary": _summary_section(result),
        "breakdown": _breakdown_section(result),
        "causes": _causes_section(result),
        "cash": _cash_section(result),
    }
    if sweep is not None:
        bodies["sweep"] = _sweep_section(sweep, sweep_outputs)
    sections = "".join(f'<section id="{key}"><h2>{html.escape(title)}</h2>{bodies[key]}</section>'
                       for key, title in SECTIONS if key in bodies)
    title = html.escape(f"fieldsim report: {result.scenario.name}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{title}</h1><p class=\"note\">fieldsim {html.escape(__version__)}: "
            f"{result.n_replications} replications, seed {result.seed}</p>"
            f"{sections}</body></html>\n")
