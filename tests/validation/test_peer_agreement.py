"""fieldsim and an independent SimPy implementation agree on refcity-month.

``benchmarks/peers/refcity_simpy.py`` implements the reference model
(shared/bench/reference-model.md) with SimPy and nothing from fieldsim.
Both run 20 independent replications of refcity-month; for each of the 12
outputs the reference model defines, a Welch two-sample t-test must not
reject equal means at the Bonferroni-corrected level 0.01 / 12 (family
level 0.01). The peer takes about half a second per replication.
"""

from __future__ import annotations

import importlib
import math
import sys
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import fieldsim

from .scenarios import REPO

REPLICATIONS = 20
SEED = 1
FAMILY_ALPHA = 0.01
PEER_PATH = REPO / "benchmarks" / "peers" / "refcity_simpy.py"

# The reference model's outputs, in the order it lists them.
REFERENCE_OUTPUTS = [
    "orders_install", "orders_repair", "late_install", "late_repair",
    "breach_rate_install", "breach_rate_repair", "compensation_cny", "piece_pay_cny",
    "premium_pay_cny", "mean_tat_install_min", "mean_tat_repair_min", "overtime_min",
]
ALPHA = FAMILY_ALPHA / len(REFERENCE_OUTPUTS)


def load_peer() -> ModuleType:
    """The peer module (benchmarks/peers is a folder of scripts, not a package)."""
    sys.path.insert(0, str(PEER_PATH.parent))
    return importlib.import_module(PEER_PATH.stem)


@pytest.fixture(scope="module")
def peer_runs() -> pd.DataFrame:
    peer = load_peer()
    # The indexed pool gives the scan's results (test_the_peer_pools_agree_exactly)
    # in a third of the time.
    rows = [
        peer.run_replication(days=30, technicians=130, rate_scale=1.0, premium=20.0,
                             seed=peer.replication_seed(SEED, r), pool="indexed")
        for r in range(REPLICATIONS)
    ]
    return pd.DataFrame(rows)[REFERENCE_OUTPUTS].astype(float)


@pytest.fixture(scope="module")
def fieldsim_runs(month: fieldsim.Scenario) -> pd.DataFrame:
    result = fieldsim.run(month, replications=REPLICATIONS, seed=SEED, progress=False)
    return result.replications[REFERENCE_OUTPUTS]


def welch_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided Welch p-value. When neither sample varies the t statistic is
    undefined: equal constants agree (p = 1), different ones cannot (p = 0)."""
    if np.ptp(a) == 0 and np.ptp(b) == 0:
        return 1.0 if a[0] == b[0] else 0.0
    return float(stats.ttest_ind(a, b, equal_var=False).pvalue)


def test_the_peer_is_the_reference_model() -> None:
    """A guard against comparing with the wrong thing: the peer's defaults
    are the reference model's numbers."""
    params = load_peer().Params()
    assert (params.days, params.technicians, params.premium) == (30, 130, 20.0)
    assert (params.install.per_day, params.repair.per_day) == (350.0, 500.0)


@pytest.mark.parametrize("output", REFERENCE_OUTPUTS)
def test_means_agree(output: str, fieldsim_runs: pd.DataFrame, peer_runs: pd.DataFrame) -> None:
    ours, theirs = fieldsim_runs[output].to_numpy(), peer_runs[output].to_numpy()
    p = welch_p(ours, theirs)
    assert not math.isnan(p)
    assert p >= ALPHA, (
        f"{output}: fieldsim {ours.mean():.6g} +- {ours.std(ddof=1):.3g}, "
        f"SimPy {theirs.mean():.6g} +- {theirs.std(ddof=1):.3g}, Welch p = {p:.3g} < {ALPHA:.3g}"
    )


def test_the_peer_pools_agree_exactly() -> None:
    """The benchmark times the peer with both ways of keeping waiting orders;
    they must be the same model. Understaffed, so that the pool grows large."""
    peer = load_peer()
    runs = [peer.run_replication(days=4, technicians=90, seed=11, pool=pool)
            for pool in ("indexed", "scan")]
    assert runs[0] == runs[1]
    assert runs[0]["late_install"] > 0
