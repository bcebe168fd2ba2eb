"""fieldsim.sweep: the grid, its tables, common random numbers and the search helper."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

import fieldsim
from fieldsim import ScenarioError

GRID = {"technicians.count": range(90, 131, 20), "evening.premium_cny": [0, 30]}


@pytest.fixture(scope="module")
def swept(tiny: fieldsim.Scenario) -> fieldsim.SweepResult:
    return fieldsim.sweep(tiny, GRID, replications=3, seed=2, progress=False)


def test_points_are_all_combinations(swept: fieldsim.SweepResult) -> None:
    assert swept.grid == {"technicians.count": [90, 110, 130], "evening.premium_cny": [0, 30]}
    assert len(swept.runs) == 6
    assert swept.points.to_dict("records")[:3] == [
        {"technicians.count": 90, "evening.premium_cny": 0},
        {"technicians.count": 90, "evening.premium_cny": 30},
        {"technicians.count": 110, "evening.premium_cny": 0},
    ]
    assert [run.scenario.technicians for run in swept.runs] == [90, 90, 110, 110, 130, 130]


def test_table_one_row_per_point_and_output(swept: fieldsim.SweepResult) -> None:
    table = swept.table
    outputs = list(fieldsim.OUTPUT_NAMES)
    assert len(table) == 6 * len(outputs)
    assert list(table.columns) == ["point", "technicians.count", "evening.premium_cny", "output",
                                   *fieldsim.STATISTICS]
    point = table[table["point"] == 3].set_index("output")
    pd.testing.assert_frame_equal(point[list(fieldsim.STATISTICS)], swept.runs[3].summary,
                                  check_names=False)
    assert (point["technicians.count"] == 110).all() and (point["evening.premium_cny"] == 30).all()


def test_wide_table(swept: fieldsim.SweepResult) -> None:
    wide = swept.wide("ci95_hi", ["breach_rate_install", "compensation_cny"])
    assert wide.index.names == ["technicians.count", "evening.premium_cny"]
    assert list(wide.columns) == ["breach_rate_install", "compensation_cny"]
    assert wide.loc[(110, 30), "compensation_cny"] == swept.runs[3].summary.loc["compensation_cny", "ci95_hi"]
    with pytest.raises(ValueError, match="stat"):
        swept.wide("median")


def test_replications_table(swept: fieldsim.SweepResult) -> None:
    frame = swept.replications
    assert len(frame) == 6 * 3
    assert list(frame.columns[:4]) == ["point", "technicians.count", "evening.premium_cny", "replication"]


def test_common_random_numbers_across_staffing(tiny: fieldsim.Scenario) -> None:
    # Points differing only in staffing must see the very same orders.
    few = fieldsim.run(tiny.with_(**{"technicians.count": 90}), 2, seed=4, keep_orders=True, progress=False)
    many = fieldsim.run(tiny.with_(**{"technicians.count": 150}), 2, seed=4, keep_orders=True, progress=False)
    arrivals = ["replication", "order_id", "entry_min", "zone", "kind"]
    pd.testing.assert_frame_equal(few.orders[arrivals], many.orders[arrivals])
    # ... while the service differs.
    assert not few.orders["finish_min"].equals(many.orders["finish_min"])


def test_sweep_shares_orders_between_points(swept: fieldsim.SweepResult) -> None:
    counts = swept.replications.pivot(index="replication", columns="point", values="orders_install")
    assert (counts.nunique(axis=1) == 1).all()


def test_more_technicians_fewer_breaches(swept: fieldsim.SweepResult) -> None:
    breaches = swept.wide("mean", ["late_install"])["late_install"].unstack()
    assert (breaches.loc[90] >= breaches.loc[130]).all()


def test_smallest_staffing_meeting_target(swept: fieldsim.SweepResult) -> None:
    limits = {"breach_rate_install": 0.05, "breach_rate_repair": 0.05}
    best = swept.smallest("technicians.count", limits, stat="mean")
    assert list(best.index) == [0, 30] and best.index.name == "evening.premium_cny"
    wide = swept.wide("mean", list(limits))
    for premium, row in best.iterrows():
        meets = (wide.xs(premium, level="evening.premium_cny") < 0.05).all(axis=1)
        expected = meets[meets].index.min() if meets.any() else np.nan
        assert row["technicians.count"] == expected or (np.isnan(expected) and np.isnan(row["technicians.count"]))


def test_an_unknown_output_is_named(swept: fieldsim.SweepResult) -> None:
    with pytest.raises(ValueError, match="no such output: 'breach_rate'; outputs: orders_install"):
        swept.smallest("technicians.count", {"breach_rate": 0.05})
    with pytest.raises(ValueError, match="no such output: 'late'"):
        swept.wide("mean", ["late"])


def test_smallest_with_impossible_target_is_nan(swept: fieldsim.SweepResult) -> None:
    best = swept.smallest("technicians.count", {"breach_rate_install": -1.0})
    assert best["technicians.count"].isna().all() and len(best) == 2


def test_a_lateness_target_is_met_where_no_order_was_late(tiny: fieldsim.Scenario) -> None:
    # 90 technicians leave orders late in every replication; 200 leave none, so their
    # lateness is NaN: no order was late, none too late, and 200 meets the target.
    swept = fieldsim.sweep(tiny, {"technicians.count": [90, 200]}, replications=3, seed=1,
                           progress=False)
    lateness = swept.wide("ci95_hi", ["lateness_max_min"])["lateness_max_min"]
    assert lateness.notna()[90] and lateness.isna()[200]
    assert swept.wide("mean", ["late_install"])["late_install"][200] == 0
    best = swept.smallest("technicians.count", {"lateness_max_min": 1.0})
    assert best.loc[0, "technicians.count"] == 200


def test_unknown_setting_fails_before_running(tiny: fieldsim.Scenario) -> None:
    calls: list[float] = []
    with pytest.raises(ScenarioError) as caught:
        fieldsim.sweep(tiny, {"technicians.count": [100], "evening.premium": [0]}, progress=calls.append)
    assert caught.value.path == "/evening/premium"
    assert calls == []


def test_invalid_value_anywhere_in_grid_fails_before_running(tiny: fieldsim.Scenario) -> None:
    with pytest.raises(ScenarioError) as caught:
        fieldsim.sweep(tiny, {"technicians.count": [100, 0]}, progress=False)
    assert caught.value.path == "/technicians/count"


def test_empty_axis_is_refused(tiny: fieldsim.Scenario) -> None:
    with pytest.raises(ValueError, match="at least one value"):
        fieldsim.sweep(tiny, {"technicians.count": []}, progress=False)


@pytest.mark.parametrize(("grid", "error", "message"), [
    ({"technicians.count": range(1, 100_001), "evening.premium_cny": [0, 10]}, ValueError,
     r"a sweep of 200,000 points \(100,000 x 2\) is more than the 10,000"),
    (["technicians.count"], TypeError, "maps setting paths to their values"),
    ({"technicians.count": 120}, TypeError, r"grid\['technicians.count'\]: expected the values"),
    ({"technicians.count": "120"}, TypeError, "expected the values"),
    # Counted before anything is built: a range by its length, any other
    # iterable by at most one value past the limit (this one never ends).
    ({"technicians.count": range(1, 10**9)}, ValueError,
     r"^a sweep of 999,999,999 points \(999,999,999\) is more than the 10,000 a sweep may "
     r"have; use coarser steps, or fieldsim optimise to search a large space$"),
    ({"technicians.count": itertools.count(1), "evening.premium_cny": [0, 10]}, ValueError,
     r"^a sweep of over 20,000 points \(over 10,000 x 2\) is more than the 10,000"),
])
def test_a_grid_that_is_not_one_or_too_large_is_refused_at_once(
        tiny: fieldsim.Scenario, grid: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        fieldsim.sweep(tiny, grid, progress=False)


def test_single_setting_sweep(tiny: fieldsim.Scenario) -> None:
    result = fieldsim.sweep(tiny, {"evening.premium_cny": np.array([0, 30])}, replications=2, progress=False)
    assert result.grid == {"evening.premium_cny": [0, 30]}
    assert list(result.wide().index) == [0, 30]
    best = result.smallest("evening.premium_cny", {"breach_rate_install": 1.01})
    assert best["evening.premium_cny"].tolist() == [0]


def test_to_json(swept: fieldsim.SweepResult) -> None:
    data = json.loads(swept.to_json())
    assert (data["scenario"], data["replications"], data["seed"]) == ("tiny", 3, 2)
    assert len(data["points"]) == 6
    assert data["points"][1]["settings"] == {"technicians.count": 90, "evening.premium_cny": 30}
    assert set(data["points"][1]["summary"]["compensation_cny"]) == {"mean", "sd", "ci95", "p50", "p90", "p95"}


def test_progress_covers_the_whole_sweep(tiny: fieldsim.Scenario) -> None:
    seen: list[float] = []
    fieldsim.sweep(tiny, {"technicians.count": [100, 120]}, replications=2, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert any(f <= 0.5 for f in seen)
