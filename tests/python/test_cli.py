"""The fieldsim command: exit codes, messages, output files, help."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import BAD_WORK_TIME, MONTH, TINY, Cli

import fieldsim
from fieldsim import cli as cli_module


def test_run_prints_summary_and_writes_files(cli: Cli, tmp_path: Path) -> None:
    done = cli("run", TINY, "-n", "3", "--seed", "4", "--threads", "2", "--json", "s.json",
               "--csv", "s.csv", "--parquet", "s.parquet", "--orders", "orders.parquet")
    assert done.returncode == 0, done.stderr
    assert "tiny: 3 replications, seed 4" in done.stdout
    assert "breach_rate_install" in done.stdout and "95 % CI" in done.stdout
    assert done.stderr == ""  # no progress bar: stderr is not a terminal

    data = json.loads((tmp_path / "s.json").read_text())
    assert (data["scenario"], data["replications"], data["seed"]) == ("tiny", 3, 4)
    expected = fieldsim.run(TINY, replications=3, seed=4, progress=False)
    assert data["summary"] == json.loads(expected.to_json())["summary"]

    csv = pd.read_csv(tmp_path / "s.csv", index_col="output")
    assert csv.at["compensation_cny", "unit"] == "CNY"
    pd.testing.assert_frame_equal(csv.drop(columns="unit"), expected.summary, check_exact=False,
                                  rtol=1e-9)
    parquet = pd.read_parquet(tmp_path / "s.parquet")
    assert parquet.at["overtime_min", "unit"] == "min"
    pd.testing.assert_frame_equal(parquet.drop(columns="unit"), expected.summary)
    orders = pd.read_parquet(tmp_path / "orders.parquet")
    assert len(orders) == expected.replications[["orders_install", "orders_repair"]].sum().sum()
    assert str(orders["kind"].dtype) == "category"


def test_orders_as_csv(cli: Cli, tmp_path: Path) -> None:
    assert cli("run", TINY, "-n", "1", "--orders", "orders.csv").returncode == 0
    orders = pd.read_csv(tmp_path / "orders.csv")
    assert {"entry_min", "entry_day", "entry_hour", "kind", "late"} <= set(orders.columns)


def test_written_amounts_are_rounded_to_the_fen(cli: Cli, tmp_path: Path) -> None:
    """Three installs each owe 0.004 CNY (8.10: rounded only when reported):
    each row of the order file says 0.0, the run keeps the exact 0.012."""
    scenario = {
        "name": "fen", "horizon": {"days": 1, "max_drain_days": 2},
        "calendar": {"start_date": "2025-03-03"}, "network": {"zones": 1},
        "orders": [{"scripted": [{"day": 0, "at": "07:00", "zone": 0, "kind": "install",
                                  "work_min": 30}] * 3,
                    "expected_work_min": {"install": 30, "repair": 30}}],
        "technicians": {"groups": [{"name": "g", "count": 3, "home": [0],
                                    "shift": {"start": "08:00", "end": "17:00"}}]},
        "sla": {"rules": [{"due": {"within_h": 1}}]},
        "compensation": {"install": {"per_order_cny": 0.004}},
    }
    (tmp_path / "fen.json").write_text(json.dumps(scenario))
    done = cli("run", "fen.json", "-n", "1", "--orders", "orders.csv", "--technicians", "t.csv")
    assert done.returncode == 0, done.stderr
    orders = pd.read_csv(tmp_path / "orders.csv")
    assert orders["late"].all() and (orders["compensation_cny"] == 0.0).all()
    run = fieldsim.run(scenario, replications=1, progress=False)
    assert run.replications["compensation_cny"].iloc[0] == pytest.approx(0.012)


def test_orders_as_json_and_no_format_it_cannot_write(cli: Cli, tmp_path: Path) -> None:
    assert cli("run", TINY, "-n", "1", "--orders", "orders.json").returncode == 0
    rows = json.loads((tmp_path / "orders.json").read_text())
    csv = cli("run", TINY, "-n", "1", "--orders", "orders.csv")
    assert csv.returncode == 0 and len(rows) == len(pd.read_csv(tmp_path / "orders.csv"))
    assert {"entry_min", "kind", "late"} <= set(rows[0])
    done = cli("run", TINY, "-n", "1", "--breakdown", "segments.xlsx")
    assert done.returncode == 2
    assert "--breakdown segments.xlsx: expected a file ending in .csv, .parquet or .json" in \
        done.stderr
    assert not (tmp_path / "segments.xlsx").exists()


def test_validate(cli: Cli) -> None:
    done = cli("validate", TINY)
    assert done.returncode == 0
    assert "ok" in done.stdout and "'tiny', 3 days, 130 technicians, 64 zones" in done.stdout


def test_invalid_scenario_exits_2_naming_the_path(cli: Cli) -> None:
    for command in ("validate", "run"):
        done = cli(command, BAD_WORK_TIME, "--json", "x.json") if command == "run" else cli(command, BAD_WORK_TIME)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"error: {BAD_WORK_TIME}: /orders/1/work_time/mean_min: "
            "expected a number in (0, 525600], got -5")
        assert done.stdout == ""


def test_missing_scenario_exits_2(cli: Cli) -> None:
    done = cli("run", "absent.json")
    assert done.returncode == 2 and "absent.json: no such scenario file" in done.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["run", str(TINY), "--replications", "0"],
        ["run", str(TINY), "--seed", "x"],
        ["sweep", str(TINY)],  # no --set
        ["sweep", str(TINY), "--set", "technicians.count"],
        ["sweep", str(TINY), "--set", "technicians.count=200:100:10"],
        ["frobnicate"],
    ],
)
def test_bad_command_line_exits_2(cli: Cli, arguments: list[str]) -> None:
    done = cli(*arguments)
    assert done.returncode == 2
    assert "usage:" in done.stderr or "error:" in done.stderr


def test_sweep_unknown_setting_exits_2(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.cnt=100,120")
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {TINY}: /technicians/cnt: no such setting")


def test_output_into_missing_directory_exits_2_before_running(cli: Cli) -> None:
    done = cli("run", TINY, "--json", "no/such/dir/x.json")
    assert done.returncode == 2 and "does not exist" in done.stderr and done.stdout == ""


def test_sweep_writes_table_and_json(cli: Cli, tmp_path: Path) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100:140:20", "--set", "evening.premium_cny=0,30",
               "-n", "2", "--csv", "sweep.csv", "--json", "sweep.json", "--show", "late_install")
    assert done.returncode == 0, done.stderr
    assert "late_install" in done.stdout and "±" in done.stdout
    table = pd.read_csv(tmp_path / "sweep.csv")
    assert len(table) == 6 * len(fieldsim.OUTPUT_NAMES)
    assert sorted(table["technicians.count"].unique()) == [100, 120, 140]
    data = json.loads((tmp_path / "sweep.json").read_text())
    assert data["grid"] == {"technicians.count": [100, 120, 140], "evening.premium_cny": [0, 30]}


def test_sweep_unknown_output_exits_2(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100", "--show", "happiness")
    assert done.returncode == 2 and "no such output: happiness" in done.stderr


def test_internal_error_exits_1(tmp_path: Path) -> None:
    # A bug planted in a real process: the engine call itself fails.
    plant = "import sys, fieldsim.cli as cli; cli.run = lambda *a, **k: 1 / 0; sys.exit(cli.main())"
    done = subprocess.run([sys.executable, "-c", plant, "run", str(TINY), "--json", "x.json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "ZeroDivisionError" in done.stderr and "internal error" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "run", interrupted)
    assert cli_module.main(["run", str(TINY), "-n", "1"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_version(cli: Cli) -> None:
    done = cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"fieldsim {fieldsim.__version__}"


@pytest.mark.parametrize("command", [[], ["run"], ["sweep"], ["validate"], ["calibrate"]])
def test_help_has_examples(cli: Cli, command: list[str]) -> None:
    done = cli(*command, "--help")
    assert done.returncode == 0
    assert "examples:" in done.stdout and "fieldsim " in done.stdout


@pytest.mark.parametrize("command", [[], ["run"], ["sweep"], ["optimise"], ["budget"],
                                     ["report"], ["validate"], ["calibrate"], ["outputs"]])
def test_help_fits_80_columns(cli: Cli, command: list[str]) -> None:
    done = cli(*command, "--help", env={"COLUMNS": "80"})
    assert done.returncode == 0
    wide = [line for line in done.stdout.splitlines() if len(line) > 80]
    assert not wide, wide


def test_console_script_installed() -> None:
    script = Path(sys.executable).parent / "fieldsim"
    if not script.exists():
        pytest.skip("no console script next to this interpreter (not installed)")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.startswith("fieldsim ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("technicians.count=120:240:20", ("technicians.count", [120, 140, 160, 180, 200, 220, 240])),
        ("evening.premium_cny=0,10,20,30", ("evening.premium_cny", [0, 10, 20, 30])),
        ("demand.day_factor.sd=0:0.3:0.1", ("demand.day_factor.sd", [0.0, 0.1, 0.2, 0.3])),
        ("x=10:0:-5", ("x", [10, 5, 0])),
        ("horizon.days=7", ("horizon.days", [7])),
        ("dispatch.policy=edf", ("dispatch.policy", ["edf"])),
        ("technicians.shift.end=17:00,18:00", ("technicians.shift.end", ["17:00", "18:00"])),
        ("technicians.count=110:113", ("technicians.count", [110, 111, 112, 113])),
    ],
)
def test_parse_setting(text: str, expected: tuple) -> None:
    path, values = cli_module.parse_setting(text)
    assert (path, list(values)) == expected


@pytest.mark.parametrize(("setting", "message"), [
    # Counted, not built: each is refused at once, in the sweep's words.
    ("technicians.count=1:1e9:1", "error: a sweep of 1,000,000,000 points (1,000,000,000) is "
     "more than the 10,000 a sweep may have; use coarser steps, or fieldsim optimise to "
     "search a large space\n"),
    ("evening.premium_cny=0:1:1e-12", "error: a sweep of 1,000,000,000,001 points "
     "(1,000,000,000,001) is more than the 10,000 a sweep may have; use coarser steps, or "
     "fieldsim optimise to search a large space\n"),
    ("technicians.count=1:1e400:1", "error: argument --set: technicians.count=1:1e400:1: "
     "STOP 1e400 is infinite; expected a range START:STOP:STEP of finite numbers\n"),
    ("technicians.count=1:Infinity:1", "error: argument --set: technicians.count=1:Infinity:1: "
     "STOP Infinity is infinite; expected a range START:STOP:STEP of finite numbers\n"),
    ("technicians.count=NaN:10:1", "error: argument --set: technicians.count=NaN:10:1: "
     "START NaN is not a number; expected a range START:STOP:STEP of finite numbers\n"),
    ("technicians.count=1:10:-Infinity", "error: argument --set: technicians.count=1:10:"
     "-Infinity: STEP -Infinity is infinite; expected a range START:STOP:STEP of finite "
     "numbers\n"),
    ("technicians.count=-1e308:1e308:1e-10", "error: argument --set: "
     "technicians.count=-1e308:1e308:1e-10: far more values than the 10,000 a grid may have\n"),
])
def test_a_huge_or_infinite_range_is_refused_at_once(cli: Cli, setting: str, message: str) -> None:
    done = cli("sweep", MONTH, "--set", setting, "-n", "1", timeout=30)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.endswith(message), done.stderr
    assert "Traceback" not in done.stderr and "parse_setting" not in done.stderr



def test_report_refuses_a_sweep_too_large_before_its_run(cli: Cli, tmp_path: Path) -> None:
    done = cli("report", MONTH, "-o", "report.html", "--sweep", "technicians.count=1:1e9:1",
               timeout=30)
    assert done.returncode == 2 and "a sweep of 1,000,000,000 points" in done.stderr
    assert list(tmp_path.iterdir()) == []

def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


@pytest.mark.parametrize("columns", [80, 120, None])
def test_run_summary_fits_the_terminal(cli: Cli, columns: int | None) -> None:
    env = {"COLUMNS": str(columns)} if columns else None  # None: piped to a file
    done = cli("run", TINY, "-n", "3", env=env)
    assert done.returncode == 0, done.stderr
    lines = _lines(done.stdout)
    assert max(map(len, lines)) <= (columns or 140)
    assert "…" not in done.stdout  # nothing cut
    # One row per output, its name, mean and interval whole on that line.
    result = fieldsim.run(TINY, replications=3, progress=False)
    for output, row in result.summary.iterrows():
        line = next(line for line in lines if line.split() and line.split()[0] == output)
        places = cli_module.decimals_for(row.tolist())
        for stat in ("mean", "ci95_lo", "ci95_hi"):
            assert cli_module.format_number(row[stat], places) in line, (output, stat, line)


def test_run_wide_adds_spread(cli: Cli) -> None:
    done = cli("run", TINY, "-n", "3", "--wide", env={"COLUMNS": "120"})
    assert done.returncode == 0, done.stderr
    header = next(line for line in _lines(done.stdout) if "mean" in line and "P90" in line)
    assert "sd" in header and "P95" in header


def test_run_wide_at_80_columns_cuts_no_word(cli: Cli) -> None:
    # A month's numbers, wider than the tiny scenario's.
    done = cli("run", MONTH, "-n", "3", "--wide", env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    lines = _lines(done.stdout)
    assert max(map(len, lines)) <= 80 and "…" not in done.stdout
    heads = " ".join(line for line in lines if line.split()[:1] == ["output"])
    assert all(head in heads for head in ("mean", "95 % CI", "sd", "P50", "P90", "P95"))
    # A unit wraps between its words, never inside one.
    names = set(fieldsim.outputs.table().index)
    words = {word for output in names for word in fieldsim.outputs.unit(output).split()}
    # A row's unit follows its last number; a unit's next words have lines of their own.
    rows = [line for line in lines if line.split()[:1] and line.split()[0] in names]
    follow = [line for line in lines if line.startswith(" " * 30) and line.strip()]
    cells = [line.split("  ")[-1] for line in rows] + follow
    assert {word for cell in cells for word in cell.split()} <= words


def test_run_set_changes_the_scenario(cli: Cli, tmp_path: Path) -> None:
    done = cli("run", TINY, "-n", "2", "--set", "technicians.count=100",
               "--set", "evening.premium_cny=30", "--json", "s.json")
    assert done.returncode == 0, done.stderr
    changed = fieldsim.load(TINY).with_({"technicians.count": 100, "evening.premium_cny": 30})
    expected = fieldsim.run(changed, replications=2, progress=False)
    assert json.loads((tmp_path / "s.json").read_text())["summary"] == \
        json.loads(expected.to_json())["summary"]


@pytest.mark.parametrize(("setting", "message"), [
    ("technicians.count=100,120", "run takes one value"),
    ("technicians.nothing=3", "technicians.nothing"),
])
def test_run_set_refuses_a_grid_or_a_bad_path(cli: Cli, setting: str, message: str) -> None:
    done = cli("run", TINY, "-n", "1", "--set", setting)
    assert done.returncode == 2 and message in done.stderr


def test_run_show_picks_outputs_and_statistics(cli: Cli) -> None:
    done = cli("run", TINY, "-n", "3", "--show", "breach_rate_install", "--show", "p90",
               "--show", "sd", env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert "breach_rate_install" in done.stdout and "compensation_cny" not in done.stdout
    header = next(line for line in _lines(done.stdout) if "P90" in line)
    assert "sd" in header and "mean" not in header


@pytest.mark.parametrize("show", ["p90", "breach_rate_install:p95", "ci95_hi", "sd"])
def test_sweep_show_accepts_any_statistic(cli: Cli, show: str) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100,140", "-n", "2", "--show", show)
    assert done.returncode == 0, done.stderr
    stat = show.rpartition(":")[2]
    assert stat in done.stdout and "breach_rate_install" in done.stdout


def test_sweep_show_unknown_statistic_exits_2(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100", "--show", "compensation_cny:p99")
    assert done.returncode == 2 and "no such statistic: p99" in done.stderr


def test_sweep_target_prints_the_smallest_feasible_value(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=60:140:40", "--set", "evening.premium_cny=0,30",
               "-n", "3", "--target", "breach_rate_install<=0.5", "--along", "technicians.count",
               env={"COLUMNS": "120"})
    assert done.returncode == 0, done.stderr
    result = fieldsim.sweep(TINY, {"technicians.count": [60, 100, 140],
                                   "evening.premium_cny": [0, 30]}, replications=3, progress=False)
    best = result.smallest("technicians.count", {"breach_rate_install": math.nextafter(0.5, 1)})
    text = done.stdout[done.stdout.index("smallest technicians.count"):]
    for premium, row in best.iterrows():
        line = next(line for line in _lines(text) if line.split("│")[1:2]
                    and line.split("│")[1].strip() == str(premium))
        want = "none" if pd.isna(row["technicians.count"]) else str(int(row["technicians.count"]))
        assert want in line


def test_sweep_target_refuses_bad_input(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100", "--target", "happiness<=1")
    assert done.returncode == 2 and "OUTPUT<=LIMIT" in done.stderr
    done = cli("sweep", TINY, "--set", "technicians.count=100", "--target",
               "breach_rate_install<=0.1", "--along", "evening.premium_cny")
    assert done.returncode == 2 and "not swept" in done.stderr
    done = cli("sweep", TINY, "--set", "technicians.count=1:100000:1", "--set",
               "evening.premium_cny=0,10")
    assert done.returncode == 2 and "a sweep of 200,000 points" in done.stderr
    assert "Traceback" not in done.stderr


def test_sweep_target_needs_two_replications_and_goes_along_the_first_swept(cli: Cli) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=60,140", "-n", "1",
               "--target", "breach_rate_install<=0.5")
    assert done.returncode == 2 and "--target needs at least 2 replications" in done.stderr
    # A setting with one value is no axis to minimise along.
    done = cli("sweep", TINY, "--set", "evening.premium_cny=30", "--set",
               "technicians.count=60,140", "-n", "2", "--target", "breach_rate_install<=0.5")
    assert done.returncode == 0, done.stderr
    assert "smallest technicians.count with" in done.stdout


def test_a_time_of_day_is_read_as_one_not_as_a_range(cli: Cli, tmp_path: Path) -> None:
    month = fieldsim.load(MONTH)
    settings = [cli_module.parse_setting(text) for text in
                ("evening.start=18:30", "technicians.count=10:20", "evening.premium_cny=0:30")]
    resolved = dict(cli_module._resolve_times(month, settings))
    assert resolved["evening.start"] == ["18:30"]  # the setting is a time
    assert resolved["technicians.count"] == list(range(10, 21))  # ... a number
    assert resolved["evening.premium_cny"] == list(range(31))
    done = cli("run", MONTH, "-n", "1", "--set", "evening.start=18:30", "--set",
               "evening.end=21:45", "--json", "s.json")
    assert done.returncode == 0, done.stderr
    one = fieldsim.run(month.with_({"evening.start": "18:30", "evening.end": "21:45"}),
                       replications=1, progress=False)
    assert json.loads((tmp_path / "s.json").read_text())["summary"] == \
        json.loads(one.to_json())["summary"]


def test_the_half_width_shown_is_the_t_intervals_before_clipping() -> None:
    t_half_width = fieldsim.outputs.t_half_width
    # Two replications with sd 0.23: t(0.975, 1) x 0.23 / sqrt(2) = 12.706 x 0.1626 = 2.066,
    # though a share's interval is clipped to [0, 1] at both ends.
    assert t_half_width(0.23, 2) == pytest.approx(12.7062 * 0.23 / math.sqrt(2),
                                                            rel=1e-4)
    # Four: t(0.975, 3) = 3.182.
    assert t_half_width(1.0, 4) == pytest.approx(3.18245 / 2, rel=1e-4)
    assert math.isnan(t_half_width(math.nan, 1))


def test_an_output_that_is_a_directory_or_the_scenario_is_refused_up_front(
        cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    done = cli("run", TINY, "-n", "1", "--csv", "out")
    assert done.returncode == 2 and "--csv out: is a directory" in done.stderr
    scenario = tmp_path / "mine.json"
    scenario.write_text(Path(TINY).read_text())
    done = cli("run", scenario, "-n", "1", "--json", "mine.json")
    assert done.returncode == 2 and "is an input of this command" in done.stderr
    assert scenario.read_text() == Path(TINY).read_text()


@pytest.mark.parametrize(("target", "message"), [
    ("breach_rate_instal<=0.02", "(did you mean breach_rate_install?)"),
    ("breach_rate_install<=2.5%", "write a share as a fraction (2.5 % is 0.025)"),
    ("breach_rate_install<=0,02", "the limit '0,02' is not a number (a decimal point, not a comma)"),
    ("breach_rate_install>=0.02", "a target is an upper limit, <= or <"),
    ("breach_rate_install<=2", "at most 1, got 2 (for 2 %, write 0.02)"),
    ("breach_rate_install<=-1", "at least 0 and at most 1, got -1"),
    ("compensation_cny<=inf", "compensation_cny is in CNY: expected a finite limit"),
])
def test_targets_out_of_an_outputs_range_are_refused(cli: Cli, target: str, message: str) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100", "--target", target)
    assert done.returncode == 2 and message in done.stderr


def test_summary_files_carry_units_without_float_noise(cli: Cli, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    done = cli("run", TINY, "-n", "3", "--csv", "s.csv", "--parquet", "s.parquet")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "s.csv").read_text()
    assert text.splitlines()[0].startswith("output,unit,mean,")
    numbers = [cell for line in text.splitlines()[1:] for cell in line.split(",")[2:] if cell]
    assert all(len(cell.lstrip("-").replace(".", "").lstrip("0")) <= 10 for cell in numbers), numbers
    meta = json.loads(pq.read_schema(tmp_path / "s.parquet").metadata[b"fieldsim.outputs"])
    assert meta["compensation_cny"]["unit"] == "CNY" and meta["lateness_p50_min"]["meaning"]
    done = cli("sweep", TINY, "--set", "technicians.count=100", "-n", "2", "--csv", "w.csv")
    table = pd.read_csv(tmp_path / "w.csv")
    assert list(table.columns[:4]) == ["point", "technicians.count", "output", "unit"]


@pytest.mark.parametrize("columns", [80, 120])
def test_sweep_table_is_never_cut(cli: Cli, columns: int) -> None:
    done = cli("sweep", TINY, "--set", "technicians.count=100,140", "--set", "evening.premium_cny=0,30",
               "-n", "2", env={"COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout and max(map(len, _lines(done.stdout))) <= columns
    for output in cli_module.SWEEP_SHOWN:
        assert output in done.stdout


def test_outputs_lists_unit_aggregation_and_meaning(cli: Cli) -> None:
    done = cli("outputs", env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    line = next(line for line in _lines(done.stdout) if line.split()[:1] == ["lateness_p50_min"])
    assert "min" in line and "quantile" in line
    narrow = cli("outputs", env={"COLUMNS": "80"})
    assert "…" not in narrow.stdout  # meanings fold, never cut


_OPTIMISE = ("--decide", "technicians.count=80:130:10", "--decide", "evening.premium_cny=0,30",
             "--target", "breach_rate_install<=0.05", "--target", "breach_rate_repair<=0.05",
             "--tolerance", "0.25", "--max-replications", "60", "--indifference", "500")


def test_optimise_prints_the_plan_at_80_columns(cli: Cli, tmp_path: Path) -> None:
    done = cli("optimise", TINY, *_OPTIMISE, "--seed", "3", "--csv", "candidates.csv",
               env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar: stderr is not a terminal
    assert "…" not in done.stdout and max(map(len, _lines(done.stdout))) <= 80
    result = fieldsim.optimise(
        TINY, {"technicians.count": range(80, 131, 10), "evening.premium_cny": [0, 30]},
        {"breach_rate_install": 0.05, "breach_rate_repair": 0.05}, tolerance=0.25,
        max_replications=60, indifference_cny=500, seed=3)
    lines = _lines(done.stdout)
    for path, value in zip(result.decisions, result.chosen):
        assert next(line for line in lines if line.split()[:1] == [path]).split()[1] == str(value)
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["total_cost_cny"])
    assert f"{result.plan.at[0, 'mean']:,.0f}" in lines[at] and "(CNY)" in lines[at + 1]
    assert "runner-up:" in done.stdout and "paired over" in done.stdout
    frame = pd.read_csv(tmp_path / "candidates.csv")
    assert len(frame) == len(result.candidates) and frame["chosen"].sum() == 1


def test_optimise_refuses_bad_input(cli: Cli) -> None:
    done = cli("optimise", TINY, "--decide", "technicians.count=80", "--target", "joy<=1")
    assert done.returncode == 2 and "OUTPUT<=LIMIT" in done.stderr
    done = cli("optimise", TINY, "--decide", "technicians.nobody=1,2", "--target",
               "breach_rate_install<=0.1")
    assert done.returncode == 2 and "technicians.nobody" in done.stderr
    done = cli("optimise", TINY, "--decide", "technicians.count=80", "--target",
               "breach_rate_install<=0")
    assert done.returncode == 2 and "tolerance" in done.stderr


def test_optimise_refuses_a_grid_over_the_limit_in_its_own_words(cli: Cli) -> None:
    done = cli("optimise", TINY, "--decide", "technicians.count=1:100000", "--decide",
               "evening.premium_cny=0:1000:1", "--target", "breach_rate_install<=0.02")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "error: optimise: a decision grid of 100,100,000 candidates (100,000 x 1,001) is more "
        "than the 10,000 optimise takes (it builds and checks every candidate's scenario "
        "before the first run); use coarser steps or fewer values\n")


def test_optimise_says_when_nothing_is_feasible(cli: Cli) -> None:
    done = cli("optimise", TINY, "--decide", "technicians.count=20,30", "--target",
               "breach_rate_install<=0.01", "--max-replications", "20")
    assert done.returncode == 0, done.stderr
    assert "no candidate meets every target" in done.stdout
    assert "nan" not in done.stdout
