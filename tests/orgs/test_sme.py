"""中小企業者 / 小規模企業者 classification: every threshold on both sides, exceptions, ambiguity."""

import pytest
from django.utils import translation

from dxnavi.orgs.domain.sme import SmeResult, classify, format_yen

OKU = 100_000_000
MAN = 10_000
BIG_CAPITAL = 10 * OKU  # above every capital limit, so only the employee test can pass


def run(major, middle=None, minor=None, *, capital=None, employees=0, sole=False, lang="ja"):
    return classify(
        industry_major=major,
        industry_middle=middle,
        industry_minor=minor,
        capital_yen=capital,
        employees=employees,
        is_sole_proprietor=sole,
        lang=lang,
    )


# ---------------------------------------------------------------------------- industry → group

GROUP_TABLE = [
    # wholesale: I 50–55
    ("I", "50", None, "wholesale"),
    ("I", "55", None, "wholesale"),
    # retail: I 56–61, M 76 and 77
    ("I", "56", None, "retail"),
    ("I", "61", None, "retail"),
    ("I", "58", "581", "retail"),
    ("M", "76", None, "retail"),
    ("M", "77", None, "retail"),
    # services
    ("G", "38", None, "services"),
    ("G", "39", "390", "services"),
    ("G", "41", "411", "services"),
    ("G", "41", "412", "services"),
    ("G", "41", "415", "services"),
    ("G", "41", "416", "services"),
    ("K", "69", "693", "services"),
    ("K", "70", None, "services"),
    ("L", None, None, "services"),
    ("L", "74", None, "services"),
    ("M", "75", "759", "services"),
    ("N", "78", None, "services"),
    ("N", "79", "796", "services"),
    ("N", "80", None, "services"),
    ("O", None, None, "services"),
    ("P", "83", None, "services"),
    ("Q", None, None, "services"),
    ("R", "92", None, "services"),
    # everything else: manufacturing and other
    ("G", "37", None, "manufacturing_and_other"),
    ("G", "40", None, "manufacturing_and_other"),
    ("G", "41", "410", "manufacturing_and_other"),
    ("G", "41", "413", "manufacturing_and_other"),
    ("G", "41", "414", "manufacturing_and_other"),
    ("K", "68", None, "manufacturing_and_other"),
    ("K", "69", "691", "manufacturing_and_other"),
    ("K", "69", "694", "manufacturing_and_other"),
    ("N", "79", "791", "manufacturing_and_other"),
    ("A", None, None, "manufacturing_and_other"),
    ("D", "06", None, "manufacturing_and_other"),
    ("E", "09", None, "manufacturing_and_other"),
    ("H", "44", None, "manufacturing_and_other"),
    ("J", None, None, "manufacturing_and_other"),
    ("S", "98", None, "manufacturing_and_other"),
    ("T", "99", None, "manufacturing_and_other"),
]


@pytest.mark.parametrize(("major", "middle", "minor", "group"), GROUP_TABLE)
def test_classify_industry_code_maps_to_group(major, middle, minor, group):
    result = run(major, middle, minor, employees=1)
    assert (result.group, result.needs_detail) == (group, "")


# ---------------------------------------------------------------------------- 中小企業者 limits

# (industry codes, capital limit, employee limit) per 中小企業基本法 第2条第1項
GROUP_LIMITS = [
    pytest.param(("E", "09", None), 3 * OKU, 300, id="manufacturing_and_other"),
    pytest.param(("I", "50", None), 1 * OKU, 100, id="wholesale"),
    pytest.param(("I", "58", None), 5000 * MAN, 50, id="retail"),
    pytest.param(("L", "72", None), 5000 * MAN, 100, id="services"),
]


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit"), GROUP_LIMITS)
def test_classify_capital_at_limit_is_sme(codes, capital_limit, employee_limit):
    result = run(*codes, capital=capital_limit, employees=employee_limit + 1)
    assert (result.is_sme, result.capital_limit_yen) == (True, capital_limit)


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit"), GROUP_LIMITS)
def test_classify_capital_one_yen_over_limit_is_not_sme(codes, capital_limit, employee_limit):
    result = run(*codes, capital=capital_limit + 1, employees=employee_limit + 1)
    assert (result.is_sme, result.is_small) == (False, False)


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit"), GROUP_LIMITS)
def test_classify_employees_at_limit_is_sme(codes, capital_limit, employee_limit):
    result = run(*codes, capital=BIG_CAPITAL, employees=employee_limit)
    assert (result.is_sme, result.employee_limit) == (True, employee_limit)


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit"), GROUP_LIMITS)
def test_classify_employees_one_over_limit_is_not_sme(codes, capital_limit, employee_limit):
    result = run(*codes, capital=BIG_CAPITAL, employees=employee_limit + 1)
    assert result.is_sme is False


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit"), GROUP_LIMITS)
def test_classify_both_within_limits_is_sme(codes, capital_limit, employee_limit):
    assert run(*codes, capital=capital_limit, employees=employee_limit).is_sme is True


# ---------------------------------------------------------------------------- 政令 exceptions

# (codes, capital limit, employee limit, rule id)
EXCEPTIONS = [
    pytest.param(("E", "19", "192"), 3 * OKU, 900, "exc_rubber", id="rubber 192"),
    pytest.param(("E", "19", "199"), 3 * OKU, 900, "exc_rubber", id="rubber 199"),
    pytest.param(("E", "19", "1932"), 3 * OKU, 900, "exc_rubber", id="rubber hoses 1932"),
    pytest.param(("G", "39", "391"), 3 * OKU, 300, "exc_software_info", id="software 391"),
    pytest.param(("G", "39", "3921"), 3 * OKU, 300, "exc_software_info", id="information processing 3921"),
    pytest.param(("M", "75", "751"), 5000 * MAN, 200, "exc_ryokan", id="ryokan 751"),
]


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit", "rule_id"), EXCEPTIONS)
def test_classify_exception_employees_at_limit_is_sme(codes, capital_limit, employee_limit, rule_id):
    result = run(*codes, capital=BIG_CAPITAL, employees=employee_limit)
    assert (result.is_sme, result.employee_limit, rule_id in result.rule_ids) == (True, employee_limit, True)


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit", "rule_id"), EXCEPTIONS)
def test_classify_exception_employees_one_over_limit_is_not_sme(codes, capital_limit, employee_limit, rule_id):
    assert run(*codes, capital=BIG_CAPITAL, employees=employee_limit + 1).is_sme is False


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit", "rule_id"), EXCEPTIONS)
def test_classify_exception_capital_at_limit_is_sme(codes, capital_limit, employee_limit, rule_id):
    result = run(*codes, capital=capital_limit, employees=employee_limit + 1)
    assert (result.is_sme, result.capital_limit_yen) == (True, capital_limit)


@pytest.mark.parametrize(("codes", "capital_limit", "employee_limit", "rule_id"), EXCEPTIONS)
def test_classify_exception_capital_one_yen_over_limit_is_not_sme(codes, capital_limit, employee_limit, rule_id):
    assert run(*codes, capital=capital_limit + 1, employees=employee_limit + 1).is_sme is False


@pytest.mark.parametrize(
    ("codes", "employees", "expected_limit"),
    [
        pytest.param(("E", "19", "1911"), 301, 300, id="automobile tires excluded from rubber exception"),
        pytest.param(("E", "19", "1931"), 301, 300, id="rubber belts excluded from rubber exception"),
        pytest.param(("G", "39", "3922"), 101, 100, id="information providing is general services"),
        pytest.param(("G", "39", "3923"), 101, 100, id="market research is general services"),
        pytest.param(("M", "75", "752"), 101, 100, id="common lodging houses are general services"),
        pytest.param(("M", "75", "753"), 101, 100, id="boarding houses are general services"),
    ],
)
def test_classify_outside_exception_uses_general_limit(codes, employees, expected_limit):
    result = run(*codes, capital=BIG_CAPITAL, employees=employees)
    assert (result.is_sme, result.employee_limit, result.needs_detail) == (False, expected_limit, "")


def test_classify_rubber_exception_rule_ids():
    assert run("E", "19", "192", employees=10).rule_ids == ("map_default", "manufacturing_and_other", "exc_rubber")


def test_classify_ryokan_rule_ids_include_small_exception():
    assert run("M", "75", "751", employees=10).rule_ids == (
        "map_services",
        "services",
        "exc_ryokan",
        "exc_small_lodging_amusement",
    )


# ---------------------------------------------------------------------------- 小規模企業者

SMALL_LIMITS = [
    pytest.param(("E", "09", None), 20, id="manufacturing 20"),
    pytest.param(("D", "06", None), 20, id="construction 20"),
    pytest.param(("H", "44", None), 20, id="transport 20"),
    pytest.param(("I", "50", None), 5, id="wholesale 5"),
    pytest.param(("I", "58", None), 5, id="retail 5"),
    pytest.param(("M", "76", None), 5, id="eating places 5"),
    pytest.param(("L", "72", None), 5, id="services 5"),
    pytest.param(("N", "78", None), 5, id="laundry and beauty 5"),
    pytest.param(("M", "75", "752"), 20, id="accommodations 20"),
    pytest.param(("M", "75", "751"), 20, id="ryokan 20"),
    pytest.param(("N", "80", None), 20, id="amusement 20"),
]


@pytest.mark.parametrize(("codes", "small_limit"), SMALL_LIMITS)
def test_classify_employees_at_small_limit_is_small(codes, small_limit):
    result = run(*codes, capital=1_000_000, employees=small_limit)
    assert (result.is_sme, result.is_small, result.small_employee_limit) == (True, True, small_limit)


@pytest.mark.parametrize(("codes", "small_limit"), SMALL_LIMITS)
def test_classify_employees_one_over_small_limit_is_not_small(codes, small_limit):
    result = run(*codes, capital=1_000_000, employees=small_limit + 1)
    assert (result.is_sme, result.is_small) == (True, False)


def test_classify_no_employees_is_small():
    result = run("L", "72", capital=1_000_000, employees=0)
    assert (result.is_sme, result.is_small) == (True, True)


def test_classify_not_sme_is_never_small():
    result = run("E", "09", capital=BIG_CAPITAL, employees=301)
    assert (result.is_small, result.small_reason) == (False, "中小企業者に該当しないため、小規模企業者にも該当しません。")


# ---------------------------------------------------------------------------- no capital

@pytest.mark.parametrize(("employees", "is_sme"), [(300, True), (301, False)])
def test_classify_sole_proprietor_without_capital_judged_by_employees(employees, is_sme):
    assert run("E", "09", capital=None, employees=employees, sole=True).is_sme is is_sme


def test_classify_sole_proprietor_capital_ignored():
    result = run("I", "58", capital=BIG_CAPITAL, employees=50, sole=True)
    assert (result.is_sme, result.sme_reason) == (
        True,
        "小売業（資本金5,000万円以下または従業員50人以下）に該当：従業員50人（個人事業主のため従業員数で判定）",
    )


def test_classify_sole_proprietor_over_limit_reason():
    result = run("L", "72", employees=101, sole=True)
    assert result.sme_reason == (
        "サービス業（資本金5,000万円以下または従業員100人以下）に該当しません：従業員101人（個人事業主のため従業員数で判定）"
    )


def test_classify_company_without_capital_judged_by_employees():
    result = run("E", "09", capital=None, employees=301)
    assert (result.is_sme, result.sme_reason) == (
        False,
        "製造業その他（資本金3億円以下または従業員300人以下）に該当しません：従業員301人"
        "（資本金が未入力のため従業員数で判定。資本金を入力すると資本金の基準でも判定します）",
    )


# ---------------------------------------------------------------------------- reasons

def test_classify_reasons_manufacturing_by_employees():
    result = run("E", "09", capital=5 * OKU, employees=120)
    assert result == SmeResult(
        group="manufacturing_and_other",
        group_reason="中分類09 食料品製造業は「製造業その他」に区分されます。",
        is_sme=True,
        sme_reason="製造業その他（資本金3億円以下または従業員300人以下）に該当：従業員120人（資本金5億円は基準を超えています）",
        is_small=False,
        small_reason="小規模企業者（製造業その他：従業員20人以下）に該当しません：従業員120人",
        rule_ids=("map_default", "manufacturing_and_other"),
        needs_detail="",
        capital_limit_yen=3 * OKU,
        employee_limit=300,
        small_employee_limit=20,
    )


def test_classify_reason_meets_capital_only():
    result = run("I", "50", capital=1 * OKU, employees=150)
    assert result.sme_reason == (
        "卸売業（資本金1億円以下または従業員100人以下）に該当：資本金1億円（従業員150人は基準を超えています）"
    )


def test_classify_reason_meets_both():
    result = run("I", "58", capital=300 * MAN, employees=3)
    assert (result.sme_reason, result.small_reason) == (
        "小売業（資本金5,000万円以下または従業員50人以下）に該当：資本金300万円、従業員3人",
        "小規模企業者（商業・サービス業：従業員5人以下）に該当：従業員3人",
    )


def test_classify_reason_fails_both():
    result = run("L", "72", capital=5000 * MAN + 1, employees=101)
    assert result.sme_reason == (
        "サービス業（資本金5,000万円以下または従業員100人以下）に該当しません："
        "資本金5,000万1円、従業員101人（どちらも基準を超えています）"
    )


def test_classify_reasons_exception_named():
    result = run("G", "39", "391", capital=BIG_CAPITAL, employees=300)
    assert (result.group_reason, result.sme_reason) == (
        "小分類391 ソフトウェア業は「サービス業」に区分され、"
        "さらに「ソフトウェア業又は情報処理サービス業（政令の特例）」の基準が使われます。",
        "ソフトウェア業又は情報処理サービス業（政令の特例）（資本金3億円以下または従業員300人以下）に該当："
        "従業員300人（資本金10億円は基準を超えています）",
    )


def test_classify_small_reason_amusement_exception():
    result = run("N", "80", capital=1_000_000, employees=20)
    assert result.small_reason == "小規模企業者（宿泊業・娯楽業（政令の特例）：従業員20人以下）に該当：従業員20人"


def test_classify_unlisted_minor_named_through_its_middle():
    assert run("I", "58", "581", employees=1).group_reason == "小分類581（中分類58 飲食料品小売業）は「小売業」に区分されます。"


def test_classify_english_reasons():
    result = run("E", "09", capital=5 * OKU, employees=120, lang="en")
    assert (result.group_reason, result.sme_reason) == (
        "JSIC division 09 (Manufacture of food) belongs to the group “Manufacturing and other industries”.",
        "Meets Manufacturing and other industries (capital up to ¥300,000,000 or up to 300 employees) by employees: "
        "120 employees (capital ¥500,000,000 is above the limit)",
    )


def test_classify_active_language_used_without_lang():
    with translation.override("en"):
        result = classify(
            industry_major="N", industry_middle="80", industry_minor=None, capital_yen=None, employees=21
        )
    assert result.small_reason == (
        "Not a small enterprise (accommodations and amusement (Cabinet Order exception): up to 20 employees): 21 employees"
    )


# ---------------------------------------------------------------------------- ambiguous codes

AMBIGUOUS = [
    # codes, assumed group, assumed employee limit, assumed small limit
    pytest.param(("G", None, None), "services", 100, 5, id="G without middle"),
    pytest.param(("I", None, None), "retail", 50, 5, id="I without middle"),
    pytest.param(("K", None, None), "services", 100, 5, id="K without middle"),
    pytest.param(("M", None, None), "retail", 50, 5, id="M without middle"),
    pytest.param(("N", None, None), "services", 100, 5, id="N without middle"),
    pytest.param(("E", None, None), "manufacturing_and_other", 300, 20, id="E without middle: rubber exception unknown"),
    pytest.param(("E", "19", None), "manufacturing_and_other", 300, 20, id="19 without minor"),
    pytest.param(("E", "19", "191"), "manufacturing_and_other", 300, 20, id="191 tires: automobile excluded"),
    pytest.param(("E", "19", "193"), "manufacturing_and_other", 300, 20, id="193 belts excluded"),
    pytest.param(("E", "19", "1919"), "manufacturing_and_other", 300, 20, id="1919 aircraft tires excluded"),
    pytest.param(("G", "39", None), "services", 100, 5, id="39 without minor"),
    pytest.param(("G", "39", "392"), "services", 100, 5, id="392 processing or providing"),
    pytest.param(("G", "41", None), "services", 100, 5, id="41 without minor"),
    pytest.param(("K", "69", None), "services", 100, 5, id="69 without minor"),
    pytest.param(("M", "75", None), "services", 100, 20, id="75 without minor: ryokan unknown"),
    pytest.param(("N", "79", None), "services", 100, 5, id="79 without minor: travel agency unknown"),
]


@pytest.mark.parametrize(("codes", "group", "employee_limit", "small_limit"), AMBIGUOUS)
def test_classify_ambiguous_codes_assume_strictest(codes, group, employee_limit, small_limit):
    result = run(*codes, employees=1)
    assert (result.group, result.employee_limit, result.small_employee_limit) == (group, employee_limit, small_limit)


@pytest.mark.parametrize(("codes", "group", "employee_limit", "small_limit"), AMBIGUOUS)
def test_classify_ambiguous_codes_need_detail(codes, group, employee_limit, small_limit):
    result = run(*codes, employees=1)
    assert (result.needs_detail != "", "判定しました" in result.group_reason) == (True, True)


def test_classify_needs_detail_text_major_without_middle():
    result = run("G", employees=50)
    assert result.needs_detail == (
        "大分類G 情報通信業は、中分類によって基準が変わります"
        "（候補：サービス業／ソフトウェア業又は情報処理サービス業（政令の特例）／製造業その他）。"
        "中分類まで選ぶと正確に判定できます。ここでは最も厳しい「サービス業」の基準で判定しました。"
    )


def test_classify_needs_detail_text_middle_41_without_minor():
    result = run("G", "41", employees=50)
    assert result.needs_detail == (
        "中分類41 映像・音声・文字情報制作業は、小分類によって基準が変わります（候補：サービス業／製造業その他）。"
        "小分類まで選ぶと正確に判定できます。ここでは最も厳しい「サービス業」の基準で判定しました。"
    )


def test_classify_needs_detail_text_minor_explains_exception_scope():
    result = run("E", "19", "191", employees=50)
    assert result.needs_detail == (
        "小分類191 タイヤ・チューブ製造業は、営んでいる事業の内容によって基準が変わります"
        "（候補：製造業その他／ゴム製品製造業（政令の特例））。ここでは最も厳しい「製造業その他」の基準で判定しました。 "
        "自動車・航空機用のタイヤ及びチューブの製造と工業用ベルトの製造は、この特例の対象外です。"
    )


def test_classify_group_reason_when_assumed():
    result = run("G", "41", employees=50)
    assert result.group_reason == (
        "中分類41 映像・音声・文字情報制作業だけでは適用される基準が決まらないため、"
        "最も厳しい「サービス業」の基準で判定しました。"
    )


def test_classify_ambiguous_rubber_middle_not_sme_at_900():
    # 900 employees would pass the rubber exception, but without the 小分類 it is not assumed.
    result = run("E", "19", capital=BIG_CAPITAL, employees=900)
    assert (result.is_sme, "exc_rubber" in result.rule_ids) == (False, False)


# ---------------------------------------------------------------------------- input handling

def test_classify_minor_without_middle_derives_middle():
    assert run("G", None, "391", employees=1).rule_ids == ("map_services", "services", "exc_software_info")


def test_classify_blank_codes_treated_as_missing():
    assert run("L", "", "", employees=1).group == "services"


def test_classify_lowercase_major_accepted():
    assert run("l", employees=1).group == "services"


@pytest.mark.parametrize(
    ("codes", "employees", "capital"),
    [
        pytest.param(("Z", None, None), 1, None, id="unknown major"),
        pytest.param(("G", "50", None), 1, None, id="middle of another major"),
        pytest.param(("G", "00", None), 1, None, id="unknown middle"),
        pytest.param(("G", "39", "411"), 1, None, id="minor of another middle"),
        pytest.param(("G", "39", "39"), 1, None, id="minor too short"),
        pytest.param(("G", "39", "３９１"), 1, None, id="full-width minor"),
        pytest.param(("G", None, "581"), 1, None, id="minor of another major"),
        pytest.param(("G", "39", None), -1, None, id="negative employees"),
        pytest.param(("G", "39", None), 1, -1, id="negative capital"),
    ],
)
def test_classify_invalid_input_raises_value_error(codes, employees, capital):
    with pytest.raises(ValueError):
        run(*codes, capital=capital, employees=employees)


# ---------------------------------------------------------------------------- money format

@pytest.mark.parametrize(
    ("amount", "lang", "text"),
    [
        (3 * OKU, "ja", "3億円"),
        (1 * OKU, "ja", "1億円"),
        (5000 * MAN, "ja", "5,000万円"),
        (3 * OKU + 1, "ja", "3億1円"),
        (12_345_678, "ja", "1,234万5,678円"),
        (0, "ja", "0円"),
        (3 * OKU, "en", "¥300,000,000"),
    ],
)
def test_format_yen_amount_rendered(amount, lang, text):
    assert format_yen(amount, lang) == text
