"""The working-hour law's price in the city example: breach rates and the cost
split with the law on and off.

scenarios/examples/city-month.json (January 2025, 480 technicians in five
groups, every workforce rule on) runs REPLICATIONS replications with the law
as the scenario gives it and with ``"law": "off"``, with common random
numbers (the same seed: both see the same orders and the same draws where
the runs agree). For each output it reports both means with their 95 %
intervals and the paired difference (on - off) with its 95 % interval
(Student t over the replications' differences). Benchmarks report; they
assert nothing.

Usage:
    python benchmarks/workforce_law.py [-n 20] [--json benchmarks/results/workforce_law.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy import stats

import fieldsim

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ["breach_rate_install", "breach_rate_repair", "escalations", "escalations_late",
           "overtime_min", "limit_overrun_min", "evening_share", "utilisation",
           "staffing_cost_cny", "piece_pay_cny", "premium_pay_cny", "overtime_pay_cny",
           "compensation_cny", "total_cost_cny"]


def interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and its 95 % Student-t interval."""
    mean = float(values.mean())
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
    return mean, mean - half, mean + half


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--replications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    city = fieldsim.load(ROOT / "scenarios" / "examples" / "city-month.json")
    on = fieldsim.run(city, replications=args.replications, seed=args.seed, progress=False)
    off = fieldsim.run(city.with_({"law": "off"}), replications=args.replications,
                       seed=args.seed, progress=False)
    rows = {}
    print(f"{'output':<22} {'law on':>26} {'law off':>26} {'on - off':>26}")
    for name in OUTPUTS:
        a = on.replications[name].to_numpy()
        b = off.replications[name].to_numpy()
        row = {"on": interval(a), "off": interval(b), "difference": interval(a - b)}
        rows[name] = row
        print(f"{name:<22}" + "".join(
            f" {m:>9.4g} [{lo:>6.4g}, {hi:>6.4g}]" for m, lo, hi in row.values()))
    if args.json:
        args.json.write_text(json.dumps({"scenario": "city-month", "replications": args.replications,
                                         "seed": args.seed, "outputs": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
