"""Outputs are declared once, in the engine; everything else reads that table."""

from __future__ import annotations

from pathlib import Path

import fieldsim
from fieldsim import _core, outputs

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "outputs.md"


def test_every_output_has_a_label_a_unit_an_aggregation_and_a_meaning() -> None:
    frame = outputs.table()
    assert list(frame.index) == fieldsim.OUTPUT_NAMES
    assert frame.notna().all().all()
    assert (frame[["label", "unit", "meaning"]] != "").all().all()
    assert set(frame["aggregation"]) <= {"sum", "ratio", "quantile", "run"}


def test_labels_and_units_come_from_the_engine_table() -> None:
    for row in _core.OUTPUTS:
        assert outputs.unit(row["name"]) == row["unit"]
        assert outputs.label(row["name"]) == f"{row['label']} ({row['unit']})"


def test_the_glossary_page_is_generated_from_the_table() -> None:
    assert GLOSSARY.read_text() == outputs.glossary(), (
        "docs/outputs.md is stale: regenerate it with `fieldsim outputs --markdown > docs/outputs.md`")


def test_the_cli_lists_the_outputs(cli) -> None:
    done = cli("outputs")
    assert done.returncode == 0, done.stderr
    for name in fieldsim.OUTPUT_NAMES:
        assert name in done.stdout
    markdown = cli("outputs", "--markdown")
    assert markdown.stdout == outputs.glossary()


def test_a_mean_over_no_finished_order_is_missing_not_zero(tiny) -> None:
    # No installs at all: their mean turnaround is not 0 (perfect service) but missing,
    # and the summary, over the replications where it is defined, is missing too.
    import fieldsim

    streams = [s for s in tiny.document["orders"] if s["kind"] != "install"]
    run = fieldsim.run(tiny.with_({"orders": streams}), replications=2, seed=1, progress=False)
    assert run.replications["mean_tat_install_min"].isna().all()
    assert run.replications["mean_tat_repair_min"].notna().all()
    assert run.summary.loc["mean_tat_install_min"].isna().all()
    assert run.summary.at["breach_rate_install", "mean"] == 0  # a share of none stays 0
