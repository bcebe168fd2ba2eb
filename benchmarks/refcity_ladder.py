"""The refcity size ladder: how fast fieldsim runs the reference model.

Three figures, all on one thread unless said otherwise:

* the ladder (refcity-month, -year, -metro-year): wall time per replication,
  orders/s, events/s (the engine's ``events`` output) and peak resident
  memory. Each size runs in a fresh process, so that its peak is its own;
  the peak of a process that only imports fieldsim and loads a scenario is
  given too, as the floor the engine adds to. A month run holds
  REPLICATIONS_PER_RUN["month"] replications (one lasts a few milliseconds,
  too short to time alone on a shared machine); its figures are per
  replication like the others.
* fieldsim against the SimPy peer (benchmarks/peers/refcity_simpy.py) on
  refcity-month, alternating so that both see the same load on a shared
  machine: the speed ratio of the medians of the times per replication.
  fieldsim runs PEER_BATCH replications per call, as its users do (the world
  is built once per call), the peer one per call. The peer runs twice: as
  written (one list of waiting orders scanned at every look, the way an
  analyst writes a SimPy model: ``speed_ratio``) and with its indexed pool (a
  heap per kind and zone, visited nearest first), a tuned variant that makes
  the comparison harder (``speed_ratio_indexed``); both give the same
  results.
* replications on two cores: 8 year replications with threads=1 and
  threads=2, alternating (a month replication lasts under 10 ms, too short
  for a shared machine's noise; a year one lasts about 0.08 s).

Figures are medians of 5 runs (metro-year: 3 when one run takes longer than
SLOW_RUN_S). Benchmarks report; they assert nothing.

Usage:
    python benchmarks/refcity_ladder.py [--json benchmarks/results/refcity.json] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LADDER = {
    "month": REPO / "scenarios" / "refcity" / "month.json",
    "year": REPO / "scenarios" / "refcity" / "year.json",
    "metro-year": REPO / "scenarios" / "refcity" / "metro-year.json",
}
PEER = REPO / "benchmarks" / "peers" / "refcity_simpy.py"
RUNS = 5
SLOW_RUNS = 3
SLOW_RUN_S = 20.0  # a run this slow cuts the series to SLOW_RUNS
SPEEDUP_REPLICATIONS = 8
SPEEDUP_REPEATS = 5
REPLICATIONS_PER_RUN = {"month": 10, "year": 1, "metro-year": 1, "baseline": 1}
PEER_BATCH = 10


# ------------------------------------------------------------------ child processes


def child_main(size: str, runs: int) -> None:
    """Run one ladder size `runs` times in this fresh process; print JSON."""
    import fieldsim

    scenario = fieldsim.load(LADDER[size if size != "baseline" else "month"])
    replications = REPLICATIONS_PER_RUN[size]
    rows = []
    for seed in range(1, runs + 1):
        started = time.perf_counter()
        result = fieldsim.run(scenario, replications=replications, seed=seed, threads=1,
                              progress=False)
        wall = (time.perf_counter() - started) / replications
        values = result.replications.mean()
        rows.append({"wall_s": wall, "orders": float(values["orders_install"] + values["orders_repair"]),
                     "events": float(values["events"])})
        if wall > SLOW_RUN_S and len(rows) >= SLOW_RUNS:
            break
    json.dump({"days": scenario.days, "technicians": scenario.technicians, "runs": rows}, sys.stdout)


def in_fresh_process(size: str, runs: int) -> tuple[dict[str, Any], float]:
    """Run `size` in a child; returns its JSON and its peak RSS in MiB.

    The peak comes from os.wait4, the kernel's rusage of that one child
    (what RUSAGE_CHILDREN would report, without mixing in earlier children).
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", size, "--runs", str(runs)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if process.returncode != 0:
        raise RuntimeError(f"{size}: child exited with {process.returncode}")
    return json.loads(output), usage.ru_maxrss / 1024  # Linux reports KiB


# ------------------------------------------------------------------ measurements


def ladder_row(size: str, runs: int, floor_mib: float) -> dict[str, Any]:
    data, peak_mib = in_fresh_process(size, runs)
    rows = data["runs"]
    return {
        "size": f"refcity-{size}",
        "scenario": str(LADDER[size].relative_to(REPO)),
        "days": data["days"],
        "technicians": data["technicians"],
        "runs": len(rows),
        "wall_s_per_replication": statistics.median(r["wall_s"] for r in rows),
        "orders_per_replication": statistics.median(r["orders"] for r in rows),
        "orders_per_s": statistics.median(r["orders"] / r["wall_s"] for r in rows),
        "events_per_replication": statistics.median(r["events"] for r in rows),
        "events_per_s": statistics.median(r["events"] / r["wall_s"] for r in rows),
        "peak_rss_mib": peak_mib,
        "peak_rss_above_floor_mib": peak_mib - floor_mib,
        "wall_s_all": [r["wall_s"] for r in rows],
    }


def load_peer() -> ModuleType:
    """The peer module (benchmarks/peers is a folder of scripts, not a package)."""
    sys.path.insert(0, str(PEER.parent))
    return importlib.import_module(PEER.stem)


def timed(call: Any, *args: Any, **kwargs: Any) -> float:
    """Wall seconds of call(*args, **kwargs)."""
    started = time.perf_counter()
    call(*args, **kwargs)
    return time.perf_counter() - started


def peer_comparison(rounds: int) -> dict[str, Any]:
    """Month replications of fieldsim and of the SimPy peer (both of its pools:
    the plain list scan and the indexed one), alternating round by round;
    seconds per replication."""
    import fieldsim

    peer = load_peer()
    month = fieldsim.load(LADDER["month"])
    times: dict[str, list[float]] = {"fieldsim": [], "indexed": [], "scan": []}
    for r in range(rounds):
        times["fieldsim"].append(timed(fieldsim.run, month, replications=PEER_BATCH,
                                       seed=r + 1, threads=1, progress=False) / PEER_BATCH)
        for pool in ("scan", "indexed"):
            times[pool].append(timed(peer.run_replication, 30, 130, 1.0, 20.0,
                                     peer.replication_seed(r + 1, 0), pool))
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "size": "refcity-month",
        "rounds": rounds,
        "fieldsim_replications_per_round": PEER_BATCH,
        "fieldsim_s_per_replication": median["fieldsim"],
        "simpy_s_per_replication": median["scan"],
        "speed_ratio": median["scan"] / median["fieldsim"],
        "simpy_indexed_s_per_replication": median["indexed"],
        "speed_ratio_indexed": median["indexed"] / median["fieldsim"],
        "s_all": times,
    }


def two_core_speedup(replications: int, repeats: int) -> dict[str, Any]:
    """The same year replications on one thread and on two, alternating."""
    import fieldsim

    year = fieldsim.load(LADDER["year"])
    times: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(repeats):
        for threads in (1, 2):
            times[threads].append(timed(fieldsim.run, year, replications=replications, seed=1,
                                        threads=threads, progress=False))
    one, two = statistics.median(times[1]), statistics.median(times[2])
    return {
        "size": "refcity-year",
        "replications": replications,
        "repeats": repeats,
        "threads_1_s": one,
        "threads_2_s": two,
        "speedup": one / two,
        "threads_1_s_all": times[1],
        "threads_2_s_all": times[2],
    }


# ------------------------------------------------------------------ reporting


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "load_average_at_start": list(os.getloadavg()),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "fieldsim": package_version("fieldsim"),
        "simpy": package_version("simpy"),
    }


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(f"\nrefcity ladder on {m['cpu']}, {m['usable_cores']} of {m['cores']} cores, "
          f"load {m['load_average_at_start'][0]:.2f} at start; one thread per replication")
    print(f"{'size':<20}{'runs':>5}{'s/replication':>15}{'orders':>12}{'orders/s':>13}"
          f"{'events/s':>13}{'peak RSS':>11}{'above floor':>13}")
    for row in report["ladder"]:
        print(f"{row['size']:<20}{row['runs']:>5}{row['wall_s_per_replication']:>15.4f}"
              f"{row['orders_per_replication']:>12,.0f}{row['orders_per_s']:>13,.0f}"
              f"{row['events_per_s']:>13,.0f}{row['peak_rss_mib']:>8.1f} MiB"
              f"{row['peak_rss_above_floor_mib']:>9.1f} MiB")
    print(f"(floor: a process that imports fieldsim and loads a scenario peaks at "
          f"{report['rss_floor_mib']:.1f} MiB)")
    peer = report["peer"]
    print(f"\nrefcity-month against the SimPy peer, one thread, median s per replication over "
          f"{peer['rounds']} rounds:")
    print(f"  fieldsim                       {peer['fieldsim_s_per_replication']:.4f}")
    print(f"  SimPy, one list scanned        {peer['simpy_s_per_replication']:.3f}"
          f"   fieldsim {peer['speed_ratio']:,.0f}x faster")
    print(f"  SimPy, indexed pool (tuned)    {peer['simpy_indexed_s_per_replication']:.3f}"
          f"   fieldsim {peer['speed_ratio_indexed']:,.0f}x faster")
    up = report["speedup"]
    print(f"{up['replications']} year replications: 1 thread {up['threads_1_s']:.3f} s, "
          f"2 threads {up['threads_2_s']:.3f} s -> speed-up {up['speedup']:.2f}")
    print(f"load average {m['load_average_at_start'][0]:.2f} at start, "
          f"{report['load_average_at_end'][0]:.2f} at the end (other work on the machine "
          f"competes for its cores)\n")


def write_json(path: Path, report: dict[str, Any]) -> None:
    """Write under a temporary name, then move into place: never a torn file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(report, indent=2) + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def measure(quick: bool) -> dict[str, Any]:
    sizes = ["month", "year"] if quick else list(LADDER)
    runs = 1 if quick else RUNS
    report: dict[str, Any] = {
        "benchmark": "refcity-ladder",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine(),
        "note": f"medians of {runs} runs; a size whose run exceeds {SLOW_RUN_S:.0f} s "
                f"stops after {SLOW_RUNS}",
    }
    print("peak RSS floor ...", file=sys.stderr)
    _, report["rss_floor_mib"] = in_fresh_process("baseline", 0)
    report["ladder"] = []
    for size in sizes:
        print(f"refcity-{size} ...", file=sys.stderr)
        report["ladder"].append(ladder_row(size, runs, report["rss_floor_mib"]))
    print("fieldsim vs SimPy ...", file=sys.stderr)
    report["peer"] = peer_comparison(1 if quick else RUNS)
    print("two-core speed-up ...", file=sys.stderr)
    report["speedup"] = two_core_speedup(4 if quick else SPEEDUP_REPLICATIONS,
                                         1 if quick else SPEEDUP_REPEATS)
    report["load_average_at_end"] = list(os.getloadavg())
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: month and year once, no metro-year")
    parser.add_argument("--child", choices=[*LADDER, "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=RUNS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child, args.runs)
        return 0
    report = measure(args.quick)
    print_report(report)
    if args.json:
        write_json(args.json, report)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
