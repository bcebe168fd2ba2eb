"""Record the golden refcity outputs that guard the engine's behaviour.

Run only when a documented rule changes what refcity reports, and say why in
the commit that updates the files:

    python tests/golden/record.py

It writes ``refcity.json`` (every output of every replication at full
precision, refcity month and year, seeds 1-3; null where an output is not
defined, e.g. a lateness quantile in a replication without a late order) and the per-order and
per-technician logs of one month replication that has late orders of both
kinds (``refcity-month-orders.csv.gz``, ``refcity-month-technicians.csv``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

import fieldsim
from fieldsim.runner import run_raw

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

#: (preset, replications per seed)
RUNS = {"month": 10, "year": 2}
SEEDS = (1, 2, 3)
#: The logged replication: month, seed 1, replication 8 has late installs and repairs.
LOGGED = {"preset": "month", "seed": 1, "replication": 8}
KIND_NAMES = ("install", "repair")


def scenario(preset: str) -> fieldsim.Scenario:
    return fieldsim.load(ROOT / "scenarios" / "refcity" / f"{preset}.json")


def plain(value: float) -> float | None:
    """A value for the JSON file: NaN (a lateness quantile without a late order) as null."""
    return None if np.isnan(value) else float(value)


def outputs() -> dict:
    runs = {}
    for preset, replications in RUNS.items():
        for seed in SEEDS:
            raw = run_raw(scenario(preset), replications, seed, threads=1)
            runs[f"{preset}/seed{seed}"] = [
                dict(zip(fieldsim.OUTPUT_NAMES, map(plain, row))) for row in raw["values"]
            ]
    return runs


def logged_run() -> dict:
    return run_raw(scenario(LOGGED["preset"]), 1, LOGGED["seed"],
                   first_replication=LOGGED["replication"], threads=1, keep_orders=True)


def csv_text(columns: dict[str, np.ndarray]) -> str:
    """A log as CSV text, floats at full precision, kinds by name."""
    columns = readable(columns)
    names = [name for name in columns if name != "replication"]
    lines = [",".join(names)]
    for row in zip(*(columns[name].tolist() for name in names)):
        lines.append(",".join(repr(v) if isinstance(v, float) else str(v) for v in row))
    return "\n".join(lines) + "\n"


def per_technician(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The technician-month log summed over months: one row per technician, as
    the golden file keeps it (it was recorded before the log had months)."""
    frame = pd.DataFrame(columns).drop(columns=["month"])
    firsts = frame.groupby("technician", sort=True)[["replication", "home_zone"]].first()
    sums = frame.drop(columns=["replication", "home_zone"]).groupby("technician", sort=True).sum()
    joined = firsts.join(sums).reset_index()
    return {name: joined[name].to_numpy() for name in joined.columns}


def readable(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The log's columns with order kinds by name, as the golden files keep them."""
    if "kind" not in columns:
        return columns
    names = np.array(KIND_NAMES)
    return {**columns, "kind": names[columns["kind"]]}


def main() -> None:
    (HERE / "refcity.json").write_text(
        json.dumps({"logged": LOGGED, "runs": outputs()}, indent=1) + "\n")
    raw = logged_run()
    # mtime 0: recording twice gives the same bytes.
    packed = gzip.compress(csv_text(raw["orders"]).encode(), mtime=0)
    (HERE / "refcity-month-orders.csv.gz").write_bytes(packed)
    (HERE / "refcity-month-technicians.csv").write_text(
        csv_text(per_technician(raw["technicians"])))


if __name__ == "__main__":
    main()
