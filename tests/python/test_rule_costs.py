"""The rule-cost benchmark's variants of the city (benchmarks/rule_costs.py) are
scenarios the engine takes, each differing from the city by its rule alone."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import fieldsim

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import rule_costs  # noqa: E402  (a script beside its helpers, not a package)


@pytest.fixture(scope="module")
def variants() -> dict[str, dict]:
    return rule_costs.variants()


def loaded(doc: dict, tmp_path: Path) -> fieldsim.Scenario:
    path = tmp_path / "variant.json"
    path.write_text(json.dumps(doc))
    return fieldsim.load(path)


def test_every_variant_loads_and_differs_from_the_city(variants, tmp_path) -> None:
    city = variants["all rules"]
    for name, doc in variants.items():
        loaded(doc, tmp_path)
        assert (doc == city) == (name == "all rules"), name


def test_each_rule_taken_out_is_gone(variants, tmp_path) -> None:
    def groups(name: str) -> list[dict]:
        return variants[name]["technicians"]["groups"]

    assert variants["without law (overtime limits)"]["law"] == "off"
    assert not any(g.get("emergency") for g in groups("without emergency team"))
    assert not any("break" in g["shift"] for g in groups("without breaks"))
    assert variants["without per-job evening"]["evening"]["model"] == "per_evening"
    assert "skills" not in variants["without skills"]
    assert "visits" not in variants["without failed visits, third parties"]
    assert "night_limit" not in variants["without night limit"]["technicians"]
    none = loaded(variants["without all of them"], tmp_path)
    assert none.get("law") in (None, "off") and none.get("skills") is None
