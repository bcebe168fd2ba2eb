"""Outputs by segment: district x kind x product x customer class.

The engine counts, per replication, every segment's orders, late orders by
cause, compensation and time to finish (the measures are declared once, in
``models/engine/breakdown.h``, and reach Python as ``_core.MEASURES``). This
module groups those cells by any dimensions and summarises them across
replications: a measure with a weight (breach rate by orders, mean time to
finish by finished orders) is re-aggregated as a weighted mean, the others
add up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from fieldsim import _core

#: The dimensions of a segment, as columns of the breakdown.
DIMENSIONS = ("district", "kind", "product", "class")
#: What :attr:`RunResult.breakdown` groups by by default.
DEFAULT_BY = ("district", "kind", "class")

MEASURES: dict[str, dict[str, str]] = {row["name"]: row for row in _core.MEASURES}


def cells(columns: Mapping[str, np.ndarray], names: Mapping[str, Sequence[str]],
          first_replication: int = 0) -> pd.DataFrame:
    """One row per replication and segment with orders, a column per measure."""
    frame = pd.DataFrame({"replication": columns["replication"].astype("int64") + first_replication})
    for dimension in DIMENSIONS:
        frame[dimension] = pd.Categorical.from_codes(
            columns[dimension].astype("int64"), categories=pd.Index(list(names[dimension])))
    for measure in MEASURES:
        frame[measure] = columns[measure].astype("float64")
    return frame


def per_replication(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """The measures of each replication grouped by `by` (weighted means re-weighted)."""
    by = _checked(by)
    keys = ["replication", *by]
    work = frame.copy()
    weighted = {m: info["weight"] for m, info in MEASURES.items() if info["weight"]}
    for measure, weight in weighted.items():
        work[measure] = work[measure] * work[weight]
    grouped = work.groupby(keys, observed=True)[list(MEASURES)].sum()
    for measure, weight in weighted.items():
        grouped[measure] = grouped[measure] / grouped[weight].where(grouped[weight] > 0)
    return grouped.reset_index()


def summarise(frame: pd.DataFrame, by: Sequence[str], replications: Sequence[int]) -> pd.DataFrame:
    """A long table: one row per group and measure, with mean, sd and 95 % CI over replications.

    A group without orders in some replication counts zero there for the
    measures that add up; a weighted mean is averaged over the replications
    where it is defined.
    """
    by = _checked(by)
    per_rep = per_replication(frame, by)
    per_rep = per_rep.set_index(["replication", *by]).reindex(_every_cell(per_rep, by, replications))
    additive = [m for m, info in MEASURES.items() if not info["weight"]]
    per_rep[additive] = per_rep[additive].fillna(0.0)
    long = per_rep.reset_index().melt(id_vars=["replication", *by], var_name="measure")
    stats = long.groupby([*by, "measure"], observed=True, sort=False)["value"].agg(
        ["mean", "std", "count"])
    half = stats["std"] / np.sqrt(stats["count"]) * stats["count"].map(_t95)
    # Clipped to what a measure can be, as the run's intervals are: a share to [0, 1].
    most = stats.index.get_level_values("measure").map(_most).to_numpy()
    out = pd.DataFrame({
        "mean": stats["mean"],
        "sd": stats["std"],
        "ci95_lo": (stats["mean"] - half).clip(lower=0.0),
        "ci95_hi": np.minimum(stats["mean"] + half, most),
        "replications": stats["count"].astype("int64"),
    }).reset_index()
    out.insert(len(by) + 1, "unit", out["measure"].map(lambda m: MEASURES[m]["unit"]))
    order = {m: i for i, m in enumerate(MEASURES)}
    out = out.sort_values([*by, "measure"], key=lambda c: c.map(order) if c.name == "measure" else c)
    return out.reset_index(drop=True)


def _most(measure: str) -> float:
    """The most a measure can be: 1 for a share, else unbounded."""
    return 1.0 if MEASURES[measure]["unit"].startswith("fraction") else np.inf


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A breakdown table as plain rows for JSON.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of :func:`summarise` (or :meth:`RunResult.breakdown_by`).

    Returns
    -------
    list of dict
        One dict per row, keyed by column; undefined statistics (the sd of one
        replication, a rate of no orders) are None, as JSON has no NaN.
    """
    return [{str(key): None if isinstance(value, float) and math.isnan(value) else value
             for key, value in row.items()} for row in frame.to_dict("records")]


def _every_cell(per_rep: pd.DataFrame, by: Sequence[str], replications: Sequence[int]) -> pd.Index:
    """Every replication x every group seen in any replication."""
    reps = pd.DataFrame({"replication": list(replications)})
    if not by:
        # One group, the whole run: a frame without columns would keep all its
        # rows through drop_duplicates and count each replication many times.
        return pd.Index(reps["replication"])
    groups = per_rep[list(by)].drop_duplicates()
    return pd.MultiIndex.from_frame(groups.merge(reps, how="cross")[["replication", *by]])


def _t95(count: int) -> float:
    return _core.student_t_quantile(0.975, count - 1) if count > 1 else float("nan")


def _checked(by: Sequence[str]) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"no such dimension: {', '.join(unknown)}; dimensions: {', '.join(DIMENSIONS)}")
    return by
