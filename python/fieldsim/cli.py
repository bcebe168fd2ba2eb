"""The ``fieldsim`` command: run, sweep, optimise and validate scenarios from a shell.

Exit codes: 0 success, 1 internal error (a bug: please report it), 2 bad
input (the message names the file and JSON path) or a run too large for the
memory, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import math
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from fieldsim import __version__, breakdown, memory, money, outputs
from fieldsim._core import OUTPUT_NAMES
from fieldsim._errors import ScenarioError
from fieldsim.atomic import atomic_group, atomic_path, atomic_write
from fieldsim.breakdown import DEFAULT_BY, DIMENSIONS, MEASURES
from fieldsim.budget import CONFIDENCE, MAX_WIDTH, budget_of
from fieldsim.outputs import unit
from fieldsim.progress import ProgressBar
from fieldsim.result import RunResult
from fieldsim.runner import MAX_REPLICATIONS, MAX_THREADS, OUT_OF_MEMORY, RunTooLarge, run
from fieldsim.scenario import Scenario, load
from fieldsim.sweep import MAX_POINTS, SweepResult, grid_axes, sweep

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

#: Outputs shown by ``fieldsim sweep`` unless ``--show`` says otherwise.
SWEEP_SHOWN = ("breach_rate_install", "breach_rate_repair", "compensation_cny", "premium_pay_cny")

#: How ``--breakdown F`` writes floats to CSV: 15 significant digits read back
#: as the same number to 1e-15 and drop the noise of the last binary digit
#: (7478.5, not 7478.499999999999).
CSV_FLOAT_FORMAT = "%.15g"

#: How summaries (run and sweep) are written to CSV: 10 significant digits,
#: far finer than any 95 % interval, with no binary noise.
SUMMARY_FLOAT_FORMAT = "%.10g"

_EPILOG = """\
examples:
  fieldsim run scenarios/refcity/month.json
  fieldsim run scenarios/refcity/month.json -n 50 --seed 7 \\
      --json month.json --csv month.csv
  fieldsim sweep scenarios/refcity/month.json \\
      --set technicians.count=120:240:20 \\
      --set evening.premium_cny=0,10,20,30 --csv sweep.csv
  fieldsim optimise scenarios/examples/city-month.json \\
      --decide technicians.groups.0.count=150:230:10 \\
      --decide evening.premium_cny=0,10,20,30 \\
      --target 'breach_rate_install<=0.02' --target 'breach_rate_repair<=0.04'
  fieldsim validate scenarios/refcity/month.json
  fieldsim budget scenarios/examples/city-month.json -n 60
  fieldsim calibrate orders.csv --base branch.json --into calibrated.json

exit codes: 0 ok, 1 internal error, 2 bad input, 130 interrupted (Ctrl-C)
"""

_RUN_EPILOG = """\
The summary has one row per output: the mean over replications with its
Student-t 95 % confidence interval, and the spread across replications
(P50 / P90 / P95). Output files are written only once complete.

--breakdown also prints the outputs by segment: orders, breach rate, late
orders by cause and compensation for each district x kind x class (--by picks
other dimensions). --json holds the summary and the breakdown; --csv and
--parquet hold the summary only: write the breakdown with --breakdown F.
--cash F writes compensation as paid (completion date + pay_within_days) by
ISO week (or --cash-by month, day) and payer, summarised over replications.

examples:
  fieldsim run scenarios/refcity/month.json
  fieldsim run scenarios/refcity/month.json --replications 100 --threads 2 \\
      --json summary.json
  fieldsim run scenarios/refcity/month.json -n 5 --orders orders.parquet
  fieldsim run scenarios/refcity/month.json -n 5 --breakdown segments.csv \\
      --by district,kind
  fieldsim run scenarios/examples/city-month.json -n 20 --cash cash.csv \\
      --cash-by month
"""

_BUDGET_EPILOG = """\
For each settlement period (month of completion) and payer (the branch, each
contractor): P50 / P90 / P95 across replications of the compensation it pays,
each with a distribution-free confidence interval from order statistics. A
quantile gets no interval when the replications are too few for it (a 95 %
interval of P95 needs 59, of P90 29), and a warning when its interval is wider
than --max-width of the estimate. Compensation by month of payment (completion
date + pay_within_days) is `fieldsim run --cash F --cash-by month`.

examples:
  fieldsim budget scenarios/examples/city-month.json
  fieldsim budget scenarios/examples/city.json -n 60 --csv budget.csv
"""

_SWEEP_EPILOG = """\
Each --set is PATH=VALUES with PATH a dotted path into the resolved scenario
(list entries by index, e.g. orders.0.per_day) and VALUES one of
  START:STOP:STEP   a range, STOP included     technicians.count=120:240:20
  START:STOP        integers, STOP included    technicians.count=110:160
  A,B,C             a list                     evening.premium_cny=0,10,20,30
  A                 a single value             horizon.days=7
A range's bounds and step are finite numbers; a grid has at most 10,000 points
(refused before any is built). Every combination is run with the same seed
(common random numbers: each point sees the same orders), so differences
between points are sharp.

examples:
  fieldsim sweep scenarios/refcity/month.json \\
      --set technicians.count=120:240:20 --set evening.premium_cny=0,10,20,30
  fieldsim sweep scenarios/refcity/month.json --set evening.premium_cny=0:40:5 \\
      -n 10 --show compensation_cny --show premium_pay_cny --csv premium.csv
"""

_OPTIMISE_EPILOG = """\
Finds the plan with the smallest expected --objective among the --decide
values whose --target limits all hold, with the stated --confidence. Each
--decide takes PATH=VALUES as sweep --set does; the first is monotone (more of
it never raises a constrained output: a headcount), so a bisection finds its
smallest feasible value for each combination of the others instead of running
the whole grid. Every candidate sees the same orders (common random numbers);
replications are added one candidate at a time until each target's test
decides (feasibility) and until one candidate's objective is best by more than
--indifference (Kim-Nelson fully sequential selection). A plan whose mean is
within two --tolerance shares under a limit may be judged infeasible. A test
still undecided after --max-replications reads as infeasible: if that plan may
be cheaper than the one found, the answer is marked NOT CERTIFIED with the
--max-replications that would decide it. The decisions may make at most 10,000
candidates: each one's scenario is built and checked before the first run.

examples:
  fieldsim optimise scenarios/examples/city-month.json \\
      --decide technicians.groups.0.count=150:230:10 \\
      --decide evening.premium_cny=0,10,20,30 \\
      --target 'breach_rate_install<=0.02' --target 'breach_rate_repair<=0.04' \\
      --objective total_cost_cny --indifference 2000
"""

_CALIBRATE_EPILOG = """\
Reads the order log (format: docs/calibration.md), fits arrival rates, hourly
profiles, zone weights, weekday factors, the day factor's sd and lognormal work
times (and, where the log names technicians, the travel-time scale and evening
acceptance), and writes a scenario fragment that extends --base. Bad rows are
named by file:line and the log is rejected, unless --skip-bad-rows (then they
are counted and summarised).

examples:
  fieldsim calibrate orders.csv --base branch.json --into calibrated.json
  fieldsim calibrate orders.csv --base branch.json --into calibrated.json \\
      --params parameters.csv --report report.pdf --skip-bad-rows \\
      --tz Asia/Shanghai
"""

_REPORT_EPILOG = """\
One self-contained HTML file (figures embedded, no network needed to open it):
the key settings, the summary with 95 % CIs, the breakdown by district and kind,
late orders by cause, compensation by week and, with --sweep, the sweep.

examples:
  fieldsim report scenarios/refcity/month.json -o month.html
  fieldsim report scenarios/refcity/month.json -n 10 -o staffing.html \\
      --sweep technicians.count=120:200:20
"""

_VALIDATE_EPILOG = """\
examples:
  fieldsim validate scenarios/refcity/month.json
"""

_OUTPUTS_EPILOG = """\
examples:
  fieldsim outputs
  fieldsim outputs --markdown > docs/outputs.md
"""


class UsageError(Exception):
    """Bad input noticed after parsing the command line (exit code 2)."""


def _short(text: str, limit: int = 40) -> str:
    """`text`, cut to about `limit` characters so that a long bad value is not echoed whole."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


# -- argument types ------------------------------------------------------------------------


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {_short(text)!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {_short(text)}")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {_short(text)!r}") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {_short(text)}")
    return value


def _integer(lowest: int, highest: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected an integer, got {_short(text)!r}") from None
        if not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(
                f"expected an integer from {lowest} to {highest}, got {_short(text)}")
        return value

    parse.__name__ = "integer"
    return parse


def _holiday(text: str) -> str:
    from fieldsim.calibrate import holiday_date

    try:
        return holiday_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _size(text: str) -> int:
    try:
        return memory.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _value(text: str) -> Any:
    """A JSON value if `text` is one (numbers, true, null, ...), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


_RANGE_PARTS = ("START", "STOP", "STEP")


def _number_range(path: str, spec: str) -> NumberRange | None:
    parts = [_value(p) for p in spec.split(":")]
    numeric = all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts)
    if len(parts) == 2 and all(isinstance(p, int) and not isinstance(p, bool) for p in parts):
        parts.append(1)  # START:STOP of integers: every one (a headcount to decide)
    if len(parts) != 3 or not numeric:
        return None
    for name, text, part in zip(_RANGE_PARTS, spec.split(":"), parts):
        if isinstance(part, float) and not math.isfinite(part):
            reason = "not a number" if math.isnan(part) else "infinite"
            raise argparse.ArgumentTypeError(f"{path}={spec}: {name} {text} is {reason}; "
                                             "expected a range START:STOP:STEP of finite numbers")
    start, stop, step = parts
    # Comparisons, not arithmetic: an integer beyond any float compares exactly.
    if step == 0 or (stop > start and step < 0) or (stop < start and step > 0):
        raise argparse.ArgumentTypeError(f"range {spec!r} is empty: STEP must lead from START to STOP")
    count = _range_count(start, stop, step)
    if count is None:
        raise argparse.ArgumentTypeError(
            f"{path}={spec}: far more values than the {MAX_POINTS:,} a grid may have")
    return NumberRange(start, step, count)


def _range_count(start: float, stop: float, step: float) -> int | None:
    """How many values START:STOP:STEP holds (STOP included), or None when
    more than a float can count."""
    if all(isinstance(p, int) for p in (start, stop, step)):
        return (stop - start) // step + 1  # exact, however large
    try:
        steps = (stop - start) / step
    except OverflowError:  # an integer bound beyond any float
        return None
    return math.floor(steps + 1e-9) + 1 if math.isfinite(steps) else None


class NumberRange(Sequence[Any]):
    """START, START + STEP, ... (`count` values), each made when asked for: a
    slip such as a step of 1e-12 is refused by its count (sweep.grid_axes)
    before a single value is built."""

    def __init__(self, start: float, step: float, count: int) -> None:
        self.start, self.step, self.count = start, step, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.count))]
        if not -self.count <= index < self.count:
            raise IndexError(f"range index {index} out of range")
        # Rounded: 0.1 * 3 is 0.30000000000000004; integers stay integers.
        return round(self.start + (index % self.count) * self.step, 12)

    def __repr__(self) -> str:
        return f"NumberRange(start={self.start!r}, step={self.step!r}, count={self.count})"


def parse_dimensions(text: str) -> tuple[str, ...]:
    """``--by``'s comma-separated dimensions of a segment, each at most once.

    Examples
    --------
    >>> parse_dimensions("district, kind")
    ('district', 'kind')
    """
    names = tuple(name.strip() for name in text.split(","))
    if not all(name in DIMENSIONS for name in names) or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError(
            f"expected distinct dimensions from {','.join(DIMENSIONS)}, comma-separated, "
            f"got {text!r}")
    return names


class _TimeOrRange(list):  # type: ignore[type-arg]
    """A range START:STOP of integers that is also a time of day ("18:30"):
    which it is depends on the setting (:func:`_resolve_times`)."""

    def __init__(self, values: Sequence[Any], text: str) -> None:
        super().__init__(values)
        self.text = text


_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-4]):[0-5]\d")


def parse_setting(text: str) -> tuple[str, Sequence[Any]]:
    """``PATH=VALUES`` of ``--set`` as (path, values); see ``fieldsim sweep --help``.
    A range's values are a :class:`NumberRange`, built only when used.

    Examples
    --------
    >>> path, values = parse_setting("technicians.count=120:180:20")
    >>> path, list(values)
    ('technicians.count', [120, 140, 160, 180])
    >>> parse_setting("evening.premium_cny=0,12.5")
    ('evening.premium_cny', [0, 12.5])
    >>> list(parse_setting("technicians.count=3:6")[1])
    [3, 4, 5, 6]
    >>> parse_setting('technicians.groups.day.roster={"on": 5, "off": 2}')
    ('technicians.groups.day.roster', [{'on': 5, 'off': 2}])
    """
    path, equals, spec = text.partition("=")
    if not equals or not path.strip() or not spec.strip():
        raise argparse.ArgumentTypeError(
            f"expected PATH=VALUES (e.g. technicians.count=120:240:20), got {text!r}")
    if spec.strip()[:1] in ("{", "["):  # one JSON object or array, commas and all
        whole = _value(spec.strip())
        if isinstance(whole, (dict, list)):
            return path.strip(), [whole]
    values: Sequence[Any] | None = _number_range(path.strip(), spec)
    if values is None:
        values = [_value(v) for v in spec.split(",")]
    elif _TIME_OF_DAY.fullmatch(spec.strip()):
        values = _TimeOrRange(values, spec.strip())
    return path.strip(), values


def _resolve_times(
    scenario: Scenario, settings: Sequence[tuple[str, Sequence[Any]]],
) -> list[tuple[str, Sequence[Any]]]:
    """`settings` with each value that reads both as a range and as a time of
    day ("18:30") taken as the time, unless the setting now holds a number."""
    def resolved(path: str, values: Sequence[Any]) -> Sequence[Any]:
        if not isinstance(values, _TimeOrRange):
            return values
        now = scenario.get(path)
        return list(values) if isinstance(now, (int, float)) else [values.text]
    return [(path, resolved(path, values)) for path, values in settings]


def _load_with(path: str, settings: Sequence[tuple[str, Sequence[Any]]]) -> Scenario:
    """The scenario at `path` with --set's settings (one value each) applied."""
    scenario = load(path)
    changes = _single_settings(_resolve_times(scenario, settings))
    return scenario.with_(changes) if changes else scenario


#: What ``--show`` accepts as a statistic: the summary's columns, and ``ci95``
#: for the interval in one cell.
SHOW_STATISTICS = ("mean", "sd", "ci95", "ci95_lo", "ci95_hi", "p50", "p90", "p95")


def parse_shown(items: Sequence[str]) -> list[tuple[str, str]]:
    """``--show`` items as (output, statistic) pairs, either part "" when not given.

    Examples
    --------
    >>> parse_shown(["breach_rate_install", "p90", "compensation_cny:sd"])
    [('breach_rate_install', ''), ('', 'p90'), ('compensation_cny', 'sd')]
    """
    pairs = []
    for item in items:
        output, _, stat = item.strip().rpartition(":")
        if not output and stat not in SHOW_STATISTICS:
            output, stat = stat, ""
        if output and output not in OUTPUT_NAMES:
            raise UsageError(f"--show: no such output: {output}; outputs: "
                             f"{', '.join(OUTPUT_NAMES)}; statistics: {', '.join(SHOW_STATISTICS)}")
        if stat and stat not in SHOW_STATISTICS:
            raise UsageError(f"--show {item}: no such statistic: {stat}; "
                             f"statistics: {', '.join(SHOW_STATISTICS)}")
        pairs.append((output, stat))
    return pairs


def parse_target(text: str) -> tuple[str, str, float]:
    """``--target``'s ``OUTPUT<=LIMIT`` (or ``<``) as (output, operator, limit).

    Examples
    --------
    >>> parse_target("breach_rate_install<=0.02")
    ('breach_rate_install', '<=', 0.02)
    """
    output, op, limit = text.partition("<=")
    if not op:
        output, op, limit = text.partition("<")
    try:
        value = float(limit)
    except ValueError:
        value = math.nan
    output = output.strip()
    if not op or output not in OUTPUT_NAMES or math.isnan(value):
        raise argparse.ArgumentTypeError(
            f"expected OUTPUT<=LIMIT with OUTPUT one of the outputs (fieldsim outputs), "
            f"e.g. breach_rate_install<=0.02, got {text!r}{_target_hint(output, op, limit)}")
    top = outputs.upper_bound(output)
    if not 0 <= value <= top or math.isinf(value):
        fraction = top == 1.0
        hint = f" (for {value:g} %, write {value / 100:g})" if fraction and value > 1 else ""
        raise argparse.ArgumentTypeError(
            f"{output} is {'a' if fraction else 'in'} {unit(output)}: expected a finite limit "
            f"of at least 0{' and at most 1' if fraction else ''}, got {limit.strip()}{hint}")
    return output, op, value


def _target_hint(output: str, op: str, limit: str) -> str:
    """What is wrong with a --target: the operator, the output's name or the limit."""
    if not op:
        return ": a target is an upper limit, <= or <"
    if output not in OUTPUT_NAMES:
        close = difflib.get_close_matches(output, OUTPUT_NAMES, n=1)
        return f": no output {output!r}" + (f" (did you mean {close[0]}?)" if close else "")
    percent = limit.strip().removesuffix("%").strip()
    if limit.strip().endswith("%") and percent.replace(".", "", 1).isdigit():
        return f": write a share as a fraction ({percent} % is {float(percent) / 100:g})"
    return f": the limit {limit.strip()!r} is not a number (a decimal point, not a comma)"


def _first_swept(settings: Sequence[tuple[str, Sequence[Any]]]) -> str:
    """The first setting given several values (else the first): --along's default."""
    return next((path for path, values in settings if len(values) > 1), settings[0][0])


def _single_settings(settings: Sequence[tuple[str, Sequence[Any]]]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for path, values in settings:
        if len(values) != 1:
            raise UsageError(f"--set {path}: run takes one value, got {len(values)} "
                             "(fieldsim sweep runs several)")
        if path in changes:
            raise UsageError("each setting may be given to --set only once")
        changes[path] = values[0]
    return changes


# -- the parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, with one subcommand per door."""
    parser = argparse.ArgumentParser(
        prog="fieldsim",
        description="Simulate a telecom field-service workforce: same-day promises,\n"
        "their breaches and their cost.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fieldsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run_parser = _subcommand(commands, "run", "run a scenario and print its summary", _RUN_EPILOG)
    _add_settings_option(run_parser, "a setting and its one value, as in sweep "
                         "(repeatable), e.g. technicians.count=180")
    _add_run_options(run_parser)
    run_parser.add_argument("--wide", action="store_true",
                            help="also print sd and P50/P90/P95 across replications")
    _add_show_option(run_parser, "all outputs, mean and 95 % CI")
    run_parser.add_argument("--json", metavar="F", type=Path,
                            help="write the summary and the breakdown as JSON")
    run_parser.add_argument("--csv", metavar="F", type=Path, help="write the summary as CSV")
    run_parser.add_argument("--parquet", metavar="F", type=Path, help="write the summary as Parquet")
    # A flag with an optional file: const=True (not converted to a Path) says "print only".
    run_parser.add_argument("--breakdown", metavar="F", nargs="?", const=True, type=Path,
                            help="print the outputs by segment; with F also write them, one row "
                            "per segment and measure (Parquet if F ends in .parquet, JSON if "
                            ".json, else CSV)")
    run_parser.add_argument("--by", metavar="DIMS", type=parse_dimensions, default=None,
                            help="the breakdown's segments (in print, --breakdown F and --json): "
                            f"any of {','.join(DIMENSIONS)} (default: {','.join(DEFAULT_BY)})")
    run_parser.add_argument("--orders", metavar="F", type=Path,
                            help="keep and write the per-order log (Parquet if F ends in "
                            ".parquet, JSON if .json, else CSV)")
    run_parser.add_argument("--technicians", metavar="F", type=Path,
                            help="write the technician-month frame: hours (regular, overtime, "
                            "evening, break), days worked, jobs, pay and the starts each "
                            "overtime limit stopped, per replication (Parquet if F ends in "
                            ".parquet, JSON if .json, else CSV)")
    run_parser.add_argument("--cash", metavar="F", type=Path,
                            help="write compensation as paid by period and payer, summarised "
                            "over replications (Parquet if F ends in .parquet, JSON if .json, "
                            "else CSV)")
    run_parser.add_argument("--cash-by", choices=money.CASH_PERIODS, default="week",
                            help="the period of --cash: ISO week, month or day of payment "
                            "(default: week)")
    run_parser.set_defaults(handler=_run_command)

    budget_parser = _subcommand(commands, "budget", "print each payer's monthly compensation "
                                "budget: P50/P90/P95 with intervals", _BUDGET_EPILOG)
    _add_settings_option(budget_parser, "a setting and its one value, as in sweep (repeatable)")
    _add_run_options(budget_parser)
    budget_parser.add_argument("--confidence", metavar="C", type=_share, default=CONFIDENCE,
                               help="of each quantile's interval (default: 0.95)")
    budget_parser.add_argument("--max-width", metavar="W", type=_share, default=MAX_WIDTH,
                               help="warn when an interval is wider than W x its estimate "
                               "(default: 0.25)")
    budget_parser.add_argument("--csv", metavar="F", type=Path, help="write the budget as CSV")
    budget_parser.add_argument("--json", metavar="F", type=Path, help="write the budget as JSON")
    budget_parser.set_defaults(handler=_budget_command)

    sweep_parser = _subcommand(commands, "sweep", "run a scenario over a grid of settings",
                               _SWEEP_EPILOG)
    _add_settings_option(sweep_parser, "a setting and its values; repeat for a grid",
                         required=True)
    _add_run_options(sweep_parser)
    _add_show_option(sweep_parser, "breach rates, compensation and premium pay as "
                     "mean ± 95 % CI half-width")
    sweep_parser.add_argument("--target", metavar="OUTPUT<=LIMIT", action="append",
                              type=parse_target,
                              help="print the smallest value of --along whose 95 %% CI upper "
                              "end meets the limit, per point of the other settings "
                              "(repeatable: all must hold)")
    sweep_parser.add_argument("--along", metavar="PATH",
                              help="the setting --target minimises (default: the first --set "
                              "with several values)")
    _add_dask_option(sweep_parser)
    sweep_parser.add_argument("--json", metavar="F", type=Path,
                              help="write every point's settings and summary as JSON")
    sweep_parser.add_argument("--csv", metavar="F", type=Path,
                              help="write the table (one row per point and output) as CSV")
    sweep_parser.set_defaults(handler=_sweep_command)

    _add_optimise_parser(commands)

    calibrate_parser = _subcommand(commands, "calibrate",
                                   "fit a scenario fragment to an order-log CSV",
                                   _CALIBRATE_EPILOG, positional="log")
    calibrate_parser.add_argument("--into", metavar="F", type=Path, required=True,
                                  help="write the fitted scenario fragment (JSON) here")
    calibrate_parser.add_argument("--base", metavar="SCENARIO", type=Path,
                                  help="the branch's scenario: zones, districts, holidays; "
                                  "the fragment extends it")
    calibrate_parser.add_argument("--tz", default="Asia/Shanghai",
                                  help="the branch's time zone (default: Asia/Shanghai)")
    calibrate_parser.add_argument("--skip-bad-rows", action="store_true",
                                  help="skip bad rows (counted and summarised) instead of "
                                  "rejecting the log")
    calibrate_parser.add_argument("--holiday", metavar="DATE", action="append", default=[],
                                  type=_holiday,
                                  help="a date (YYYY-MM-DD) to exclude from the rates "
                                  "(repeatable; the base's holidays are excluded too)")
    calibrate_parser.add_argument("--level", type=float, default=0.95,
                                  help="confidence level of the intervals (default: 0.95)")
    calibrate_parser.add_argument("--params", metavar="F", type=Path,
                                  help="write the fitted parameters with CIs as CSV")
    calibrate_parser.add_argument("--report", metavar="F", type=Path,
                                  help="write the calibration report's figures (PDF, or PNGs "
                                  "F-1.png, F-2.png, ...)")
    calibrate_parser.set_defaults(handler=_calibrate_command)

    report_parser = _subcommand(commands, "report", "run a scenario and write an HTML report",
                                _REPORT_EPILOG)
    report_parser.add_argument("-o", "--output", metavar="F", type=Path, required=True,
                               help="the HTML file to write")
    _add_settings_option(report_parser, "a setting and its one value (repeatable)")
    _add_run_options(report_parser)
    report_parser.add_argument("--sweep", metavar="PATH=VALUES", action="append", default=[],
                               type=parse_setting,
                               help="also sweep these settings (as fieldsim sweep --set) and "
                               "add the sweep's figure and table")
    report_parser.add_argument("--show", metavar="OUTPUT", action="append", default=[],
                               help="an output for the sweep section (repeatable; default: "
                               "the breach rates)")
    report_parser.set_defaults(handler=_report_command)

    validate_parser = _subcommand(commands, "validate", "check a scenario without running it",
                                  _VALIDATE_EPILOG)
    validate_parser.add_argument("-n", "--replications", metavar="N",
                                 type=_integer(1, MAX_REPLICATIONS), default=20,
                                 help="the run to size: replications (default: 20)")
    validate_parser.add_argument("-t", "--threads", metavar="T", type=_integer(1, MAX_THREADS),
                                 default=None, help="the run to size: threads (default: all cores)")
    validate_parser.add_argument("--orders", action="store_true",
                                 help="the run to size keeps the order log (as run --orders F)")
    validate_parser.set_defaults(handler=_validate_command)

    outputs_parser = commands.add_parser(
        "outputs", help="list the outputs: unit and meaning",
        description="List every output with its unit and meaning.", epilog=_OUTPUTS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    outputs_parser.add_argument("--markdown", action="store_true",
                                help="print the glossary page (docs/outputs.md) instead")
    outputs_parser.set_defaults(handler=_outputs_command)
    return parser


def _add_optimise_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    parser = _subcommand(commands, "optimise", "find the cheapest plan that meets the targets "
                         "with stated confidence", _OPTIMISE_EPILOG)
    parser.add_argument("--decide", metavar="PATH=VALUES", action="append", required=True,
                        type=parse_setting, help="a decision and its values, as sweep --set; "
                        "the first is monotone, e.g. technicians.count=100:200 (repeatable)")
    parser.add_argument("--target", metavar="OUTPUT<=LIMIT", action="append", required=True,
                        type=parse_target, help="a limit on an output's mean (repeatable: all "
                        "must hold)")
    parser.add_argument("--objective", metavar="OUTPUT", default="total_cost_cny",
                        choices=OUTPUT_NAMES, help="the output to minimise (default: "
                        "total_cost_cny)")
    _add_settings_option(parser, "a fixed setting and its one value (repeatable)")
    parser.add_argument("--confidence", metavar="C", type=_share, default=0.95,
                        help="that the plan is feasible and within the indifference zone of "
                        "the best (default: 0.95)")
    parser.add_argument("--indifference", metavar="CNY", type=_positive, default=None,
                        help="objective differences this small may go either way "
                        "(default: 0.2 %% of the first candidate's)")
    parser.add_argument("--tolerance", metavar="SHARE", type=_share, default=0.1,
                        help="the band under each limit where the verdict may go either "
                        "way, as a share of the limit (default: 0.1)")
    parser.add_argument("--first-stage", metavar="N", type=_integer(3, 1000), default=20,
                        help="replications every candidate gets first (default: 20)")
    parser.add_argument("--max-replications", metavar="N", type=_integer(3, MAX_REPLICATIONS),
                        default=400, help="the most any candidate gets (default: 400)")
    parser.add_argument("-s", "--seed", metavar="S", type=_integer(0, 2**64 - 1), default=1,
                        help="random seed (default: 1)")
    parser.add_argument("-t", "--threads", metavar="T", type=_integer(1, MAX_THREADS),
                        default=None, help="worker threads (default: all cores)")
    _add_progress_option(parser)
    _add_dask_option(parser)
    parser.add_argument("--csv", metavar="F", type=Path,
                        help="write every candidate (verdict, replications, means) as CSV")
    parser.set_defaults(handler=_optimise_command)


def _add_dask_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dask", metavar="WHERE",
                        help="run on a Dask cluster: local:N (N worker processes here) or "
                        "tcp://HOST:PORT (a running scheduler; docs/dask.md); the numbers are "
                        "those of a local run")


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """The Dask client --dask asks for, or None to run here."""
    if address is None:
        yield None
        return
    from fieldsim.distributed import connect

    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(connect(address))
        except (ValueError, OSError) as error:
            raise UsageError(f"--dask {address}: {error}") from error
        yield client


def _subcommand(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, epilog: str,
    positional: str = "scenario",
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=summary, epilog=epilog,
                                 description=summary[0].upper() + summary[1:] + ".",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    if positional == "log":
        parser.add_argument("log", metavar="LOG", type=Path, help="order-log CSV file")
    else:
        parser.add_argument("scenario", metavar="SCENARIO", help="scenario JSON file")
    return parser


def _add_settings_option(parser: argparse.ArgumentParser, text: str, *,
                         required: bool = False) -> None:
    parser.add_argument("--set", dest="settings", metavar="PATH=VALUES", required=required,
                        action="append", type=parse_setting, default=[], help=text)


def _add_show_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--show", metavar="WHAT", action="append", default=[],
                        help="an output, a statistic (" + ", ".join(SHOW_STATISTICS)
                        + ") or OUTPUT:STATISTIC to print (repeatable; default: "
                        + default.replace("%", "%%") + ")")


def _add_progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--progress", action="store_true",
                        help="show a progress bar even when standard error is not a terminal")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", "--replications", metavar="N", type=_integer(1, MAX_REPLICATIONS),
                        default=20,
                        help="independent replications (default: 20)")
    parser.add_argument("-s", "--seed", metavar="S", type=_integer(0, 2**64 - 1), default=1,
                        help="random seed (default: 1)")
    parser.add_argument("-t", "--threads", metavar="T", type=_integer(1, MAX_THREADS), default=None,
                        help="worker threads (default: all cores); results do not depend on it")
    _add_progress_option(parser)
    parser.add_argument("--max-memory", metavar="SIZE", type=_size,
                        help="refuse to start a run expected to need more memory than SIZE "
                        "(e.g. 4G; default: what the machine has available)")


# -- commands ------------------------------------------------------------------------------


def _run_command(args: argparse.Namespace) -> int:
    _check_outputs(args, ("json", "csv", "parquet", "orders", "breakdown", "cash"))
    if args.by is not None and not (args.breakdown or args.json):
        raise UsageError("--by picks the breakdown's segments: give it with --breakdown or --json")
    args.by = args.by or DEFAULT_BY
    shown = parse_shown(args.show)
    scenario = _load_with(args.scenario, args.settings)
    with _progress_bar(args, scenario.name) as bar:
        result = run(scenario, args.replications, args.seed, args.threads,
                     keep_orders=args.orders is not None, progress=bar,
                     max_memory=args.max_memory)
    _print_run(result, wide=args.wide, shown=shown)
    if args.breakdown:
        _print_breakdown(result, args.by)
    _write_run_outputs(result, args)
    return EXIT_OK


def _budget_command(args: argparse.Namespace) -> int:
    _check_outputs(args, ("json", "csv"))
    scenario = _load_with(args.scenario, args.settings)
    with _progress_bar(args, scenario.name) as bar:
        result = run(scenario, args.replications, args.seed, args.threads, progress=bar)
    table = budget_of(result.settlement, confidence=args.confidence, max_width=args.max_width)
    _print_budget(result, table, args.confidence)
    # Amounts are rounded to the fen only when reported (city-rules.md 8.10).
    if args.csv:
        _write_table(table.round(2), args.csv)
    if args.json:
        _write_table(table.round(2), args.json)
    return EXIT_OK


def _sweep_command(args: argparse.Namespace) -> int:
    _check_outputs(args, ("json", "csv"))
    grid = dict(args.settings)
    if len(grid) < len(args.settings):
        raise UsageError("each setting may be given to --set only once")
    pairs = parse_shown(args.show)
    shown = list(dict.fromkeys(o for o, _ in pairs if o)) or list(SWEEP_SHOWN)
    stats = list(dict.fromkeys(st for _, st in pairs if st))
    along = args.along or (_first_swept(args.settings) if args.target else None)
    if args.along and not args.target:
        raise UsageError("--along needs --target")
    if args.target and args.replications < 2:
        raise UsageError("--target needs at least 2 replications: one tells nothing of the "
                         "spread, so there is no 95 % interval to hold to the limit")
    if along is not None and along not in grid:
        raise UsageError(f"--along {along}: not swept; swept: {', '.join(grid)}")
    _check_grid(grid)
    scenario = load(args.scenario)
    grid = dict(_resolve_times(scenario, list(grid.items())))
    with _cluster(args.dask) as client, _progress_bar(args, scenario.name) as bar:
        result = sweep(scenario, grid, args.replications, args.seed, args.threads,
                       progress=bar if client is None else False, client=client,
                       max_memory=args.max_memory)
    _print_sweep(result, shown, stats)
    if args.target:
        _print_target(result, along, args.target)
    with atomic_group():
        if args.csv:
            _write_csv(outputs.with_units(result.table), args.csv, index=False,
                       float_format=SUMMARY_FLOAT_FORMAT)
        if args.json:
            _write_text(result.to_json(), args.json)
    return EXIT_OK


def _check_grid(grid: Mapping[str, Sequence[Any]]) -> None:
    """A grid's size and values' types, before any point is built or run."""
    try:
        grid_axes(grid)
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None


def _optimise_command(args: argparse.Namespace) -> int:
    from fieldsim.optimise import optimise

    _check_outputs(args, ("csv",))
    decisions = dict(args.decide)
    if len(decisions) < len(args.decide):
        raise UsageError("each decision may be given to --decide only once")
    scenario = _load_with(args.scenario, args.settings)
    decisions = dict(_resolve_times(scenario, list(decisions.items())))
    try:
        with _cluster(args.dask) as client, \
                _progress_bar(args, scenario.name, by_part=True) as bar:
            result = optimise(scenario, decisions, args.target, args.objective,
                              confidence=args.confidence, indifference_cny=args.indifference,
                              tolerance=args.tolerance, first_stage=args.first_stage,
                              max_replications=args.max_replications, seed=args.seed,
                              threads=args.threads, client=client,
                              progress=bar if client is None else False)
    except ValueError as error:
        if isinstance(error, (ScenarioError, RunTooLarge)):
            raise
        raise UsageError(str(error)) from error
    _print_optimum(result)
    if args.csv:
        _write_csv(result.candidates, args.csv, index=False, float_format=SUMMARY_FLOAT_FORMAT)
    return EXIT_OK


def _calibrate_command(args: argparse.Namespace) -> int:
    from fieldsim.calibrate import calibrate

    if not 0 < args.level < 1:
        raise UsageError(f"--level: expected a number between 0 and 1, got {args.level}")
    _check_outputs(args, ("into", "params", "report"))
    result = calibrate(args.log, args.base, tz=args.tz, skip_bad_rows=args.skip_bad_rows,
                       holidays=args.holiday, level=args.level)
    print(result.log.summary())
    for problem in result.log.problems[:20]:
        print(f"  skipped {problem}")
    if len(result.log.problems) > 20:
        print(f"  ... and {len(result.log.problems) - 20} more")
    factor = result.day_factor
    print(f"{factor['days']} days fitted ({factor['holidays_excluded']} holidays excluded); "
          f"day factor sd {factor['sd']:.3f} [{factor['lo']:.3f}, {factor['hi']:.3f}]")
    for row in result.work_times.itertuples():
        # Two lines, to stay within 80 columns.
        print(f"work time {row.kind}/{row.product}: n {row.n}, KS {row.ks:.3f}")
        print(f"  mean {row.mean_min:.1f} min [{row.mean_lo:.1f}, {row.mean_hi:.1f}], "
              f"sd {row.sd_min:.1f} min [{row.sd_lo:.1f}, {row.sd_hi:.1f}]")
    _print_technician_fits(result)
    _write_calibration(result, args)
    print(f"wrote {args.into}: {len(result.scenario['orders'])} streams")
    return EXIT_OK


def _write_calibration(result: Any, args: argparse.Namespace) -> None:
    # One set, all new or all old: a fragment left by a run that failed at its report
    # would look like a finished calibration.
    with _writing(), atomic_group():
        with _writing(args.into):
            result.write(args.into)
        if args.params is not None:
            _write_csv(result.parameters, args.params, index=False)
        if args.report is not None:
            with _writing(args.report):
                result.report(args.report)


def _print_technician_fits(result: Any) -> None:
    """Weekday factors, travel-time scale and evening acceptance, where fitted."""
    if not result.weekday_factors.empty:
        print("weekday factors (Mon .. Sun):")
        for kind, rows in result.weekday_factors.groupby("kind", sort=False):
            print(f"  {kind:<10}" + " ".join(f"{f:5.2f}" for f in rows["factor"]))
    if result.travel is not None:
        t = result.travel
        print(f"travel-time scale {t['scale']:.3f} [{t['lo']:.3f}, {t['hi']:.3f}] from "
              f"{t['pairs']} pairs of jobs")
    if result.evening is not None:
        e = result.evening
        print(f"evening acceptance p {e['p']:.3f} [{e['lo']:.3f}, {e['hi']:.3f}] over "
              f"{e['technician_days']} technician-days")


def _report_command(args: argparse.Namespace) -> int:
    from fieldsim import report

    _check_outputs(args, ("output",))
    shown = [o for o, _ in parse_shown(args.show) if o] or ["breach_rate_install",
                                                              "breach_rate_repair"]
    scenario = _load_with(args.scenario, args.settings)
    grid = dict(_resolve_times(scenario, args.sweep))
    if grid:
        _check_grid(grid)  # before the run, not after it
    with _progress_bar(args, scenario.name) as bar:
        result = run(scenario, args.replications, args.seed, args.threads, keep_orders=True,
                     progress=bar, max_memory=args.max_memory)
    swept = None
    if grid:
        with _progress_bar(args, f"{scenario.name}: sweep") as bar:
            swept = sweep(scenario, grid, args.replications, args.seed, args.threads, progress=bar,
                          max_memory=args.max_memory)
    _write_text(report.render(result, swept, shown).rstrip("\n"), args.output)
    _console().print(f"wrote {args.output}", highlight=False)
    return EXIT_OK


def _validate_command(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    size = memory.run_size(scenario, args.replications, args.threads, args.orders)
    available = memory.available_memory()
    threads = min(args.threads or os.cpu_count() or 1, args.replications)
    console = _console()
    console.print(f"{args.scenario}: ok: {scenario.name!r}, {scenario.days} days, "
                  f"{scenario.technicians} technicians, {scenario.zones} zones", highlight=False)
    console.print(f"about {size.orders:,.0f} orders a replication and {size.events:,.0f} events",
                  highlight=False)
    console.print(f"{_count(args.replications, 'replication')} on "
                  f"{_count(threads, 'thread')}"
                  f"{' with the order log' if args.orders else ''}: about "
                  f"{memory.format_bytes(size.memory_bytes)} of memory"
                  + (f" ({memory.format_bytes(available)} available)" if available else ""),
                  highlight=False)
    return EXIT_OK


def _outputs_command(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(outputs.glossary())
        return EXIT_OK
    table = Table(title="fieldsim outputs", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("output", no_wrap=True)
    table.add_column("unit")
    table.add_column("aggregation")
    table.add_column("meaning", ratio=1, overflow="fold")  # long setting names break
    for name, row in outputs.table().iterrows():
        table.add_row(str(name), row["unit"], row["aggregation"], row["meaning"])
    _console().print(table)
    return EXIT_OK


def _progress_bar(
    args: argparse.Namespace, description: str, *, by_part: bool = False
) -> contextlib.AbstractContextManager[ProgressBar | bool]:
    # A bar only where someone watches (a terminal) unless asked for.
    if not (args.progress or sys.stderr.isatty()):
        return contextlib.nullcontext(False)
    console = Console(stderr=True, force_terminal=True if args.progress else None)
    return ProgressBar(description, console=console, by_part=by_part)


# -- output files --------------------------------------------------------------------------


def _check_outputs(args: argparse.Namespace, options: Sequence[str]) -> None:
    # Before the run, not after it: a typo must not cost a long run, nor an
    # output named like an input cost the input.
    inputs = [Path(p).resolve() for p in (getattr(args, name, None)
                                          for name in ("scenario", "log", "base"))
              if isinstance(p, (str, Path))]
    for option in options:
        path: Path | bool | None = getattr(args, option)
        if not isinstance(path, Path):
            continue
        if not path.parent.is_dir():
            raise UsageError(f"--{option} {path}: directory {str(path.parent)!r} does not exist")
        for file in _files_written(option, path):
            where = f"--{option} {path}" + ("" if file == path else f" ({file.name})")
            if file.is_dir():
                raise UsageError(f"{where}: is a directory; expected a file name")
            if file.resolve() in inputs:
                raise UsageError(f"{where}: is an input of this command; writing it would "
                                 "lose it")
        if option in _TABLE_OPTIONS and path.suffix.lower() not in _TABLE_SUFFIXES:
            raise UsageError(f"--{option} {path}: expected a file ending in .csv, .parquet or "
                             f".json, the formats it writes")


def _files_written(option: str, path: Path) -> list[Path]:
    """The files an output option may write: the calibration report's PNG pages for
    --report, else the file named."""
    if option != "report":
        return [path]
    from fieldsim.plots import CALIBRATION_REPORT_PAGES, calibration_report_files

    return calibration_report_files(path, CALIBRATION_REPORT_PAGES)


#: Options whose file's format follows its name (_write_table), and the names.
_TABLE_OPTIONS = ("breakdown", "cash", "technicians", "orders")
_TABLE_SUFFIXES = (".csv", ".parquet", ".json", "")


@contextlib.contextmanager
def _writing(path: Path | None = None) -> Iterator[None]:
    # An unwritable output is the user's to fix (exit 2), not a bug. Without `path`, the
    # file the error names (a failed move, os.replace, names its target second).
    try:
        yield
    except OSError as error:
        where = path if path is not None else error.filename2 or error.filename
        raise UsageError(f"{where}: cannot write: {error.strerror or error}") from error


def _write_text(text: str, path: Path) -> None:
    with _writing(path), atomic_write(path) as handle:
        handle.write(text + "\n")


def _write_csv(frame: pd.DataFrame, path: Path, *, index: bool,
               float_format: str | None = None) -> None:
    with _writing(path), atomic_write(path) as handle:
        frame.to_csv(handle, index=index, float_format=float_format)


def _write_parquet(frame: pd.DataFrame, path: Path, *, index: bool,
                   metadata: dict[str, str] | None = None) -> None:
    with _writing(path), atomic_path(path) as tmp:
        if metadata is None:
            frame.to_parquet(tmp, index=index)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=index)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **{
            key.encode(): value.encode() for key, value in metadata.items()}})
        pq.write_table(table, tmp)


# A table as Parquet, JSON records (NaN as null) or CSV, by the file's suffix.
def _write_table(frame: pd.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        _write_parquet(frame, path, index=False)
    elif suffix == ".json":
        _write_text(json.dumps(breakdown.records(frame), indent=2), path)
    else:
        _write_csv(frame, path, index=False, float_format=CSV_FLOAT_FORMAT)


def _write_run_outputs(result: RunResult, args: argparse.Namespace) -> None:
    with atomic_group():  # one run's files: all new or all old
        _write_each_output(result, args)


def _write_each_output(result: RunResult, args: argparse.Namespace) -> None:
    if args.json:
        _write_text(result.to_json(by=args.by), args.json)
    if isinstance(args.breakdown, Path):
        _write_table(result.breakdown_by(*args.by), args.breakdown)
    if args.csv:
        _write_csv(outputs.with_units(result.summary), args.csv, index=True,
                   float_format=SUMMARY_FLOAT_FORMAT)
    if args.parquet:
        _write_parquet(outputs.with_units(result.summary), args.parquet, index=True,
                       metadata=outputs.file_metadata())
    if args.cash:
        cash = result.cash_by(args.cash_by, summarised=True).round(2)
        _write_table(cash.assign(unit="CNY"), args.cash)  # the statistics' unit
    if args.technicians:
        _write_table(_to_the_fen(result.technicians), args.technicians)
    if args.orders and result.orders is not None:
        _write_table(_to_the_fen(result.orders), args.orders)


def _to_the_fen(frame: pd.DataFrame) -> pd.DataFrame:
    """Amounts in CNY rounded to the fen, as reported (city-rules 8.10); the
    run keeps them exact."""
    money = [column for column in frame.columns if str(column).endswith("_cny")]
    return frame.assign(**{column: frame[column].round(2) for column in money})


# -- printing ------------------------------------------------------------------------------


def decimals_for(values: Sequence[float]) -> int:
    """Decimals that show numbers of this size well (the largest one decides)."""
    magnitude = max((abs(v) for v in values if not math.isnan(v)), default=0.0)
    return 0 if magnitude >= 1000 or magnitude == 0 else 1 if magnitude >= 100 else 2 if magnitude >= 1 else 4


def format_number(value: float, decimals: int | None = None) -> str:
    """A number for a table, thousands separated; `decimals` by its size unless given.

    Examples
    --------
    >>> format_number(25512.3), format_number(0.041237), format_number(float("nan"))
    ('25,512', '0.0412', '-')
    >>> format_number(3.0, decimals=4)
    '3.0000'
    """
    if math.isnan(value):
        return "-"
    places = decimals_for([value]) if decimals is None else decimals
    return f"{value:,.{places}f}"


def _console() -> Console:
    # Piped output is read by people too: do not squeeze it into 80 columns,
    # unless COLUMNS asks for a width (rich then takes it, as on a terminal).
    asked = os.environ.get("COLUMNS", "").isdigit()
    return Console(width=None if sys.stdout.isatty() or asked else 140, highlight=False)


_LATE_QUANTILES = outputs.late_quantiles()


def _count(n: int, noun: str) -> str:
    """`n` and the noun, plural unless one: '1 replication', '20 replications'."""
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _ci_cell(lo: str, hi: str) -> str:
    return "-" if lo == "-" and hi == "-" else f"{lo} .. {hi}"


def _print_run(result: RunResult, *, wide: bool = False,
               shown: Sequence[tuple[str, str]] = ()) -> None:
    """The summary, one row per output.

    The default table (output, mean, 95 % CI, unit) fits 80 columns: the unit,
    the only column that wraps, goes last. ``wide`` adds sd and P50/P90/P95
    (in a second table when one would not fit); ``shown`` (output, statistic)
    pairs pick rows and statistics instead.
    """
    rows = list(dict.fromkeys(o for o, _ in shown if o)) or list(result.summary.index)
    stats = list(dict.fromkeys(st for _, st in shown if st))
    if not stats:
        stats = ["mean", "ci95", "sd", "p50", "p90", "p95"] if wide else ["mean", "ci95"]
    title = (f"{result.scenario.name}: {_count(result.n_replications, 'replication')}, "
             f"seed {result.seed} ({result.elapsed_s:.2g} s)")
    console = _console()
    # Too wide for this terminal: the same rows in several tables, each whole.
    for i, chunk in enumerate(_fitting_chunks(console, result, rows, stats)):
        console.print(_summary_table(result, title if i == 0 else "spread across replications",
                                     rows, chunk))
    late = [o for o in rows if o in _LATE_QUANTILES]
    if late:
        counts = result.replications[late[0]].notna().sum()
        console.print(f"{', '.join(late)}: over the {counts} of {result.n_replications} "
                      "replications with a late order", style="dim")
    if not wide and not shown:
        console.print("95 % CI: Student-t interval of the mean; --wide adds sd and "
                      "P50/P90/P95 across replications", style="dim")


def _fits(console: Console, table: Table, wrapping_width: int) -> bool:
    """Whether `table`, drawn without its one wrapping column, fits the console
    beside that column at `wrapping_width`. (Rich's own minimum would let the
    unwrapped columns wrap too.)"""
    wide = console.options.update_width(10_000)
    return console.measure(table, options=wide).maximum + 2 + wrapping_width <= console.width


def _fitting_chunks(console: Console, result: RunResult, rows: Sequence[str],
                    stats: Sequence[str]) -> list[list[str]]:
    """`stats` in order, cut into runs whose tables each fit the console (a
    statistic too wide even alone gets its own table)."""
    def fits(chunk: list[str]) -> bool:
        table = _summary_table(result, "", rows, chunk, units=False)
        return _fits(console, table, _longest_unit_word(rows))

    chunks: list[list[str]] = []
    for stat in stats:
        if chunks and fits(chunks[-1] + [stat]):
            chunks[-1].append(stat)
        else:
            chunks.append([stat])
    return chunks


_HEADS = {"mean": "mean", "sd": "sd", "ci95": "95 % CI", "ci95_lo": "CI low",
          "ci95_hi": "CI high", "p50": "P50", "p90": "P90", "p95": "P95"}


def _longest_unit_word(rows: Sequence[str]) -> int:
    return max((len(word) for o in rows for word in unit(str(o)).split()), default=4)


def _summary_table(result: RunResult, title: str, rows: Sequence[str],
                   stats: Sequence[str], *, units: bool = True) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("output", no_wrap=True)
    for stat in stats:
        table.add_column(_HEADS[stat], justify="right", no_wrap=True)
    if units:
        # The one column that wraps, between words only.
        table.add_column("unit", overflow="fold", min_width=_longest_unit_word(rows))
    for output in rows:
        row = result.summary.loc[output]
        # One precision per row, so that a row's numbers line up.
        places = decimals_for(row.tolist())
        cell = {stat: format_number(row[stat], places) for stat in row.index}
        cell["ci95"] = _ci_cell(cell["ci95_lo"], cell["ci95_hi"])
        table.add_row(str(output), *(cell[s] for s in stats),
                      *([unit(str(output))] if units else []))
    return table


def _print_budget(result: RunResult, table: pd.DataFrame, confidence: float) -> None:
    """One row per month and payer; each quantile's cell holds the estimate over
    its interval, marked with a letter for its warning, the warnings below."""
    title = (f"{result.scenario.name}: compensation each payer pays per month (CNY), "
             f"{_count(result.n_replications, 'replication')}, seed {result.seed}")
    grid = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    grid.add_column("month", no_wrap=True)
    grid.add_column("payer", overflow="fold")
    quantiles = list(dict.fromkeys(table["quantile"]))
    for q in quantiles:
        grid.add_column(f"P{q * 100:g}\n{confidence * 100:g} % CI", justify="right",
                        no_wrap=True)
    notes: dict[str, str] = {}
    for (period, payer), rows in table.groupby(["period", "payer"], observed=True, sort=False):
        cells = []
        # Whole yuan, or fen for small amounts; one precision per row.
        amounts = rows[["cny", "ci_lo_cny", "ci_hi_cny"]].abs().max().max()
        places = 0 if amounts >= 100 or amounts == 0 else 2
        for row in rows.itertuples():
            mark = ""
            if row.warning:
                mark = notes.setdefault(row.warning, "abcdefghijklmnopqrstuvwxyz"[len(notes) % 26])
            interval = _ci_cell(format_number(row.ci_lo_cny, places),
                                format_number(row.ci_hi_cny, places))
            estimate = format_number(row.cny, places) + (f" {mark}" if mark else "")
            cells.append(f"{estimate}\n{interval}")
        grid.add_row(str(period), str(payer), *cells)
    console = _console()
    console.print(grid)
    for warning, mark in notes.items():
        console.print(f"{mark}: {warning}", style="dim")
    console.print("interval: order statistics (distribution-free); - where none exists",
                  style="dim")


def _print_sweep(result: SweepResult, shown: Sequence[str], stats: Sequence[str] = ()) -> None:
    """One row per point, a column per output (and statistic); when that would not
    fit the terminal, one such table per output, so that nothing is cut."""
    what = ", ".join(stats) if stats else "mean ± 95 % CI half-width"
    title = (f"{result.scenario.name}: {_count(len(result.runs), 'point')} x "
             f"{_count(result.n_replications, 'replication')}, seed {result.seed} "
             f"({result.elapsed_s:.2g} s): {what}")
    console = _console()
    table = _sweep_table(result, title, shown, stats, named=True)
    natural = console.measure(table, options=console.options.update_width(10_000)).maximum
    if natural <= console.width or len(shown) == 1:
        console.print(table)
        return
    console.print(title, justify="center")
    for output in shown:
        console.print(_sweep_table(result, f"{output} ({unit(output)})", [output], stats,
                                   named=False))


def _sweep_table(result: SweepResult, title: str, shown: Sequence[str],
                 stats: Sequence[str], *, named: bool) -> Table:
    # named: each column's head names its output and unit (else the title does).
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    # A long setting path folds (its head over lines) before a value is cut.
    for setting in result.settings:
        table.add_column(setting, justify="right", overflow="fold")
    for output in shown:
        for stat in stats or [""]:
            head = (f"{output}\n{stat + ' ' if stat else ''}({unit(output)})" if named
                    else _HEADS.get(stat, "mean ± 95 % CI"))
            table.add_column(head, justify="right", no_wrap=True)
    for point, run_result in zip(result.points.itertuples(index=False), result.runs):
        cells = [str(v) for v in point]
        for output in shown:
            row = run_result.summary.loc[output]
            mean, lo, hi = float(row["mean"]), float(row["ci95_lo"]), float(row["ci95_hi"])
            places = decimals_for(row.tolist())
            if not stats:
                # "mean ± half-width" says the interval in half the space.
                # Of the interval before it was clipped: a clipped end would understate it.
                half = outputs.t_half_width(float(row["sd"]),
                                            int(run_result.replications[output].count()))
                cells.append(format_number(mean, places) + (
                    "" if math.isnan(half) else f" ± {format_number(half, places)}"))
            for stat in stats:
                cells.append(_ci_cell(format_number(lo, places), format_number(hi, places))
                             if stat == "ci95" else format_number(float(row[stat]), places))
        table.add_row(*cells)
    return table


def _print_target(result: SweepResult, along: str,
                  targets: Sequence[tuple[str, str, float]]) -> None:
    """The smallest value of `along` meeting every target at the 95 % CI's upper end."""
    # smallest() asks for "strictly below": "<= x" is "< the next float after x".
    limits = {output: value if op == "<" else math.nextafter(value, math.inf)
              for output, op, value in targets}
    best = result.smallest(along, limits, stat="ci95_hi")
    others = [s for s in result.settings if s != along]
    condition = " and ".join(f"{o} {op} {v:g}" for o, op, v in targets)
    table = Table(title=f"smallest {along} with {condition} (upper end of the 95 % CI)")
    for setting in others:
        table.add_column(setting, justify="right")
    table.add_column(along, justify="right")
    for output in limits:
        table.add_column(f"{output}\nmean [95 % CI]\n{unit(output)}", justify="right")
    mean = result.wide("mean", list(limits))
    lo = result.wide("ci95_lo", list(limits))
    for key, row in best.iterrows():
        keys = list(key) if isinstance(key, tuple) else ([key] if others else [])
        value = row[along]
        if pd.isna(value):
            table.add_row(*map(str, keys), f"none <= {max(result.grid[along])}",
                          *["-"] * len(limits))
            continue
        value = _plain_value(value, result.grid[along])
        point = {**dict(zip(others, keys)), along: value}
        index = tuple(point[s] for s in result.settings)
        index = index[0] if len(index) == 1 else index
        cells = []
        for output in limits:
            m, l, h = float(mean.at[index, output]), float(lo.at[index, output]), float(row[output])
            if math.isnan(m) and output in outputs.late_quantiles():
                cells.append("no late order")
                continue
            places = decimals_for([m, h])
            cells.append(f"{format_number(m, places)} [{format_number(l, places)}, "
                         f"{format_number(h, places)}]")
        table.add_row(*map(str, keys), str(value), *cells)
    _console().print(table)


def _print_optimum(result: Any) -> None:
    """The plan, its objective and constraints with intervals, the runner-up and
    the paired difference, and what it took."""
    settings = result.settings
    level = f"{settings.confidence * 100:g} % CI"
    console = _console()
    # No zone is set when no candidate was feasible to select among.
    zone = ("" if math.isnan(settings.indifference) else
            f", indifference {settings.indifference:,.0f} {unit(settings.objective)}")
    console.print(f"{result.scenario.name}: minimise {settings.objective}{zone}, "
                  f"seed {settings.seed}")
    verdicts = ", ".join(f"{n} {v}" for v, n in result.candidates["verdict"].value_counts().items())
    if result.chosen is None:
        console.print(f"no candidate meets every target ({verdicts})")
        _print_undecided(result)
        return
    table = Table(title=f"the plan: mean and {level}", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    table.add_column("")  # an output's unit goes under its name: settings' names are longer
    table.add_column("value\nor mean", justify="right", no_wrap=True)
    table.add_column(level, justify="right", no_wrap=True)
    table.add_column("limit", justify="right", no_wrap=True)
    for path, value in zip(result.decisions, result.chosen):
        table.add_row(path, str(value), "", "")
    plan = result.plan.iloc[0]
    table.add_row(f"{settings.objective}\n({unit(settings.objective)})",
                  *_mean_ci(plan["mean"], plan["ci_lo"], plan["ci_hi"]), "")
    for row in result.constraints.itertuples():
        table.add_row(f"{row.output}\n({unit(row.output)})",
                      *_mean_ci(row.mean, row.ci_lo, row.ci_hi), f"<= {row.limit:g}")
    table.add_row("replications", str(int(plan["replications"])), "", "")
    console.print(table)
    _print_runner_up(result, level)
    console.print(f"{len(result.candidates)} candidates run ({verdicts}), "
                  f"{len(result.finalists)} compared; {result.replications_used:,} replications "
                  f"in {result.elapsed_s:.3g} s")
    _print_undecided(result)


def _print_undecided(result: Any) -> None:
    """Why the confidence statement does not hold, when candidates the budget
    left undecided may be cheaper than the plan."""
    undecided = result.undecided
    doubtful = undecided[undecided["may_be_cheaper"]]
    if doubtful.empty:
        return
    plans = "; ".join(", ".join(f"{path}={row[path]}" for path in result.decisions)
                      for _, row in doubtful.head(3).iterrows())
    more = f" and {len(doubtful) - 3} more" if len(doubtful) > 3 else ""
    _console().print(
        f"NOT CERTIFIED: {len(doubtful)} candidate(s) that may be cheaper were left undecided "
        f"after {result.settings.max_replications} replications ({plans}{more}); "
        f"--max-replications {int(doubtful['needed'].max())} would decide them")


def _mean_ci(mean: float, lo: float, hi: float) -> tuple[str, str]:
    places = decimals_for([mean, lo, hi])
    return format_number(mean, places), _ci_cell(format_number(lo, places),
                                                 format_number(hi, places))


def _print_runner_up(result: Any, level: str) -> None:
    frame = result.runner_up
    console = _console()
    if frame.empty:
        console.print("runner-up: none (one candidate was compared)")
        return
    row = frame.iloc[0]
    plan = ", ".join(f"{path}={value}" for path, value in zip(result.decisions,
                                                             result.runner_up_key))
    mean, interval = _mean_ci(row["difference"], row["difference_lo"], row["difference_hi"])
    console.print(f"runner-up: {plan}: costs {mean} {unit(result.settings.objective)} more "
                  f"({level} {interval}, paired over {int(row['paired_replications'])} "
                  "replications)")


def _plain_value(value: Any, values: Sequence[Any]) -> Any:
    # The grid's own value (120, not 120.0 from a column with NaN in it).
    return next((v for v in values if v == value), value)


#: Late orders by cause: the measures ``late_<cause>``.
_CAUSES = tuple(m for m in MEASURES if m.startswith("late_"))
#: The causes that cost nothing, as the engine's measure table marks them.
_EXEMPT = tuple(m.removeprefix("late_") for m in _CAUSES if "(exempt)" in MEASURES[m]["meaning"])


def _compact(value: float) -> str:
    """A mean count or amount in few characters: 1,234 / 12 / 3.5 / 0.33."""
    if value >= 10:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


class _Items:
    """Items joined by ", " that wrap only between items: a cause never parts from its count."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(max(map(len, self.items), default=0), len(", ".join(self.items)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines: list[str] = []
        for item in self.items:
            if lines and len(f"{lines[-1]}, {item}") <= options.max_width:
                lines[-1] = f"{lines[-1]}, {item}"
            else:
                lines[-1:] = [f"{lines[-1]},", item] if lines else [item]
        yield Text("\n".join(lines))


def _breach_cell(stats: pd.DataFrame) -> str:
    # "mean ± half-width", as in the sweep table.
    mean = 100 * float(stats.at["breach_rate", "mean"])
    if math.isnan(mean):
        return "-"
    half = 100 * outputs.t_half_width(float(stats.at["breach_rate", "sd"]),
                                      int(stats.at["breach_rate", "replications"]))
    return f"{mean:.1f}" if math.isnan(half) else f"{mean:.1f} ± {half:.1f}"


def _causes_cell(means: pd.Series) -> _Items:
    # Only causes that happened, the largest first: "capacity 12, rural 3".
    late = means[list(_CAUSES)]
    late = late[late > 0].sort_values(ascending=False, kind="stable")
    return _Items([f"{str(cause).removeprefix('late_')} {_compact(float(n))}"
                   for cause, n in late.items()])


def _segment_cells(group: pd.DataFrame) -> list[str | _Items]:
    """Orders, breach rate, causes and compensation of one group's long rows."""
    stats = group.set_index("measure")
    means = stats["mean"]
    return [_compact(float(means["orders"])), _breach_cell(stats), _causes_cell(means),
            _compact(float(means["compensation_cny"]))]


def _print_breakdown(result: RunResult, by: Sequence[str]) -> None:
    count = result.n_replications
    title = (f"{result.scenario.name} by {', '.join(by)}: "
             f"means of {_count(count, 'replication')}")
    rows = [(tuple(map(str, key)), _segment_cells(group)) for key, group in
            result.breakdown_by(*by).groupby(list(by), observed=True, sort=False)]
    rows.append((("total",), _segment_cells(result.breakdown_by())))
    console = _console()
    causes_width = max(len(item) for _, cells in rows for item in [*cells[2].items, "by cause"])
    # A column per dimension while they fit; else one that wraps between them.
    apart = _breakdown_table(title, by, rows, joined=False, causes=False)
    joined = not _fits(console, apart, causes_width)
    console.print(_breakdown_table(title, by, rows, joined=joined))
    # Beside the table, not its caption: a narrow table would wrap it.
    console.print(f"exempt, at no cost: {', '.join(_EXEMPT)}", style="dim")


def _breakdown_table(title: str, by: Sequence[str],
                     rows: Sequence[tuple[tuple[str, ...], list[str | _Items]]], *,
                     joined: bool, causes: bool = True) -> Table:
    """One row per segment, the last the total; `joined` puts a segment's
    values in one column, `causes` False leaves out the column that wraps."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  collapse_padding=True)
    for dimension in [" / ".join(by)] if joined else by:
        table.add_column(dimension, no_wrap=not joined)
    table.add_column("orders", justify="right", no_wrap=True)
    table.add_column("breach rate\n% ± 95 % CI", justify="right", no_wrap=True)
    if causes:
        table.add_column("late orders\nby cause")
    table.add_column("compen-\nsation\nCNY", justify="right", no_wrap=True)
    for i, (key, cells) in enumerate(rows):
        if i == len(rows) - 1:
            table.add_section()
        segment = [" / ".join(key)] if joined else [*key, *[""] * (len(by) - len(key))]
        table.add_row(*segment, *(cells if causes else cells[:2] + cells[3:]))
    return table


# -- entry point ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``fieldsim`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 ok, 1 internal error, 2 bad input, 130 interrupted.
    """
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (ScenarioError, UsageError, RunTooLarge) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:  # beyond the estimate, e.g. building the tables: the machine's limit
        print(f"error: {OUT_OF_MEMORY}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001 - a bug, not the user's fault: say so and show where
        traceback.print_exc()
        print("error: internal error in fieldsim (a bug); please report it with the "
              "traceback above", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
