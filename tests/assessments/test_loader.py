"""Loading questionnaire packs: validation, idempotency, checksums, versions side by side."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from dxnavi.assessments import loader, services
from dxnavi.assessments.domain import packs
from dxnavi.assessments.models import QuestionnairePack
from dxnavi.content import loaders
from tests.assessments.helpers import PACK_ID, all_answers, complete_with, draft_with, member_access
from tests.factories import CompanyFactory

SOURCE = Path(settings.CONTENT_DIR) / "questionnaires" / "security_selfcheck.yaml"


@pytest.fixture
def pack_dir(tmp_path):
    directory = tmp_path / "questionnaires"
    directory.mkdir()
    shutil.copy(SOURCE, directory / "security_selfcheck.yaml")
    return directory


def _definition():
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def _write(directory, data, name="security_selfcheck.yaml"):
    (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rows():
    return list(QuestionnairePack.objects.order_by("pk").values_list("pack_id", "version", "checksum"))


@pytest.mark.django_db
def test_loader_stores_pack_once_and_is_idempotent(pack_dir):
    first = loader.load_questionnaires(pack_dir)
    second = loader.load_questionnaires(pack_dir)
    stored = QuestionnairePack.objects.get()
    assert (stored.pack_id, stored.version) == (PACK_ID, "2024.2")
    assert stored.checksum == packs.checksum(packs.normalize(_definition()))
    assert len(stored.spec.questions) == 25
    assert first == [f"questionnaire security_selfcheck 2024.2: stored ({pack_dir / 'security_selfcheck.yaml'})"]
    assert second == ["questionnaire security_selfcheck 2024.2: unchanged"]
    assert QuestionnairePack.objects.count() == 1


@pytest.mark.django_db
def test_loader_is_registered_with_load_content():
    lines = loaders.load_all()
    assert any(line.startswith("questionnaire security_selfcheck 2024.2") for line in lines)
    assert QuestionnairePack.objects.filter(pack_id=PACK_ID).count() == 1


@pytest.mark.django_db
def test_loader_same_version_with_changed_content_fails_loudly(pack_dir):
    loader.load_questionnaires(pack_dir)
    before = _rows()
    data = _definition()
    data["parts"][0]["questions"][0]["text"]["ja"] = "変更した質問文ですか？"
    _write(pack_dir, data)
    with pytest.raises(ValueError) as error:
        loader.load_questionnaires(pack_dir)
    assert "security_selfcheck.yaml" in str(error.value)
    assert "bump the version" in str(error.value)
    assert _rows() == before


@pytest.mark.django_db
def test_loader_ignores_formatting_only_changes(pack_dir):
    loader.load_questionnaires(pack_dir)
    _write(pack_dir, _definition())  # same content, different YAML layout and no comments
    assert loader.load_questionnaires(pack_dir)[0].endswith("unchanged")


@pytest.mark.django_db
def test_loader_new_version_is_stored_beside_old_and_old_results_keep_theirs(pack_dir):
    loader.load_questionnaires(pack_dir)
    company = CompanyFactory()
    old = complete_with(company, all_answers("partial"))
    assert old.total_score == 50

    data = _definition()
    data["version"] = "2024.3"
    data["parts"][0]["questions"][0]["text"]["ja"] = "新しい版の質問文ですか？"
    for option in data["options"]:
        if option["id"] == "partial":
            option["points"] = 3  # a revised pack scores "partly" higher
    _write(pack_dir, data)
    lines = loader.load_questionnaires(pack_dir)

    assert [(p, v) for p, v, _c in _rows()] == [(PACK_ID, "2024.2"), (PACK_ID, "2024.3")]
    assert lines[0].startswith("questionnaire security_selfcheck 2024.3: stored")
    assert services.current_pack(PACK_ID).version == "2024.3"
    old.refresh_from_db()
    services.recompute(old)
    assert (old.pack.version, old.total_score) == ("2024.2", 50)
    assert old.pack.spec.question("SC01")["text"]["ja"] != "新しい版の質問文ですか？"
    new = complete_with(company, all_answers("partial"))
    assert (new.pack.version, new.total_score) == ("2024.3", 75)


@pytest.mark.django_db
def test_loader_draft_on_old_version_is_resumed_on_that_version(pack_dir):
    loader.load_questionnaires(pack_dir)
    company = CompanyFactory()
    draft = draft_with(company, {"SC01": "yes"})
    data = _definition()
    data["version"] = "2025.1"
    _write(pack_dir, data)
    loader.load_questionnaires(pack_dir)
    resumed = services.start_or_resume(company, PACK_ID, None, member_access(company))
    assert (resumed.pk, resumed.pack.version) == (draft.pk, "2024.2")


def _mutations():
    def unquoted_yes(text):
        return text.replace('- id: "yes"', "- id: yes", 1)

    def duplicate_question(data):
        data["parts"][1]["questions"][0]["id"] = "SC01"

    def missing_en(data):
        del data["parts"][1]["questions"][1]["text"]["en"]

    def band_gap(data):
        data["scoring"]["bands"][1]["min"] = 71

    def unknown_strategy(data):
        data["scoring"]["strategy"] = "magic"

    def float_version(text):
        return text.replace('version: "2024.2"', "version: 2024.2", 1)

    def points_not_int(data):
        data["options"][1]["points"] = "2"

    return [
        ("unquoted_yes", unquoted_yes, ["option", "quoted string"]),
        ("duplicate_question", duplicate_question, ["question 'SC01'", "duplicate question id"]),
        ("missing_en", missing_en, ["question 'SC07'", "ja and en"]),
        ("band_gap", band_gap, ["band 'insufficient'", "max must be 70"]),
        ("unknown_strategy", unknown_strategy, ["scoring", "'magic'"]),
        ("float_version", float_version, ["pack", "version"]),
        ("points_not_int", points_not_int, ["option 'partial'", "points"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name, mutate, expected", _mutations(), ids=[m[0] for m in _mutations()])
def test_loader_invalid_pack_names_file_and_item_and_writes_nothing(pack_dir, name, mutate, expected):
    good = _definition()
    good["id"] = "another_pack"
    _write(pack_dir, good, name="a_valid_pack.yaml")  # valid, sorted first: must not be stored either
    path = pack_dir / "security_selfcheck.yaml"
    text = path.read_text(encoding="utf-8")
    result = mutate(text) if name in ("unquoted_yes", "float_version") else None
    if result is not None:
        path.write_text(result, encoding="utf-8")
    else:
        data = copy.deepcopy(_definition())
        mutate(data)
        _write(pack_dir, data)
    with pytest.raises(ValueError) as error:
        loader.load_questionnaires(pack_dir)
    message = str(error.value)
    assert message.startswith(f"{pack_dir / 'security_selfcheck.yaml'}: ")
    for fragment in expected:
        assert fragment in message
    assert QuestionnairePack.objects.count() == 0


@pytest.mark.django_db
def test_loader_duplicate_pack_version_in_two_files_fails(pack_dir):
    shutil.copy(pack_dir / "security_selfcheck.yaml", pack_dir / "copy.yaml")
    with pytest.raises(ValueError) as error:
        loader.load_questionnaires(pack_dir)
    assert "also defined in" in str(error.value)
    assert QuestionnairePack.objects.count() == 0
