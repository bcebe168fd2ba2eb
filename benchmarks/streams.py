"""Cost per order against the number of arrival streams.

A real city has one stream per district x kind x customer class, so the
cost of an order must not grow with the number of streams. This benchmark
takes refcity-month (scenarios/refcity/month.json: one install stream, one
repair stream) and splits the same total demand over 1, 8, 32, 128 and 512
random streams:

* n >= 2 streams: installs and repairs each split evenly into n/2 streams,
  each with 1/(n/2) of the kind's orders per day and the kind's hours, zones
  and work time. The demand, its daily profile and its work are those of
  refcity-month; only the random draws differ.
* 1 stream: one kind per stream, so a single stream cannot carry both kinds:
  it is repairs only, at the combined rate of 850 a day, around the clock,
  with the repair work time. Less work than the others (repairs are shorter
  than installs): its figures are not strictly comparable.
* 2 streams: refcity-month itself, unchanged, as the reference.

For each it reports instructions per order (callgrind, through
benchmarks/instructions.py: the difference between 1 and 1 + EXTRA
replications, so loading drops out) and wall time per order (the median of
RUNS native runs of REPLICATIONS replications on one thread; wall time on a
shared machine is noisy, instructions are not). Benchmarks report; they
assert nothing.

Usage:
    python benchmarks/streams.py [--binary build/cpp/benchmarks/run_scenario]
                                 [--streams 1 8 32 128 512] [--json benchmarks/results/streams.json]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import instructions  # noqa: E402  (a script beside this one, not a package)
from refcity_ladder import write_json  # noqa: E402

MONTH = REPO / "scenarios" / "refcity" / "month.json"
BINARY = REPO / "build" / "cpp" / "benchmarks" / "run_scenario"
STREAMS = [1, 2, 8, 32, 128, 512]
RUNS = 5
REPLICATIONS = 10


def split_month(n: int) -> dict[str, Any]:
    """refcity-month with its demand over n random streams (see the module doc)."""
    month = json.loads(MONTH.read_text())
    # The scenario is written elsewhere: its extends must still find the presets.
    month["extends"] = [str((MONTH.parent / e).resolve()) for e in month.get("extends", [])]
    if n == 2:
        return month
    install, repair = month["orders"]
    if n == 1:
        combined = copy.deepcopy(repair)
        combined["per_day"] = install["per_day"] + repair["per_day"]
        month["orders"] = [combined]
    else:
        if n % 2:
            raise ValueError(f"{n} streams: installs and repairs need an even count")
        streams = []
        for kind in (install, repair):
            for _ in range(n // 2):
                part = copy.deepcopy(kind)
                part["per_day"] = kind["per_day"] / (n // 2)
                streams.append(part)
        month["orders"] = streams
    month["name"] = f"refcity-month-{n}-streams"
    return month


def wall_per_order(binary: Path, scenario: Path, runs: int, replications: int) -> dict[str, Any]:
    """Median seconds per order of `runs` native runs (world building included)."""
    per_order = []
    for seed in range(1, runs + 1):
        done = subprocess.run([str(binary), str(scenario), str(replications), str(seed)],
                              capture_output=True, text=True, check=True)
        report = json.loads(done.stdout)
        per_order.append(report["seconds"] / report["orders"])
    return {"ns_per_order": statistics.median(per_order) * 1e9,
            "ns_per_order_all": [s * 1e9 for s in per_order]}


def measure(binary: Path, counts: list[int], runs: int, extra: int) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            path = Path(tmp) / f"month-{n}-streams.json"
            path.write_text(json.dumps(split_month(n), indent=1))
            print(f"{n} streams ...", file=sys.stderr)
            counted = instructions.per_order(binary, path, extra)
            row = {"streams": n,
                   "scenario": "scenarios/refcity/month.json" if n == 2 else path.name,
                   "orders_counted": counted["orders"],
                   "instructions_per_order": counted["instructions_per_order"],
                   "instructions_per_event": counted["instructions_per_event"]}
            row.update(wall_per_order(binary, path, runs, REPLICATIONS))
            rows.append(row)
    by_count = {r["streams"]: r["instructions_per_order"] for r in rows}
    report: dict[str, Any] = {
        "benchmark": "streams",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "binary": str(binary),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                    "load_average_at_start": list(os.getloadavg()),
                    "platform": platform.platform()},
        "note": f"instructions: callgrind, 1 vs {1 + extra} replications; wall: median of "
                f"{runs} runs of {REPLICATIONS} replications, world building included",
        "rows": rows,
    }
    if 8 in by_count and max(by_count) > 8:
        report[f"ratio_{max(by_count)}_to_8"] = by_count[max(by_count)] / by_count[8]
    return report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def print_report(report: dict[str, Any]) -> None:
    print(f"\nrefcity-month demand over n streams ({report['note']})")
    print(f"{'streams':>8}{'instructions/order':>20}{'/event':>9}{'ns/order':>10}")
    for row in report["rows"]:
        print(f"{row['streams']:>8}{row['instructions_per_order']:>20,.0f}"
              f"{row['instructions_per_event']:>9,.0f}{row['ns_per_order']:>10.0f}")
    for key, value in report.items():
        if key.startswith("ratio_"):
            print(f"{key}: {value:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=BINARY, help="run_scenario to measure")
    parser.add_argument("--streams", type=int, nargs="+", default=STREAMS)
    parser.add_argument("--runs", type=int, default=RUNS, help="native runs for wall time")
    parser.add_argument("--extra", type=int, default=instructions.EXTRA,
                        help="extra replications counted by callgrind")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("instructions are counted by callgrind: install valgrind")
    if not args.binary.exists():
        parser.error(f"no {args.binary}: build it with `make cpp`")
    report = measure(args.binary.resolve(), args.streams, args.runs, args.extra)
    print_report(report)
    if args.json:
        write_json(args.json, report)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
