"""content/reference/*.yaml: counts, structure, the common content rules, and the loader's checks."""

import datetime
import re
import shutil

import pytest
import yaml

from dxnavi.content import reference
from dxnavi.orgs.domain import sme

REFERENCE_FILES = [reference.PREFECTURES_FILE, reference.JSIC_FILE, reference.SME_FILE]


def _raw(filename):
    with (reference.REFERENCE_DIR / filename).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _items(node, root=True):
    """Every mapping with an ``id`` anywhere in a YAML document, except the document itself."""
    if isinstance(node, dict):
        if "id" in node and not root:
            yield node
        for value in node.values():
            yield from _items(value, root=False)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value, root=False)


def _text_mappings(item):
    return {key: value for key, value in item.items() if isinstance(value, dict) and ({"ja", "en"} & set(value))}


def _clear_caches():
    for loader in (reference._prefecture_data, reference.jsic, reference.jsic_index, reference.sme_rules, sme._rules):
        loader.cache_clear()


# ---------------------------------------------------------------------------- common content rules


@pytest.mark.parametrize("filename", REFERENCE_FILES)
def test_reference_file_every_item_has_id_source_as_of(filename):
    problems = []
    for item in _items(_raw(filename)):
        for key in ("source", "as_of"):
            if not item.get(key):
                problems.append((item["id"], key))
        as_of = item.get("as_of")
        if isinstance(as_of, str) and not re.match(r"^\d{4}-\d{2}(-\d{2})?$", as_of):
            problems.append((item["id"], "as_of format"))
        elif as_of is not None and not isinstance(as_of, (str, datetime.date)):
            problems.append((item["id"], "as_of type"))
    assert problems == []


@pytest.mark.parametrize("filename", REFERENCE_FILES)
def test_reference_file_every_item_has_ja_and_en_text(filename):
    problems = []
    for item in _items(_raw(filename)):
        texts = _text_mappings(item)
        if not texts:
            problems.append((item["id"], "no {ja, en} text"))
        for key, text in texts.items():
            for lang in ("ja", "en"):
                if not isinstance(text.get(lang), str) or not text[lang].strip():
                    problems.append((item["id"], f"{key}.{lang}"))
    assert problems == []


@pytest.mark.parametrize("filename", REFERENCE_FILES)
def test_reference_file_ids_unique(filename):
    ids = [item["id"] for item in _items(_raw(filename))]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_reference_validate_all_loads_without_error():
    assert reference.validate_all() is None


# ---------------------------------------------------------------------------- prefectures


def test_prefectures_count_is_47():
    assert len(reference.prefectures()) == 47


def test_prefectures_codes_are_01_to_47_in_order():
    assert [p["id"] for p in reference.prefectures()] == [f"{n:02d}" for n in range(1, 48)]


@pytest.mark.parametrize(
    ("code", "ja", "en"),
    [
        ("01", "北海道", "Hokkaido"),
        ("13", "東京都", "Tokyo"),
        ("26", "京都府", "Kyoto"),
        ("27", "大阪府", "Osaka"),
        ("28", "兵庫県", "Hyogo"),
        ("47", "沖縄県", "Okinawa"),
    ],
)
def test_prefectures_names_in_both_languages(code, ja, en):
    assert (reference.prefecture_name(code, "ja"), reference.prefecture_name(code, "en")) == (ja, en)


def test_prefectures_suffixes_one_to_three_fu_forty_three_ken():
    names = [p["name"]["ja"] for p in reference.prefectures()]
    counts = (sum(n.endswith("都") for n in names), sum(n.endswith("道") for n in names),
              sum(n.endswith("府") for n in names), sum(n.endswith("県") for n in names))
    assert counts == (1, 1, 2, 43)


def test_prefecture_choices_localized():
    assert (reference.prefecture_choices("ja")[12], reference.prefecture_choices("en")[12]) == (("13", "東京都"), ("13", "Tokyo"))


def test_prefecture_name_unknown_code_is_empty():
    assert reference.prefecture_name("48", "ja") == ""


# ---------------------------------------------------------------------------- JSIC


def test_jsic_majors_are_a_to_t():
    assert [m["id"] for m in reference.jsic()["majors"]] == list("ABCDEFGHIJKLMNOPQRST")


def test_jsic_middles_are_01_to_99():
    assert [m["id"] for m in reference.jsic()["middles"]] == [f"{n:02d}" for n in range(1, 100)]


def test_jsic_every_middle_belongs_to_a_major():
    majors = {m["id"] for m in reference.jsic()["majors"]}
    assert [m["id"] for m in reference.jsic()["middles"] if m["major"] not in majors] == []


def test_jsic_every_major_has_a_middle():
    used = {m["major"] for m in reference.jsic()["middles"]}
    assert [m["id"] for m in reference.jsic()["majors"] if m["id"] not in used] == []


@pytest.mark.parametrize(
    ("major", "middles"),
    [
        ("A", ["01", "02"]),
        ("D", ["06", "07", "08"]),
        ("E", [f"{n:02d}" for n in range(9, 33)]),
        ("G", ["37", "38", "39", "40", "41"]),
        ("I", [f"{n:02d}" for n in range(50, 62)]),
        ("K", ["68", "69", "70"]),
        ("M", ["75", "76", "77"]),
        ("N", ["78", "79", "80"]),
        ("R", [f"{n:02d}" for n in range(88, 97)]),
        ("S", ["97", "98"]),
        ("T", ["99"]),
    ],
)
def test_jsic_middles_of_major(major, middles):
    assert [code for code, _ in reference.jsic_middle_choices(major, "ja")] == middles


def test_jsic_every_minor_under_a_listed_middle():
    middles = {m["id"] for m in reference.jsic()["middles"]}
    bad = [m["id"] for m in reference.jsic()["minors"] if m["middle"] not in middles or not m["id"].startswith(m["middle"])]
    assert bad == []


def test_jsic_every_detail_under_a_listed_minor():
    minors = {m["id"] for m in reference.jsic()["minors"]}
    bad = [d["id"] for d in reference.jsic()["details"] if d["minor"] not in minors or not d["id"].startswith(d["minor"])]
    assert bad == []


def test_jsic_minors_needed_by_sme_rules_listed():
    needed = {"191", "192", "193", "199", "391", "392", "411", "412", "415", "416", "693", "751", "791"}
    assert needed - {m["id"] for m in reference.jsic()["minors"]} == set()


def test_jsic_middles_needing_minor():
    assert reference.jsic_middles_needing_minor() == ["19", "39", "41", "69", "75", "79"]


def test_jsic_major_choices_label_code_and_name():
    assert reference.jsic_major_choices("ja")[6] == ("G", "G 情報通信業")


def test_jsic_minor_choices_for_middle():
    assert reference.jsic_minor_choices("39", "en") == [
        ("390", "390 Head offices and auxiliary establishments (information services)"),
        ("391", "391 Software services"),
        ("392", "392 Information processing and information providing services"),
    ]


@pytest.mark.parametrize(
    ("code", "name"),
    [("E", "製造業"), ("19", "ゴム製品製造業"), ("693", "駐車場業"), ("3921", "情報処理サービス業"), ("581", "")],
)
def test_jsic_name_any_level(code, name):
    assert reference.jsic_name(code, "ja") == name


# ---------------------------------------------------------------------------- SME definitions


@pytest.mark.parametrize(
    ("group", "capital", "employees", "small"),
    [
        ("manufacturing_and_other", 300_000_000, 300, 20),
        ("wholesale", 100_000_000, 100, 5),
        ("retail", 50_000_000, 50, 5),
        ("services", 50_000_000, 100, 5),
    ],
)
def test_sme_rules_group_limits_match_basic_act(group, capital, employees, small):
    groups = {g["id"]: g for g in reference.sme_rules()["industry_groups"]}
    assert (groups[group]["capital_limit_yen"], groups[group]["employee_limit"], groups[group]["small_employee_limit"]) == (
        capital,
        employees,
        small,
    )


@pytest.mark.parametrize(
    ("rule_id", "capital", "employees"),
    [("exc_rubber", 300_000_000, 900), ("exc_software_info", 300_000_000, 300), ("exc_ryokan", 50_000_000, 200)],
)
def test_sme_rules_cabinet_order_exceptions(rule_id, capital, employees):
    rules = {r["id"]: r for r in reference.sme_rules()["sme_exceptions"]}
    assert (rules[rule_id]["capital_limit_yen"], rules[rule_id]["employee_limit"]) == (capital, employees)


def test_sme_rules_small_exception_lodging_and_amusement():
    (rule,) = reference.sme_rules()["small_exceptions"]
    assert (rule["include"], rule["small_employee_limit"]) == (["75", "80"], 20)


def test_sme_rules_every_code_exists_in_jsic():
    data = reference.sme_rules()
    codes = {code for section in ("group_mapping", "sme_exceptions", "small_exceptions") for rule in data[section]
             for key in ("include", "exclude", "partial") for code in rule.get(key) or ()}
    assert codes - set(reference.jsic_index()) == set()


def test_sme_template_missing_raises_value_error():
    with pytest.raises(ValueError, match="sme_definitions.yaml: item 'no_such_template'"):
        reference.sme_template("no_such_template")


# ---------------------------------------------------------------------------- loader fails loudly


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    """A writable copy of content/reference used by the loader for the duration of a test."""
    for filename in REFERENCE_FILES:
        shutil.copy(reference.REFERENCE_DIR / filename, tmp_path / filename)
    monkeypatch.setattr(reference, "REFERENCE_DIR", tmp_path)
    _clear_caches()
    yield tmp_path
    _clear_caches()


def _rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


HOKKAIDO = '  - {id: "01", name: {ja: "北海道", en: "Hokkaido"}, source: *src, as_of: *asof}'


ITEM_01 = "prefectures.yaml: item '01' (items)"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        pytest.param(
            '  - {name: {ja: "北海道", en: "Hokkaido"}, source: *src, as_of: *asof}',
            "prefectures.yaml: items[0] is missing id",
            id="id",
        ),
        pytest.param(
            '  - {id: "01", name: {ja: "北海道", en: "Hokkaido"}, as_of: *asof}', f"{ITEM_01} is missing source", id="source"
        ),
        pytest.param(
            '  - {id: "01", name: {ja: "北海道", en: "Hokkaido"}, source: *src}', f"{ITEM_01} is missing as_of", id="as_of"
        ),
        pytest.param(
            '  - {id: "01", name: {en: "Hokkaido"}, source: *src, as_of: *asof}', f"{ITEM_01} is missing name.ja", id="ja"
        ),
        pytest.param(
            '  - {id: "01", name: {ja: "北海道", en: ""}, source: *src, as_of: *asof}', f"{ITEM_01} is missing name.en", id="en"
        ),
        pytest.param('  - {id: "01", source: *src, as_of: *asof}', f"{ITEM_01} has no 'name' text mapping", id="name"),
        pytest.param(
            '  - {id: "48", name: {ja: "北海道", en: "Hokkaido"}, source: *src, as_of: *asof}',
            "prefectures.yaml: item '48' (items) is not a JIS X 0401 code",
            id="code",
        ),
    ],
)
def test_loader_prefecture_item_missing_field_raises(reference_copy, broken, message):
    _rewrite(reference_copy / reference.PREFECTURES_FILE, HOKKAIDO, broken)
    with pytest.raises(ValueError) as excinfo:
        reference.prefectures()
    assert str(excinfo.value).startswith(message)


def test_loader_jsic_middle_with_unknown_major_raises(reference_copy):
    _rewrite(reference_copy / reference.JSIC_FILE, '{id: "19", major: "E"', '{id: "19", major: "Z"')
    with pytest.raises(ValueError) as excinfo:
        reference.jsic()
    assert str(excinfo.value) == "jsic.yaml: item '19' (middles) has unknown major 'Z'"


def test_loader_jsic_duplicate_id_raises(reference_copy):
    _rewrite(reference_copy / reference.JSIC_FILE, '{id: "02", major: "A"', '{id: "01", major: "A"')
    with pytest.raises(ValueError) as excinfo:
        reference.jsic()
    assert str(excinfo.value) == "jsic.yaml: item '01' (middles) is listed twice"


def test_loader_sme_rule_with_unknown_code_raises(reference_copy):
    _rewrite(reference_copy / reference.SME_FILE, 'include: ["751"]', 'include: ["758"]')
    with pytest.raises(ValueError) as excinfo:
        reference.sme_rules()
    assert str(excinfo.value) == "sme_definitions.yaml: item 'exc_ryokan' (sme_exceptions) names JSIC code '758' not in jsic.yaml"


def test_loader_sme_template_missing_en_raises(reference_copy):
    old = '{id: level_major, text: {ja: "大分類", en: "JSIC section"}'
    _rewrite(reference_copy / reference.SME_FILE, old, '{id: level_major, text: {ja: "大分類"}')
    with pytest.raises(ValueError) as excinfo:
        reference.sme_rules()
    assert str(excinfo.value) == "sme_definitions.yaml: item 'level_major' (templates) is missing text.en"
