"""What each workforce rule costs the city example per order, in instructions.

scenarios/examples/city-month.json runs with every rule on, then with one
rule taken out at a time, then with all of them out, each counted by
callgrind as benchmarks/instructions.py counts (the difference between 1 and
1 + EXTRA replications, so that loading drops out). A rule's cost is what
taking it out saves an order, with the others on: the rules interact (law
stops are counted only under the law, escalations only with an emergency
team), so the single costs need not add up to the difference between all
rules and none. The reference city's month is counted beside them, the
yardstick of the city's cost per order. Benchmarks report; they assert
nothing.

Usage:
    python benchmarks/rule_costs.py BINARY [--json benchmarks/results/rule_costs.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import fieldsim
from instructions import per_order

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "scenarios" / "examples" / "city-month.json"
REFCITY = ROOT / "scenarios" / "refcity" / "month.json"

Document = dict


def law_off(doc: Document) -> None:
    doc["law"] = "off"


def no_emergency_team(doc: Document) -> None:
    groups = doc["technicians"]["groups"]
    groups[:] = [g for g in groups if not g.get("emergency", False)]


def no_breaks(doc: Document) -> None:
    for group in doc["technicians"]["groups"]:
        group.get("shift", {}).pop("break", None)


def evening_per_evening(doc: Document) -> None:
    # Each technician decides once an evening, with the reference city's odds.
    evening = doc["evening"]
    evening.pop("per_job", None)
    evening.update(model="per_evening", p0=0.3, p1=0.5, premium_full_cny=30)


def no_skills(doc: Document) -> None:
    # No order needs a skill; the groups keep theirs (an emergency group must
    # name some), which then restrict nobody.
    doc.pop("skills", None)


def no_visit_failures(doc: Document) -> None:
    doc.pop("visits", None)


def no_night_limit(doc: Document) -> None:
    doc["technicians"].pop("night_limit", None)


RULES: dict[str, Callable[[Document], None]] = {
    "law (overtime limits)": law_off,
    "emergency team": no_emergency_team,
    "breaks": no_breaks,
    "per-job evening": evening_per_evening,
    "skills": no_skills,
    "failed visits, third parties": no_visit_failures,
    "night limit": no_night_limit,
}


def variants() -> dict[str, Document]:
    """The city with all rules, with each taken out, and with none."""
    city = fieldsim.load(CITY).document
    out = {"all rules": city}
    for name, take_out in RULES.items():
        doc = copy.deepcopy(city)
        take_out(doc)
        out[f"without {name}"] = doc
    none = copy.deepcopy(city)
    for take_out in RULES.values():
        take_out(none)
    out["without all of them"] = none
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in variants().items():
            path = Path(tmp) / "variant.json"
            path.write_text(json.dumps(doc))
            fieldsim.load(path)  # a variant the engine refuses is this script's error
            rows.append({"variant": name, **per_order(args.binary, path, repeat=1)})
    reference = per_order(args.binary, REFCITY, repeat=1)
    full = rows[0]["instructions_per_order"]
    print(f"{'city month':<38} {'instr/order':>11} {'saves':>7} {'x refcity':>9}")
    for row in rows:
        cost = row["instructions_per_order"]
        saved = "" if row is rows[0] else f"{round(full - cost):7d}"
        print(f"{row['variant']:<38} {cost:11.0f} {saved:>7}"
              f" {cost / reference['instructions_per_order']:9.2f}")
    print(f"{'refcity month':<38} {reference['instructions_per_order']:11.0f}")
    if args.json:
        args.json.write_text(json.dumps({"city": rows, "refcity": reference}, indent=1) + "\n")


if __name__ == "__main__":
    main()
