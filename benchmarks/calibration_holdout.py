"""Calibration against a held-out month (issue 14, check 2).

The branch of ``scenarios/examples/tietong-2009.json`` makes a half year of order log
(1 July - 31 December 2009, seed 1). ``fieldsim.calibrate`` fits demand and work times to
July - November; the fitted fragment (which extends the preset, so it keeps its network,
technicians and promise) then runs December, REPLICATIONS times, and is compared with
the log's December:

* the earth mover's distance (``scipy.stats.wasserstein_distance``) of the hour of entry
  (hours) and of the time from entry to finish (hours), simulated vs held out;
* the breach rate, simulated (mean over replications) vs held out, in percentage points
  (the log's late flags come from the run that made it: an order system's export would
  carry due times).

The EMDs are set against the same distances between two runs of the true scenario
(``*_noise``): how far apart a perfect model and the log would be by chance.
Benchmarks report; they assert nothing.

Usage:
    python benchmarks/calibration_holdout.py [--json benchmarks/results/calibration.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import wasserstein_distance

import fieldsim
from fieldsim.calibrate import order_log_frame
from fieldsim.orderlog import write_order_log

REPO = Path(__file__).resolve().parents[1]
PRESET = REPO / "scenarios" / "examples" / "tietong-2009.json"
HELD_OUT_FROM_DAY = 153  # 1 December 2009
HELD_OUT_DAYS = 31
REPLICATIONS = 5


def held_out_month(scenario: fieldsim.Scenario) -> fieldsim.Scenario:
    """The scenario's December: day 0 is 1 December, no holidays inside it."""
    return scenario.with_({"horizon.days": HELD_OUT_DAYS, "calendar.start_date": "2009-12-01",
                           "calendar.holidays": [], "calendar.makeup_workdays": []})


def figures(orders: pd.DataFrame) -> dict[str, np.ndarray | float]:
    return {"hour": (orders["entry_min"] % 1440 / 60).to_numpy(),
            "tat_h": ((orders["finish_min"] - orders["entry_min"]) / 60).dropna().to_numpy(),
            "breach": float(orders["late"].mean())}


def compare(a: dict, b: dict) -> dict[str, float]:
    return {"emd_entry_hour_h": wasserstein_distance(a["hour"], b["hour"]),
            "emd_time_to_finish_h": wasserstein_distance(a["tat_h"], b["tat_h"]),
            "breach_rate_diff_pp": 100 * (a["breach"] - b["breach"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    truth = fieldsim.load(PRESET)
    history = fieldsim.run(truth, replications=1, seed=1, keep_orders=True, progress=False)
    orders = history.orders
    log = order_log_frame(history)
    train = orders["entry_day"] < HELD_OUT_FROM_DAY
    held = figures(orders[~train])
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "orders.csv"
        write_order_log(log[train.to_numpy()], path)
        fitted = fieldsim.calibrate(path, PRESET)
        fitted.write(Path(work) / "calibrated.json")
        calibrated = fieldsim.load(Path(work) / "calibrated.json")
    sim = fieldsim.run(held_out_month(calibrated), replications=REPLICATIONS, seed=2,
                       keep_orders=True, progress=False).orders
    noise = fieldsim.run(held_out_month(truth), replications=REPLICATIONS, seed=3,
                         keep_orders=True, progress=False).orders
    result = {"held_out_orders": int((~train).sum()), "fitted_orders": int(train.sum()),
              **compare(figures(sim), held),
              **{f"{k}_noise": v for k, v in compare(figures(noise), held).items()},
              "breach_rate_held_out": held["breach"], "breach_rate_simulated":
              figures(sim)["breach"], "day_factor_sd": fitted.day_factor["sd"]}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
