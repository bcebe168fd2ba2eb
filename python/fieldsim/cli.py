"""The ``fieldsim`` command: run, sweep and validate scenarios from a shell.

Exit codes: 0 success, 1 internal error (a bug: please report it), 2 bad
input (the message names the file and JSON path), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from fieldsim import __version__, breakdown, outputs
from fieldsim._core import OUTPUT_NAMES
from fieldsim._errors import ScenarioError
from fieldsim.atomic import atomic_path, atomic_write
from fieldsim.breakdown import DEFAULT_BY, DIMENSIONS, MEASURES
from fieldsim.outputs import unit
from fieldsim.progress import ProgressBar
from fieldsim.result import RunResult
from fieldsim.runner import MAX_REPLICATIONS, MAX_THREADS, RunTooLarge, run
from fieldsim.scenario import load
from fieldsim.sweep import SweepResult, sweep

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

_EPILOG = """\
examples:
  fieldsim run scenarios/refcity/month.json
  fieldsim run scenarios/refcity/month.json -n 50 --seed 7 --json month.json --csv month.csv
  fieldsim sweep scenarios/refcity/month.json --set technicians.count=120:240:20 \\
      --set evening.premium_cny=0,10,20,30 --csv sweep.csv
  fieldsim validate scenarios/refcity/month.json

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

examples:
  fieldsim run scenarios/refcity/month.json
  fieldsim run scenarios/refcity/month.json --replications 100 --threads 2 --json summary.json
  fieldsim run scenarios/refcity/month.json -n 5 --orders orders.parquet
  fieldsim run scenarios/refcity/month.json -n 5 --breakdown segments.csv --by district,kind
"""

_SWEEP_EPILOG = """\
Each --set is PATH=VALUES with PATH a dotted path into the resolved scenario
(list entries by index, e.g. orders.0.per_day) and VALUES one of
  START:STOP:STEP   a range, STOP included        technicians.count=120:240:20
  A,B,C             a list                         evening.premium_cny=0,10,20,30
  A                 a single value                 horizon.days=7
Every combination is run with the same seed (common random numbers: each
point sees the same orders), so differences between points are sharp.

examples:
  fieldsim sweep scenarios/refcity/month.json --set technicians.count=120:240:20 \\
      --set evening.premium_cny=0,10,20,30
  fieldsim sweep scenarios/refcity/month.json --set evening.premium_cny=0:40:5 \\
      -n 10 --show compensation_cny --show premium_pay_cny --csv premium.csv
"""

_VALIDATE_EPILOG = """\
examples:
  fieldsim validate scenarios/refcity/month.json
"""


class UsageError(Exception):
    """Bad input noticed after parsing the command line (exit code 2)."""


def _short(text: str, limit: int = 40) -> str:
    """`text`, cut to about `limit` characters so that a long bad value is not echoed whole."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


# -- argument types ------------------------------------------------------------------------


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


def _value(text: str) -> Any:
    """A JSON value if `text` is one (numbers, true, null, ...), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _number_range(spec: str) -> list[Any] | None:
    parts = [_value(p) for p in spec.split(":")]
    numeric = all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts)
    if len(parts) != 3 or not numeric:
        return None
    start, stop, step = parts
    if step == 0 or (stop - start) * step < 0:
        raise argparse.ArgumentTypeError(f"range {spec!r} is empty: STEP must lead from START to STOP")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if all(isinstance(p, int) for p in parts):
        return [start + i * step for i in range(count)]
    return [round(start + i * step, 12) for i in range(count)]


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


def parse_setting(text: str) -> tuple[str, list[Any]]:
    """``PATH=VALUES`` of ``--set`` as (path, values); see ``fieldsim sweep --help``.

    Examples
    --------
    >>> parse_setting("technicians.count=120:180:20")
    ('technicians.count', [120, 140, 160, 180])
    >>> parse_setting("evening.premium_cny=0,12.5")
    ('evening.premium_cny', [0, 12.5])
    """
    path, equals, spec = text.partition("=")
    if not equals or not path.strip() or not spec.strip():
        raise argparse.ArgumentTypeError(
            f"expected PATH=VALUES (e.g. technicians.count=120:240:20), got {text!r}")
    values = _number_range(spec)
    if values is None:
        values = [_value(v) for v in spec.split(",")]
    return path.strip(), values


# -- the parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, with one subcommand per door."""
    parser = argparse.ArgumentParser(
        prog="fieldsim",
        description="Simulate a telecom field-service workforce: same-day promises, "
        "their breaches and their cost.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fieldsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run_parser = _subcommand(commands, "run", "run a scenario and print its summary", _RUN_EPILOG)
    _add_run_options(run_parser)
    run_parser.add_argument("--json", metavar="F", type=Path,
                            help="write the summary and the breakdown as JSON")
    run_parser.add_argument("--csv", metavar="F", type=Path, help="write the summary as CSV")
    run_parser.add_argument("--parquet", metavar="F", type=Path, help="write the summary as Parquet")
    # A flag with an optional file: const=True (not converted to a Path) says "print only".
    run_parser.add_argument("--breakdown", metavar="F", nargs="?", const=True, type=Path,
                            help="print the outputs by segment; with F also write them, one row "
                            "per segment and measure (Parquet if F ends in .parquet, JSON if "
                            ".json, else CSV)")
    run_parser.add_argument("--by", metavar="DIMS", type=parse_dimensions, default=DEFAULT_BY,
                            help="the breakdown's segments (in print, --breakdown F and --json): "
                            f"any of {','.join(DIMENSIONS)} (default: {','.join(DEFAULT_BY)})")
    run_parser.add_argument("--orders", metavar="F", type=Path,
                            help="keep and write the per-order log (Parquet if F ends in "
                            ".parquet, else CSV)")
    run_parser.set_defaults(handler=_run_command)

    sweep_parser = _subcommand(commands, "sweep", "run a scenario over a grid of settings",
                               _SWEEP_EPILOG)
    sweep_parser.add_argument("--set", dest="settings", metavar="PATH=VALUES", required=True,
                              action="append", type=parse_setting,
                              help="a setting and its values; repeat for a grid")
    _add_run_options(sweep_parser)
    sweep_parser.add_argument("--show", metavar="OUTPUT", action="append",
                              help="an output to print (repeatable; default: breach rates, "
                              "compensation and premium pay)")
    sweep_parser.add_argument("--json", metavar="F", type=Path,
                              help="write every point's settings and summary as JSON")
    sweep_parser.add_argument("--csv", metavar="F", type=Path,
                              help="write the table (one row per point and output) as CSV")
    sweep_parser.set_defaults(handler=_sweep_command)

    validate_parser = _subcommand(commands, "validate", "check a scenario without running it",
                                  _VALIDATE_EPILOG)
    validate_parser.set_defaults(handler=_validate_command)

    outputs_parser = commands.add_parser(
        "outputs", help="list the outputs: unit and meaning",
        description="List every output with its unit and meaning.")
    outputs_parser.add_argument("--markdown", action="store_true",
                                help="print the glossary page (docs/outputs.md) instead")
    outputs_parser.set_defaults(handler=_outputs_command)
    return parser


def _subcommand(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, epilog: str
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=summary, epilog=epilog,
                                 description=summary[0].upper() + summary[1:] + ".",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario JSON file")
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", "--replications", metavar="N", type=_integer(1, MAX_REPLICATIONS),
                        default=20,
                        help="independent replications (default: 20)")
    parser.add_argument("-s", "--seed", metavar="S", type=_integer(0, 2**64 - 1), default=1,
                        help="random seed (default: 1)")
    parser.add_argument("-t", "--threads", metavar="T", type=_integer(1, MAX_THREADS), default=None,
                        help="worker threads (default: all cores); results do not depend on it")
    parser.add_argument("--progress", action="store_true",
                        help="show a progress bar even when standard error is not a terminal")


# -- commands ------------------------------------------------------------------------------


def _run_command(args: argparse.Namespace) -> int:
    _check_output_dirs(args, ("json", "csv", "parquet", "orders", "breakdown"))
    scenario = load(args.scenario)
    with _progress_bar(args, scenario.name) as bar:
        result = run(scenario, args.replications, args.seed, args.threads,
                     keep_orders=args.orders is not None, progress=bar)
    _print_run(result)
    if args.breakdown:
        _print_breakdown(result, args.by)
    _write_run_outputs(result, args)
    return EXIT_OK


def _sweep_command(args: argparse.Namespace) -> int:
    _check_output_dirs(args, ("json", "csv"))
    grid = dict(args.settings)
    if len(grid) < len(args.settings):
        raise UsageError("each setting may be given to --set only once")
    shown = args.show or list(SWEEP_SHOWN)
    unknown = sorted(set(shown) - set(OUTPUT_NAMES))
    if unknown:
        raise UsageError(f"--show: no such output: {', '.join(unknown)}; "
                         f"outputs: {', '.join(OUTPUT_NAMES)}")
    scenario = load(args.scenario)
    with _progress_bar(args, scenario.name) as bar:
        result = sweep(scenario, grid, args.replications, args.seed, args.threads, progress=bar)
    _print_sweep(result, shown)
    if args.csv:
        _write_csv(result.table, args.csv, index=False)
    if args.json:
        _write_text(result.to_json(), args.json)
    return EXIT_OK


def _validate_command(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    _console().print(f"{args.scenario}: ok: {scenario.name!r}, {scenario.days} days, "
                    f"{scenario.technicians} technicians, {scenario.zones} zones, "
                    f"about {scenario.expected_orders:.4g} orders a replication",
                    highlight=False)
    return EXIT_OK


def _outputs_command(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(outputs.glossary())
        return EXIT_OK
    table = Table(title="fieldsim outputs")
    table.add_column("output", no_wrap=True)
    table.add_column("unit")
    table.add_column("meaning")
    for name, row in outputs.table().iterrows():
        table.add_row(str(name), row["unit"], row["meaning"])
    _console().print(table)
    return EXIT_OK


def _progress_bar(
    args: argparse.Namespace, description: str
) -> contextlib.AbstractContextManager[ProgressBar | bool]:
    # A bar only where someone watches (a terminal) unless asked for.
    if not (args.progress or sys.stderr.isatty()):
        return contextlib.nullcontext(False)
    console = Console(stderr=True, force_terminal=True if args.progress else None)
    return ProgressBar(description, console=console)


# -- output files --------------------------------------------------------------------------


def _check_output_dirs(args: argparse.Namespace, options: Sequence[str]) -> None:
    # Before the run, not after it: a typo must not cost a long run.
    for option in options:
        path: Path | bool | None = getattr(args, option)
        if isinstance(path, Path) and not path.parent.is_dir():
            raise UsageError(f"--{option} {path}: directory {str(path.parent)!r} does not exist")


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    # An unwritable output is the user's to fix (exit 2), not a bug.
    try:
        yield
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from error


def _write_text(text: str, path: Path) -> None:
    with _writing(path), atomic_write(path) as handle:
        handle.write(text + "\n")


def _write_csv(frame: pd.DataFrame, path: Path, *, index: bool,
               float_format: str | None = None) -> None:
    with _writing(path), atomic_write(path) as handle:
        frame.to_csv(handle, index=index, float_format=float_format)


def _write_parquet(frame: pd.DataFrame, path: Path, *, index: bool) -> None:
    with _writing(path), atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=index)


def _write_breakdown(frame: pd.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        _write_parquet(frame, path, index=False)
    elif suffix == ".json":
        _write_text(json.dumps(breakdown.records(frame), indent=2), path)
    else:
        _write_csv(frame, path, index=False, float_format=CSV_FLOAT_FORMAT)


def _write_run_outputs(result: RunResult, args: argparse.Namespace) -> None:
    if args.json:
        _write_text(result.to_json(by=args.by), args.json)
    if isinstance(args.breakdown, Path):
        _write_breakdown(result.breakdown_by(*args.by), args.breakdown)
    if args.csv:
        _write_csv(result.summary, args.csv, index=True)
    if args.parquet:
        _write_parquet(result.summary, args.parquet, index=True)
    if args.orders and result.orders is not None:
        write = _write_parquet if args.orders.suffix == ".parquet" else _write_csv
        write(result.orders, args.orders, index=False)


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


def _print_run(result: RunResult) -> None:
    table = Table(title=f"{result.scenario.name}: {result.n_replications} replications, "
                  f"seed {result.seed} ({result.elapsed_s:.2g} s)")
    table.add_column("output")
    table.add_column("unit")
    for heading in ("mean", "sd", "95 % CI", "P50", "P90", "P95"):
        table.add_column(heading, justify="right")
    for output, row in result.summary.iterrows():
        # One precision per row, so that a row's numbers line up.
        places = decimals_for(row.tolist())
        cell = {stat: format_number(row[stat], places) for stat in row.index}
        table.add_row(str(output), unit(str(output)), cell["mean"], cell["sd"],
                      f"[{cell['ci95_lo']}, {cell['ci95_hi']}]", cell["p50"], cell["p90"], cell["p95"])
    _console().print(table)


def _print_sweep(result: SweepResult, shown: Sequence[str]) -> None:
    table = Table(title=f"{result.scenario.name}: {len(result.runs)} points x "
                  f"{result.n_replications} replications, seed {result.seed} "
                  f"({result.elapsed_s:.2g} s): mean ± 95 % CI half-width")
    for setting in result.settings:
        table.add_column(setting, justify="right")
    for output in shown:
        table.add_column(f"{output}\n({unit(output)})", justify="right")
    for point, run_result in zip(result.points.itertuples(index=False), result.runs):
        cells = [str(v) for v in point]
        for output in shown:
            stats = run_result.summary.loc[output]
            mean, lo, hi = float(stats["mean"]), float(stats["ci95_lo"]), float(stats["ci95_hi"])
            places = decimals_for([mean, hi])
            # The t interval is symmetric: "mean ± half-width" says it in half the space.
            cells.append(f"{format_number(mean, places)} ± {format_number((hi - lo) / 2, places)}")
        table.add_row(*cells)
    _console().print(table)


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
    # "mean ± half-width", as in the sweep table: half the width of "[lo, hi]".
    # The upper side is the half-width; the lower one may be clipped at zero.
    mean = 100 * float(stats.at["breach_rate", "mean"])
    hi = 100 * float(stats.at["breach_rate", "ci95_hi"])
    if math.isnan(mean):
        return "-"
    return f"{mean:.1f}" if math.isnan(hi) else f"{mean:.1f} ± {hi - mean:.1f}"


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
    table = Table(title=f"{result.scenario.name} by {', '.join(by)}: "
                  f"means of {count} replication{'s' * (count != 1)}",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for dimension in by:
        table.add_column(dimension, no_wrap=True)
    table.add_column("orders", justify="right", no_wrap=True)
    table.add_column("breach rate\n% ± 95 % CI", justify="right", no_wrap=True)
    table.add_column("late orders\nby cause")  # the one column that wraps
    table.add_column("compen-\nsation\nCNY", justify="right", no_wrap=True)
    for key, group in result.breakdown_by(*by).groupby(list(by), observed=True, sort=False):
        table.add_row(*map(str, key), *_segment_cells(group))
    table.add_section()
    table.add_row("total", *[""] * (len(by) - 1), *_segment_cells(result.breakdown_by()))
    console = _console()
    console.print(table)
    # Beside the table, not its caption: a narrow table would wrap it.
    console.print(f"exempt, at no cost: {', '.join(_EXEMPT)}", style="dim")


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
