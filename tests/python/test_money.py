"""Who pays and when: the settlement and the cash as DataFrames, checked
against the order log, and budgets whose quantile intervals cover the truth."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TINY, Cli

import fieldsim
from fieldsim import money
from fieldsim.budget import budget_of, order_ranks, quantile_interval, replications_needed

PAY_WITHIN_DAYS = 7


@pytest.mark.parametrize("module", ["fieldsim.money", "fieldsim.budget"])
def test_examples_in_the_docstrings(module: str) -> None:
    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failed == 0


def test_labels_of_days_weeks_and_months() -> None:
    start = (dt.date(2024, 12, 30) - dt.date(1970, 1, 1)).days
    assert money.week_label(0, start) == "2025-W01"  # a Monday in 2024, in 2025's week 1
    assert money.week_label(6, start) == "2025-W01"
    assert money.week_label(7, start) == "2025-W02"
    assert money.month_label(0, start) == "2024-12"
    assert money.month_label(2, start) == "2025-01"
    assert money.period_label(2025 * 12, start) == "2025-01"
    assert [money.week_label(d, None) for d in (0, 6, 7)] == ["W01", "W01", "W02"]
    assert [money.month_label(d, None) for d in (29, 30)] == ["M01", "M02"]


# -- order statistics ------------------------------------------------------------------


def test_ranks_by_hand() -> None:
    # n = 20, median: P(6 <= B <= 14) = 0.9586 for B ~ Binomial(20, 1/2), the
    # narrowest run of B's values that reaches 95 %.
    assert order_ranks(20, 0.5) == (6, 15)
    coverage = sum(math.comb(20, k) for k in range(6, 15)) / 2**20
    assert coverage == pytest.approx(0.9586, abs=1e-4)
    assert sum(math.comb(20, k) for k in range(7, 14)) / 2**20 < 0.95
    # Ranks 1 and n bracket P90 with 1 - 0.9^n - 0.1^n: 28 is too few.
    assert 1 - 0.9**28 - 0.1**28 < 0.95 <= 1 - 0.9**29 - 0.1**29
    assert order_ranks(28, 0.9) is None and order_ranks(29, 0.9) is not None
    assert replications_needed(0.9) == 29 and replications_needed(0.95) == 59
    assert replications_needed(0.5) == 6


@pytest.mark.parametrize("p", [0.5, 0.9, 0.95])
@pytest.mark.parametrize("n", [6, 20, 29, 45, 59, 80])
def test_ranks_are_the_narrowest_pair_that_reaches_the_confidence(n: int, p: float) -> None:
    # P(X_(lo) <= q <= X_(hi)) = P(lo <= B < hi), B ~ Binomial(n, p): every pair by brute force.
    pmf = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    below = np.concatenate([[0.0], np.cumsum(pmf)])  # below[k] = P(B < k)
    pairs = [(lo, hi) for lo in range(1, n + 1) for hi in range(lo + 1, n + 1)
             if below[hi] - below[lo] >= 0.95]
    got = order_ranks(n, p)
    if not pairs:
        assert got is None
        return
    assert got is not None
    assert below[got[1]] - below[got[0]] >= 0.95
    assert got[1] - got[0] == min(hi - lo for lo, hi in pairs)


def test_too_few_replications_give_no_interval_and_say_so() -> None:
    q = quantile_interval(np.arange(20.0), 0.95)
    assert math.isnan(q.lo) and math.isnan(q.hi)
    assert q.warning == "20 replications are too few for a 95 % interval of P95: 59 needed"
    assert q.estimate == pytest.approx(np.quantile(np.arange(20.0), 0.95))


def test_a_wide_interval_is_flagged() -> None:
    values = np.linspace(100.0, 200.0, 60)
    assert quantile_interval(values, 0.5, max_width=0.5).warning == ""
    assert quantile_interval(values, 0.5, max_width=0.05).warning == (
        "interval wider than 5 % of the estimate")


@pytest.mark.parametrize("n", [30, 100])
def test_the_interval_covers_the_true_p90_at_least_90_percent_of_the_time(n: int) -> None:
    # Exponential costs with mean 1: the true P90 is ln 10. The intervals are
    # built at 95 %; over 2,000 experiments they must cover it at least 90 %
    # of the time (and not always: an interval of everything would).
    rng = np.random.default_rng(12)
    truth = math.log(10)
    covered = 0
    experiments = 2000
    for _ in range(experiments):
        q = quantile_interval(rng.exponential(1.0, n), 0.9)
        covered += q.lo <= truth <= q.hi
    assert 0.90 <= covered / experiments < 0.995


# -- the settlement and the cash of a run ----------------------------------------------


def _with_contractor(threshold: float = 0.05) -> fieldsim.Scenario:
    """The tiny refcity, dated from Monday 27 January 2025, with its 64 zones in
    two districts: the west (columns 0-3) the branch's, the east a contractor's."""
    tiny = fieldsim.load(TINY)
    doc = json.loads(tiny.to_json())
    zones = range(64)
    doc["calendar"] = {"start_date": "2025-01-27"}
    doc["districts"] = [{"name": "west", "zones": [z for z in zones if z % 8 < 4]},
                        {"name": "east", "zones": [z for z in zones if z % 8 >= 4]}]
    doc["payers"] = {"contractors": [{"name": "Tongda", "threshold": threshold}],
                     "served_by": {"east": "Tongda"}}
    return fieldsim.load(doc, base_dir=TINY.parent)


@pytest.fixture(scope="module")
def contracted() -> fieldsim.RunResult:
    return fieldsim.run(_with_contractor(), replications=3, seed=5, keep_orders=True,
                        progress=False)


def test_the_settlement_counts_each_payers_districts(contracted: fieldsim.RunResult) -> None:
    s = contracted.settlement
    assert set(s["payer"].cat.categories) == {"branch", "Tongda"}
    assert sorted(s["period"].unique())[:2] == ["2025-01", "2025-02"]
    orders = contracted.orders
    done = orders[orders["finish_min"].notna()].copy()
    done["payer"] = np.where(done["district"] == "east", "Tongda", "branch")
    done["period"] = [money.month_label(int(d), contracted.raw["money"]["start_date"])
                      for d in done["finish_day"]]
    counted = done.groupby(["replication", "period", "payer"]).size().rename("counted")
    got = s.astype({"payer": str}).merge(counted.reset_index(), how="left",
                                         on=["replication", "period", "payer"])
    assert (got["completed"] == got["counted"].fillna(0)).all()
    # Nobody is late for a technician's own choice here: the branch pays all.
    assert (s.loc[s["payer"] == "Tongda", "pays_cny"] == 0).all()
    paid = s.groupby("replication")["pays_cny"].sum()
    np.testing.assert_allclose(paid, contracted.replications["compensation_cny"], rtol=1e-12)
    assert (contracted.replications["contractor_compensation_cny"] == 0).all()


def test_cash_is_the_order_logs_compensation_paid_seven_days_later(
        contracted: fieldsim.RunResult) -> None:
    start = contracted.raw["money"]["start_date"]
    orders = contracted.orders
    owed = orders[orders["compensation_cny"] > 0]
    assert len(owed) > 0
    # An order left open by the drain limit is settled on the day the run stopped.
    day = (owed["finish_min"] // (24 * 60)).fillna(
        contracted.replications["days_simulated"].max() // 1).astype(int)
    expected = (owed.assign(week=[money.week_label(d + PAY_WITHIN_DAYS, start) for d in day])
                .groupby(["replication", "week"])["compensation_cny"].sum())
    cash = contracted.cash.groupby(["replication", "week"])["cash_cny"].sum()
    pd.testing.assert_series_equal(cash[cash > 0], expected, check_names=False, rtol=1e-12)
    assert contracted.cash["cash_cny"].sum() == pytest.approx(owed["compensation_cny"].sum())


def test_cash_by_month_and_summarised(contracted: fieldsim.RunResult) -> None:
    months = contracted.cash_by("month")
    assert set(months.columns) == {"replication", "month", "payer", "cash_cny"}
    assert len(months) == 3 * months["month"].nunique() * 2  # zeros kept
    summary = contracted.cash_by("week", summarised=True)
    per_week = contracted.cash.groupby(["week", "payer"], observed=True)["cash_cny"]
    np.testing.assert_allclose(summary["mean"], per_week.mean().to_numpy())
    assert (summary["replications"] == 3).all()
    with pytest.raises(ValueError, match="by: expected one of day, week, month"):
        contracted.cash_by("year")  # type: ignore[arg-type]


def test_premium_and_overtime_pay_by_employer(contracted: fieldsim.RunResult) -> None:
    pay = contracted.employer_pay
    assert set(pay["employer"]) == {"branch"}
    totals = pay.set_index("replication")
    np.testing.assert_allclose(totals["premium_pay_cny"],
                               contracted.replications["premium_pay_cny"], rtol=1e-12)
    np.testing.assert_allclose(totals["overtime_pay_cny"],
                               contracted.replications["overtime_pay_cny"], rtol=1e-12)


def test_without_payers_everything_is_the_branchs(tiny_run: fieldsim.RunResult) -> None:
    s = tiny_run.settlement
    assert list(s["payer"].cat.categories) == ["branch"]
    assert list(s["period"].unique()[:1]) == ["M01"]  # no start date: 30-day months
    assert tiny_run.cash["week"].str.match(r"W\d\d$").all()


def test_budget_leaves_out_months_with_nothing_finished(tiny_run: fieldsim.RunResult) -> None:
    # The books run past the month into the drain; the budget only where orders finished.
    table = fieldsim.budget(tiny_run)
    finished = tiny_run.settlement.groupby("period", observed=True)["completed"].sum()
    assert set(table["period"]) == set(finished[finished > 0].index)


def test_budget_keeps_what_a_payer_pays_for_others() -> None:
    # The branch finishes nothing in January (a contractor serves every
    # district) but pays the part of the contractor's late orders below its
    # threshold; March's books, after the run, hold nothing.
    payers = pd.CategoricalDtype(["branch", "c1"])
    settlement = pd.DataFrame({
        "replication": [0, 0, 1, 1, 0, 0, 1, 1],
        "period": ["2025-01"] * 4 + ["2025-03"] * 4,
        "payer": pd.Series(["branch", "c1"] * 4, dtype=payers),
        "completed": [0, 4, 0, 5, 0, 0, 0, 0],
        "pays_cny": [2.0, 8.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0]})
    table = budget_of(settlement, quantiles=[0.5])
    assert table[["period", "payer"]].astype(str).values.tolist() == [
        ["2025-01", "branch"], ["2025-01", "c1"]]
    assert table["mean_cny"].tolist() == pytest.approx([1.0, 9.0])


def test_budget_by_payer(contracted: fieldsim.RunResult) -> None:
    table = fieldsim.budget(contracted)
    assert set(table.columns) >= {"period", "payer", "quantile", "cny", "ci_lo_cny", "ci_hi_cny",
                                  "warning"}
    books = contracted.settlement.groupby(["period", "payer"], observed=True)
    kept = (books["completed"].sum() > 0) | (books["pays_cny"].sum() > 0)
    assert len(table) == kept.sum() * 3
    january = table[(table["period"] == "2025-01") & (table["payer"] == "branch")]
    paid = contracted.settlement.query("period == '2025-01' and payer == 'branch'")["pays_cny"]
    assert january["cny"].tolist() == pytest.approx(paid.quantile([0.5, 0.9, 0.95]).tolist())
    # Three replications bracket no quantile at 95 %.
    assert january["warning"].str.contains("too few").all()


def test_budget_command_fits_80_columns(cli: Cli, tmp_path: Path) -> None:
    scenario = tmp_path / "contracted.json"
    scenario.write_text(_with_contractor().to_json())
    done = cli("budget", scenario, "-n", "6", "--csv", "b.csv", "--json", "b.json",
               env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "Tongda" in done.stdout and "P95" in done.stdout and "CNY" in done.stdout
    assert "6 replications are too few for a 95 % interval of P95: 59 needed" in done.stdout
    table = pd.read_csv(tmp_path / "b.csv")
    assert set(table["payer"]) == {"branch", "Tongda"}
    assert len(json.loads((tmp_path / "b.json").read_text())) == len(table)


@pytest.mark.parametrize("suffix", ["csv", "json", "parquet"])
def test_run_writes_cash(cli: Cli, tmp_path: Path, suffix: str) -> None:
    # 80 technicians leave orders late.
    done = cli("run", TINY, "-n", "2", "--set", "technicians.count=80", "--cash",
               f"cash.{suffix}", "--cash-by", "month")
    assert done.returncode == 0, done.stderr
    path = tmp_path / f"cash.{suffix}"
    table = (pd.read_json(path) if suffix == "json" else
             pd.read_parquet(path) if suffix == "parquet" else pd.read_csv(path))
    assert {"month", "payer", "mean", "ci95_lo", "ci95_hi", "p95"} <= set(table.columns)
    assert set(table["unit"]) == {"CNY"}
    expected = fieldsim.run(fieldsim.load(TINY).with_(**{"technicians.count": 80}),
                            replications=2, seed=1, progress=False)
    assert expected.replications["compensation_cny"].min() > 0
    assert table["mean"].sum() == pytest.approx(
        expected.replications["compensation_cny"].mean(), abs=0.01)


@pytest.mark.parametrize("arguments", [{"quantiles": [1.5]}, {"confidence": 1.0}])
def test_budget_refuses_bad_quantiles_before_running(arguments: dict) -> None:
    with pytest.raises(ValueError, match="expected numbers between 0 and 1"):
        fieldsim.budget("no-such-scenario.json", **arguments)


def test_one_replication_has_no_interval_at_either_end() -> None:
    # max(0, NaN) is 0 in Python: the low end must stay NaN, as the high end is.
    from fieldsim.money import summarise

    frame = pd.DataFrame({"replication": [0], "week": ["2025-W02"], "cny": [120.0]})
    row = summarise(frame, ["week"], "cny").iloc[0]
    assert row["mean"] == 120.0 and row["replications"] == 1
    assert np.isnan(row["sd"]) and np.isnan(row["ci95_lo"]) and np.isnan(row["ci95_hi"])
    # Two: 100 and 140, t(0.975, 1) x 28.28 / sqrt(2) = 254.1 about 120, clipped at 0.
    frame = pd.DataFrame({"replication": [0, 1], "week": ["2025-W02"] * 2, "cny": [100.0, 140.0]})
    row = summarise(frame, ["week"], "cny").iloc[0]
    assert row["ci95_lo"] == 0.0 and row["ci95_hi"] == pytest.approx(120 + 12.7062 * 20, rel=1e-4)


def test_every_week_from_the_first_payment_to_the_last_is_there() -> None:
    # Paid on run days 3 and 20 (weeks W01 and W03): W02, when nobody paid, is 0, not absent.
    days = pd.DataFrame({"replication": [0, 0], "pay_day": [3, 20], "week": ["W01", "W03"],
                         "month": ["M01", "M01"],
                         "payer": pd.Categorical(["branch", "branch"]), "cash_cny": [10.0, 30.0]})
    weeks = money.cash_by(days, "week", [0, 1])
    assert weeks["week"].unique().tolist() == ["W01", "W02", "W03"]
    assert weeks.loc[weeks["replication"] == 0, "cash_cny"].tolist() == [10.0, 0.0, 30.0]
    assert (weeks.loc[weeks["replication"] == 1, "cash_cny"] == 0).all()
    assert money.cash_by(days, "day", [0])["pay_day"].tolist() == list(range(3, 21))
    # With a start date (20087: Monday 30 December 2024), ISO weeks.
    assert money.cash_by(days, "week", [0], 20087)["week"].unique().tolist() == [
        "2025-W01", "2025-W02", "2025-W03"]
