"""The brute-force truth the optimiser is judged against (see optimise_validation.py).

The case: refcity-month with a staffing cost of MONTHLY_COST_CNY per
technician a month (an assumption: wage and on-costs of a Zhanjiang field
technician; refcity itself has none, and without one more technicians are
always cheaper), technicians 110..160 in steps of 5 x evening premium
{0, 10, 20, 30}, both breach rates <= 2 %, minimise total_cost_cny.

Every grid point runs REPLICATIONS replications of one seed (common random
numbers across points). The means and standard errors go to
results/optimise_truth.json; the replications themselves (cost and the two
breach rates, float32) to results/optimise_truth.npz, from which equal
allocation is resampled.

Usage:
    python benchmarks/optimise_truth.py [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

import fieldsim
from fieldsim.runner import run_raw

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "refcity" / "month.json"
SUMMARY = HERE / "results" / "optimise_truth.json"
REPLICATIONS_FILE = HERE / "results" / "optimise_truth.npz"

MONTHLY_COST_CNY = 8000.0
DECISIONS = {"technicians.count": list(range(110, 161, 5)), "evening.premium_cny": [0, 10, 20, 30]}
LIMITS = {"breach_rate_install": 0.02, "breach_rate_repair": 0.02}
OBJECTIVE = "total_cost_cny"
SHOWN = [OBJECTIVE, *LIMITS]
REPLICATIONS = 2000
SEED = 10**6


def costed_scenario() -> fieldsim.Scenario:
    """refcity-month with a monthly cost per technician (the key is absent from refcity)."""
    base = fieldsim.load(SCENARIO)
    document = base.document
    document["technicians"]["monthly_cost_cny"] = MONTHLY_COST_CNY
    return fieldsim.load(document, base_dir=SCENARIO.parent)


def grid() -> list[tuple[int, int]]:
    return [(count, premium) for count in DECISIONS["technicians.count"]
            for premium in DECISIONS["evening.premium_cny"]]


def _point_stats(values: np.ndarray) -> dict[str, Any]:
    row: dict[str, Any] = {"replications": len(values)}
    for i, name in enumerate(SHOWN):
        row[name] = float(values[:, i].mean())
        row[f"{name}_se"] = float(values[:, i].std(ddof=1) / math.sqrt(len(values)))
    return row


def compute(threads: int | None) -> None:
    scenario = costed_scenario()
    columns = [fieldsim.OUTPUT_NAMES.index(name) for name in SHOWN]
    points, cube = [], []
    started = time.perf_counter()
    for count, premium in grid():
        settings = {"technicians.count": count, "evening.premium_cny": premium}
        run = run_raw(scenario.with_(settings), REPLICATIONS, SEED, threads=threads)
        values = np.asarray(run["values"], dtype="float64")[:, columns]
        cube.append(values.astype("float32"))
        points.append({**settings, **_point_stats(values)})
        print(f"truth: {settings} {time.perf_counter() - started:.0f} s", flush=True)
    SUMMARY.write_text(json.dumps({
        "scenario": "refcity-month", "monthly_cost_cny": MONTHLY_COST_CNY, "limits": LIMITS,
        "objective": OBJECTIVE, "seed": SEED, "replications": REPLICATIONS,
        "elapsed_s": time.perf_counter() - started, "points": points}, indent=1) + "\n")
    np.savez_compressed(REPLICATIONS_FILE, keys=np.array(grid()), outputs=np.array(SHOWN),
                        values=np.stack(cube))


def load() -> dict[str, Any]:
    return json.loads(SUMMARY.read_text())


def replications() -> tuple[list[tuple[int, int]], np.ndarray]:
    """The grid's keys and its replications, points x replications x (cost, install, repair)."""
    data = np.load(REPLICATIONS_FILE)
    return [tuple(int(v) for v in key) for key in data["keys"]], data["values"].astype("float64")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None)
    compute(parser.parse_args().threads)


if __name__ == "__main__":
    main()
