"""Displayed sources name the real publication; every content loader refuses internal names (issue #10 item 2)."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from dxnavi.content.validation import check_sources

CONTENT = Path(settings.CONTENT_DIR)


def _yaml(relative):
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "source",
    ["seed 004 「自社診断のための25項目」 No.3", "出典：Seed 001", "004_b44efde3dc21b7aa.txt 4-3", "content/subsidies/fy2024.yaml"],
)
def test_check_sources_refuses_internal_names(source):
    with pytest.raises(ValueError, match=r"x\.yaml: item 'a1' source must name the publication"):
        check_sources("x.yaml", {"items": [{"id": "a1", "source": source}]})


def test_check_sources_reads_nested_and_anchor_sources():
    data = {"x-sources": {"code": "seed 004"}, "items": [{"id": "q1", "options": [{"id": "o", "source": "IPA"}]}]}
    with pytest.raises(ValueError, match="'seed'"):
        check_sources("x.yaml", data)
    check_sources("x.yaml", {"items": [{"id": "q1", "source": "独立行政法人情報処理推進機構（IPA）「5分でできる！情報セキュリティ自社診断」 No.3"}]})


def test_check_sources_ignores_text_outside_sources():
    check_sources("x.yaml", {"note": {"ja": "種（seed）", "en": "seed"}, "items": [{"id": "a", "source": "IPA"}]})


def test_every_content_file_has_no_internal_name_in_its_sources():
    for path in sorted(CONTENT.rglob("*.yaml")):
        check_sources(path.name, yaml.safe_load(path.read_text(encoding="utf-8")))


def _with_seed_source(data, key_path):
    bad = copy.deepcopy(data)
    target = bad
    for key in key_path[:-1]:
        target = target[key]
    target[key_path[-1]] = "seed 004"
    return bad


def test_questionnaire_loader_refuses_an_internal_source(tmp_path):
    from dxnavi.assessments import loader

    data = _with_seed_source(_yaml("questionnaires/security_selfcheck.yaml"), ["source"])
    path = tmp_path / "security_selfcheck.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="source must name the publication"):
        loader.read_pack(path)


def test_security_action_loader_refuses_an_internal_source():
    from dxnavi.secaction import content

    with pytest.raises(ValueError, match="source must name the publication"):
        content.validate(_with_seed_source(_yaml("security_action.yaml"), ["source"]))


def test_subsidy_checklist_loader_refuses_an_internal_source():
    from dxnavi.subsidies import loader

    with pytest.raises(ValueError, match="source must name the publication"):
        loader.validate_checklist("checklist.yaml", _with_seed_source(_yaml("subsidies/checklist.yaml"), ["source"]))


def test_plans_loader_refuses_an_internal_source():
    from dxnavi.plans import content

    data = _yaml("plans/steps.yaml")
    data["x-sources"] = {"steps": "seed 001 5-①"}
    with pytest.raises(ValueError, match="source must name the publication"):
        content.validate("steps.yaml", data)


def test_reference_loader_refuses_an_internal_source(tmp_path, monkeypatch):
    from dxnavi.content import reference

    data = _with_seed_source(_yaml("reference/prefectures.yaml"), ["source"])
    (tmp_path / "prefectures.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(reference, "REFERENCE_DIR", tmp_path)
    with pytest.raises(ValueError, match="source must name the publication"):
        reference._read("prefectures.yaml")
