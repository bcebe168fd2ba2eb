"""Outputs by segment: the breakdown adds up to the totals, in Python and from the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import MONTH, Cli

import fieldsim
from fieldsim import cli as cli_module
from fieldsim.breakdown import DIMENSIONS, MEASURES

#: Two districts of two zones each, north urban and south rural, and too few
#: technicians: many orders are late in both, for capacity in the north and
#: (exempt, at no cost) for being rural in the south.
TWO_DISTRICTS = {
    "extends": [str(MONTH)],
    "name": "two-districts",
    "horizon": {"days": 2, "max_drain_days": 30},
    "network": {
        "grid": None,
        "zones": [{"name": "n1"}, {"name": "n2"}, {"name": "s1"}, {"name": "s2"}],
        "roads": [{"from": 0, "to": 1, "travel_min": 10}, {"from": 1, "to": 2, "travel_min": 30},
                  {"from": 2, "to": 3, "travel_min": 20}],
    },
    "districts": [
        {"name": "north", "area": "urban", "zones": ["n1", "n2"]},
        {"name": "south", "area": "rural", "zones": ["s1", "s2"]},
    ],
    "orders": [
        {"kind": "install", "per_day": 40, "hours": {"from": "08:00", "to": "20:00"},
         "zones": "uniform", "class": {"public": 3, "vip": 1},
         "work_time": {"dist": "lognormal", "mean_min": 80, "sd_min": 30}},
        {"kind": "repair", "per_day": 60, "zones": "uniform",
         "work_time": {"dist": "lognormal", "mean_min": 45, "sd_min": 20}},
    ],
    "technicians": {"count": 6},
}
REPLICATIONS = 4
SEED = 3
COUNTS = ["orders", "late", "compensation_cny"]


@pytest.fixture(scope="session")
def two_districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-district scenario as a file (the CLI reads files)."""
    path = tmp_path_factory.mktemp("breakdown") / "two-districts.json"
    path.write_text(json.dumps(TWO_DISTRICTS, indent=2))
    return path


@pytest.fixture(scope="session")
def result(two_districts: Path) -> fieldsim.RunResult:
    return fieldsim.run(two_districts, replications=REPLICATIONS, seed=SEED, progress=False)


def _means(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index("measure")["mean"]


def test_default_grouping_is_district_kind_class(result: fieldsim.RunResult) -> None:
    segments = result.breakdown[["district", "kind", "class"]].drop_duplicates()
    assert set(segments["district"]) == {"north", "south"}
    assert set(segments["class"]) == {"public", "vip"}
    assert list(result.breakdown.columns) == [
        "district", "kind", "class", "measure", "unit", "mean", "sd", "ci95_lo", "ci95_hi",
        "replications"]


def test_cells_add_up_to_each_replications_totals(result: fieldsim.RunResult) -> None:
    by_kind = result.cells.groupby(["replication", "kind"], observed=True)[COUNTS].sum()
    totals = result.replications
    for kind in ("install", "repair"):
        cells = by_kind.xs(kind, level="kind")
        assert cells["orders"].tolist() == totals[f"orders_{kind}"].tolist()
        assert cells["late"].tolist() == totals[f"late_{kind}"].tolist()
    compensation = result.cells.groupby("replication")["compensation_cny"].sum()
    assert compensation.tolist() == pytest.approx(totals["compensation_cny"].tolist())
    assert totals["late_install"].min() > 0  # the scenario does what it is for


def test_segment_means_add_up_to_the_summary(result: fieldsim.RunResult) -> None:
    means = result.breakdown.query("measure in @COUNTS").groupby(
        ["kind", "measure"], observed=True)["mean"].sum()
    summary = result.summary["mean"]
    for kind in ("install", "repair"):
        assert means[(kind, "orders")] == pytest.approx(summary[f"orders_{kind}"])
        assert means[(kind, "late")] == pytest.approx(summary[f"late_{kind}"])
    assert means.xs("compensation_cny", level="measure").sum() == pytest.approx(
        summary["compensation_cny"])


def test_rural_district_is_late_for_being_rural_at_no_cost(result: fieldsim.RunResult) -> None:
    districts = result.breakdown_by("district").set_index(["district", "measure"])["mean"]
    assert districts[("south", "late")] > 0
    assert districts[("south", "late_rural")] == districts[("south", "late")]
    assert districts[("south", "compensation_cny")] == 0
    assert districts[("north", "late_rural")] == 0
    assert districts[("north", "late_capacity")] > 0
    assert districts[("north", "compensation_cny")] > 0


def test_intervals_stay_within_what_a_measure_can_be() -> None:
    # Three replications of a cell: breach rates 0, 0 and 1 (mean 1/3, sd 0.577): the t
    # interval 1/3 +- 4.303 x 0.577 / sqrt(3) runs from -1.10 to 1.77; clipped to [0, 1].
    from fieldsim.breakdown import summarise

    frame = pd.DataFrame({"replication": [0, 1, 2], "district": ["d"] * 3,
                          "kind": ["install"] * 3, "class": ["public"] * 3,
                          **{m: [1.0, 1.0, 1.0] for m in MEASURES}})
    frame["late"] = [0.0, 0.0, 1.0]
    frame["breach_rate"] = frame["late"]
    rows = summarise(frame, ["district"], [0, 1, 2]).set_index("measure")
    assert rows.loc["breach_rate", "mean"] == pytest.approx(1 / 3)
    assert (rows.loc["breach_rate", "ci95_lo"], rows.loc["breach_rate", "ci95_hi"]) == (0.0, 1.0)
    assert rows.loc["late", "ci95_hi"] == pytest.approx(1 / 3 + 4.302653 * 0.57735 / 3**0.5,
                                                        rel=1e-5)  # a count: not clipped at 1


def test_breakdown_by_nothing_is_the_whole_run(result: fieldsim.RunResult) -> None:
    whole = result.breakdown_by()
    assert list(whole["measure"]) == list(MEASURES)
    assert (whole["replications"].loc[whole["measure"] == "orders"] == REPLICATIONS).all()
    per_rep = result.replications
    orders = per_rep["orders_install"] + per_rep["orders_repair"]
    late = per_rep["late_install"] + per_rep["late_repair"]
    means = _means(whole)
    assert means["orders"] == pytest.approx(orders.mean())
    assert means["late"] == pytest.approx(late.mean())
    assert means["breach_rate"] == pytest.approx((late / orders).mean())
    assert means["compensation_cny"] == pytest.approx(per_rep["compensation_cny"].mean())
    assert whole.set_index("measure").loc["orders", "sd"] == pytest.approx(orders.std())


def _same_rows(rows: pd.DataFrame, expected: pd.DataFrame) -> None:
    # Read back from a file or JSON, names are plain strings, not categories.
    pd.testing.assert_frame_equal(rows, expected.astype({d: str for d in DIMENSIONS if d in expected}),
                                  check_dtype=False, check_exact=False, rtol=1e-12)


def test_json_summary_carries_the_breakdown(result: fieldsim.RunResult) -> None:
    data = json.loads(result.to_json())
    _same_rows(pd.DataFrame(data["breakdown"]), result.breakdown)
    by_district = json.loads(result.to_json(by=["district"]))["breakdown"]
    assert {row["district"] for row in by_district} == {"north", "south"}
    assert "kind" not in by_district[0]


def test_json_breakdown_of_one_replication_has_no_nan(two_districts: Path) -> None:
    one = fieldsim.run(two_districts, replications=1, progress=False)
    rows = json.loads(one.to_json(), parse_constant=pytest.fail)["breakdown"]
    assert rows and all(row["sd"] is None for row in rows)


def _run_cli(cli: Cli, scenario: Path, *options: str) -> str:
    done = cli("run", scenario, "-n", REPLICATIONS, "--seed", SEED, *options,
               env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cli_prints_one_line_per_segment_within_80_columns(
        cli: Cli, two_districts: Path, result: fieldsim.RunResult) -> None:
    out = _run_cli(cli, two_districts, "--breakdown")
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    assert "two-districts by district, kind, class: means of 4 replications" in out
    assert "% ± 95 % CI" in out and "CNY" in out
    for district, cause in (("north", "capacity"), ("south", "rural")):
        for kind, klass in (("install", "public"), ("install", "vip"), ("repair", "public")):
            row = [line for line in lines if re.match(rf"{district}\s+{kind}\s+{klass}\s", line)]
            assert len(row) == 1, out
            assert re.search(rf"\d+\.\d ± \d+\.\d\s+{cause} \d", row[0]), row[0]
            if district == "south":
                assert row[0].endswith(" 0")  # rural lateness costs nothing
    total = next(line for line in lines if line.startswith("total"))
    assert total.endswith(f"{float(result.summary.at['compensation_cny', 'mean']):,.0f}")
    assert "exempt, at no cost:" in out and "rural" in out.splitlines()[-1]


def test_cli_joins_the_dimensions_that_do_not_fit_80_columns(cli: Cli) -> None:
    city = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "city-month.json"
    done = cli("run", city, "-n", "2", "--breakdown", "--by", ",".join(DIMENSIONS),
               env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) <= 80 and "…" not in done.stdout
    table = done.stdout[done.stdout.index("by district, kind, product, class"):]
    assert "district / kind /" in table and "by cause" in table
    # Each cause stays beside its count, each segment's values in order.
    assert not re.search(r"^\s+[\d.]+,?\s*$", table, re.MULTILINE)
    assert re.search(r"^Chikan / install /\s.*\n\s*broadband / public\s", table, re.MULTILINE)


def test_cli_prints_no_breakdown_unless_asked(cli: Cli, two_districts: Path) -> None:
    assert "late orders" not in _run_cli(cli, two_districts)
    done = cli("run", two_districts, "-n", "1", "--by", "district")
    assert done.returncode == 2 and "give it with --breakdown or --json" in done.stderr


def test_cli_groups_by_the_given_dimensions(cli: Cli, two_districts: Path, tmp_path: Path) -> None:
    out = _run_cli(cli, two_districts, "--breakdown", "--by", "kind,district", "--json", "s.json")
    assert re.search(r"^install\s+north\s+\d", out, re.MULTILINE)
    assert "public" not in out
    rows = json.loads((tmp_path / "s.json").read_text())["breakdown"]
    assert {tuple(row)[:3] for row in rows} == {("kind", "district", "measure")}


@pytest.mark.parametrize("by", ["district,,kind", "district,district", "zone"])
def test_cli_rejects_bad_dimensions(cli: Cli, two_districts: Path, by: str) -> None:
    done = cli("run", two_districts, "--breakdown", "--by", by)
    assert done.returncode == 2 and "--by: expected distinct dimensions" in done.stderr


def _read_back(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text()))
    return pd.read_csv(path)


@pytest.mark.parametrize("name", ["segments.csv", "segments.parquet", "segments.json"])
def test_cli_writes_the_breakdown_file(cli: Cli, two_districts: Path, tmp_path: Path,
                                       result: fieldsim.RunResult, name: str) -> None:
    _run_cli(cli, two_districts, "--breakdown", name, "--by", "district,kind")
    rows = _read_back(tmp_path / name)
    expected = result.breakdown_by("district", "kind")
    _same_rows(rows.astype({"district": str, "kind": str}), expected)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no leftovers


def test_breakdown_csv_has_no_float_noise(tmp_path: Path) -> None:
    frame = pd.DataFrame({"measure": ["a", "b", "c"], "mean": [7478.499999999999, 0.1 + 0.2, 1 / 3]})
    cli_module._write_table(frame, tmp_path / "b.csv")
    assert (tmp_path / "b.csv").read_text().splitlines()[1:] == [
        "a,7478.5", "b,0.3", "c,0.333333333333333"]


def test_csv_summary_stays_the_summary(cli: Cli, two_districts: Path, tmp_path: Path) -> None:
    _run_cli(cli, two_districts, "--breakdown", "--csv", "s.csv")
    assert pd.read_csv(tmp_path / "s.csv")["output"].tolist() == list(fieldsim.OUTPUT_NAMES)


def test_breakdown_by_takes_a_list_as_pandas_users_pass_one(result: fieldsim.RunResult) -> None:
    pd.testing.assert_frame_equal(result.breakdown_by(["district", "kind"]),
                                  result.breakdown_by("district", "kind"))
