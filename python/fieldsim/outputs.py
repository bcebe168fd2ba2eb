"""What the engine's outputs and the common scenario settings mean.

Every output is declared once, in the C++ engine (``models/engine/outputs.h``):
name, label, unit, how it aggregates and what it means. This module reads that
table (:data:`TABLE`) for labels and units, and writes the glossary
``docs/outputs.md`` from it (``fieldsim outputs --markdown > docs/outputs.md``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from fieldsim import _core

# Output name -> (label, unit), from the engine's table.
_OUTPUTS: dict[str, tuple[str, str]] = {
    row["name"]: (row["label"], row["unit"]) for row in _core.OUTPUTS
}

_AGGREGATIONS = {
    "sum": "a total over the run's orders (or technicians)",
    "ratio": "one total divided by another: a share, or a mean per order",
    "quantile": "a quantile over the late orders; NaN (missing) in a replication without "
                "one, and summaries (mean, CI, P50 ...) are over the replications with one",
    "run": "a fact of the run itself",
}


def table() -> pd.DataFrame:
    """Every output with its label, unit, aggregation and meaning.

    Returns
    -------
    pandas.DataFrame
        Index ``output``; columns ``label``, ``unit``, ``aggregation``, ``meaning``.
    """
    return pd.DataFrame(_core.OUTPUTS).set_index("name").rename_axis("output")


def check_names(names: Iterable[str]) -> None:
    """Raise ValueError naming the first of `names` that is no output."""
    unknown = [name for name in names if name not in _core.OUTPUT_NAMES]
    if unknown:
        raise ValueError(f"no such output: {unknown[0]!r}; outputs: "
                         f"{', '.join(_core.OUTPUT_NAMES)}")


def late_quantiles() -> tuple[str, ...]:
    """The outputs that are quantiles over a replication's late orders: NaN in
    a replication without one, and summarised over the replications with one."""
    return tuple(name for name, row in table().iterrows() if row["aggregation"] == "quantile")


def upper_bound(name: str) -> float:
    """The most output `name` can be: 1 for a fraction, else unbounded (none is
    negative). The engine clips its intervals to the same range."""
    return 1.0 if unit(name).startswith("fraction") else math.inf


def t_half_width(sd: float, n: int) -> float:
    """Half the width of the Student-t 95 % interval of a mean of `n` values
    with sd `sd`, before any clipping to what the output can be (NaN for
    fewer than two values)."""
    return _core.student_t_quantile(0.975, n - 1) * sd / math.sqrt(n) if n > 1 else math.nan


def units() -> dict[str, str]:
    """Output name -> unit, in engine order (the ``units`` block of JSON files)."""
    return {row["name"]: row["unit"] for row in _core.OUTPUTS}


def with_units(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with a ``unit`` column after its output (the index or an ``output`` column).

    Summary files (CSV, Parquet) carry it so that a value never travels without its unit.
    """
    names = frame.index if "output" not in frame.columns else frame["output"]
    column = [unit(str(name)) for name in names]
    out = frame.copy()
    position = 0 if "output" not in frame.columns else list(frame.columns).index("output") + 1
    out.insert(position, "unit", column)
    return out


def file_metadata() -> dict[str, str]:
    """Key -> JSON text for a Parquet file's schema metadata: every output's unit,
    aggregation and meaning (``fieldsim.outputs``)."""
    import json

    return {"fieldsim.outputs": json.dumps(
        {row["name"]: {"unit": row["unit"], "aggregation": row["aggregation"],
                       "meaning": row["meaning"]} for row in _core.OUTPUTS})}


def glossary() -> str:
    """The outputs as a Markdown page (``docs/outputs.md``)."""
    lines = [
        "# Outputs",
        "",
        "What `fieldsim run` reports for each replication; summaries add the mean,",
        "sd, 95 % interval and P50/P90/P95 across replications. Generated from the",
        "engine's declared table by `fieldsim outputs --markdown`; do not edit by hand.",
        "",
        "| output | unit | aggregation | what it is |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{row['name']}` | {row['unit']} | {row['aggregation']} | {row['meaning']} |"
              for row in _core.OUTPUTS]
    lines += ["", "How a replication's value is made from its orders:", ""]
    lines += [f"- **{name}**: {meaning}" for name, meaning in _AGGREGATIONS.items()]
    lines += [
        "",
        "## By segment",
        "",
        "`result.breakdown` (and `fieldsim run --breakdown`) gives these measures for every",
        "district, kind and customer class (`result.breakdown_by(...)` for other groupings,",
        "product included). A measure with a weight is a mean weighted by that measure",
        "over a group's segments within a replication; the others add up. Either is then",
        "summarised over replications as the outputs are (a mean of replications' values).",
        "",
        "| measure | unit | weight | what it is |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{row['name']}` | {row['unit']} | {row['weight'] or '-'} | {row['meaning']} |"
              for row in _core.MEASURES]
    return "\n".join(lines) + "\n"


# Scenario settings (dotted paths as used by Scenario.with_ and sweeps).
_SETTINGS: dict[str, tuple[str, str]] = {
    "technicians.count": ("technicians", "people"),
    "evening.premium_cny": ("evening premium", "CNY per evening job"),
    "evening.premium_full_cny": ("premium for full evening response", "CNY per evening job"),
    "horizon.days": ("days of orders", "days"),
    "demand.day_factor.sd": ("day-to-day demand swing (sd)", "factor"),
}

# A unit read off a name's ending, for names not listed above.
_SUFFIX_UNITS = [("_cny", "CNY"), ("_min", "min"), ("_h", "h"), ("per_day", "orders per day")]


def unit(name: str) -> str:
    """The unit of an output or a dotted scenario setting ("" when unitless).

    Parameters
    ----------
    name : str
        An output name such as ``"compensation_cny"`` or a setting such as
        ``"evening.premium_cny"``.

    Returns
    -------
    str
        E.g. ``"CNY"``, ``"min"``, ``"fraction of orders"``.
    """
    known = _OUTPUTS.get(name) or _SETTINGS.get(name)
    if known:
        return known[1]
    return next((u for suffix, u in _SUFFIX_UNITS if name.endswith(suffix)), "")


def label(name: str, *, with_unit: bool = True) -> str:
    """A readable label for an output or a dotted scenario setting.

    Parameters
    ----------
    name : str
        An output name or a dotted setting path.
    with_unit : bool, default True
        Append the unit in parentheses, as an axis label wants it.

    Returns
    -------
    str
        E.g. ``"install breach rate (fraction of orders)"``.

    Examples
    --------
    >>> label("evening.premium_cny")
    'evening premium (CNY per evening job)'
    >>> label("orders.0.per_day")
    'orders.0.per_day (orders per day)'
    """
    known = _OUTPUTS.get(name) or _SETTINGS.get(name)
    text = known[0] if known else name
    u = unit(name)
    return f"{text} ({u})" if with_unit and u else text
