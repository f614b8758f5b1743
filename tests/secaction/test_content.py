"""Reading and checking content/security_action.yaml (dxnavi/secaction/content.py)."""

import copy

import pytest

from dxnavi.secaction import content


def _broken(mutate):
    data = copy.deepcopy(content.data())
    mutate(data)
    return data


def test_content_real_file_is_valid():
    assert content.item_ids() == ("SA1-1", "SA1-2", "SA1-3", "SA1-4", "SA1-5")
    assert content.related_questions()["SA1-5"] == ["SC05", "SC06", "SC20"]
    assert content.version() == "2024.2"


def test_content_check_file_reports_valid():
    assert content.check_file() == ["security_action.yaml 2024.2: 5 one-star items, basic policy with 5 sections — valid"]


@pytest.mark.parametrize(
    "placeholder", ["{company_name.__class__}", "{representative[0]}", "{date!r}", "{date:>10}", "{secret}", "{0}"]
)
def test_content_placeholder_outside_the_three_rejected(placeholder):
    def mutate(data):
        data["basic_policy_template"]["sections"][0]["body"]["ja"] += placeholder

    with pytest.raises(ValueError, match="management_responsibility"):
        content.validate(_broken(mutate))


def test_content_missing_english_text_rejected():
    def mutate(data):
        del data["one_star"]["items"][2]["practice"]["en"]

    with pytest.raises(ValueError, match="SA1-3"):
        content.validate(_broken(mutate))


def test_content_duplicate_item_id_rejected():
    def mutate(data):
        data["one_star"]["items"][1]["id"] = "SA1-1"

    with pytest.raises(ValueError, match="duplicate"):
        content.validate(_broken(mutate))


def test_content_load_content_command_includes_security_action(db):
    from django.core.management import call_command
    from io import StringIO

    out = StringIO()
    call_command("load_content", stdout=out)
    assert "security_action.yaml 2024.2" in out.getvalue()
