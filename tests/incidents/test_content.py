"""The incident content files: valid as shipped, each rule of the loader refuses a broken file, and
``load_content`` reports them valid."""

import copy

import pytest
from django.core.management import call_command

from dxnavi.incidents import content
from dxnavi.incidents.domain.drills import score


def test_content_files_valid_and_reported_by_load_content(capsys, db):
    call_command("load_content")
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("incidents/")]
    assert lines == [
        "incidents/runbook.yaml: 4 steps, 4 scenarios, 5 public contacts — valid",
        "incidents/drills.yaml: 3 drill scenarios — valid",
        "incidents/managed_services.yaml: 4 services, 3 price caps — valid",
    ]


def test_runbook_steps_are_the_first_response_in_order():
    assert [s["id"] for s in content.runbook()["steps"]] == ["disconnect", "evidence", "report", "call"]


def _broken(data, change):
    data = copy.deepcopy(data)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["steps"][0].pop("source"), "item 'disconnect' (steps) is missing source"),
        (lambda d: d["steps"][1]["body"].pop("en"), "item 'evidence' (steps) is missing body.en"),
        (lambda d: d["steps"][0].update(source="seed 001 §6-4"), "source must name the publication"),
        (lambda d: d["steps"][2].update(number=7), "steps must be numbered 1, 2, 3, … in order"),
        (lambda d: d["public_contacts"][0].update(url="http://example.test/"), "needs an https url"),
        (lambda d: d["scenarios"].pop(0), "scenarios ['ransomware'] are missing"),
        (lambda d: d["leak_report"]["cases"].pop(), "leak_report cases must be"),
        (lambda d: d["leak_report"].pop("notice"), "leak_report has no 'notice' text mapping"),
        (lambda d: d["scenarios"][0]["steps"].append(dict(d["scenarios"][0]["steps"][0])), "is listed twice"),
    ],
)
def test_runbook_validation_refuses(change, message):
    with pytest.raises(ValueError) as error:
        content.validate_runbook(_broken(content.runbook(), change))
    assert message in str(error.value)


def test_drill_needs_exactly_one_correct_option():
    def two_correct(d):
        d["drills"][0]["questions"][0]["options"][1]["correct"] = True

    with pytest.raises(ValueError) as error:
        content.validate_drills(_broken(content.drills(), two_correct))
    assert "needs exactly one correct option" in str(error.value)


def test_services_need_the_subsidy_frame():
    with pytest.raises(ValueError) as error:
        content.validate_services(_broken(content.services(), lambda d: d["subsidy"].pop("frame_id")))
    assert "subsidy with frame_id and source is missing" in str(error.value)


def test_services_subsidy_frame_exists_in_the_current_catalog():
    import yaml
    from django.conf import settings

    with open(f"{settings.CONTENT_DIR}/subsidies/fy2026.yaml", encoding="utf-8") as fh:
        catalog = yaml.safe_load(fh)
    frames = {f["id"] for p in catalog["programs"] for f in p.get("frames", [])}
    assert content.services()["subsidy"]["frame_id"] in frames


def test_drill_score_counts_runbook_answers():
    drill = content.drill("ransomware")
    result = score(drill, {"q1": "a", "q2": "a", "q3": "a", "q4": "a"})
    assert (result.done, result.total, result.missed) == (3, 4, ("q2",))
