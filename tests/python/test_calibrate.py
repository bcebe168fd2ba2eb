"""Calibration: parameter recovery from an order log that fieldsim made from a known scenario."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import fieldsim
from fieldsim.calibrate import WEEKDAYS, Calibration, calibrate, order_log_frame
from fieldsim.orderlog import read_order_log, write_order_log

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "scenarios" / "calib-truth.json"


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year (364 days) of order log from the known scenario, as CSV."""
    result = fieldsim.run(fieldsim.load(TRUTH), replications=1, seed=3, keep_orders=True,
                          progress=False)
    path = tmp_path_factory.mktemp("calib") / "log.csv"
    write_order_log(order_log_frame(result), path)
    return path


@pytest.fixture(scope="module")
def fitted(log_path: Path) -> Calibration:
    return calibrate(log_path, TRUTH)


#: 129 parameters are checked at once: each at 99.7 % (about 3 standard errors) keeps
#: the chance that any true value falls outside its interval near 1 - 0.997^129 = 32 %; the
#: 95 % intervals are checked for their coverage instead.
JOINT_LEVEL = 0.997


def truth_table() -> pd.DataFrame:
    """The known scenario's parameters in the shape of ``Calibration.parameters``."""
    document = fieldsim.load(TRUTH).document
    districts = {d["name"]: d["zones"] for d in document["districts"]}
    rows = [{"parameter": "day_factor.sd", "group": "all",
             "true": document["demand"]["day_factor"]["sd"]},
            {"parameter": "network.travel_time_x", "group": "all",
             "true": document["network"]["travel_time_x"]}]
    evening = document["evening"]
    rows.append({"parameter": "evening.p", "group": "all", "true": evening["p0"] + evening["p1"]
                 * min(1, evening["premium_cny"] / evening["premium_full_cny"])})
    # The truth's weekday factors average 1, as fitted ones do: per_day is a week's mean.
    for kind, week in document["demand"]["weekday_factors"].items():
        assert sum(week) == pytest.approx(7)
        rows += [{"parameter": f"weekday_factor[{day}]", "group": kind, "true": factor}
                 for day, factor in zip(WEEKDAYS, week)]
    profiles: dict[tuple[str, str], np.ndarray] = {}
    rates: dict[tuple[str, str], np.ndarray] = {}
    for stream in document["orders"]:
        zones = np.asarray(stream["zones"], dtype=float)
        classes = stream["class"] if isinstance(stream["class"], dict) else {stream["class"]: 1}
        profile = np.asarray(stream["profile"], dtype=float)
        for district, ids in districts.items():
            share = zones[ids].sum() / zones.sum()
            for name, weight in classes.items():
                rows.append({"parameter": "per_day",
                             "group": f"{district}/{stream['kind']}/{stream['product']}/{name}",
                             "true": stream["per_day"] * share * weight / sum(classes.values())})
            key = (district, stream["kind"])
            day = stream["per_day"] * share
            profiles[key] = profiles.get(key, 0) + day * profile / profile.sum()
            rates[key] = rates.get(key, 0) + day
        group = f"{stream['kind']}/{stream['product']}"
        rows.append({"parameter": "work_time.mean_min", "group": group,
                     "true": stream["work_time"]["mean_min"]})
        rows.append({"parameter": "work_time.sd_min", "group": group,
                     "true": stream["work_time"]["sd_min"]})
    for (district, kind), per_hour in profiles.items():
        for hour, value in enumerate(per_hour / rates[(district, kind)]):
            rows.append({"parameter": f"profile[{hour}]", "group": f"{district}/{kind}",
                         "true": value})
    return pd.DataFrame(rows)


def recovery(fitted: Calibration) -> pd.DataFrame:
    table = truth_table().merge(fitted.parameters, on=["parameter", "group"], how="left")
    table["covered"] = (table["lo"] <= table["true"]) & (table["true"] <= table["hi"])
    return table


def test_every_parameter_is_recovered_within_its_ci(log_path: Path, fitted: Calibration
                                                    ) -> None:
    # The 95 % intervals: each parameter group covers its true values about 95 % of the time.
    table = recovery(fitted)
    assert table["estimate"].notna().all(), table[table["estimate"].isna()]
    assert table["covered"].mean() >= 0.9, table[~table["covered"]].to_string()
    # Hours without arrivals are fitted as exactly none.
    hours = table[table["parameter"].str.startswith("profile")]
    assert (hours.loc[hours["true"] == 0, "estimate"] == 0).all()
    # Every rate, hourly share, weekday factor, work-time mean and sd, the day factor's sd,
    # the travel-time scale and evening acceptance: inside its 99.7 % interval.
    joint = recovery(calibrate(fitted.log, TRUTH, level=JOINT_LEVEL))
    assert joint["covered"].all(), joint[~joint["covered"]].to_string()


def test_fragment_extends_the_base_and_loads(fitted: Calibration, tmp_path: Path) -> None:
    path = tmp_path / "calibrated.json"
    fitted.write(path)
    document = json.loads(path.read_text())
    assert document["extends"][0].endswith("calib-truth.json")
    scenario = fieldsim.load(path)
    assert len(scenario.document["orders"]) == 6  # district x kind x product
    assert scenario.document["demand"]["day_factor"]["sd"] == pytest.approx(0.15, abs=0.02)
    stream = scenario.document["orders"][0]
    assert len(stream["profile"]) == 24 and len(stream["zones"]) == 9
    assert stream["work_time"]["dist"] == "lognormal"
    assert scenario.document["network"]["travel_time_x"] == pytest.approx(1.3, abs=0.01)
    assert len(scenario.document["demand"]["weekday_factors"]["install"]) == 7
    # The calibrated scenario runs and makes about as many orders as the truth.
    run = fieldsim.run(scenario.with_({"horizon.days": 28}), replications=1, seed=1,
                       progress=False)
    assert run.summary.loc["orders_install", "mean"] == pytest.approx(85 * 28, rel=0.1)


def test_tables(fitted: Calibration) -> None:
    assert set(fitted.work_times[["kind", "product"]].itertuples(index=False, name=None)) == {
        ("install", "broadband"), ("install", "iptv"), ("repair", "broadband")}
    assert (fitted.work_times["ks"] < 0.02).all()
    assert fitted.daily["orders"].sum() == len(fitted.log.orders)
    week = fitted.hour_of_week
    assert set(week["weekday"]) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert {"district", "kind", "class", "hour", "per_hour"} <= set(week.columns)
    assert "Calibration of" in repr(fitted)


def test_holidays_are_flagged_and_excluded(log_path: Path) -> None:
    result = calibrate(log_path, TRUTH, holidays=["2025-01-06", "2025-05-01"], bootstrap=20)
    daily = result.daily.set_index("date")
    assert daily.loc["2025-05-01", "holiday"] and not daily.loc["2025-05-02", "holiday"]
    assert result.day_factor["days"] == 362 and result.day_factor["holidays_excluded"] == 2


@pytest.mark.parametrize("holiday", ["2025/01/07", "yesterday", "2025-02-30", "20250107",
                                     "2025-W02-2"])
def test_a_holiday_that_is_not_a_date_is_refused(holiday: str, tmp_path: Path,
                                                 cli) -> None:  # noqa: ANN001
    # Refused before the log is read (there is none): a mistyped holiday excluded nothing.
    with pytest.raises(ValueError) as error:
        calibrate(tmp_path / "none.csv", TRUTH, holidays=["2025-01-06", holiday])
    assert str(error.value) == f"holidays: expected a date YYYY-MM-DD, got '{holiday}'"
    done = cli("calibrate", "none.csv", "--into", "out.json", "--holiday", holiday)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("fieldsim calibrate: error: argument --holiday: "
                                            f"expected a date YYYY-MM-DD, got '{holiday}'")


def test_order_log_keeps_clock_times_across_daylight_saving(tmp_path: Path) -> None:
    """New York springs forward at 02:00 on 2025-03-09: engine minute 600 of every day is
    10:00 local (EST -05:00 before, EDT -04:00 after); 02:30 that night does not exist and
    becomes 03:00, with the order's later times still after it."""
    day = 1440
    orders = pd.DataFrame({
        "replication": 0, "entry_min": [600.0, day + 150, day + 600, 2 * day + 600],
        "work_start_min": [630.0, day + 170, np.nan, 2 * day + 630],
        "finish_min": [660.0, day + 190, np.nan, 2 * day + 700],
        "zone": [3, 3, 5, 5], "district": ["north", "north", "south", "south"],
        "kind": "repair", "product": "broadband", "class": "public", "technician": "7"})
    run = SimpleNamespace(orders=orders, scenario=fieldsim.load(TRUTH))
    frame = order_log_frame(run, start_date="2025-03-08", tz="America/New_York")
    times = ["entry_time", "onsite_start", "completion_time"]
    iso = frame[times].map(lambda t: "" if pd.isna(t) else t.isoformat())
    assert iso["entry_time"].tolist() == ["2025-03-08T10:00:00-05:00",
                                          "2025-03-09T03:00:00-04:00",
                                          "2025-03-09T10:00:00-04:00",
                                          "2025-03-10T10:00:00-04:00"]
    assert iso["onsite_start"].tolist() == ["2025-03-08T10:30:00-05:00",
                                            "2025-03-09T03:00:00-04:00", "",
                                            "2025-03-10T10:30:00-04:00"]
    assert iso["completion_time"].tolist() == ["2025-03-08T11:00:00-05:00",
                                               "2025-03-09T03:10:00-04:00", "",
                                               "2025-03-10T11:40:00-04:00"]
    path = tmp_path / "dst.csv"
    write_order_log(frame, path)
    log = read_order_log(path, tz="America/New_York")
    assert log.orders["entry"].dt.hour.tolist() == [10, 3, 10, 10]


def test_report_figures(fitted: Calibration, tmp_path: Path) -> None:
    figures = fitted.report(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").stat().st_size > 0
    assert len(figures) == 2
    profile_ax = figures[0].axes[0]
    assert profile_ax.get_title().startswith("Arrivals by hour")
    assert profile_ax.get_ylabel() == "orders per hour"
    qq = [ax for ax in figures[1].axes if ax.get_visible()]
    assert len(qq) == 3 and all("KS" in ax.get_title() for ax in qq)
    fitted.report(tmp_path / "report.png")
    assert (tmp_path / "report-1.png").exists() and (tmp_path / "report-2.png").exists()
    import matplotlib.pyplot as plt

    plt.close("all")


def test_cli_calibrate(log_path: Path, tmp_path: Path, cli) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.csv"
    lines = log_path.read_text().splitlines()[:2001]
    lines[5] = lines[5].replace("install", "", 1).replace("repair", "", 1)
    bad.write_text("\n".join(lines) + "\nnot-a-date,,0,north,install,,,,,\n")
    done = cli("calibrate", bad, "--base", TRUTH, "--into", "out.json")
    assert done.returncode == 2
    assert f"{bad}:6: kind: expected" in done.stderr and f"{bad}:2002: entry_time" in done.stderr
    assert not (tmp_path / "out.json").exists()
    done = cli("calibrate", bad, "--base", TRUTH, "--into", "out.json", "--skip-bad-rows",
               "--params", "params.csv", "--holiday", "2025-01-07", "--report", "report.png")
    assert done.returncode == 0, done.stderr
    assert "1999 orders read, 2 bad rows skipped" in done.stdout
    assert "day factor sd" in done.stdout and "work time install/broadband" in done.stdout
    # Eleven days: fewer than two of each weekday, so no weekday factors.
    assert "weekday factors" not in done.stdout
    assert "travel-time scale 1.3" in done.stdout and "evening acceptance p 0." in done.stdout
    # Every line but those naming the log's path fits 80 columns.
    assert all(len(line) <= 80 for line in done.stdout.splitlines() if str(bad) not in line)
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["extends"][0].endswith("calib-truth.json")
    fieldsim.load(tmp_path / "out.json")
    params = pd.read_csv(tmp_path / "params.csv")
    assert {"parameter", "group", "estimate", "lo", "hi", "n"} == set(params.columns)
    assert (tmp_path / "report-1.png").exists() and (tmp_path / "report-2.png").exists()
    done = cli("calibrate", bad, "--into", "nowhere/out.json")
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_cli_calibrate_writes_its_outputs_all_or_none(log_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """The report's second page fails (a full disk, say): no fragment, table or first page
    appears, the earlier fragment stays, no temporary file is left, and it exits 2."""
    from matplotlib.figure import Figure

    from fieldsim.cli import main

    log = tmp_path / "log.csv"
    log.write_text("\n".join(log_path.read_text().splitlines()[:2001]) + "\n")
    (tmp_path / "frag.json").write_text("earlier fragment\n")
    save = Figure.savefig
    pages = []

    def full_at_page_2(figure: Figure, *args: object, **kwargs: object) -> None:
        pages.append(args[0])
        if len(pages) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", full_at_page_2)
    monkeypatch.chdir(tmp_path)
    code = main(["calibrate", str(log), "--base", str(TRUTH), "--into", "frag.json",
                 "--params", "params.csv", "--report", "rep.png"])
    out, err = capsys.readouterr()
    assert code == 2 and err == "error: rep.png: cannot write: No space left on device\n"
    assert "wrote" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frag.json", "log.csv"]
    assert (tmp_path / "frag.json").read_text() == "earlier fragment\n"
    import matplotlib.pyplot as plt

    plt.close("all")


def test_cli_calibrate_outputs_checked_before_any_work(tmp_path: Path,
                                                       cli) -> None:  # noqa: ANN001
    log = tmp_path / "names.csv"
    log.write_text(NAMED_BADLY)
    (tmp_path / "rep-2.png").mkdir()  # the report's second page
    done = cli("calibrate", log, "--base", TRUTH, "--into", "frag.json", "--skip-bad-rows",
               "--report", "rep.png")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("error: --report rep.png (rep-2.png): is a directory; expected a "
                           "file name\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["names.csv", "rep-2.png"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_cli_calibrate_an_unwritable_fragment_exits_2(tmp_path: Path,
                                                      cli) -> None:  # noqa: ANN001
    log = tmp_path / "names.csv"
    log.write_text(NAMED_BADLY)
    done = cli("calibrate", log, "--base", TRUTH, "--into", "/proc/x.json", "--skip-bad-rows")
    assert done.returncode == 2
    assert done.stderr == "error: /proc/x.json: cannot write: No such file or directory\n"


def test_tietong_2009_reproduces_seed_003() -> None:
    """The preset reproduces seed 003's half-year means within 5 %: installs 1.76 days from
    entry to completion, fault repairs 11.57 hours."""
    scenario = fieldsim.load(HERE.parents[1] / "scenarios" / "examples" / "tietong-2009.json")
    assert scenario.days == 184
    result = fieldsim.run(scenario, replications=4, seed=1, keep_orders=True, progress=False)
    orders = result.orders
    assert orders["finish_min"].notna().all()
    tat = (orders["finish_min"] - orders["entry_min"]).groupby(orders["kind"].astype(str)).mean()
    assert tat["install"] / 1440 == pytest.approx(1.76, rel=0.05)
    assert tat["repair"] / 60 == pytest.approx(11.57, rel=0.05)


def test_districts_only_and_no_onsite_times(log_path: Path, tmp_path: Path) -> None:
    """A log with districts but no zones and no on-site times: the district's zones evenly,
    the base's work times."""
    frame = pd.read_csv(log_path, nrows=3000)
    frame = frame.drop(columns=["zone", "onsite_start", "onsite_end", "class", "technician"])
    path = tmp_path / "districts.csv"
    frame.to_csv(path, index=False)
    result = calibrate(path, TRUTH, bootstrap=20)
    assert result.work_times.empty
    streams = result.scenario["orders"]
    north = next(s for s in streams if s["kind"] == "install" and s["product"] == "iptv"
                 and s["zones"][0] > 0)
    assert north["zones"] == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert north["class"] == "public"
    assert north["work_time"] == {"dist": "lognormal", "mean_min": 80, "sd_min": 30}
    assert "class" not in result.hour_of_week.columns
    fieldsim.load(result.scenario)


def test_without_a_base_zones_are_ids(log_path: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(log_path, nrows=3000)
    path = tmp_path / "ids.csv"
    frame.to_csv(path, index=False)
    result = calibrate(path, bootstrap=20)
    assert "extends" not in result.scenario
    assert all(len(s["zones"]) == 9 for s in result.scenario["orders"])
    frame["zone"] = frame["zone"].astype(str)
    frame.loc[4, "zone"] = "Atlantis"
    frame.to_csv(path, index=False)
    with pytest.raises(fieldsim.ScenarioError, match=r"ids.csv:6: zone: expected a zone"):
        calibrate(path, TRUTH, bootstrap=20)
    with pytest.raises(fieldsim.ScenarioError, match=r"ids.csv:6: zone: expected a zone id "
                       r"\(without a base scenario zones are ids\), got 'Atlantis'"):
        calibrate(path, bootstrap=20)


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("kind", "fix", "expected one of install, repair"),
    ("product", "fibre", "expected one of broadband, iptv, enterprise_circuit"),
    ("class", "gold", "expected one of public, vip"),
])
def test_names_the_scenario_lacks_are_refused_by_line(log_path: Path, tmp_path: Path,
                                                      column: str, value: str,
                                                      expected: str) -> None:
    # Row 5 of the file (line 6 with the header) names a kind, product or
    # class that no scenario stream could have: refused before any fit, not
    # written into a fragment that would not load.
    frame = pd.read_csv(log_path, nrows=300)
    frame.loc[4, column] = value
    path = tmp_path / "names.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(fieldsim.ScenarioError,
                       match=rf"names.csv:6: {column}: {expected}.*got '{value}'"):
        calibrate(path, TRUTH, bootstrap=20)


NAMED_BADLY = ("entry_time,completion_time,zone,district,kind,product,class\n"
               "2025-01-06T09:00,2025-01-06T10:00,3,,install,,\n"        # 2: good
               "2025-01-06T09:10,2025-01-06T10:00,3,,Install,,\n"        # 3: kind
               "garbage,2025-01-06T10:00,3,,install,,\n"                 # 4: entry_time
               "2025-01-06T09:20,2025-01-06T10:00,99,,install,,\n"       # 5: zone
               "2025-01-06T09:30,2025-01-06T10:00,,east,install,,\n"     # 6: district
               "2025-01-06T09:40,2025-01-06T10:00,3,,install,fibre,\n"   # 7: product
               "2025-01-06T09:50,2025-01-06T10:00,3,,install,,gold\n"    # 8: class
               "2025-01-07T09:00,2025-01-07T10:00,5,,repair,,\n")        # 9: good
NAMED_BADLY_PROBLEMS = [
    ":3: kind: expected one of install, repair, got 'Install'",
    ":4: entry_time: expected an ISO 8601 date-time (e.g. 2025-01-06T09:14:00+08:00), got "
    "'garbage'",
    ":5: zone: expected a zone of the base scenario (a name or an id below 9), got '99'",
    ":6: district: expected one of the base scenario's (north, south), got 'east'",
    ":7: product: expected one of broadband, iptv, enterprise_circuit, got 'fibre'",
    ":8: class: expected one of public, vip, campus, AAA, AA, A, maint_I, maint_II, maint_III, "
    "quality, got 'gold'",
]


def test_unknown_names_are_bad_rows_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text(NAMED_BADLY)
    expected = [f"{path}{problem}" for problem in NAMED_BADLY_PROBLEMS]
    with pytest.raises(fieldsim.ScenarioError) as error:
        calibrate(path, TRUTH, bootstrap=20)
    assert str(error.value).splitlines() == [
        f"{path}: 6 bad rows (use --skip-bad-rows to skip them):", *expected]
    result = calibrate(path, TRUTH, skip_bad_rows=True, bootstrap=20)
    assert result.log.orders["line"].tolist() == [2, 9]
    assert result.log.problems == expected
    assert result.log.skipped == {"unknown kind": 1, "bad entry_time": 1, "unknown zone": 1,
                                  "unknown district": 1, "unknown product": 1,
                                  "unknown class": 1}
    assert result.rates["orders"].tolist() == [1, 1]
    # A log read beforehand is checked alike; its own skipped row keeps its place.
    read = read_order_log(path, skip_bad_rows=True)
    assert calibrate(read, TRUTH, skip_bad_rows=True, bootstrap=20).log.problems == expected
    with pytest.raises(fieldsim.ScenarioError) as error:
        calibrate(read, TRUTH, bootstrap=20)
    assert str(error.value).splitlines()[1:] == expected[:1] + expected[2:]


def test_cli_skips_rows_of_unknown_names(tmp_path: Path, cli) -> None:  # noqa: ANN001
    path = tmp_path / "names.csv"
    path.write_text(NAMED_BADLY)
    done = cli("calibrate", path, "--base", TRUTH, "--into", "out.json", "--skip-bad-rows")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (f"{path}: 2 orders read, 6 bad rows skipped (1 unknown kind, "
                        "1 bad entry_time, 1 unknown zone, 1 unknown district, "
                        "1 unknown product, 1 unknown class)")
    assert lines[1:7] == [f"  skipped {path}{problem}" for problem in NAMED_BADLY_PROBLEMS]


def test_weekday_factors_no_longer_inflate_the_day_factor(fitted: Calibration) -> None:
    """Fitted without weekday factors, the weekly pattern counts as busy and quiet days: the
    day factor's sd comes out above the truth's 0.15, outside its interval."""
    assert fitted.day_factor["lo"] <= 0.15 <= fitted.day_factor["hi"]
    flat = calibrate(fitted.log, TRUTH, weekdays=False, bootstrap=100)
    assert flat.weekday_factors.empty and flat.scenario["demand"]["weekday_factors"] is None
    assert flat.day_factor["lo"] > 0.15
    week = fitted.weekday_factors
    assert len(week) == 14 and (week["days"] == 52).all()
    assert week.groupby("kind")["factor"].mean().to_numpy() == pytest.approx([1, 1])
    factors = fitted.scenario["demand"]["weekday_factors"]
    assert factors["install"][5] == pytest.approx(0.75, abs=0.05)


def test_technician_fits_in_the_fragment(fitted: Calibration,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert fitted.scenario["network"] == {"travel_time_x": pytest.approx(1.3, abs=0.01)}
    # p = p0 + p1 x min(1, 20 / 40) with the base's slope p1 = 0.2 kept.
    assert fitted.scenario["evening"]["p1"] == 0.2
    assert fitted.scenario["evening"]["p0"] == pytest.approx(0.1, abs=0.02)
    # Days on which orders waited for more technicians than worked in the evening: on those,
    # nobody who stayed went without a job.
    days = fitted.evening_days
    assert fitted.evening["days_waiting"] == (days["waiting"] > days["evening"]).sum() > 0
    assert set(fitted.evening_days.columns) == {"date", "seen", "evening", "waiting"}
    from fieldsim.cli import _print_technician_fits

    _print_technician_fits(fitted)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "weekday factors (Mon .. Sun):"
    assert lines[1].startswith("  install    1.1") and len(lines[1].split()) == 8
    assert lines[3].startswith("travel-time scale 1.300 [1.297, 1.303] from ")
    assert all(len(line) <= 80 for line in lines)


HAND_LOG = """entry_time,completion_time,zone,kind,technician,onsite_start,onsite_end
2025-01-06 08:00,2025-01-06 10:00,0,install,A,2025-01-06 09:00,2025-01-06 10:00
2025-01-06 09:30,2025-01-06 10:30,2,install,A,2025-01-06 10:18,2025-01-06 10:30
2025-01-06 10:40,2025-01-06 11:00,2,repair,A,2025-01-06 10:40,2025-01-06 11:00
2025-01-06 09:00,2025-01-06 11:30,5,repair,A,2025-01-06 11:09,2025-01-06 11:30
2025-01-06 15:00,2025-01-06 17:00,3,install,B,2025-01-06 16:00,2025-01-06 17:00
2025-01-06 16:00,2025-01-06 18:40,4,repair,B,2025-01-06 18:09,2025-01-06 18:40
2025-01-07 08:00,2025-01-07 09:00,0,repair,B,2025-01-07 08:30,2025-01-07 09:00
"""


def _jobs_of(log: str, tmp_path: Path) -> pd.DataFrame:
    """The jobs of a hand-written log (zones are ids) paired on the known scenario's roads."""
    from fieldsim.calibrate_technicians import job_pairs
    from fieldsim.orderlog import read_order_log

    path = tmp_path / "log.csv"
    path.write_text(log)
    orders = read_order_log(path).orders
    orders["zone_id"] = orders["zone"].astype(int)
    return job_pairs(orders, fieldsim.load(TRUTH).road_minutes)


def test_travel_and_evening_worked_by_hand(tmp_path: Path) -> None:
    """Roads 6 minutes a step on the 3x3 grid, evening from 18:00. A: 0 -> 2 (12 min of road)
    left at 10:00 (busy until then), on site 10:18: 18 min; 2 -> 2 has no road; 2 -> 5 (6 min)
    left at 11:00, on site 11:09: 9 min. Scale (18 + 9) / (12 + 6) = 1.5. B's 3 -> 4 spans the
    evening start (it stayed and waited): left out of the scale; it left at 18:09 - 1.5 x 6
    min = 18:00, an evening job. Monday: A and B seen, B worked in the evening; Tuesday: B
    seen, not in the evening. p = 1/3."""
    from fieldsim.calibrate_technicians import evening_days, fit_evening, fit_travel_scale

    jobs = _jobs_of(HAND_LOG, tmp_path)
    assert jobs["road_min"].isna().sum() == 3  # each technician-day's first job
    travel = fit_travel_scale(jobs, "18:00", 0.95, 50, np.random.default_rng(0))
    assert travel is not None
    assert travel["scale"] == pytest.approx(1.5, abs=1e-12)
    assert (travel["pairs"], travel["technician_days"]) == (2, 1)
    days = evening_days(jobs, "18:00", travel["scale"])
    assert days.to_dict("list") == {"date": ["2025-01-06", "2025-01-07"], "seen": [2, 1],
                                    "evening": [1, 0], "waiting": [1, 0]}
    evening = fit_evening(days, 0.95)
    assert evening["p"] == pytest.approx(1 / 3)
    assert evening["lo"] < 1 / 3 < evening["hi"] and evening["days_waiting"] == 0


BREAK_LOG = """entry_time,completion_time,zone,kind,technician,onsite_start,onsite_end
2025-01-06 07:00,2025-01-06 09:00,0,install,C,2025-01-06 08:00,2025-01-06 09:00
2025-01-06 07:00,2025-01-06 11:00,1,install,C,2025-01-06 09:09,2025-01-06 11:00
2025-01-06 07:00,2025-01-06 13:00,2,repair,C,2025-01-06 12:09,2025-01-06 13:00
2025-01-06 07:00,2025-01-06 14:30,5,repair,C,2025-01-06 13:09,2025-01-06 14:30
2025-01-06 07:00,2025-01-06 16:00,4,repair,C,2025-01-06 15:39,2025-01-06 16:00
2025-01-06 07:00,2025-01-06 16:30,3,repair,C,2025-01-06 16:09,2025-01-06 16:30
"""


def test_travel_scale_leaves_out_the_gaps_a_break_may_be_in(tmp_path: Path) -> None:
    """Break window 12:00-14:00, roads 6 minutes a step, every order waiting from 07:00.
    Idle 11:00-12:09 and 13:00-13:09 meet the window: left out. 14:30-15:39 is the first
    gap after the window whose first job ended after it (a technician on a job at 14:00
    takes its break when that job ends): left out. 09:00-09:09 and 16:00-16:09 are used:
    scale (9 + 9) / (6 + 6) = 1.5. Without the window the 69 and 69 minute gaps count."""
    from fieldsim.calibrate_technicians import break_windows, fit_travel_scale

    jobs = _jobs_of(BREAK_LOG, tmp_path)
    rng = np.random.default_rng(0)
    travel = fit_travel_scale(jobs, None, 0.95, 50, rng, [("12:00", "14:00")])
    assert travel is not None
    assert (travel["scale"], travel["pairs"]) == (pytest.approx(1.5, abs=1e-12), 2)
    unaware = fit_travel_scale(jobs, None, 0.95, 50, rng)
    assert unaware is not None and unaware["pairs"] == 5
    assert unaware["scale"] == pytest.approx((9 + 69 + 9 + 69 + 9) / 30)
    document = {"technicians": {"groups": [
        {"shift": {"break": {"length_min": 60, "window": {"start": "12:00", "end": "14:00"}}}},
        {"shift": {"break": {"length_min": 30, "window": {"start": "12:00", "end": "14:00"}}}},
        {"shift": {"start": "08:00", "end": "17:00"}}]}}
    assert break_windows(document) == [("12:00", "14:00")]
    assert break_windows({"technicians": {"count": 3}}) == []


def test_travel_scale_is_recovered_with_breaks(tmp_path: Path) -> None:
    # The known scenario with a lunch break: the fitted scale covers its truth.
    base = tmp_path / "breaks.json"
    base.write_text(json.dumps({
        "extends": [str(TRUTH)], "horizon": {"days": 28, "max_drain_days": 30},
        "technicians": {"count": 30, "home": "round_robin", "shift": {
            "start": "08:00", "end": "18:00",
            "break": {"length_min": 60, "window": {"start": "12:00", "end": "14:00"}}}}}))
    result = fieldsim.run(fieldsim.load(base), replications=1, seed=2, keep_orders=True,
                          progress=False)
    log = tmp_path / "log.csv"
    write_order_log(order_log_frame(result), log)
    travel = calibrate(log, base).travel
    assert travel is not None and travel["lo"] <= 1.3 <= travel["hi"], travel


def test_day_factor_sd_interval_worked_by_hand() -> None:
    """Five days of totals with mean 100 and variance 500: sd^2 = 4 (500 - 100) / (4 x 100^2)
    = 0.04. The CI solves 4 x 500 / (100 + 100^2 s^2) = the chi-square(4) quantiles 11.1433
    (97.5 %) and 0.48442 (2.5 %): s = 0.08915 and 0.63472."""
    from fieldsim.calibrate import _day_factor_sd

    sd, lo, hi = _day_factor_sd([(5, 100.0, 500.0)], 0.95)
    assert sd == pytest.approx(0.2)
    assert lo == pytest.approx(0.08915, abs=1e-5) and hi == pytest.approx(0.63472, abs=1e-5)
    # No more dispersed than Poisson: the interval starts at 0.
    assert _day_factor_sd([(5, 100.0, 90.0)], 0.95)[:2] == (0.0, 0.0)


def test_day_intervals_cover_with_few_days_per_weekday() -> None:
    """Two or three days of each weekday (a two- or three-week log): the day factor's 95 %
    intervals cover the truth 95 % of the time, the weekday factors' 93 % (Welch's degrees of
    freedom are a little generous with two days; a resample of the days covered 64 %). Each
    mean is over 2,000 logs, its sampling error under 0.01."""
    from fieldsim.calibrate import _day_fits

    rng = np.random.default_rng(7)
    week = np.array([1.0, 1.2, 1.1, 0.9, 1.0, 0.5, 1.3])
    week = week / week.mean()
    for per_weekday in (2, 3):
        weekday = np.tile(np.arange(7), per_weekday)
        covered_factors, covered_sd = [], []
        for _ in range(2000):
            day = rng.lognormal(-0.5 * np.log(1 + 0.15**2), np.sqrt(np.log(1 + 0.15**2)),
                                len(weekday))
            counts = rng.poisson(300 * week[weekday] * day)[:, None].astype(float)
            factors, day_factor, _ = _day_fits(counts, weekday, ["install"], 0.95)
            covered_factors.append(((factors["lo"] <= week) & (week <= factors["hi"])).mean())
            covered_sd.append(day_factor["lo"] <= 0.15 <= day_factor["hi"])
        assert 0.91 <= np.mean(covered_factors) <= 0.97, (per_weekday, np.mean(covered_factors))
        assert 0.93 <= np.mean(covered_sd) <= 0.97, (per_weekday, np.mean(covered_sd))
