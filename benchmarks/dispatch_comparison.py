"""Which dispatch breaches least: every policy on the same orders.

Runs a scenario once per dispatch policy with the same seed, so that
replication r of every policy sees the same orders, customers and visits
(common random numbers), and compares each policy with edf replication by
replication: the mean of the paired differences and its Student-t 95 %
interval. Measures: breach rate by kind, late orders by cause, travel share
of the time on jobs (travel / (travel + work on site)), utilisation and
compensation. With --instructions BINARY it also counts each policy's
instructions per order under callgrind (benchmarks/instructions.py). With
--sweep it also finds, from a sweep of the install groups' headcount (the
city's "early" and "late" groups, scaled together from SWEEP_SCALES of their
counts), the fewest install technicians with which each policy holds the
install breach rate under 2 %.

Writes the tables as markdown between the markers of docs/dispatch.md.

Usage:
    python benchmarks/dispatch_comparison.py [--scenario FILE] [--replications N]
        [--instructions BUILD/benchmarks/run_scenario] [--sweep] [--json FILE] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

import pandas as pd
from scipy import stats

import fieldsim

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import instructions  # noqa: E402

DOC = REPO / "docs" / "dispatch.md"
BEGIN, END = "<!-- comparison: begin -->", "<!-- comparison: end -->"
SWEEP_BEGIN, SWEEP_END = "<!-- sweep: begin -->", "<!-- sweep: end -->"
BASELINE = "edf"
SWEEP_GROUPS = ("early", "late")
SWEEP_SCALES = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
TARGET = 0.02


def measures(result: fieldsim.RunResult) -> pd.DataFrame:
    """One row per replication, one column per compared measure."""
    cells = result.cells
    by_kind = cells.groupby(["replication", "kind"], observed=True)[["late", "orders"]].sum()
    rates = (by_kind["late"] / by_kind["orders"]).unstack("kind")
    rates.columns = [f"breach rate {kind}" for kind in rates.columns]
    causes = [c for c in cells.columns if c.startswith("late_")]
    late = cells.groupby("replication")[causes].sum()
    late.columns = [f"late: {c.removeprefix('late_').replace('_', ' ')}" for c in causes]
    # Travel against travel and work on site; a wait for a window is neither.
    techs = result.technicians.groupby("replication")[["travel_min", "work_min"]].sum()
    travel = (techs["travel_min"] / (techs["travel_min"] + techs["work_min"])).rename(
        "travel share of job time")
    values = result.replications[["utilisation", "compensation_cny"]].rename(
        columns={"utilisation": "utilisation", "compensation_cny": "compensation (CNY)"})
    return pd.concat([rates, late, travel, values], axis=1)


def paired(policy: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Mean, and the paired difference from the baseline with its 95 % interval."""
    diff = policy - base
    n = len(diff)
    half = stats.t.ppf(0.975, n - 1) * diff.std(ddof=1) / math.sqrt(n)
    mean = diff.mean()
    return pd.DataFrame({"mean": policy.mean(), "diff": mean,
                         "lo": mean - half, "hi": mean + half})


def number(value: float, column: str) -> str:
    if "rate" in column or "share" in column or column == "utilisation":
        return f"{100 * value:.2f} %"
    return f"{value:,.1f}"


def markdown(table: dict[str, pd.DataFrame], scenario: str, replications: int,
             per_order: dict[str, float]) -> str:
    policies = list(table)
    rows = [f"{scenario}, {replications} replications, seed 1, common random numbers. "
            f"Each cell: the policy's mean; for the others, the paired difference from "
            f"{BASELINE} with its 95 % interval.", "",
            "| measure | " + " | ".join(policies) + " |",
            "|---|" + "---|" * len(policies)]
    for measure in table[BASELINE].index:
        cells = []
        for name in policies:
            row = table[name].loc[measure]
            text = number(row["mean"], measure)
            if name != BASELINE:
                text += (f" ({number(row['diff'], measure)}; "
                         f"{number(row['lo'], measure)} .. {number(row['hi'], measure)})")
            cells.append(text)
        rows.append(f"| {measure} | " + " | ".join(cells) + " |")
    if per_order:
        rows.append("| instructions per order (callgrind) | " + " | ".join(
            f"{per_order[name]:,.0f} ({per_order[name] / per_order[BASELINE]:.2f}x)"
            for name in policies) + " |")
    return "\n".join(rows) + "\n"


def scaled(scenario: fieldsim.Scenario, scale: float) -> dict[str, int]:
    """The counts of SWEEP_GROUPS at `scale` of the scenario's."""
    counts = {g["name"]: g["count"] for g in scenario.document["technicians"]["groups"]}
    return {f"technicians.groups.{name}.count": round(counts[name] * scale) for name in SWEEP_GROUPS}


def sweep(scenario: fieldsim.Scenario, names: list[str], replications: int) -> str:
    """The install breach rate by install headcount and policy, and the fewest
    install technicians whose rate (its mean over replications) is under TARGET."""
    points = [scaled(scenario, scale) for scale in SWEEP_SCALES]
    totals = [sum(point.values()) for point in points]
    rates = pd.DataFrame(
        {name: [fieldsim.run(scenario.with_({"dispatch.policy": name, **point}),
                             replications=replications, seed=1, progress=False)
                .summary.loc["breach_rate_install", "mean"] for point in points]
         for name in names}, index=totals)
    groups = " + ".join(f"`{name}`" for name in SWEEP_GROUPS)
    rows = [f"Install breach rate by the headcount of {groups} (scaled together; the other "
            f"groups as they are), {replications} replications each.", "",
            "| install technicians | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    rows += [f"| {n} | " + " | ".join(number(rates.loc[n, name], "rate") for name in names) + " |"
             for n in rates.index]
    fewest = {name: next((n for n in rates.index if rates.loc[n, name] < TARGET), None)
              for name in names}
    rows.append("| fewest under 2 % | " + " | ".join(
        str(fewest[name]) if fewest[name] else f"> {max(totals)}" for name in names) + " |")
    return "\n".join(rows) + "\n"


def between(doc: str, begin: str, end: str, text: str) -> str:
    head, rest = doc.split(begin)
    _, tail = rest.split(end)
    return f"{head}{begin}\n{text}{end}{tail}"


def count_instructions(binary: Path, scenario: Path, policy: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        variant = Path(tmp) / f"{scenario.stem}-{policy}.json"
        variant.write_text(json.dumps({"extends": [str(scenario.resolve())],
                                       "dispatch": {"policy": policy}}))
        return instructions.per_order(binary, variant)["instructions_per_order"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path,
                        default=REPO / "scenarios" / "examples" / "city-month.json")
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--instructions", type=Path, metavar="RUN_SCENARIO")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    scenario = fieldsim.load(args.scenario)
    names = fieldsim._core.DISPATCH_POLICIES
    per_rep = {name: measures(fieldsim.run(scenario.with_({"dispatch.policy": name}),
                                           replications=args.replications, seed=1,
                                           progress=False))
               for name in names}
    table = {name: paired(per_rep[name], per_rep[BASELINE]) for name in names}
    per_order = ({name: count_instructions(args.instructions, args.scenario, name)
                  for name in names} if args.instructions else {})
    text = markdown(table, args.scenario.name, args.replications, per_order)
    print(text)
    swept = sweep(scenario, names, args.replications // 2) if args.sweep else ""
    print(swept)
    if args.json:
        args.json.write_text(json.dumps(
            {"table": {n: t.to_dict() for n, t in table.items()},
             "instructions_per_order": per_order}, indent=1) + "\n")
    if not args.no_write:
        doc = between(DOC.read_text(), BEGIN, END, text)
        DOC.write_text(between(doc, SWEEP_BEGIN, SWEEP_END, swept) if swept else doc)


if __name__ == "__main__":
    main()
