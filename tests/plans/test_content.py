"""content/plans/*.yaml: every item valid, sources name real publications, and the loader's checks."""

import copy

import pytest
import yaml

from dxnavi.content import loaders
from dxnavi.plans import content
from dxnavi.subsidies.domain.rules import ITEM_KINDS


def _raw(filename):
    with content._path(filename).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_content_files_valid():
    assert content.check_all() == ["plans: 5 goals, 10 viewpoints, 12 tool categories, 17 problems, 5 steps — valid"]


def test_content_registered_with_load_content():
    assert content.check_all in loaders._loaders


def test_content_six_common_tools_and_core_systems():
    groups = {}
    for c in content.tools()["categories"]:
        groups.setdefault(c["group"], []).append(c["id"])
    assert groups["common"][:6] == ["cloud_mobile", "business_chat", "website_sns", "nocode_lowcode", "e_workflow", "back_office"]
    assert {"production_management", "construction_management", "sales_inventory"} <= set(groups["core"])


def test_content_cost_types_are_subsidy_kinds():
    used = {k for c in content.tools()["categories"] for k in c["cost_types"]}
    assert used - set(ITEM_KINDS) == set()


def test_content_five_steps_with_seed_task_counts():
    assert [len(s["tasks"]) for s in content.steps()["steps"]] == [5, 4, 3, 5, 6]
    assert [c["id"] for c in content.steps()["consult"]] == ["public_support", "experts", "others"]


def test_content_sources_never_internal_names():
    for filename in content.FILES:
        text = content._path(filename).read_text(encoding="utf-8")
        assert "seed" not in text.lower(), filename


@pytest.mark.parametrize(
    "filename, mutate, message",
    [
        (content.STRATEGY_FILE, lambda d: d["goals"][0].pop("source"), "item 'productivity' (goals) is missing source"),
        (content.STRATEGY_FILE, lambda d: d["goals"][0].pop("as_of"), "item 'productivity' (goals) is missing as_of"),
        (content.STRATEGY_FILE, lambda d: d["goals"][0]["title"].pop("en"), "item 'productivity' (goals) is missing title.en"),
        (content.STRATEGY_FILE, lambda d: d["viewpoints"][0]["goals"].append("nope"), "has unknown goals id 'nope'"),
        (content.STRATEGY_FILE, lambda d: d["goals"][0]["for_stages"].append("stage9"), "has unknown for_stages id 'stage9'"),
        (content.STRATEGY_FILE, lambda d: d["goals"][0].update(source="seed 000 §3"), "source must name the publication"),
        (content.TOOLS_FILE, lambda d: d["categories"][0]["cost_types"].append("lunch"), "has unknown cost_types id 'lunch'"),
        (content.TOOLS_FILE, lambda d: d["problems"][0]["tools"].append("magic"), "has unknown tools id 'magic'"),
        (content.TOOLS_FILE, lambda d: d["categories"][6].update(industries=["Z"]), "has unknown industries id 'Z'"),
        (content.TOOLS_FILE, lambda d: d["categories"][0].update(monthly_cost={"min": 5000, "max": 1000, "source": "x", "as_of": "2026-01"}), "has min above max"),
        (content.TOOLS_FILE, lambda d: d["categories"][0].update(monthly_cost={"min": 1000, "max": 5000}), "is missing source"),
        (content.STEPS_FILE, lambda d: d["steps"][1]["tasks"][0].update(id="s1_direction"), "has a missing or duplicate id"),
        (content.STEPS_FILE, lambda d: d["steps"].pop(0), "must have number 1"),
        (content.STEPS_FILE, lambda d: d["consult"][0].pop("source"), "item 'public_support' (consult) is missing source"),
    ],
)
def test_content_validate_refuses_broken_item(filename, mutate, message):
    data = copy.deepcopy(_raw(filename))
    mutate(data)
    with pytest.raises(ValueError) as excinfo:
        content.validate(filename, data)
    assert message in str(excinfo.value)
    assert str(excinfo.value).startswith(filename)


def test_content_monthly_cost_with_source_accepted():
    data = copy.deepcopy(_raw(content.TOOLS_FILE))
    data["categories"][0]["monthly_cost"] = {"min": 1000, "max": 5000, "source": "某社 料金表 2026", "as_of": "2026-01"}
    assert content.validate(content.TOOLS_FILE, data) is data


def test_content_goals_for_stage_and_pillars():
    assert content.goals_for_stage("stage1") == ["productivity", "resilience"]
    assert content.goals_for_pillars(["it_security", "indicators"]) == ["resilience", "quality", "visibility"]
