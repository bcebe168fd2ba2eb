"""Does fieldsim.optimise choose right? Its choices against a brute-force truth.

The case: refcity-month with a staffing cost of MONTHLY_COST_CNY per
technician a month (an assumption: wage and on-costs of a Zhanjiang field
technician; refcity itself has none, and without one more technicians are
always cheaper), technicians 110..160 x evening premium {0, 10, 20, 30},
both breach rates <= 2 %, minimise total_cost_cny with an indifference zone
of INDIFFERENCE_CNY.

1. Truth (computed once, cached in benchmarks/results/optimise_truth.json):
   every grid point runs TRUTH_REPLICATIONS replications of its own seed
   (common random numbers across points); points whose breach interval
   still straddles a limit get REFINE_REPLICATIONS in all. The optimum is
   the cheapest point whose mean breach rates are within the limits.
2. Repetitions: the optimiser with independent seeds 1, 2, ...; a
   repetition is correct when its plan is truly feasible and its true cost
   is within the indifference zone of the optimum. The rate gets a
   Clopper-Pearson 95 % interval. As the optimiser may reject a plan within
   two tolerances under a limit, the rate is also given against the best
   plan clear of that band.
3. Replications: the optimiser's total against equal allocation, which
   gives every grid point the replications of the optimiser's busiest
   candidate (what the hardest point needed).

Benchmarks report; they assert nothing.

Usage:
    python benchmarks/optimise_validation.py [--repetitions 100] [--minutes 30] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

import fieldsim

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "refcity" / "month.json"
TRUTH = HERE / "results" / "optimise_truth.json"
RESULTS = HERE / "results" / "optimise_validation.json"

MONTHLY_COST_CNY = 8000.0
DECISIONS = {"technicians.count": list(range(110, 161)), "evening.premium_cny": [0, 10, 20, 30]}
LIMITS = {"breach_rate_install": 0.02, "breach_rate_repair": 0.02}
OBJECTIVE = "total_cost_cny"
INDIFFERENCE_CNY = 4000.0
TOLERANCE = 0.1  # the optimiser's default, a share of each limit
TRUTH_REPLICATIONS = 200
REFINE_REPLICATIONS = 1000
TRUTH_SEED = 10**6
SHOWN = [OBJECTIVE, *LIMITS]


def costed_scenario() -> fieldsim.Scenario:
    """refcity-month with a monthly cost per technician (the key is absent from refcity)."""
    base = fieldsim.load(SCENARIO)
    document = base.document
    document["technicians"]["monthly_cost_cny"] = MONTHLY_COST_CNY
    return fieldsim.load(document, base_dir=SCENARIO.parent)


def _point_stats(values: np.ndarray) -> dict[str, Any]:
    columns = {name: i for i, name in enumerate(fieldsim.OUTPUT_NAMES)}
    row: dict[str, Any] = {"replications": len(values)}
    for name in SHOWN:
        column = values[:, columns[name]]
        row[name] = float(column.mean())
        row[f"{name}_se"] = float(column.std(ddof=1) / math.sqrt(len(column)))
    return row


def _straddles(row: dict[str, Any]) -> bool:
    return any(abs(row[name] - limit) < 3 * row[f"{name}_se"] for name, limit in LIMITS.items())


def compute_truth(threads: int | None) -> dict[str, Any]:
    scenario = costed_scenario()
    points = []
    started = time.perf_counter()
    for count in DECISIONS["technicians.count"]:
        for premium in DECISIONS["evening.premium_cny"]:
            settings = {"technicians.count": count, "evening.premium_cny": premium}
            point = scenario.with_(settings)
            run = fieldsim.run(point, TRUTH_REPLICATIONS, TRUTH_SEED, threads, progress=False)
            values = run.replications.to_numpy()
            row = _point_stats(values)
            if _straddles(row):
                more = fieldsim.run(point, REFINE_REPLICATIONS, TRUTH_SEED, threads, progress=False)
                row = _point_stats(more.replications.to_numpy())
            points.append({**settings, **row})
        print(f"truth: {count} technicians done, {time.perf_counter() - started:.0f} s", flush=True)
    return {"scenario": "refcity-month", "monthly_cost_cny": MONTHLY_COST_CNY,
            "limits": LIMITS, "objective": OBJECTIVE, "seed": TRUTH_SEED,
            "replications": TRUTH_REPLICATIONS, "refined_to": REFINE_REPLICATIONS,
            "elapsed_s": time.perf_counter() - started, "points": points}


def truth(threads: int | None) -> dict[str, Any]:
    if TRUTH.exists():
        return json.loads(TRUTH.read_text())
    result = compute_truth(threads)
    TRUTH.write_text(json.dumps(result, indent=1) + "\n")
    return result


def _feasible(point: dict[str, Any]) -> bool:
    return all(point[name] <= limit for name, limit in LIMITS.items())


def optimum(points: list[dict[str, Any]], margin: float = 0.0) -> dict[str, Any]:
    """The cheapest point whose breach rates are at most `margin` x limit under the limits."""
    return min((p for p in points
                if all(p[name] <= (1 - margin) * limit for name, limit in LIMITS.items())),
               key=lambda p: p[OBJECTIVE])


def repetition(seed: int, table: dict[tuple[int, int], dict[str, Any]], best: dict[str, Any],
               threads: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    result = fieldsim.optimise(costed_scenario(), DECISIONS, LIMITS, OBJECTIVE,
                               indifference_cny=INDIFFERENCE_CNY, tolerance=TOLERANCE,
                               seed=seed, threads=threads)
    elapsed = time.perf_counter() - started
    record: dict[str, Any] = {"seed": seed, "elapsed_s": elapsed,
                              "replications": result.replications_used,
                              "candidates": len(result.values),
                              "busiest": max(len(v) for v in result.values.values())}
    if result.chosen is None:
        return {**record, "chosen": None, "feasible": False, "within_zone": False,
                "within_zone_of_clear": False}
    chosen = table[tuple(result.chosen)]
    # The procedure may reject plans within two tolerances under a limit, so
    # it is also judged against the best plan clear of that band.
    clear = optimum(list(table.values()), margin=2 * TOLERANCE)
    return {**record, "chosen": list(result.chosen), "feasible": _feasible(chosen),
            "within_zone": chosen[OBJECTIVE] <= best[OBJECTIVE] + INDIFFERENCE_CNY,
            "within_zone_of_clear": chosen[OBJECTIVE] <= clear[OBJECTIVE] + INDIFFERENCE_CNY,
            "true_gap_cny": chosen[OBJECTIVE] - best[OBJECTIVE]}


def clopper_pearson(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    tail = (1 - level) / 2
    lo = stats.beta.ppf(tail, successes, trials - successes + 1) if successes else 0.0
    hi = stats.beta.ppf(1 - tail, successes + 1, trials - successes) if successes < trials else 1.0
    return float(lo), float(hi)


def summarise(records: list[dict[str, Any]], known: dict[str, Any]) -> dict[str, Any]:
    correct = sum(r["feasible"] and r["within_zone"] for r in records)
    grid = math.prod(len(v) for v in DECISIONS.values())
    used = np.array([r["replications"] for r in records], dtype=float)
    equal = np.array([grid * r["busiest"] for r in records], dtype=float)
    lo, hi = clopper_pearson(correct, len(records))
    clear = sum(r["feasible"] and r["within_zone_of_clear"] for r in records)
    return {"repetitions": len(records), "correct": correct,
            "rate": correct / len(records), "rate_ci95": [lo, hi],
            "correct_against_clear": clear,
            "rate_against_clear": clear / len(records),
            "rate_against_clear_ci95": list(clopper_pearson(clear, len(records))),
            "feasible": sum(r["feasible"] for r in records),
            "within_zone": sum(r["within_zone"] for r in records),
            "replications_mean": float(used.mean()),
            "equal_allocation_mean": float(equal.mean()),
            "saving_factor": float(equal.mean() / used.mean()),
            "seconds_per_repetition": float(np.mean([r["elapsed_s"] for r in records])),
            "optimum": {k: known[k] for k in [*DECISIONS, *SHOWN]},
            "replications_sd": float(used.std(ddof=1)) if len(used) > 1 else 0.0}


def _repetition(seed: int) -> dict[str, Any]:
    # One repetition in a pool process: the truth is read from the cache.
    known = truth(threads=1)
    table = {(p["technicians.count"], p["evening.premium_cny"]): p for p in known["points"]}
    return repetition(seed, table, optimum(known["points"]), threads=1)


def _write(records: list[dict[str, Any]], best: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps({"settings": {
        "monthly_cost_cny": MONTHLY_COST_CNY, "limits": LIMITS,
        "indifference_cny": INDIFFERENCE_CNY, "decisions": DECISIONS},
        "summary": summarise(records, best),
        "repetitions": sorted(records, key=lambda r: r["seed"])}, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=math.inf,
                        help="stop collecting repetitions after this long")
    parser.add_argument("--processes", type=int, default=1,
                        help="repetitions run side by side, one thread each")
    parser.add_argument("--threads", type=int, default=None, help="for the truth")
    args = parser.parse_args()
    known = truth(args.threads)
    best = optimum(known["points"])
    print("optimum:", {k: best[k] for k in [*DECISIONS, *SHOWN]}, flush=True)
    clear = optimum(known["points"], margin=2 * TOLERANCE)
    print("clear of the tolerance band:", {k: clear[k] for k in [*DECISIONS, *SHOWN]}, flush=True)
    if args.repetitions < 1:
        return
    records: list[dict[str, Any]] = []
    started = time.perf_counter()
    with multiprocessing.Pool(args.processes) as pool:
        for record in pool.imap_unordered(_repetition, range(1, args.repetitions + 1)):
            records.append(record)
            print(json.dumps(record), flush=True)
            _write(records, best)
            if time.perf_counter() - started > 60 * args.minutes:
                pool.terminate()
                break
    print(json.dumps(summarise(records, best), indent=1))


if __name__ == "__main__":
    main()
