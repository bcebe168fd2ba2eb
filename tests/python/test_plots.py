"""Plot helpers: every figure titled, every axis labelled with its unit."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import fieldsim
from fieldsim import plots
from fieldsim.outputs import label, unit


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def swept(tiny: fieldsim.Scenario) -> fieldsim.SweepResult:
    grid = {"technicians.count": [100, 130], "evening.premium_cny": [0, 30]}
    return fieldsim.sweep(tiny, grid, replications=2, progress=False)


def test_sweep_plot_lines_title_and_units(swept: fieldsim.SweepResult) -> None:
    ax = swept.plot("breach_rate_install")
    assert ax.get_title() and "install breach rate" in ax.get_title()
    assert ax.get_xlabel() == "technicians (people)"
    assert ax.get_ylabel() == "install breach rate (fraction of orders)"
    assert len(ax.get_lines()) == 2  # one line per premium
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {
        "evening premium = 0 CNY per evening job", "evening premium = 30 CNY per evening job"}


def test_sweep_plot_several_outputs_other_axis(swept: fieldsim.SweepResult) -> None:
    ax = swept.plot(["compensation_cny", "premium_pay_cny"], x="evening.premium_cny")
    assert ax.get_xlabel() == "evening premium (CNY per evening job)"
    assert ax.get_ylabel() == "CNY"
    assert len(ax.get_lines()) == 4
    with pytest.raises(ValueError, match="not swept"):
        swept.plot("compensation_cny", x="horizon.days")
    with pytest.raises(ValueError, match=r"breach_rate_install \(fraction of orders\)"):
        swept.plot(["compensation_cny", "breach_rate_install"])


def test_timeline(tiny_run: fieldsim.RunResult) -> None:
    ax = plots.timeline(tiny_run, day=1, technicians=range(10))
    assert "day 1" in ax.get_title()
    assert ax.get_xlabel().endswith("(h)") and ax.get_ylabel() == "technician (id)"
    assert len(ax.patches) > 0


def test_timeline_needs_orders(tiny: fieldsim.Scenario) -> None:
    result = fieldsim.run(tiny, replications=1, progress=False)
    with pytest.raises(ValueError, match="keep_orders"):
        plots.timeline(result, day=0)


def test_summary_intervals_refuses_outputs_of_two_units(tiny_run: fieldsim.RunResult) -> None:
    with pytest.raises(ValueError, match=r"compensation_cny \(CNY\), overtime_min \(min\)"):
        plots.summary_intervals(tiny_run, ["compensation_cny", "overtime_min"])


def test_summary_intervals(tiny_run: fieldsim.RunResult) -> None:
    ax = plots.summary_intervals(tiny_run, ["compensation_cny", "premium_pay_cny"])
    assert ax.get_title() and ax.get_ylabel() == "CNY"


@pytest.mark.parametrize("name", list(fieldsim.OUTPUT_NAMES))
def test_every_output_has_a_label_and_unit(name: str) -> None:
    assert unit(name)
    assert label(name) != name
