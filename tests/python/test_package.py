"""The package surface: exports, typing files, docstrings that help in Jupyter."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import fieldsim
from fieldsim import _core

PACKAGE = Path(fieldsim.__file__).parent


def test_public_names() -> None:
    for name in fieldsim.__all__:
        assert hasattr(fieldsim, name), name
    assert fieldsim.ScenarioError.__module__ == "fieldsim._errors"
    assert list(fieldsim.OUTPUT_NAMES) == list(_core.OUTPUT_NAMES)
    assert fieldsim.load("scenarios/refcity/month.json").kinds == ["install", "repair"]


def test_typing_files_ship_with_the_package() -> None:
    assert (PACKAGE / "py.typed").exists()
    assert (PACKAGE / "_core.pyi").exists()


def test_stub_matches_the_extension() -> None:
    stub = ast.parse((PACKAGE / "_core.pyi").read_text())
    declared = {node.name for node in stub.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    declared |= {node.target.id for node in stub.body if isinstance(node, ast.AnnAssign)}
    declared = {name for name in declared if not name.startswith("_")}  # stub-only aliases
    present = {name for name in dir(_core) if not name.startswith("_")}
    assert declared == present


@pytest.mark.parametrize(
    "function",
    [fieldsim.load, fieldsim.run, fieldsim.sweep, fieldsim.distributed.run, fieldsim.Scenario.with_,
     fieldsim.SweepResult.smallest, fieldsim.plots.sweep_lines, fieldsim.plots.timeline],
)
def test_numpydoc_docstrings(function: object) -> None:
    doc = inspect.getdoc(function) or ""
    assert "Parameters\n----------" in doc and "Returns\n-------" in doc
    signature = inspect.signature(function)  # type: ignore[arg-type]
    for name in signature.parameters:
        if name not in ("self", "settings", "changes"):
            assert f"{name} :" in doc, f"{function}: {name} undocumented"


def test_result_classes_document_their_frames() -> None:
    doc = inspect.getdoc(fieldsim.RunResult) or ""
    for attribute in ("summary", "replications", "technicians", "orders"):
        assert f"{attribute} :" in doc


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6, 1.5])
def test_the_command_honours_ctrl_c_from_its_first_instant(delay: float) -> None:
    # While the package is still being imported (about half a second), as later: exit 130,
    # "interrupted", no traceback. The script itself, not a shell shim that may wrap it.
    import signal
    import subprocess
    import sysconfig
    import time

    command = Path(sysconfig.get_path("scripts")) / "fieldsim"
    assert command.exists(), f"the fieldsim command is not installed in {command.parent}"
    month = Path(__file__).resolve().parents[2] / "scenarios" / "refcity" / "month.json"
    process = subprocess.Popen([str(command), "run", str(month), "-n", "100000", "-t", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
