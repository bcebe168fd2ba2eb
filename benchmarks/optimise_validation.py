"""Does fieldsim.optimise choose right? Its choices against a brute-force truth.

The case and its truth: optimise_truth.py (refcity-month, technicians
110..160 in steps of 5 x premium 0/10/20/30, both breach rates <= 2 %,
2,000 replications a point). The optimiser runs with its defaults and an
indifference zone of INDIFFERENCE_CNY.

1. Repetitions: the optimiser with independent seeds 1, 2, ...; each one's
   plan and replications go to results/optimise_repetitions.jsonl (so that
   a long run can be stopped and resumed).
2. Correct selection, as Andradottir & Kim (2010) define it for constrained
   selection: the plan is truly feasible (its true means within the
   limits) and its true cost is within the zone of the best plan clear of
   the tolerance band (at least two tolerances under every limit: plans in
   the band may be judged either way). Against the strict optimum too. The
   rates get Clopper-Pearson 95 % intervals.
3. Equal allocation: every grid point gets n replications (resampled from
   the truth's, the same indices at every point: common random numbers);
   the plan is the cheapest point whose constraints' one-sided t upper
   bounds are within the limits, the bound's error the best of
   EQUAL_ALPHAS for that n (the rival's best case). Its rate of correct
   selection against n, and the smallest n that reaches the optimiser's.

Benchmarks report; they assert nothing.

Usage:
    python benchmarks/optimise_validation.py [--repetitions 100] [--processes 2] [--minutes M]
    python benchmarks/optimise_validation.py --repetitions 0   # summarise what is there
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
from optimise_truth import DECISIONS, LIMITS, OBJECTIVE, SHOWN, costed_scenario
from scipy import stats

import fieldsim
import optimise_truth

HERE = Path(__file__).resolve().parent
RECORDS = HERE / "results" / "optimise_repetitions.jsonl"
RESULTS = HERE / "results" / "optimise_validation.json"

INDIFFERENCE_CNY = 4000.0
TOLERANCE = 0.1  # the optimiser's default, a share of each limit
EQUAL_SIZES = [10, 20, 40, 60, 80, 100, 150, 160, 170, 180, 190, 200, 250, 300, 350, 400, 500]
EQUAL_ALPHAS = [0.5, 0.05, 0.01, 0.001]  # 0.5: the plain mean
EQUAL_RESAMPLES = 4000
TARGET_RATE = 0.95


def repetition(seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    result = fieldsim.optimise(costed_scenario(), DECISIONS, LIMITS, OBJECTIVE,
                               indifference_cny=INDIFFERENCE_CNY, tolerance=TOLERANCE,
                               seed=seed, threads=1)
    return {"seed": seed, "elapsed_s": time.perf_counter() - started,
            "replications": result.replications_used, "candidates": len(result.values),
            "busiest": max(len(v) for v in result.values.values()),
            "chosen": None if result.chosen is None else list(result.chosen)}


def _records() -> list[dict[str, Any]]:
    if not RECORDS.exists():
        return []
    return [json.loads(line) for line in RECORDS.read_text().splitlines() if line.strip()]


def run_repetitions(count: int, processes: int, minutes: float) -> None:
    done = {r["seed"] for r in _records()}
    seeds = [s for s in range(1, count + 1) if s not in done]
    started = time.perf_counter()
    with multiprocessing.Pool(processes) as pool, RECORDS.open("a") as out:
        for record in pool.imap_unordered(repetition, seeds):
            out.write(json.dumps(record) + "\n")
            out.flush()
            print(json.dumps(record), flush=True)
            if time.perf_counter() - started > 60 * minutes:
                pool.terminate()
                break


class Judge:
    """Which plans count as correct, by the truth."""

    def __init__(self, points: list[dict[str, Any]]) -> None:
        self.table = {(p["technicians.count"], p["evening.premium_cny"]): p for p in points}
        self.strict = self._cheapest(margin=0.0)
        self.clear = self._cheapest(margin=2 * TOLERANCE)

    def _cheapest(self, margin: float) -> dict[str, Any]:
        return min((p for p in self.table.values()
                    if all(p[n] <= (1 - margin) * limit for n, limit in LIMITS.items())),
                   key=lambda p: p[OBJECTIVE])

    def feasible(self, key: tuple[int, int]) -> bool:
        point = self.table[key]
        return all(point[n] <= limit for n, limit in LIMITS.items())

    def unsure(self, key: tuple[int, int]) -> bool:
        """The truth's own 95 % interval straddles a limit."""
        point = self.table[key]
        return any(abs(point[n] - limit) < 1.96 * point[f"{n}_se"] for n, limit in LIMITS.items())

    def correct(self, key: tuple[int, int] | None, best: dict[str, Any]) -> bool:
        return key is not None and self.feasible(key) and \
            self.table[key][OBJECTIVE] <= best[OBJECTIVE] + INDIFFERENCE_CNY


def clopper_pearson(successes: int, trials: int, level: float = 0.95) -> list[float]:
    tail = (1 - level) / 2
    lo = stats.beta.ppf(tail, successes, trials - successes + 1) if successes else 0.0
    hi = stats.beta.ppf(1 - tail, successes + 1, trials - successes) if successes < trials else 1.0
    return [float(lo), float(hi)]


def _rate(successes: int, trials: int) -> dict[str, Any]:
    return {"correct": successes, "of": trials, "rate": successes / trials,
            "ci95": clopper_pearson(successes, trials)}


def equal_allocation(judge: Judge, seed: int = 7) -> list[dict[str, Any]]:
    """Equal allocation's rate of correct selection at each of EQUAL_SIZES."""
    keys, values = optimise_truth.replications()
    limits = np.array([LIMITS[n] for n in SHOWN[1:]])
    right = np.array([judge.correct(k, judge.clear) for k in keys])
    rng = np.random.default_rng(seed)
    rows = []
    for n in EQUAL_SIZES:
        hits = np.zeros(len(EQUAL_ALPHAS))
        t = np.array([stats.t.ppf(1 - a, n - 1) for a in EQUAL_ALPHAS])
        for _ in range(EQUAL_RESAMPLES):
            sample = values[:, rng.integers(0, values.shape[1], n), :]
            mean, sd = sample.mean(axis=1), sample.std(axis=1, ddof=1)
            upper = mean[None, :, 1:] + t[:, None, None] * sd[None, :, 1:] / math.sqrt(n)
            feasible = (upper <= limits).all(axis=2)  # alphas x points
            cost = np.where(feasible, mean[None, :, 0], np.inf)
            chosen = cost.argmin(axis=1)
            hits += right[chosen] & np.isfinite(cost.min(axis=1))
        rates = hits / EQUAL_RESAMPLES
        best = int(rates.argmax())
        rows.append({"n": n, "replications": n * len(keys), "rate": float(rates[best]),
                     "alpha": EQUAL_ALPHAS[best],
                     "rates": dict(zip(map(str, EQUAL_ALPHAS), rates.tolist()))})
    return rows


def summarise(records: list[dict[str, Any]], judge: Judge) -> dict[str, Any]:
    chosen = [None if r["chosen"] is None else tuple(r["chosen"]) for r in records]
    used = np.array([r["replications"] for r in records], dtype=float)
    correct = sum(judge.correct(k, judge.clear) for k in chosen)
    equal = equal_allocation(judge)
    rate = _rate(correct, len(records))
    plans: dict[str, int] = {}
    for key in chosen:
        plans[str(key)] = plans.get(str(key), 0) + 1
    return {
        "repetitions": len(records),
        "correct": rate,
        "correct_against_strict_optimum": _rate(
            sum(judge.correct(k, judge.strict) for k in chosen), len(records)),
        "truly_feasible": _rate(sum(k is not None and judge.feasible(k) for k in chosen),
                                len(records)),
        "plans_chosen": plans,
        "plans_whose_truth_straddles_a_limit": sum(k is not None and judge.unsure(k)
                                                   for k in chosen),
        "replications_mean": float(used.mean()),
        "replications_sd": float(used.std(ddof=1)) if len(used) > 1 else 0.0,
        "replications_max": int(used.max()),
        "seconds_per_repetition": float(np.mean([r["elapsed_s"] for r in records])),
        "optimum_strict": {k: judge.strict[k] for k in [*DECISIONS, *SHOWN]},
        "optimum_clear_of_band": {k: judge.clear[k] for k in [*DECISIONS, *SHOWN]},
        "equal_allocation": equal,
        # The rival's replications at the optimiser's rate and at the low end
        # of its interval (the sizes are a grid: the first size that reaches it).
        "equal_allocation_at_same_rate": _reaching(equal, rate["rate"], used.mean()),
        "equal_allocation_at_rate_ci_lo": _reaching(equal, rate["ci95"][0], used.mean()),
        "equal_allocation_at_target_rate": _reaching(equal, TARGET_RATE, used.mean()),
    }


def _reaching(equal: list[dict[str, Any]], rate: float, used: float) -> dict[str, Any]:
    row = next((row for row in equal if row["rate"] >= rate), None)
    if row is None:
        best = max(equal, key=lambda r: r["rate"])
        return {"reached": False, "best_rate": best["rate"],
                "at_least_replications": equal[-1]["replications"],
                "saving_factor_at_least": equal[-1]["replications"] / used}
    below = [r["replications"] for r in equal if r["rate"] < rate]
    return {"reached": True, "n": row["n"], "replications": row["replications"],
            "rate": row["rate"],
            "saving_factor": row["replications"] / used,
            "largest_size_short_of_it": max(below) if below else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--processes", type=int, default=1,
                        help="repetitions run side by side, one thread each")
    parser.add_argument("--minutes", type=float, default=math.inf,
                        help="stop starting repetitions after this long")
    args = parser.parse_args()
    if args.repetitions > 0:
        run_repetitions(args.repetitions, args.processes, args.minutes)
    judge = Judge(optimise_truth.load()["points"])
    summary = summarise(_records(), judge)
    RESULTS.write_text(json.dumps({"settings": {
        "indifference_cny": INDIFFERENCE_CNY, "tolerance": TOLERANCE, "limits": LIMITS,
        "decisions": DECISIONS, "equal_resamples": EQUAL_RESAMPLES}, "summary": summary},
        indent=1) + "\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
