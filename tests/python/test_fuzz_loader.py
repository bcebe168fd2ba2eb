"""Fuzzing the loader through the Python API: only ScenarioError may come out.

Mutations of every scenario and bad-scenario file (as JSON values and as
bytes) and of the CSV order files are loaded; each must give a Scenario or a
ScenarioError with a short message, and a small accepted scenario must run a
replication. The suite runs a few hundred examples per test;
``make fuzz-python`` runs many more (FIELDSIM_FUZZ_EXAMPLES). A finding
becomes a file in tests/scenarios/bad with its message in
tests/cpp/model_scenario_io.cpp.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fieldsim  # noqa: E402
from fieldsim import ScenarioError  # noqa: E402
from fieldsim.runner import RunTooLarge  # noqa: E402

TREES = ("scenarios", "tests/scenarios")
EXAMPLES = int(os.environ.get("FIELDSIM_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 500,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass(frozen=True)
class Seed:
    path: Path  # relative to the repository
    raw: bytes

    @property
    def document(self) -> Any:
        try:
            return json.loads(self.raw)
        except ValueError:  # the bad files that are bad JSON
            return None


def _seeds(suffix: str) -> list[Seed]:
    found = []
    for tree in TREES:
        for path in sorted((REPO / tree).rglob(f"*{suffix}")):
            if path.name != "schema.json":
                found.append(Seed(path.relative_to(REPO), path.read_bytes()))
    return found


JSON_SEEDS = _seeds(".json")
DOCUMENT_SEEDS = [seed for seed in JSON_SEEDS if isinstance(seed.document, dict)]
# Each CSV file with the scenario files that read it.
CSV_READERS = {
    csv: [seed for seed in JSON_SEEDS if seed.path.parent == csv.path.parent
          and csv.path.name.encode() in seed.raw]
    for csv in _seeds(".csv")
}
CSV_SEEDS = [csv for csv, readers in CSV_READERS.items() if readers]

NASTY = st.one_of(
    st.sampled_from([0, -1, 1, 0.5, 1e-300, 1e308, -1e308, 2**31, 2**31 - 1, 2**63, 2**64, 10**9,
                     "", "00:00", "24:00", "25:61", "2024-02-30", "install", "repair", "x" * 5000,
                     "\ud800", True, False, None, [], {}, [[[[]]]], float("nan"), float("inf")]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.lists(st.integers(-5, 30), max_size=4),
)
TOKENS = [b"\xff", b"\xc3", b"\xe9", b"[" * 70, b"1e999", b"-", b'"', b",", b"{", b"}", b"]",
          b"NaN", b"Infinity", b"\xef\xbb\xbf", b"\x00", b"\\u0000", b"\\ud800", b"\r\n",
          b"99999999999999999999", b"-0", b"1e-400", b",,,", b"\n1,08:00,0,repair,1e20\n"]


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON value."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) \
        else ()
    for key, value in items:
        out.append((node, key))
        _slots(value, out)
    return out


def _nasty(data: st.DataObject) -> Any:
    # A copy: later mutations must not change the strategy's own lists and dicts.
    return copy.deepcopy(data.draw(NASTY))


def _mutate(document: Any, data: st.DataObject) -> Any:
    slots = _slots(document, [])
    if not slots:
        return _nasty(data)
    parent, key = data.draw(st.sampled_from(slots))
    operation = data.draw(st.sampled_from(["set", "swap", "delete", "scale", "add", "repeat"]))
    value = parent[key]
    if operation == "set":
        parent[key] = _nasty(data)
    elif operation == "swap":
        other, other_key = data.draw(st.sampled_from(slots))
        parent[key] = copy.deepcopy(other[other_key])
    elif operation == "delete":
        del parent[key]
    elif operation == "scale" and isinstance(value, (int, float)) and not isinstance(value, bool):
        factor = data.draw(st.sampled_from([-1, 0, 10, 1000, 10**6, 10**12, 1e300, 1e-3]))
        parent[key] = value * factor
    elif operation == "add" and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["zz", "extends", "csv", "groups", "rules", "when"]))] = \
            _nasty(data)
    elif operation == "repeat" and isinstance(parent, list):
        parent.extend([copy.deepcopy(value)] * data.draw(st.integers(1, 3)))
    return document


def _mutate_bytes(raw: bytes, data: st.DataObject) -> bytes:
    at = data.draw(st.integers(0, len(raw)))
    operation = data.draw(st.sampled_from(["flip", "insert", "token", "cut", "repeat", "end"]))
    if operation == "flip" and at < len(raw):
        return raw[:at] + bytes([data.draw(st.integers(0, 255))]) + raw[at + 1:]
    if operation == "insert":
        return raw[:at] + data.draw(st.binary(max_size=8)) + raw[at:]
    if operation == "token":
        return raw[:at] + data.draw(st.sampled_from(TOKENS)) + raw[at:]
    length = data.draw(st.integers(1, 64))
    if operation == "cut":
        return raw[:at] + raw[at + length:]
    if operation == "repeat":
        return raw[:at] + raw[at:at + length] * data.draw(st.integers(2, 50)) + raw[at:]
    return raw[:at]


def _draw_mutated(seeds: list[Seed], data: st.DataObject) -> tuple[Seed, bytes]:
    """One of `seeds` and its bytes after one to four mutations."""
    seed = data.draw(st.sampled_from(seeds))
    raw = seed.raw
    for _ in range(data.draw(st.integers(1, 4))):
        raw = _mutate_bytes(raw, data)
    return seed, raw


def _check(load: Any) -> None:
    """`load()` gives a Scenario or a short ScenarioError; a small scenario also runs."""
    try:
        scenario = load()
    except ScenarioError as error:
        message = str(error)
        assert message and len(message) < 2000, message[:3000]
        return
    if scenario.expected_orders <= 2000 and scenario.zones <= 400 and scenario.technicians <= 400:
        try:
            fieldsim.run(scenario, replications=1, threads=1, progress=False)
        except RunTooLarge:
            pass


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario trees, copied so that fuzzed files can sit beside the files they name."""
    root = tmp_path_factory.mktemp("fuzz")
    for tree in TREES:
        shutil.copytree(REPO / tree, root / tree)
    return root


@FUZZ
@given(data=st.data())
def test_mutated_documents(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(DOCUMENT_SEEDS))
    document = seed.document
    for _ in range(data.draw(st.integers(1, 4))):
        document = _mutate(document, data)
    if isinstance(document, dict):  # a mutation may replace the whole document
        _check(lambda: fieldsim.load(document, base_dir=REPO / seed.path.parent))


@FUZZ
@given(data=st.data())
def test_mutated_bytes(copied: Path, data: st.DataObject) -> None:
    seed, raw = _draw_mutated(JSON_SEEDS, data)
    fuzzed = copied / seed.path.parent / "fuzzed.json"
    fuzzed.write_bytes(raw)
    _check(lambda: fieldsim.load(fuzzed))


@FUZZ
@given(data=st.data())
def test_mutated_csv_order_files(copied: Path, data: st.DataObject) -> None:
    csv, raw = _draw_mutated(CSV_SEEDS, data)
    (copied / csv.path).write_bytes(raw)
    try:
        reader = data.draw(st.sampled_from(CSV_READERS[csv]))
        _check(lambda: fieldsim.load(copied / reader.path))
    finally:
        (copied / csv.path).write_bytes(csv.raw)


def test_the_seeds_cover_scenarios_bad_files_and_csv() -> None:
    assert len(DOCUMENT_SEEDS) > 100
    assert any(seed.path.parts[:3] == ("tests", "scenarios", "bad") for seed in DOCUMENT_SEEDS)
    assert {csv.path.name for csv in CSV_SEEDS} >= {"history.csv", "bad-zone.csv"}


# Findings, each with its exact message (a non-finite number by its path).
@pytest.mark.parametrize(("value", "said"), [
    (float("nan"), "/horizon/days: expected a finite number, got nan"),
    (float("inf"), "/horizon/days: expected a finite number, got inf"),
    ({1, 2}, "not a JSON document (set is not a JSON value)"),
])
def test_a_dict_that_is_not_json_and_extends_a_file(value: object, said: str) -> None:
    # Found by test_mutated_documents: with "extends", the document went to
    # the engine without the check a document without it had (ValueError).
    document = {"extends": ["base.json"], "horizon": {"days": value}}
    with pytest.raises(ScenarioError) as error:
        fieldsim.load(document, base_dir=REPO / "tests" / "scenarios")
    assert str(error.value) == f"<dict>: {said}"
    with pytest.raises(ScenarioError) as error:
        fieldsim.load({"horizon": {"days": value}})
    assert str(error.value) == f"<dict>: {said}"
