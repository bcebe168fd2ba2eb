"""What a run will need, known before it starts: orders, events and memory.

The engine estimates its own part (travel tables, the replications running
at once, the records it keeps); this module adds the DataFrames built from
them and compares the total with the memory the machine has free, so that a
run too large is refused up front, not ended by ``MemoryError`` after
minutes (scenarios/README.md "Limits").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fieldsim.scenario import Scenario

#: Bytes an order-log row takes in Python at its peak: its NumPy columns,
#: the DataFrame copied from them and the copy a Parquet writer makes. On
#: refcity month, 16 and 64 replications with ``--orders F.parquet`` peaked
#: at 327 and 671 MiB (294 bytes a row more, engine included); 450 here and
#: the engine's 80 leave a tenth to spare at 16 replications.
FRAME_BYTES_PER_ORDER = 450
#: Bytes a technician-month row takes in Python: columns and DataFrame.
FRAME_BYTES_PER_TECHNICIAN = 200
#: What Python, NumPy, pandas and the engine's code take before any run.
BASELINE_BYTES = 150e6

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


@dataclass(frozen=True)
class RunSize:
    """The expected size of a run.

    Attributes
    ----------
    orders, events : float
        Of one replication, at the streams' mean rates.
    memory : dict[str, float]
        Bytes at the run's peak by what holds them: ``world`` (travel
        tables and scripted orders), ``working`` (the replications running at once), ``results``
        (technician and segment records), ``order_log`` (kept orders, in C++
        and as a DataFrame) and ``baseline`` (the interpreter and libraries).
    """

    orders: float
    events: float
    memory: dict[str, float]

    @property
    def memory_bytes(self) -> float:
        """All of it."""
        return sum(self.memory.values())


def run_size(scenario: Scenario, replications: int, threads: int | None = None,
             keep_orders: bool = False) -> RunSize:
    """Estimate a run's orders, events and memory before running it."""
    engine = scenario._engine.footprint(replications, threads or 0, keep_orders)
    rows = replications * engine["orders"] if engine["order_log_bytes"] else 0.0
    technicians = engine["technician_rows"]  # a row per technician and month
    return RunSize(engine["orders"], engine["events"], {
        "world": engine["world_bytes"],
        "working": engine["working_bytes"],
        "results": engine["results_bytes"] + technicians * FRAME_BYTES_PER_TECHNICIAN,
        "order_log": engine["order_log_bytes"] + rows * FRAME_BYTES_PER_ORDER,
        "baseline": BASELINE_BYTES,
    })


def available_memory(meminfo: str | Path = "/proc/meminfo") -> int | None:
    """Bytes the kernel says can be allocated without swapping (``MemAvailable``).

    ``None`` where there is no such file (not Linux) or no such line.
    """
    try:
        text = Path(meminfo).read_text()
    except OSError:
        return None
    found = re.search(r"^MemAvailable:\s+(\d+)\s+kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


def parse_size(text: str) -> int:
    """Bytes of a size such as ``"512M"``, ``"4G"``, ``"1.5GB"``, ``"2GiB"`` or ``"1000000"``.

    Units are powers of 1024.

    Raises
    ------
    ValueError
        If `text` is not a positive size.
    """
    found = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    size = float(found.group(1)) * _UNITS[found.group(2).upper()] if found else 0
    if not 1 <= size < 2**63:
        raise ValueError(f"expected a size such as 512M or 4G, got {text[:40]!r}")
    return int(size)


def format_bytes(size: float) -> str:
    """A size for people: ``"1.2 GB"``, ``"350 MB"`` (powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 999.5 or unit == "TB":
            break
        size /= 1024
    return f"{size:.1f} {unit}" if unit != "B" and size < 9.95 else f"{size:.0f} {unit}"
