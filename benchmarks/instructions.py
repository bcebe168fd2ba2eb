"""Instructions per order, counted by callgrind, beside the time per order.

Runs ``run_scenario`` under callgrind with 1 and with 1 + EXTRA replications
and divides the difference in instructions by the difference in orders, so
that loading and building the world drop out and the event loop alone is
measured. Instruction counts are stable on a shared machine; times are not,
so the same two runs are also timed without callgrind, the median of
REPEAT, for the nanoseconds an order takes on this machine now.

Usage:
    python benchmarks/instructions.py BINARY SCENARIO [SCENARIO ...] [--extra N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

EXTRA = 2
REPEAT = 3


def counted(binary: Path, scenario: Path, replications: int) -> tuple[int, dict]:
    """(instructions, the binary's report) of one callgrind run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             str(binary), str(scenario), str(replications)],
            capture_output=True, text=True, check=True)
        total = re.search(r"Collected : (\d+)", done.stderr)
        if total is None:
            raise RuntimeError(f"callgrind printed no total:\n{done.stderr}")
        return int(total.group(1)), json.loads(done.stdout)


def timed(binary: Path, scenario: Path, replications: int, repeat: int) -> float:
    """The median of the binary's own timing of its replications, in seconds."""
    seconds = []
    for _ in range(repeat):
        done = subprocess.run([str(binary), str(scenario), str(replications)],
                              capture_output=True, text=True, check=True)
        seconds.append(json.loads(done.stdout)["seconds"])
    return statistics.median(seconds)


def per_order(binary: Path, scenario: Path, extra: int = EXTRA, repeat: int = REPEAT) -> dict:
    base, one = counted(binary, scenario, 1)
    more, many = counted(binary, scenario, 1 + extra)
    orders = many["orders"] - one["orders"]
    events = many["events"] - one["events"]
    seconds = timed(binary, scenario, 1 + extra, repeat) - timed(binary, scenario, 1, repeat)
    return {"scenario": scenario.name, "orders": orders,
            "instructions_per_order": (more - base) / orders,
            "instructions_per_event": (more - base) / events,
            "ns_per_order": max(seconds, 0.0) / orders * 1e9}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", type=Path)
    parser.add_argument("scenarios", type=Path, nargs="+")
    parser.add_argument("--extra", type=int, default=EXTRA)
    parser.add_argument("--repeat", type=int, default=REPEAT,
                        help="native runs to take the median time of")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [per_order(args.binary, s, args.extra, args.repeat) for s in args.scenarios]
    for row in rows:
        print(f"{row['scenario']:>24}: {row['instructions_per_order']:8.0f} instructions/order"
              f" {row['instructions_per_event']:8.0f} /event {row['ns_per_order']:8.0f} ns/order"
              f" ({row['orders']} orders)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
