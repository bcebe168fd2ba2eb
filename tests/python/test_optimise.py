"""fieldsim.optimise: the search on a made-up model whose answer is known, and a
smoke run on the tiny scenario (three days of refcity)."""

from __future__ import annotations

import importlib
import io
import re

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import fieldsim
from fieldsim import ScenarioError
from fieldsim.progress import ProgressBar

# The function fieldsim.optimise hides its module of the same name.
optimise_module = importlib.import_module("fieldsim.optimise")
COUNT, PREMIUM = "technicians.count", "evening.premium_cny"
_COLUMN = {name: i for i, name in enumerate(fieldsim.OUTPUT_NAMES)}


def _made_up(scenarios: dict, wanted: list, seed: int) -> list[dict]:
    """Replications of a model with known means: the breach rate falls by 1 %
    a technician from 10.5 % at 100 (a premium of 30 takes 2 % off), the cost
    is 100 a technician plus 4 per premium CNY plus 30 per breach point;
    replication r's noise is the same at every point (common random numbers)."""
    parts = []
    for key, first, count in wanted:
        technicians, premium = key
        rows = np.zeros((count, len(fieldsim.OUTPUT_NAMES)))
        for i, r in enumerate(range(first, first + count)):
            noise = np.random.default_rng([seed, r]).normal(size=2)
            breach = max(0.0, 0.105 - 0.01 * (technicians - 100) - premium / 1500) + 0.004 * noise[0]
            if (technicians, premium) in NOISY:
                breach += 0.036 * noise[0]  # sd 0.04 in all: thousands of replications to decide
            if (technicians, premium) in STORMY and r >= 40 and r % 4 == 0:
                # Calm while the feasibility check decides, then a storm every fourth.
                breach += 0.05
            rows[i, _COLUMN["breach_rate_install"]] = breach
            rows[i, _COLUMN["total_cost_cny"]] = (100 * technicians + 4 * premium
                                                  + 3000 * breach + 50 * noise[1])
        parts.append({"values": rows})
    return parts


#: Points of the made-up model whose later replications bring storms.
STORMY: set[tuple[int, int]] = set()
#: Points of the made-up model with ten times the noise.
NOISY: set[tuple[int, int]] = set()


@pytest.fixture
def made_up(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Runs go to the made-up model; the list collects each call's replications."""
    calls: list[int] = []

    def run(self: optimise_module._Evaluator, wanted: list) -> list[dict]:
        calls.append(sum(count for _, _, count in wanted))
        return _made_up(self.scenarios, wanted, self.settings.seed)

    monkeypatch.setattr(optimise_module._Evaluator, "_run", run)
    return calls


def _optimise(tiny: fieldsim.Scenario, **kwargs: object) -> fieldsim.OptimiseResult:
    arguments = {"decisions": {COUNT: range(100, 121), PREMIUM: [0, 30]},
                 "constraints": {"breach_rate_install": 0.02}, "indifference_cny": 40.0,
                 "tolerance": 0.1, "seed": 1, **kwargs}
    return fieldsim.optimise(tiny, **arguments)  # type: ignore[arg-type]


def test_search_finds_the_known_optimum(tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    # Feasible (mean 1.5 % <= 2 %) from 109 at premium 0 (cost 10,900 + 45)
    # and from 107 at premium 30 (10,700 + 120 + 45): the second is cheaper by
    # 80, twice the indifference zone; one technician fewer breaches 2.5 %.
    result = _optimise(tiny)
    assert result.chosen == (107, 30)
    assert result.smallest == {(0,): 109, (30,): 107}
    plan = result.plan.iloc[0]
    assert plan["ci_lo"] <= 10_700 + 120 + 45 <= plan["ci_hi"]
    assert result.constraints.loc[0, "mean"] < 0.02
    runner_up = result.runner_up.iloc[0]
    assert runner_up["difference_lo"] > 0  # the runner-up costs more, and surely so
    # Bisection, not the grid: far fewer than 42 points were run.
    frame = result.candidates
    assert len(frame) < 20
    assert set(frame["verdict"]) <= {"feasible", "infeasible", "undecided", "implied"}
    assert result.replications_used == sum(made_up)


def test_a_plan_with_a_calm_start_fails_certification(tiny: fieldsim.Scenario,
                                                      made_up: list[int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # 107 at premium 30 breaches 1.5 % in its first 40 replications, then
    # 5 % more every fourth: over 2 % in the long run. Its certification must
    # fail, and the plan move to 108 at premium 30 (0.5 %, no storms).
    monkeypatch.setattr(f"{__name__}.STORMY", {(107, 30)})
    result = _optimise(tiny)
    assert result.verdicts[(107, 30)] == "rejected"
    assert result.chosen == (108, 30)
    assert result.smallest[(30,)] == 108
    assert (result.constraints["ci_hi"] < 0.02).all()


def test_a_cheaper_candidate_left_undecided_voids_the_certificate(
        tiny: fieldsim.Scenario, made_up: list[int], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # 107 at premium 30 is feasible (1.5 % <= 2 %) and the cheapest, but with
    # sd 4 % its check needs h^2 S^2 / tolerance^2 = some 9,000 replications:
    # undecided after 400, read as infeasible. The plan found is the next
    # cheapest, and the result says it is not certified, and why.
    monkeypatch.setattr(f"{__name__}.NOISY", {(107, 30)})
    result = _optimise(tiny)
    assert result.verdicts[(107, 30)] == "undecided"
    assert result.chosen == (108, 30)
    assert not result.certified
    row = result.undecided.set_index([COUNT, PREMIUM]).loc[(107, 30)]
    assert row["replications"] == 400 and row["may_be_cheaper"]
    assert 5_000 < row["needed"] < 15_000
    assert row["objective_difference"] < 0  # 100 CNY cheaper, as made
    from fieldsim.cli import _print_optimum

    _print_optimum(result)
    assert "NOT CERTIFIED: 1 candidate(s) that may be cheaper" in capsys.readouterr().out


def test_a_decided_search_is_certified(tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    result = _optimise(tiny)
    assert result.certified and result.undecided.empty


def test_a_repeated_target_is_refused(tiny: fieldsim.Scenario) -> None:
    with pytest.raises(ValueError, match="each output may have one target"):
        _optimise(tiny, constraints=[("breach_rate_install", "<=", 0.002),
                                     ("breach_rate_install", "<=", 0.2)])


def test_certification_may_use_the_whole_budget(tiny: fieldsim.Scenario,
                                                made_up: list[int]) -> None:
    # Looks at 60, 90, 135, 203 and 305 replications, then the budget's 400.
    result = _optimise(tiny, max_replications=400)
    search_looks = [n for n in fieldsim.selection.looks(20, 400) if n >= 60]
    assert search_looks[-1] == 305
    settings = result.settings
    evaluator = optimise_module._Evaluator(tiny, settings, 1, None)
    search = optimise_module._Search(tiny, settings, evaluator)
    seen: list[int] = []
    search._bounded = lambda values, limit, alpha, last: seen.append(len(values)) and False
    assert not search._certified((107, 30))
    assert seen == [60, 90, 135, 203, 305, 400]


def test_infeasible_everywhere_gives_no_plan(tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    result = _optimise(tiny, decisions={COUNT: range(100, 104), PREMIUM: [0]})
    assert result.chosen is None
    assert result.plan.empty and result.constraints.empty and result.runner_up.empty
    assert (result.candidates["verdict"] == "infeasible").all()
    assert "none feasible" in repr(result)


def test_feasibility_error_is_split_over_every_candidate_and_constraint(
        tiny: fieldsim.Scenario) -> None:
    # 21 x 2 candidates, 2 constraints: any check's wrong verdict can decide the plan.
    settings = optimise_module._settings(
        {COUNT: range(100, 121), PREMIUM: [0, 30]},
        {"breach_rate_install": 0.02, "breach_rate_repair": 0.02}, "total_cost_cny",
        0.95, 40.0, 0.1, 20, 400, 1)
    evaluator = optimise_module._Evaluator(tiny, settings, 1, None)
    search = optimise_module._Search(tiny, settings, evaluator)
    assert search.feasibility_alpha == pytest.approx(0.05 / 2 / (42 * 2))


def test_same_seed_same_answer(tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    first, second = _optimise(tiny, seed=7), _optimise(tiny, seed=7)
    pd.testing.assert_frame_equal(first.candidates, second.candidates)


@pytest.mark.parametrize(("arguments", "message"), [
    ({"objective": "nonsense"}, "no such output"),
    ({"constraints": {"nonsense": 1.0}}, "no such output"),
    ({"constraints": {}}, "at least one constraint"),
    ({"constraints": [("breach_rate_install", ">=", 0.5)]}, "expected an upper limit"),
    ({"confidence": 1.0}, "confidence"),
    ({"first_stage": 2}, "first_stage"),
    ({"objective": "lateness_p90_min"}, "use it as a constraint"),
    ({"max_replications": 10}, r"max_replications \(--max-replications\) must be in "
                               r"\[first_stage \(--first-stage, 20\)"),
    ({"indifference_cny": 0.0}, "indifference_cny"),
    ({"constraints": {"breach_rate_install": 0.0}}, "positive tolerance"),
    ({"tolerance": {"breach_rate_repair": 0.1}}, "none given for breach_rate_install"),
])
def test_bad_arguments(tiny: fieldsim.Scenario, arguments: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _optimise(tiny, **arguments)


def test_bad_decision_value_is_refused_before_running(tiny: fieldsim.Scenario,
                                                      made_up: list[int]) -> None:
    with pytest.raises(ScenarioError, match="technicians"):
        _optimise(tiny, decisions={COUNT: [100, -5]})
    assert made_up == []


def test_a_grid_over_the_limit_is_refused_in_optimise_s_own_words(
        tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    message = ("optimise: a decision grid of 100,100,000 candidates (100,000 x 1,001) is more "
               "than the 10,000 optimise takes (it builds and checks every candidate's scenario "
               "before the first run); use coarser steps or fewer values")
    with pytest.raises(ValueError) as raised:
        _optimise(tiny, decisions={COUNT: range(1, 100_001), PREMIUM: range(1001)})
    assert str(raised.value) == message and made_up == []


def test_smoke_on_the_tiny_scenario(tiny: fieldsim.Scenario) -> None:
    # The real engine: three days of refcity, breach targets that bind between
    # 80 and 130 technicians. Seconds, not minutes.
    result = fieldsim.optimise(
        tiny, {COUNT: range(80, 131, 10), PREMIUM: [0, 30]},
        [("breach_rate_install", "<=", 0.05), ("breach_rate_repair", "<=", 0.05)],
        indifference_cny=2000, tolerance=0.25, max_replications=60, seed=2)
    assert result.chosen is not None
    chosen = result.candidates.query("chosen").iloc[0]
    assert chosen["verdict"] in ("feasible", "implied")
    assert (result.constraints["mean"] < result.constraints["limit"]).all()
    plan = result.plan.iloc[0]
    assert plan["ci_lo"] < plan["mean"] < plan["ci_hi"]
    # Common random numbers: a candidate's replications are those of a plain run.
    key = result.chosen
    run = fieldsim.run(tiny.with_(dict(zip(result.decisions, key))), int(plan["replications"]),
                       seed=2, progress=False)
    np.testing.assert_array_equal(result.values[key], run.replications.to_numpy())
    assert result.replications_used < 12 * 60


def test_progress_reports_each_run_and_changes_no_result(tiny: fieldsim.Scenario) -> None:
    arguments = {"decisions": {COUNT: range(80, 131, 10), PREMIUM: [0, 30]},
                 "constraints": {"breach_rate_install": 0.05}, "indifference_cny": 2000,
                 "tolerance": 0.25, "max_replications": 60, "seed": 2}
    quiet = fieldsim.optimise(tiny, progress=False, **arguments)  # type: ignore[arg-type]
    seen: list[fieldsim.OptimiseProgress] = []
    told = fieldsim.optimise(tiny, progress=seen.append, **arguments)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(told.candidates, quiet.candidates, check_exact=True)
    assert told.chosen == quiet.chosen
    # One report before each run: the last adds up to every replication.
    last = seen[-1]
    assert last.replications + last.count == told.replications_used
    assert [s.replications for s in seen] == sorted(s.replications for s in seen)
    assert seen[0] == fieldsim.OptimiseProgress(0, 0, {COUNT: 130, PREMIUM: 0}, 20)
    assert str(seen[0]) == "now 130, 0 (+20); 0 candidates run, 0 replications"
    assert str(fieldsim.OptimiseProgress(1, 1200, {COUNT: 90, PREMIUM: 30}, 45)) == (
        "now 90, 30 (+45); 1 candidate run, 1,200 replications")


def test_a_bar_shows_the_candidate_running(tiny: fieldsim.Scenario) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with ProgressBar("tiny", delay=0.0, console=console, by_part=True) as bar:
        fieldsim.optimise(tiny, {COUNT: range(80, 131, 10), PREMIUM: [0, 30]},
                          {"breach_rate_install": 0.05}, indifference_cny=2000, tolerance=0.25,
                          max_replications=60, seed=2, progress=bar)
    # Redrawn ten times a second: whichever candidate ran then.
    assert re.search(r"now 1[0-3]0, (0|30) \(\+\d+\); \d+ candidates? run, [\d,]+ replications",
                     screen.getvalue())


def test_a_lateness_target_is_read_over_the_replications_with_a_late_order(
        tiny: fieldsim.Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    # Below 110 technicians every replication has late orders, 900 min late
    # at P90; from 110 on one in twenty has any, 600 min late; the rest have
    # no lateness (NaN), as summaries read them. The cost grows with the crew.
    def run(self: optimise_module._Evaluator, wanted: list) -> list[dict]:
        parts = []
        for key, first, count in wanted:
            technicians = key[0]
            rows = np.zeros((count, len(fieldsim.OUTPUT_NAMES)))
            for i, r in enumerate(range(first, first + count)):
                late = technicians < 110 or r % 20 == 0
                rows[i, _COLUMN["lateness_p90_min"]] = (
                    (900.0 if technicians < 110 else 600.0) + r % 3 if late else np.nan)
                rows[i, _COLUMN["total_cost_cny"]] = 100 * technicians + r % 5
            parts.append({"values": rows})
        return parts

    monkeypatch.setattr(optimise_module._Evaluator, "_run", run)
    result = fieldsim.optimise(tiny, {COUNT: range(100, 121, 5)}, {"lateness_p90_min": 700},
                               indifference_cny=40.0, tolerance=0.1, max_replications=200, seed=1)
    assert result.chosen == (110,)


def test_frontier_plot(tiny: fieldsim.Scenario, made_up: list[int]) -> None:
    result = _optimise(tiny)
    ax = result.plot_frontier()
    assert ax.get_xlabel().startswith("install breach rate") or "breach" in ax.get_xlabel()
    assert "candidates" in ax.get_title()
    with pytest.raises(ValueError, match="not constrained"):
        result.plot_frontier("breach_rate_repair")
