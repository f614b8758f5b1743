"""Content checks for the security self-check pack and the SECURITY ACTION file.

Plain PyYAML, no Django and no database: these tests only read the files under content/.
"""

import datetime
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PACK_PATH = ROOT / "content" / "questionnaires" / "security_selfcheck.yaml"
SA_PATH = ROOT / "content" / "security_action.yaml"

ALLOWED_PLACEHOLDERS = {"{company_name}", "{representative}", "{date}"}
PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}|\{\{|\}\}")
# Typical leftovers of templates and drafts.
LEFTOVER_MARKERS = ("○○", "〇〇", "××", "＿＿", "TODO", "TBD", "FIXME", "XXX", "lorem", "<placeholder")

# SECURITY ACTION is a self-declaration. The words below may appear only in this one
# sentence, which says that IPA does NOT certify anything and nothing is obtained.
CERTIFICATION_WORDS = ("認定", "取得")
DISCLAIMER_JA = "IPAが各社の対策の状況を認定したり、認証を与えたりする制度ではなく、宣言によって何かを取得するものでもありません。"

AS_OF_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

EXPECTED_OPTIONS = {"yes": 4, "partial": 2, "no": 0, "unknown": -1}
EXPECTED_OPTION_LABELS_JA = {"yes": "実施している", "partial": "一部実施している", "no": "実施していない", "unknown": "わからない"}
EXPECTED_PARTS = [("basic", "基本的対策", 5), ("employee", "従業員としての対策", 13), ("organization", "組織としての対策", 7)]
EXPECTED_BANDS = [("full", 100, 100), ("mostly", 70, 99), ("insufficient", 50, 69), ("urgent", -25, 49)]
EXPECTED_POLICY_SECTIONS = [
    "management_responsibility",
    "internal_structure",
    "employee_efforts",
    "legal_compliance",
    "incident_response",
]


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def pack():
    return _load(PACK_PATH)


@pytest.fixture(scope="module")
def sa():
    return _load(SA_PATH)


def _questions(pack):
    return [q for part in pack["parts"] for q in part["questions"]]


def _walk(node, path="$"):
    """Yield (path, node) for every node of a loaded YAML document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _strings(doc):
    for path, node in _walk(doc):
        if isinstance(node, str):
            yield path, node


def _is_translatable(node):
    return isinstance(node, dict) and ("ja" in node or "en" in node)


# --- questionnaire pack ---------------------------------------------------------------


def test_pack_identity(pack):
    assert pack["id"] == "security_selfcheck"
    assert pack["version"] == "2024.2"
    assert pack["scoring"]["strategy"] == "sum_bands"
    assert pack["scoring"]["unknown_option"] == "unknown"
    assert pack["scoring"]["unknown_option"] in {o["id"] for o in pack["options"]}
    for key in ("title", "intro"):
        assert _is_translatable(pack[key])


def test_options_and_points(pack):
    ids = [o["id"] for o in pack["options"]]
    # "yes"/"no" must stay strings (unquoted they would load as booleans).
    assert all(isinstance(i, str) for i in ids)
    assert ids == list(EXPECTED_OPTIONS)
    assert {o["id"]: o["points"] for o in pack["options"]} == EXPECTED_OPTIONS
    assert all(type(o["points"]) is int for o in pack["options"])
    assert {o["id"]: o["label"]["ja"] for o in pack["options"]} == EXPECTED_OPTION_LABELS_JA


def test_parts_hold_5_13_7_questions(pack):
    got = [(p["id"], p["title"]["ja"], len(p["questions"])) for p in pack["parts"]]
    assert got == EXPECTED_PARTS


def test_25_questions_numbered_1_to_25_with_unique_ids(pack):
    questions = _questions(pack)
    assert len(questions) == 25
    assert [q["number"] for q in questions] == list(range(1, 26))
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    assert ids == [f"SC{n:02d}" for n in range(1, 26)]


def test_parts_follow_official_numbering(pack):
    numbers = {p["id"]: [q["number"] for q in p["questions"]] for p in pack["parts"]}
    assert numbers == {
        "basic": list(range(1, 6)),
        "employee": list(range(6, 19)),
        "organization": list(range(19, 26)),
    }


def test_every_question_has_text_hint_and_advice(pack):
    for q in _questions(pack):
        for key in ("text", "hint", "advice"):
            assert _is_translatable(q.get(key)), (q["id"], key)
        assert q["text"]["ja"].rstrip().endswith("？"), q["id"]
        assert q["text"]["en"].rstrip().endswith("?"), q["id"]
        assert "No." + str(q["number"]) in q["source"], q["id"]
        assert "経済産業省 関東経済産業局" in q["source"] and "自社診断" in q["source"], q["id"]


def test_q8_advice_reflects_ppap_guidance(pack):
    q8 = next(q for q in _questions(pack) if q["number"] == 8)
    assert "PPAP" in q8["advice"]["ja"] and "PPAP" in q8["advice"]["en"]
    assert "クラウド" in q8["advice"]["ja"] and "cloud" in q8["advice"]["en"].lower()
    assert "青森県『中小企業向けDXガイドブック』" in q8["source"]


def test_bands_cover_minus25_to_100_without_gap_or_overlap(pack):
    bands = pack["scoring"]["bands"]
    assert [(b["id"], b["min"], b["max"]) for b in bands] == EXPECTED_BANDS

    points = [o["points"] for o in pack["options"]]
    n = len(_questions(pack))
    lowest, highest = min(points) * n, max(points) * n
    assert (lowest, highest) == (-25, 100)

    # ordered high -> low, each band well-formed, neighbours touching exactly
    assert bands[0]["max"] == highest
    assert bands[-1]["min"] == lowest
    for b in bands:
        assert b["min"] <= b["max"], b["id"]
    for upper, lower in zip(bands, bands[1:]):
        assert upper["min"] == lower["max"] + 1, (upper["id"], lower["id"])

    # and, to be explicit, every reachable score falls into exactly one band
    for score in range(lowest, highest + 1):
        hits = [b["id"] for b in bands if b["min"] <= score <= b["max"]]
        assert len(hits) == 1, (score, hits)

    for b in bands:
        assert _is_translatable(b["label"]) and _is_translatable(b["message"]), b["id"]


# --- both files -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [PACK_PATH, SA_PATH], ids=["selfcheck", "security_action"])
def test_every_translatable_text_has_ja_and_en(path):
    doc = _load(path)
    found = 0
    for where, node in _walk(doc):
        if _is_translatable(node):
            found += 1
            for lang in ("ja", "en"):
                value = node.get(lang)
                assert isinstance(value, str) and value.strip(), f"{where}.{lang} missing or empty"
            assert node["ja"] != node["en"], f"{where}: en is not a translation"
    assert found > 0


@pytest.mark.parametrize("path", [PACK_PATH, SA_PATH], ids=["selfcheck", "security_action"])
def test_every_item_has_ja_en_source_and_as_of(path):
    doc = _load(path)
    items = [(where, node) for where, node in _walk(doc) if isinstance(node, dict) and "id" in node]
    assert items
    for where, item in items:
        assert isinstance(item["id"], str) and re.fullmatch(r"[A-Za-z0-9_\-]+", item["id"]), where
        assert any(_is_translatable(v) for v in item.values()), f"{where} ({item['id']}) has no ja/en text"
        source = item.get("source")
        assert isinstance(source, str) and source.strip(), f"{where} ({item['id']}) has no source"
        as_of = item.get("as_of")
        if isinstance(as_of, datetime.date):
            as_of = as_of.isoformat()
        assert isinstance(as_of, str) and AS_OF_RE.match(as_of), f"{where} ({item['id']}) as_of={as_of!r}"


@pytest.mark.parametrize("path", [PACK_PATH, SA_PATH], ids=["selfcheck", "security_action"])
def test_ids_are_unique_within_file(path):
    ids = [node["id"] for _, node in _walk(_load(path)) if isinstance(node, dict) and "id" in node]
    # option ids and part ids live in other namespaces than question ids, but none collide here
    assert len(ids) == len(set(ids))


def test_no_placeholders_in_selfcheck(pack):
    for where, text in _strings(pack):
        assert not PLACEHOLDER_RE.search(text), f"{where}: {text!r}"
        for marker in LEFTOVER_MARKERS:
            assert marker not in text, f"{where}: leftover {marker!r}"


def test_only_allowed_placeholders_in_security_action(sa):
    for where, text in _strings(sa):
        for match in PLACEHOLDER_RE.findall(text):
            assert match in ALLOWED_PLACEHOLDERS, f"{where}: unexpected placeholder {match!r}"
        for marker in LEFTOVER_MARKERS:
            assert marker not in text, f"{where}: leftover {marker!r}"


def test_placeholders_are_where_they_belong(sa):
    template = sa["basic_policy_template"]
    for lang in ("ja", "en"):
        assert "{company_name}" in template["preamble"]["body"][lang]
        closing = template["closing"]["body"][lang]
        for ph in ALLOWED_PLACEHOLDERS:
            assert ph in closing, (lang, ph)
        for section in template["sections"]:
            assert not PLACEHOLDER_RE.search(section["body"][lang]), section["id"]
    # outside the template nothing is filled in per company
    rest = {k: v for k, v in sa.items() if k != "basic_policy_template"}
    for where, text in _strings(rest):
        assert not PLACEHOLDER_RE.search(text), where


def test_certification_words_only_in_the_disclaimer():
    raw = SA_PATH.read_text(encoding="utf-8")
    assert raw.count(DISCLAIMER_JA) == 1
    rest = raw.replace(DISCLAIMER_JA, "")
    for word in CERTIFICATION_WORDS:
        assert word not in rest, f"{word!r} used outside the disclaimer sentence"


def test_disclaimer_is_part_of_the_self_declaration_note(sa):
    note = sa["note"]["text"]
    assert DISCLAIMER_JA in note["ja"]
    assert "自己宣言" in note["ja"]
    assert "self-declaration" in note["en"]
    assert "certify" in note["en"]


# --- SECURITY ACTION structure ----------------------------------------------------------


def test_one_star_five_principles(sa, pack):
    items = sa["one_star"]["items"]
    assert [i["id"] for i in items] == [f"SA1-{n}" for n in range(1, 6)]
    question_ids = {q["id"] for q in _questions(pack)}
    for item in items:
        assert _is_translatable(item["title"]) and _is_translatable(item["practice"]), item["id"]
        related = item["related_questions"]
        assert related and set(related) <= question_ids, item["id"]
    # each principle points at its own self-check question first
    assert [i["related_questions"][0] for i in items] == ["SC01", "SC02", "SC03", "SC04", "SC05"]


def test_two_star_requirements(sa, pack):
    reqs = sa["two_star"]["requirements"]
    assert [r["id"] for r in reqs] == ["selfcheck_done", "basic_policy_adopted"]
    assert reqs[0]["related_pack"] == pack["id"]
    for r in reqs:
        assert _is_translatable(r["title"]) and _is_translatable(r["explanation"]), r["id"]


def test_basic_policy_template_sections(sa):
    template = sa["basic_policy_template"]
    assert [s["id"] for s in template["sections"]] == EXPECTED_POLICY_SECTIONS
    assert [s["title"]["ja"] for s in template["sections"]] == [
        "経営者の責任",
        "社内体制の整備",
        "従業員の取組み",
        "法令及び契約上の要求事項の遵守",
        "違反及び事故への対応",
    ]
    for part in [template["preamble"], *template["sections"], template["closing"]]:
        assert _is_translatable(part["title"]) and _is_translatable(part["body"]), part["id"]
