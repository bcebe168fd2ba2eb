"""fieldsim.run: the RunResult's DataFrames, their columns, dtypes and meaning."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import REPO

import fieldsim
from fieldsim import STATISTICS


def test_summary_one_row_per_output(tiny_run: fieldsim.RunResult) -> None:
    summary = tiny_run.summary
    assert list(summary.index) == list(fieldsim.OUTPUT_NAMES)
    assert summary.index.name == "output"
    assert list(summary.columns) == ["mean", "sd", "ci95_lo", "ci95_hi", "p50", "p90", "p95"]
    assert list(summary.columns) == list(STATISTICS)
    assert (summary.dtypes == "float64").all()
    # The interval is around the mean; the quantiles are ordered (NaN: a
    # lateness quantile of a run without a late order).
    summary = summary.dropna()
    assert (summary["ci95_lo"] <= summary["mean"]).all() and (summary["mean"] <= summary["ci95_hi"]).all()
    assert (summary["p50"] <= summary["p90"]).all() and (summary["p90"] <= summary["p95"]).all()


def test_replications_one_row_per_replication(tiny_run: fieldsim.RunResult) -> None:
    frame = tiny_run.replications
    assert frame.shape == (3, len(fieldsim.OUTPUT_NAMES))
    assert list(frame.index) == [0, 1, 2] and frame.index.name == "replication"
    assert list(frame.columns) == list(fieldsim.OUTPUT_NAMES)
    assert (frame.dtypes == "float64").all()
    assert tiny_run.n_replications == 3
    np.testing.assert_allclose(frame.mean(), tiny_run.summary["mean"], rtol=1e-12)


ORDER_DTYPES = {
    "replication": "int64",
    "order_id": "int64",
    "district": "category",
    "kind": "category",
    "product": "category",
    "class": "category",
    "zone": "int32",
    "entry_min": "float64",
    "entry_day": "Int64",
    "entry_hour": "Int64",
    "due_min": "float64",
    "technician": "Int32",
    "departure_min": "float64",
    "work_start_min": "float64",
    "finish_min": "float64",
    "finish_day": "Int64",
    "finish_hour": "Int64",
    "late": "bool",
    "cause": "category",
    "failed_visits": "int16",
    "compensation_cny": "float64",
}


def test_orders_columns_and_dtypes(tiny_run: fieldsim.RunResult) -> None:
    orders = tiny_run.orders
    assert orders is not None
    assert {c: str(t) for c, t in orders.dtypes.items()} == ORDER_DTYPES
    assert list(orders["kind"].cat.categories) == ["install", "repair"]
    assert orders["cause"].isna().eq(~orders["late"]).all()  # a cause exactly for late orders


def test_orders_agree_with_totals(tiny_run: fieldsim.RunResult) -> None:
    orders = tiny_run.orders
    counts = orders.groupby(["replication", "kind"], observed=True).size().unstack()
    totals = tiny_run.replications
    np.testing.assert_array_equal(counts["install"], totals["orders_install"])
    np.testing.assert_array_equal(counts["repair"], totals["orders_repair"])
    late = orders.groupby(["replication", "kind"], observed=False)["late"].sum().unstack()
    np.testing.assert_array_equal(late["install"], totals["late_install"])
    np.testing.assert_array_equal(late["repair"], totals["late_repair"])
    compensation = orders.groupby("replication")["compensation_cny"].sum()
    np.testing.assert_allclose(compensation, totals["compensation_cny"])


def test_order_times_and_calendar_columns(tiny_run: fieldsim.RunResult) -> None:
    orders = tiny_run.orders
    done = orders.dropna(subset=["finish_min"])
    assert (done["entry_min"] <= done["departure_min"]).all()
    assert (done["departure_min"] <= done["work_start_min"]).all()
    assert (done["work_start_min"] < done["finish_min"]).all()
    # Orders arrive on days 0..2 of the tiny scenario.
    assert orders["entry_day"].between(0, 2).all()
    assert orders["entry_hour"].between(0, 23).all()
    minutes = orders["entry_min"].to_numpy()
    np.testing.assert_array_equal(orders["entry_day"].to_numpy(int), minutes // 1440)
    np.testing.assert_array_equal(orders["entry_hour"].to_numpy(int), minutes % 1440 // 60)
    # Installs arrive only in [08:00, 20:00).
    installs = orders[orders["kind"] == "install"]
    assert installs["entry_hour"].between(8, 19).all()
    assert set(orders.loc[orders["late"], "finish_min"] > orders.loc[orders["late"], "due_min"]) == {True}


def test_technicians_frame(tiny_run: fieldsim.RunResult) -> None:
    technicians = tiny_run.technicians
    assert list(technicians.columns) == [
        "replication", "technician", "group", "employer", "month", "home_zone", "days_worked", "jobs",
        "failed_visits", "faulty_visits", "declined_jobs", "travel_min", "wait_min", "work_min", "overtime_min",
        "limit_overrun_min",
        "on_shift_min", "evening_on_shift_min", "break_min", "regular_min", "evening_days",
        "stopped_daily", "stopped_monthly", "premium_pay_cny", "overtime_pay_cny",
    ]
    assert len(technicians) == 3 * 130
    assert technicians.groupby("replication").size().tolist() == [130, 130, 130]
    jobs = tiny_run.orders.dropna(subset=["finish_min"]).groupby("replication").size()
    np.testing.assert_array_equal(technicians.groupby("replication")["jobs"].sum(), jobs)
    assert (technicians[["travel_min", "wait_min", "work_min", "overtime_min"]] >= 0).all().all()
    assert str(technicians["technician"].dtype) == "int32"
    assert set(technicians["group"]) == {"technicians"} and set(technicians["employer"]) == {"branch"}


def test_technicians_carry_their_group_and_employer() -> None:
    city = fieldsim.load(REPO / "scenarios" / "examples" / "city-month.json")
    frame = fieldsim.run(city.with_({"horizon.days": 3}), replications=1, progress=False).technicians
    counts = frame.groupby("group", observed=True)["technician"].agg(["min", "max", "count"])
    start = 0
    for group in city.get("technicians.groups"):  # ids run through the groups in order
        assert tuple(counts.loc[group["name"]]) == (start, start + group["count"] - 1,
                                                    group["count"])
        start += group["count"]
    employers = {g["name"]: g.get("employer", "branch") for g in city.get("technicians.groups")}
    assert (frame["employer"].astype(str) == frame["group"].astype(str).map(employers)).all()


def test_orders_absent_unless_kept(tiny: fieldsim.Scenario) -> None:
    result = fieldsim.run(tiny, replications=2, progress=False)
    assert result.orders is None
    assert "without orders" in repr(result)


def test_same_seed_same_numbers_any_thread_count(tiny: fieldsim.Scenario) -> None:
    one = fieldsim.run(tiny, replications=4, seed=9, threads=1, progress=False)
    two = fieldsim.run(tiny, replications=4, seed=9, threads=2, progress=False)
    pd.testing.assert_frame_equal(one.replications, two.replications)
    pd.testing.assert_frame_equal(one.summary, two.summary)
    other = fieldsim.run(tiny, replications=4, seed=10, threads=2, progress=False)
    assert not one.replications.equals(other.replications)


def test_run_accepts_a_path(tiny: fieldsim.Scenario) -> None:
    result = fieldsim.run(tiny.source, replications=1, progress=False)
    assert result.scenario == tiny


def test_to_json_format(tiny_run: fieldsim.RunResult) -> None:
    data = json.loads(tiny_run.to_json())
    assert set(data) == {"scenario", "replications", "seed", "units", "summary", "breakdown"}
    assert data["units"]["compensation_cny"] == "CNY"
    assert list(data["units"]) == list(fieldsim.OUTPUT_NAMES)
    assert (data["scenario"], data["replications"], data["seed"]) == ("tiny", 3, 5)
    assert list(data["summary"]) == list(fieldsim.OUTPUT_NAMES)
    entry = data["summary"]["breach_rate_install"]
    assert set(entry) == {"mean", "sd", "ci95", "p50", "p90", "p95"}
    row = tiny_run.summary.loc["breach_rate_install"]
    assert entry["mean"] == row["mean"] and entry["ci95"] == [row["ci95_lo"], row["ci95_hi"]]


def test_one_replication_has_no_spread_but_valid_json(tiny: fieldsim.Scenario) -> None:
    result = fieldsim.run(tiny, replications=1, progress=False)
    # One replication tells nothing of the spread: no sd, no interval (not 0).
    assert result.summary[["sd", "ci95_lo", "ci95_hi"]].isna().all().all()
    assert result.summary["mean"].notna().any()
    data = json.loads(result.to_json())  # NaN would not be JSON: it must be null
    assert data["summary"]["orders_install"]["sd"] is None
    assert data["summary"]["orders_install"]["ci95"] == [None, None]


def test_progress_callback_sees_the_run_finish(tiny: fieldsim.Scenario) -> None:
    seen: list[float] = []
    fieldsim.run(tiny, replications=2, progress=seen.append)
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(0.0 <= f <= 1.0 for f in seen) and seen == sorted(seen)


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"replications": 0}, ValueError),
        ({"seed": -1}, ValueError),
        ({"threads": 0}, ValueError),
        ({"replications": 2.5}, TypeError),
        ({"replications": True}, TypeError),
        ({"seed": "7"}, TypeError),
        ({"seed": None}, TypeError),
    ],
)
def test_bad_arguments_are_refused(tiny: fieldsim.Scenario, arguments: dict, error: type) -> None:
    name = next(iter(arguments))
    with pytest.raises(error, match=name):
        fieldsim.run(tiny, progress=False, **arguments)


def test_a_non_finite_number_in_a_dict_is_named_by_its_path(tiny: fieldsim.Scenario) -> None:
    document = tiny.document
    document["evening"] = {"start": "18:00", "end": "21:00", "model": "per_job",
                           "per_job": {"a": float("nan")}}
    with pytest.raises(fieldsim.ScenarioError,
                       match=r"<dict>: /evening/per_job/a: expected a finite number, got nan"):
        fieldsim.load(document)


LATENESS = ["lateness_p50_min", "lateness_p90_min", "lateness_max_min"]


def test_lateness_is_missing_without_a_late_order(tiny: fieldsim.Scenario) -> None:
    # Plenty of technicians: some replications have no late order at all.
    result = fieldsim.run(tiny.with_({"technicians.count": 400}), replications=6, progress=False)
    values = result.replications
    on_time = (values["late_install"] + values["late_repair"]) == 0
    assert values.loc[on_time, LATENESS].isna().all().all()
    assert values.loc[~on_time, LATENESS].notna().all().all()
    # The summary is over the replications with a late order.
    for name in LATENESS:
        late = values.loc[~on_time, name]
        expected = late.mean() if len(late) else float("nan")
        got = result.summary.at[name, "mean"]
        assert (got == pytest.approx(expected)) if len(late) else np.isnan(got)


def test_summarize_skips_missing_values() -> None:
    from fieldsim import _core

    width = len(fieldsim.OUTPUT_NAMES)
    values = np.ones((4, width))
    values[:, 0] = [1.0, np.nan, 3.0, np.nan]
    values[:, 1] = np.nan
    summary = _core.summarize(values)
    first = summary[fieldsim.OUTPUT_NAMES[0]]
    second = summary[fieldsim.OUTPUT_NAMES[1]]
    assert first[0] == pytest.approx(2.0)  # the mean of 1 and 3
    assert first[4] == pytest.approx(2.0)  # their median
    assert all(np.isnan(v) for v in second)  # nothing to summarise
