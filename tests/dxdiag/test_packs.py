"""The two DX packs as content: common content rules, loader validation of the new parts, versions."""

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from dxnavi.assessments import loader, services
from dxnavi.assessments.models import QuestionnairePack
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, maturity_answers, stage_answers
from tests.factories import CompanyFactory

DIR = Path(settings.CONTENT_DIR) / "questionnaires"
FILES = {STAGE_PACK: DIR / "dx_stage.yaml", MATURITY_PACK: DIR / "dx_maturity.yaml"}
AS_OF_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def _raw(pack_id):
    return yaml.safe_load(FILES[pack_id].read_text(encoding="utf-8"))


def _items(node, root=True):
    """Every mapping with an ``id`` (or a ``level``) anywhere in the document, except the document itself."""
    if isinstance(node, dict):
        if ("id" in node or "level" in node and "label" in node) and not root:
            yield node
        for value in node.values():
            yield from _items(value, root=False)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value, root=False)


def _texts(node):
    if isinstance(node, dict):
        if {"ja", "en"} & set(node):
            yield node
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


@pytest.mark.parametrize("pack_id", [STAGE_PACK, MATURITY_PACK])
def test_dx_pack_every_item_has_source_and_as_of(pack_id):
    problems = []
    for item in _items(_raw(pack_id)):
        name = item.get("id", item.get("level"))
        for key in ("source", "as_of"):
            if not item.get(key):
                problems.append((name, key))
        if not AS_OF_RE.match(str(item.get("as_of", ""))):
            problems.append((name, "as_of format"))
    assert problems == []


@pytest.mark.parametrize("pack_id", [STAGE_PACK, MATURITY_PACK])
def test_dx_pack_every_text_has_ja_and_en(pack_id):
    bad = [t for t in _texts(_raw(pack_id)) if not all(isinstance(t.get(k), str) and t[k].strip() for k in ("ja", "en"))]
    assert bad == []


def _id_lists(node):
    """Every list of mappings with ids (parts, questions, options, bands, activities, requirements)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _id_lists(value)
    elif isinstance(node, list):
        ids = [item["id"] for item in node if isinstance(item, dict) and "id" in item]
        if ids:
            yield ids
        for value in node:
            yield from _id_lists(value)


@pytest.mark.parametrize("pack_id", [STAGE_PACK, MATURITY_PACK])
def test_dx_pack_ids_unique(pack_id):
    raw = _raw(pack_id)
    duplicates = [ids for ids in _id_lists(raw) if len(ids) != len(set(ids))]
    questions = [q["id"] for part in raw["parts"] for q in part["questions"]]
    assert (duplicates, len(questions) == len(set(questions))) == ([], True)


def test_dx_maturity_pack_has_the_seven_pillars_of_the_code():
    raw = _raw(MATURITY_PACK)
    assert [(p["id"], p["title"]["ja"], len(p["questions"])) for p in raw["parts"]] == [
        ("vision", "経営ビジョン・ビジネスモデルの策定", 2),
        ("strategy", "DX戦略の策定", 3),
        ("organization", "組織づくり", 2),
        ("talent", "デジタル人材の育成・確保", 2),
        ("it_security", "ITシステム・サイバーセキュリティ", 3),
        ("indicators", "成果指標の設定・DX戦略の見直し", 2),
        ("dialogue", "ステークホルダーとの対話", 3),
    ]
    assert [entry["level"] for entry in raw["level_scale"]] == [0, 1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_dx_packs_load_idempotently_and_drop_anchor_keys():
    first = loader.load_questionnaires()
    second = loader.load_questionnaires()
    assert f"questionnaire {STAGE_PACK} 2024.2: stored (content/questionnaires/dx_stage.yaml)" in first
    assert f"questionnaire {MATURITY_PACK} 2024.2: unchanged" in second
    stored = services.current_pack(MATURITY_PACK).definition
    assert not [key for key in stored if key.startswith("x-")]
    assert stored["certification"]["requirements"][0]["source"].startswith("IPA「DX認定制度」")


@pytest.fixture
def pack_dir(tmp_path):
    directory = tmp_path / "questionnaires"
    directory.mkdir()
    for path in FILES.values():
        shutil.copy(path, directory / path.name)
    return directory


def _write(directory, pack_id, data):
    (directory / FILES[pack_id].name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _activity(data, activity_id):
    return next(a for a in data["scoring"]["statistics"]["activities"] if a["id"] == activity_id)


def _mutations():
    def percent_zero(d):
        _activity(d, "cloud")["percent"]["stage2"] = 0

    def percent_missing_stage(d):
        del _activity(d, "rpa")["percent"]["stage4"]

    def n_missing(d):
        del d["scoring"]["statistics"]["n"]["stage3"]

    def self_options(d):
        d["parts"][0]["questions"][0]["options"].pop()

    def unlinked_question(d):
        d["scoring"]["statistics"]["activities"].pop()

    def activity_three_options(d):
        d["parts"][1]["questions"][0]["options"] = [*d["options"], {"id": "maybe", "points": 0, "label": {"ja": "一部", "en": "Partly"}}]

    def unknown_type(d):
        d["parts"][0]["questions"][0]["type"] = "slider"

    def options_on_level(d):
        d["parts"][0]["questions"][0]["options"] = [{"id": "a", "points": 1, "label": {"ja": "あ", "en": "A"}}]

    def scale_gap(d):
        d["level_scale"][2]["level"] = 3

    def no_short(d):
        del d["parts"][3]["short"]

    def band_level(d):
        d["scoring"]["bands"][5]["level"] = 4

    def cert_unknown_item(d):
        d["certification"]["requirements"][0]["checks"][0]["item"] = "DM99"

    def cert_min(d):
        d["certification"]["requirements"][4]["checks"][0]["min"] = 7

    def cert_kind(d):
        d["certification"]["requirements"][8]["checks"].append({"security": "iso27001"})

    def cert_todo(d):
        del d["certification"]["requirements"][2]["todo"]["en"]

    return [
        (STAGE_PACK, "percent_zero", percent_zero, ["activity 'cloud'", "strictly between 0 and 100"]),
        (STAGE_PACK, "percent_missing_stage", percent_missing_stage, ["activity 'rpa'", "each stage"]),
        (STAGE_PACK, "n_missing", n_missing, ["statistics", "'n'"]),
        (STAGE_PACK, "self_options", self_options, ["question 'DS01'", "options must be the stages"]),
        (STAGE_PACK, "unlinked_question", unlinked_question, ["question 'DS14'", "neither the self_question nor linked"]),
        (STAGE_PACK, "activity_three_options", activity_three_options, ["question 'DS02'", "exactly two options"]),
        (MATURITY_PACK, "unknown_type", unknown_type, ["question 'DM01'", "unknown type 'slider'"]),
        (MATURITY_PACK, "options_on_level", options_on_level, ["question 'DM01'", "takes no options"]),
        (MATURITY_PACK, "scale_gap", scale_gap, ["level 3", "expected 2"]),
        (MATURITY_PACK, "no_short", no_short, ["part 'talent'", "'short'"]),
        (MATURITY_PACK, "band_level", band_level, ["scoring", "one 'level' each"]),
        (MATURITY_PACK, "cert_unknown_item", cert_unknown_item, ["requirement 'cert_vision_bm'", "'DM99' is not a level_target question"]),
        (MATURITY_PACK, "cert_min", cert_min, ["requirement 'cert_indicators'", "needs 'min'"]),
        (MATURITY_PACK, "cert_kind", cert_kind, ["requirement 'cert_cybersecurity'", "unknown check"]),
        (MATURITY_PACK, "cert_todo", cert_todo, ["requirement 'cert_strategy_org'", "'todo' needs non-empty ja and en"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("pack_id, name, mutate, expected", _mutations(), ids=[m[1] for m in _mutations()])
def test_dx_pack_invalid_names_file_and_item_and_writes_nothing(pack_dir, pack_id, name, mutate, expected):
    data = copy.deepcopy(_raw(pack_id))
    mutate(data)
    _write(pack_dir, pack_id, data)
    with pytest.raises(ValueError) as error:
        loader.load_questionnaires(pack_dir)
    message = str(error.value)
    assert message.startswith(f"{pack_dir / FILES[pack_id].name}: ")
    for fragment in expected:
        assert fragment in message
    assert QuestionnairePack.objects.count() == 0


@pytest.mark.django_db
def test_dx_stage_new_table_version_keeps_old_results_on_their_table(pack_dir):
    loader.load_questionnaires(pack_dir)
    company = CompanyFactory()
    old = complete(company, STAGE_PACK, stage_answers("stage2", yes=["paperless", "website", "web_meetings"]))
    data = _raw(STAGE_PACK)
    data["version"] = "2025.1"
    _activity(data, "security")["percent"]["stage2"] = 60.0  # a revised table
    _write(pack_dir, STAGE_PACK, data)
    loader.load_questionnaires(pack_dir)
    old.refresh_from_db()
    services.recompute(old)
    assert (old.pack.version, round(old.score_details["posterior"]["stage2"], 4)) == ("2024.2", 0.6941)
    new = complete(company, STAGE_PACK, stage_answers("stage2", yes=["paperless", "website", "web_meetings"]))
    assert new.pack.version == "2025.1" and round(new.score_details["posterior"]["stage2"], 4) != 0.6941


@pytest.mark.django_db
def test_dx_maturity_loads_beside_security_pack_and_scores(pack_dir):
    loader.load_questionnaires(pack_dir)
    done = complete(CompanyFactory(), MATURITY_PACK, maturity_answers(default=(2, 3)))
    assert (done.total_score, done.band_id, done.score_details["target_total"]) == (200, "level2", 300)
