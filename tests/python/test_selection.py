"""fieldsim.selection: the feasibility check, Kim-Nelson elimination and paired intervals,
on hand-made samples whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fieldsim import selection
from fieldsim.selection import FEASIBLE, INFEASIBLE, UNDECIDED, Verdict


def test_h_squared_by_hand() -> None:
    # n0 = 10, one comparison at 5 %: 9 * ((2 * 0.05) ** (-2 / 9) - 1).
    assert selection.h_squared(0.05, 1, 10) == pytest.approx(9 * (10 ** (2 / 9) - 1))
    # More comparisons share the error: a wider triangle.
    assert selection.h_squared(0.05, 4, 10) > selection.h_squared(0.05, 1, 10)
    with pytest.raises(ValueError, match="alpha"):
        selection.h_squared(1.5, 1, 10)


def test_triangle_closes_where_it_reaches_zero() -> None:
    h2, s2, zone = 6.0, 2.0, 0.5
    n = selection.closes_at(h2, s2, zone)  # 6 * 2 / 0.25 = 48, so 49
    assert n == 49
    assert selection.half_width(np.array([n]), h2, s2, zone)[0] == 0.0
    assert selection.half_width(np.array([n - 2]), h2, s2, zone)[0] > 0.0


def test_clearly_infeasible_candidate_is_called_infeasible_early() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(0.05, 0.01, size=200)  # mean 5 %, limit 2 %
    verdict = selection.check_feasibility(values, 0.02, 0.002, 0.025, 10)
    assert verdict.verdict == INFEASIBLE
    assert verdict.replications == 10  # the first look already decides


def test_clearly_feasible_candidate_is_called_feasible() -> None:
    rng = np.random.default_rng(2)
    values = rng.normal(0.005, 0.003, size=200)
    verdict = selection.check_feasibility(values, 0.02, 0.002, 0.025, 10)
    assert verdict == Verdict(FEASIBLE, verdict.replications)
    assert verdict.replications <= 20


def test_check_by_hand() -> None:
    # n0 = 3 values 1, 2, 3: S2(3) = 1; the triangle's half of alpha 0.05:
    # h2 = 2 * (0.05 ** -1 - 1) = 38; limit 10, tolerance 1: centre 9,
    # R(r) = 38 / 2 - r / 2. Sums of (value - 9): -8, -15, -21 against
    # -R(3) = -17.5: feasible at 3.
    assert selection.check_feasibility([1, 2, 3], 10, 1, 0.05, 3) == Verdict(FEASIBLE, 3)
    # Values near the centre: the sums stay inside until the budget ends.
    # S2(4) = 0.67, S2(5) = 0.51: R(4) = 10.7, R(5) = 7.2 against sums 0.1
    # and 0; the t rule at 3 (alpha / 4): 0 - 6.2 / sqrt(3) < -1.
    values = [8.0, 10.0, 9.0, 9.1, 8.9]
    assert selection.check_feasibility(values, 10, 1, 0.05, 3) == Verdict(UNDECIDED, 5)
    with pytest.raises(ValueError, match="at least 3"):
        selection.check_feasibility([1, 2], 10, 1, 0.05, 3)


def test_mean_above_the_limit_is_rarely_called_feasible() -> None:
    # A mean just over the limit: the error rate must stay under alpha (up to
    # two standard errors of the estimated rate); far over it, near zero.
    rng = np.random.default_rng(3)
    alpha, trials = 0.05, 1000
    for mean, allowed in ((0.0201, alpha), (0.024, 0.005)):
        calls = [selection.check_feasibility(rng.normal(mean, 0.01, 2000), 0.02, 0.002, alpha,
                                             10).verdict for _ in range(trials)]
        assert UNDECIDED not in calls  # the triangle closes inside 2000
        wrong = calls.count(FEASIBLE) / trials
        assert wrong <= allowed + 2 * np.sqrt(alpha * (1 - alpha) / trials)


def test_far_from_the_limit_the_t_rule_decides_at_once() -> None:
    # Replications that vary far more than the tolerance: the triangle alone
    # would need thousands; a mean 13 sd-errors past the limit needs none.
    values = np.tile([0.0, 0.5], 200)  # mean 0.25, sd 0.25
    assert selection.check_feasibility(values, 0.02, 0.002, 0.05, 10) == Verdict(INFEASIBLE, 10)
    assert selection.check_feasibility(values / 100, 0.02, 0.002, 0.05, 10).verdict == FEASIBLE


def test_skewed_and_well_under_the_limit_the_t_rule_accepts_from_three_first_stages() -> None:
    # Breach-rate-like replications: one month in ten bad; mean 1.1 % against
    # 2 %, sd three times the mean. The triangle (tolerance 0.2 %) would close
    # after 5,500; the interval lies under the limit by the ninth look (345),
    # never before three first stages (30).
    values = np.tile([0.0] * 9 + [0.11], 50)
    alpha, n0 = 0.005, 10
    h2 = selection.h_squared(alpha / 2, 1, n0)
    assert selection.closes_at(h2, values.var(ddof=1), 0.002) > 5000
    assert selection.check_feasibility(values, 0.02, 0.002, alpha, n0) == Verdict(FEASIBLE, 345)
    assert selection.check_feasibility(values[:29], 0.02, 0.002, alpha, n0).verdict == UNDECIDED


def test_a_bad_replication_widens_the_triangle() -> None:
    # Calm replications (mean 0.004) are feasible at the first look; one
    # meltdown among them (0.15) keeps the check open for longer.
    calm = np.full(60, 0.004) + np.tile([-0.001, 0.001], 30)
    assert selection.check_feasibility(calm, 0.02, 0.002, 0.05, 5) == Verdict(FEASIBLE, 5)
    stormy = np.concatenate([calm[:2], [0.15], calm[2:]])
    verdict = selection.check_feasibility(stormy, 0.02, 0.002, 0.05, 5)
    assert verdict.replications > 10


def test_looks() -> None:
    assert selection.looks(10, 100) == [10, 20, 30, 45, 68]
    assert selection.looks(4, 3) == []


def test_combine() -> None:
    assert selection.combine([Verdict(FEASIBLE, 10), Verdict(FEASIBLE, 30)]) == Verdict(FEASIBLE, 30)
    assert selection.combine([Verdict(UNDECIDED, 40), Verdict(INFEASIBLE, 12)]) == Verdict(INFEASIBLE, 12)
    assert selection.combine([Verdict(FEASIBLE, 10), Verdict(UNDECIDED, 40)]) == Verdict(UNDECIDED, 40)


def test_elimination_drops_a_clearly_worse_candidate() -> None:
    rng = np.random.default_rng(4)
    common = rng.normal(0, 50, size=(300, 1))  # common random numbers: shared noise
    values = common + rng.normal(0, 5, size=(300, 3)) + np.array([1000.0, 1100.0, 1300.0])
    elimination = selection.Elimination(values[:10], zone=20.0, alpha=0.05)
    alive = elimination.run(values)
    assert alive.tolist() == [True, False, False]
    assert elimination.eliminated_at[1] == 10  # at the first look
    assert elimination.eliminated_at[0] == 0


def test_elimination_keeps_the_best_within_the_zone() -> None:
    # Two candidates 20 apart, zone 20: the better survives in nearly every trial.
    rng = np.random.default_rng(5)
    wins = 0
    trials = 200
    for _ in range(trials):
        values = rng.normal(0, 10, size=(400, 2)) + np.array([0.0, 20.0])
        wins += selection.Elimination(values[:10], 20.0, 0.05).run(values).tolist() == [True, False]
    assert wins / trials >= 0.95


def test_elimination_by_hand() -> None:
    # First stage of 3: differences 10, 10, 13 -> S2 = 3; k = 2, alpha 0.05:
    # h2 = 2 * (0.1 ** -1 - 1) = 18; zone 5 at r = 3:
    # W = 5 / 6 * (18 * 3 / 25 - 3) = -0.75 -> 0: any larger mean goes.
    first = np.array([[0.0, 10.0], [1.0, 11.0], [2.0, 15.0]])
    elimination = selection.Elimination(first, 5.0, 0.05)
    assert elimination.s2[0, 1] == pytest.approx(3.0)
    assert elimination.h2 == pytest.approx(18.0)
    alive = elimination.step(first.mean(axis=0), 3)
    assert alive.tolist() == [True, False]
    assert elimination.eliminated_at.tolist() == [0, 3]


def test_paired_interval_uses_common_replications() -> None:
    a = np.array([10.0, 12.0, 11.0, 15.0, 99.0])
    b = np.array([9.0, 10.0, 10.0, 12.0])
    result = selection.paired_interval(a, b, 0.95)
    differences = np.array([1.0, 2.0, 1.0, 3.0])
    half = stats.t.ppf(0.975, 3) * differences.std(ddof=1) / 2
    assert result.n == 4
    assert result.mean == pytest.approx(1.75)
    assert (result.lo, result.hi) == pytest.approx((1.75 - half, 1.75 + half))


def test_paired_interval_is_narrower_than_unpaired() -> None:
    rng = np.random.default_rng(6)
    shared = rng.normal(0, 100, 50)
    a, b = shared + 10 + rng.normal(0, 1, 50), shared + rng.normal(0, 1, 50)
    paired = selection.paired_interval(a, b, 0.95)
    assert paired.lo > 0  # the difference of 10 is certain when paired
    separate = selection.interval(a, 0.95)
    assert separate.hi - separate.lo > 10 * (paired.hi - paired.lo)
