"""Loading scenarios, changing settings with with_, and the errors on the way."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from conftest import BAD_WORK_TIME, MONTH, REPO, TINY

import fieldsim
from fieldsim import ScenarioError


def test_load_file_resolves_extends(tiny: fieldsim.Scenario) -> None:
    assert (tiny.name, tiny.days, tiny.technicians, tiny.zones) == ("tiny", 3, 130, 64)
    assert "extends" not in tiny.document
    # Inherited from refcity/month.json and, through it, the same-day policy.
    assert tiny.document["orders"][0]["per_day"] == 350
    assert tiny.document["sla"]["cutoff"] == "16:00"
    assert tiny.source == str(TINY)


def test_a_bad_value_is_named_in_the_file_that_sets_it(tmp_path) -> None:
    # child.json extends ../base/branch.json, which extends refcity's month.
    (tmp_path / "base").mkdir()
    (tmp_path / "child").mkdir()
    branch = {"extends": [str(MONTH)], "technicians": {"count": "many"},
              "orders": [{"kind": "repair", "per_day": -1, "zones": "uniform",
                          "work_time": {"dist": "exponential", "mean_min": 30}}]}
    (tmp_path / "base" / "branch.json").write_text(json.dumps(branch))
    child = tmp_path / "child" / "child.json"
    child.write_text(json.dumps({"extends": ["../base/branch.json"], "name": "child",
                                 "technicians": {"home": "round_robin"}}))
    branch_path = str(tmp_path / "base" / "branch.json")
    with pytest.raises(ScenarioError) as caught:
        fieldsim.load(child)
    assert (caught.value.source, caught.value.path) == (branch_path, "/orders/0/per_day")
    assert str(caught.value).startswith(f"{branch_path}: /orders/0/per_day: ")
    # Set in the child too: the child's value is the one read.
    child.write_text(json.dumps({"extends": ["../base/branch.json"], "name": "child",
                                 "orders": [{"kind": "repair", "per_day": -2,
                                             "zones": "uniform", "work_time": {
                                                 "dist": "exponential", "mean_min": 30}}]}))
    with pytest.raises(ScenarioError, match=r"^.*child\.json: /orders/0/per_day: .*got -2"):
        fieldsim.load(child)
    # Within an object both files set, a key only the base sets is the base's.
    child.write_text(json.dumps({"extends": ["../base/branch.json"], "name": "child",
                                 "orders": [{"kind": "repair", "per_day": 5, "zones": "uniform",
                                             "work_time": {"dist": "exponential",
                                                           "mean_min": 30}}]}))
    with pytest.raises(ScenarioError) as caught:
        fieldsim.load(child)
    assert (caught.value.source, caught.value.path) == (branch_path, "/technicians/count")


def test_load_accepts_dict_path_and_scenario(tiny: fieldsim.Scenario) -> None:
    from_dict = fieldsim.load(tiny.document)
    assert from_dict.document == tiny.document and from_dict.source == "<dict>"
    assert fieldsim.load(tiny.document, base_dir=TINY.parent) == tiny
    assert fieldsim.load(str(TINY)) == tiny
    assert fieldsim.load(tiny) is tiny


def test_document_is_a_copy(tiny: fieldsim.Scenario) -> None:
    document = tiny.document
    document["technicians"]["count"] = 1
    assert tiny.document["technicians"]["count"] == 130


def test_to_json_round_trip(tiny: fieldsim.Scenario) -> None:
    assert fieldsim.load(json.loads(tiny.to_json()), base_dir=TINY.parent) == tiny


def test_with_returns_validated_copy(tiny: fieldsim.Scenario) -> None:
    changed = tiny.with_(**{"technicians.count": 180, "evening.premium_cny": 30})
    assert changed.technicians == 180
    assert changed.document["evening"]["premium_cny"] == 30
    assert tiny.technicians == 130  # the original is unchanged
    assert changed.source == tiny.source


def test_with_list_index_and_mapping_argument(tiny: fieldsim.Scenario) -> None:
    changed = tiny.with_({"orders.0.per_day": 200}, **{"orders.1.per_day": 100})
    assert [o["per_day"] for o in changed.document["orders"]] == [200, 100]


def test_with_accepts_numpy_numbers(tiny: fieldsim.Scenario) -> None:
    changed = tiny.with_(**{"technicians.count": np.int64(150), "evening.premium_cny": np.float64(7.5)})
    assert changed.technicians == 150
    assert changed.document["evening"]["premium_cny"] == 7.5


@pytest.mark.parametrize(
    ("setting", "pointer"),
    [
        ("technicians.cnt", "/technicians/cnt"),
        ("orders.2.per_day", "/orders/2"),
        ("orders.first.per_day", "/orders/first"),
        ("name.x", "/name/x"),
        ("nothing", "/nothing"),
    ],
)
def test_with_unknown_path_is_scenario_error(tiny: fieldsim.Scenario, setting: str, pointer: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        tiny.with_(**{setting: 1})
    assert caught.value.path == pointer
    assert caught.value.source == str(TINY)
    assert str(caught.value).startswith(f"{TINY}: {pointer}: no such setting")


def test_with_sets_a_documented_key_left_at_its_default() -> None:
    city = fieldsim.load(REPO / "scenarios" / "examples" / "city-month.json")
    assert city.get("dispatch.escalation_lead_min") is None
    changed = city.with_({"dispatch.escalation_lead_min": 30, "evening.per_job.b": 2.0})
    assert changed.get("dispatch.escalation_lead_min") == 30
    assert changed.get("evening.per_job.b") == 2.0
    assert changed.get("evening.per_job.base_money_cny") == city.get("evening.per_job.base_money_cny")
    # The change reaches the engine: a steeper curve in money.
    assert changed.evening_acceptance(80.0, 2.0) != city.evening_acceptance(80.0, 2.0)
    with pytest.raises(ScenarioError, match=r"/evening/per_job/bb: no such setting "
                       r"\('evening.per_job.bb'\): expected one of a, b, c"):
        city.with_({"evening.per_job.bb": 2.0})


def test_with_says_a_bad_value_was_given_not_read_from_the_file() -> None:
    city = fieldsim.load(REPO / "scenarios" / "examples" / "city-month.json")
    with pytest.raises(ScenarioError) as caught:
        city.with_({"technicians.groups.late.count": -3})
    assert caught.value.path == "/technicians/groups/1/count"
    assert str(caught.value).endswith("got -3 (the value given for "
                                      "'technicians.groups.late.count')")


def test_with_names_a_list_element_by_its_name() -> None:
    city = fieldsim.load(REPO / "scenarios" / "examples" / "city-month.json")
    changed = city.with_(**{"technicians.groups.late.count": 120, "technicians.groups.0.count": 190})
    counts = {group["name"]: group["count"] for group in changed.document["technicians"]["groups"]}
    assert counts["late"] == 120 and counts["early"] == 190
    with pytest.raises(ScenarioError) as caught:
        city.with_(**{"technicians.groups.night.count": 1})
    assert caught.value.path == "/technicians/groups/night"
    assert "a name: early, late, repair, enterprise, emergency" in str(caught.value)


@pytest.mark.parametrize(
    ("setting", "value", "pointer"),
    [
        ("technicians.count", -3, "/technicians/count"),
        ("technicians.count", 2.5, "/technicians/count"),
        ("orders.1.work_time.mean_min", "long", "/orders/1/work_time/mean_min"),
        ("evening.premium_cny", float("nan"), "/evening/premium_cny"),
        ("evening.premium_cny", {1, 2}, "/evening/premium_cny"),
    ],
)
def test_with_validates_values(tiny: fieldsim.Scenario, setting: str, value: object, pointer: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        tiny.with_(**{setting: value})
    assert caught.value.path == pointer


def test_invalid_file_names_json_path() -> None:
    with pytest.raises(ScenarioError) as caught:
        fieldsim.load(BAD_WORK_TIME)
    error = caught.value
    assert error.path == "/orders/1/work_time/mean_min"
    assert str(error) == (f"{BAD_WORK_TIME}: /orders/1/work_time/mean_min: "
                          "expected a number in (0, 525600], got -5")
    assert isinstance(error, ValueError)  # catchable as the builtin it refines


def test_invalid_dict_names_source_and_path(tiny: fieldsim.Scenario) -> None:
    document = tiny.document
    document["horizon"]["days"] = 0
    with pytest.raises(ScenarioError) as caught:
        fieldsim.load(document)
    assert (caught.value.source, caught.value.path) == ("<dict>", "/horizon/days")


def test_missing_file_is_scenario_error(tmp_path) -> None:
    with pytest.raises(ScenarioError, match="no such scenario file"):
        fieldsim.load(tmp_path / "absent.json")


def test_pickle_round_trip(tiny: fieldsim.Scenario) -> None:
    copy = pickle.loads(pickle.dumps(tiny))
    assert copy == tiny and copy.name == "tiny" and copy.base_dir == tiny.base_dir


def test_repr_names_the_essentials() -> None:
    text = repr(fieldsim.load(MONTH))
    assert text == "<Scenario 'refcity-month': 30 days, 130 technicians, 64 zones>"


def test_load_dict_with_extends_resolves_relative_to_base_dir() -> None:
    document = {"extends": ["tiny.json"], "name": "tinier", "horizon": {"days": 1}}
    scenario = fieldsim.load(document, base_dir=TINY.parent)
    assert (scenario.name, scenario.days) == ("tinier", 1)
    assert "extends" not in scenario.document
    assert scenario.with_(**{"technicians.count": 90}).technicians == 90


def test_get_reads_a_dotted_path_or_gives_the_default() -> None:
    city = fieldsim.load(REPO / "scenarios" / "examples" / "city-month.json")
    assert city.get("technicians.groups.late.shift.end") == "20:00"
    assert city.get("technicians.groups.1.shift.end") == "20:00"
    assert city.get("horizon.days") == 30
    assert city.get("dispatch.escalation_lead_min") is None  # left at its default
    assert city.get("technicians.groups.nobody.count", 0) == 0
