"""The notebooks run top to bottom on a fresh kernel, and are stored without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import REPO

nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = REPO / "notebooks"
NAMES = ["planner-staffing.ipynb", "finance-budget.ipynb", "analyst-deep-dive.ipynb",
         "city-breakdown.ipynb", "calibration.ipynb", "workforce-law.ipynb"]


def test_all_notebooks_are_tested() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_a_fresh_kernel(name: str, tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    nbformat.write(notebook, tmp_path / name)  # kept by pytest for a look when one fails
