"""Map validation, half-year periods, plan generation from a map and row/settings validation."""

import copy
import datetime

import pytest
from django.http import QueryDict

from dxnavi.plans.domain import maps, periods, plans, svg
from tests.plans.helpers import MAP_DATA


def test_periods_labels_run_across_years():
    assert periods.labels(2027, 1, 4) == ["2027年上期", "2027年下期", "2028年上期", "2028年下期"]
    assert periods.period_months(2027, 2, 0) == (datetime.date(2027, 10, 1), datetime.date(2028, 3, 31))


@pytest.mark.parametrize(
    "today, expected",
    [(datetime.date(2026, 12, 2), (2027, 1)), (datetime.date(2027, 2, 1), (2027, 1)), (datetime.date(2027, 5, 1), (2027, 2))],
)
def test_periods_next_half(today, expected):
    assert periods.next_half(today) == expected


def test_maps_validate_accepts_sample():
    assert maps.validate(MAP_DATA) == MAP_DATA


@pytest.mark.parametrize(
    "mutate, field, message",
    [
        (lambda d: d.update(goals=[]), "goals", "経営課題は1つから3つまで選んでください。"),
        (lambda d: d["goals"].extend([{"id": "sales"}, {"id": "visibility"}]), "goals", "経営課題は1つから3つまで選んでください。"),
        (lambda d: d["goals"][1].update(id="productivity"), "goals", "経営課題：一覧から、それぞれ1回だけ選んでください。"),
        (lambda d: d["goals"][0].update(viewpoints=[]), "vp:productivity", "「時間あたりの付加価値を高めて生産性を上げる」の業務上の視点を1つ以上選んでください。"),
        (lambda d: d["goals"][0]["viewpoints"][0].update(id="customer_contact"), "vp:productivity", "「時間あたりの付加価値を高めて生産性を上げる」の業務上の視点は、この経営課題に役立つものを1回ずつ選んでください。"),
        (lambda d: d["goals"][0]["viewpoints"][0]["activities"][0].update(text="  "), "act:productivity:resource_management", "「リソース管理（人・物・金）を改善する」（時間あたりの付加価値を高めて生産性を上げる）の取り組むことは、1つにつき1〜200文字で書いてください。"),
        (lambda d: d["goals"][0]["viewpoints"][0]["activities"][0].update(tool="magic"), "act:productivity:resource_management", "「スタッフのシフト作成と実績管理を効率化する」のツールの種類を一覧から選んでください。"),
        (lambda d: d["goals"][1]["viewpoints"][0]["activities"][0].update(key="a0000001"), "act:quality:data_collection", "「調査・データ収集を自動にする」（商品・案件ごとに適切に管理して品質を上げる）の取り組むこと：ページを読み込み直して、もう一度お試しください。"),
    ],
)
def test_maps_validate_names_field(mutate, field, message):
    data = copy.deepcopy(MAP_DATA)
    mutate(data)
    with pytest.raises(maps.MapError) as excinfo:
        maps.validate(data)
    assert (excinfo.value.field, excinfo.value.message) == (field, message)


def test_maps_draft_from_post_round_trip():
    post = QueryDict(mutable=True)
    post.setlist("goal", ["productivity", "productivity", "quality"])
    post.setlist("vp:productivity", ["resource_management"])
    post.setlist("vp:quality", ["data_collection"])
    for n, act in enumerate(MAP_DATA["goals"][0]["viewpoints"][0]["activities"]):
        post[f"act:productivity:resource_management:{n}:key"] = act["key"]
        post[f"act:productivity:resource_management:{n}:text"] = act["text"]
        post[f"act:productivity:resource_management:{n}:tool"] = act["tool"]
    post["act:productivity:resource_management:2:text"] = ""  # the empty slot
    act = MAP_DATA["goals"][1]["viewpoints"][0]["activities"][0]
    post.update({"act:quality:data_collection:0:key": act["key"], "act:quality:data_collection:0:text": act["text"], "act:quality:data_collection:0:tool": act["tool"]})
    assert maps.data_from_draft(maps.draft_from_post(post)) == MAP_DATA


def test_maps_parse_goal_list_ignores_unknown_and_caps_at_three():
    assert maps.parse_goal_list("sales,nope,quality,sales,visibility,resilience") == ["sales", "quality", "visibility"]


def test_plans_rows_from_map_in_map_order_with_staggered_phases():
    rows = plans.rows_from_map(MAP_DATA, periods=4)
    assert [(r["priority"], r["goal_text"], r["viewpoint_text"], r["activity"], r["solution"]) for r in rows] == [
        (1, "時間あたりの付加価値を高めて生産性を上げる", "リソース管理（人・物・金）を改善する", "スタッフのシフト作成と実績管理を効率化する", "事務（バックオフィス）システム"),
        (2, "時間あたりの付加価値を高めて生産性を上げる", "リソース管理（人・物・金）を改善する", "カレンダーで全員の予定と設備の利用状況を見える化", "クラウドとモバイル端末"),
        (3, "商品・案件ごとに適切に管理して品質を上げる", "調査・データ収集を自動にする", "設備の稼働データを分析して故障を減らす", "IoT（センサー）・AIの活用"),
    ]
    assert [r["phases"] for r in rows] == [
        {0: "research", 1: "trial", 2: "adoption"},
        {1: "research", 2: "trial", 3: "adoption"},
        {1: "research", 2: "trial", 3: "adoption"},
    ]


def test_plans_rows_from_map_skips_existing_keys():
    rows = plans.rows_from_map(MAP_DATA, existing_keys=["a0000001", "a0000002"], first_index=2, periods=2)
    assert [(r["activity_key"], r["priority"], r["phases"]) for r in rows] == [("a0000003", 3, {0: "research", 1: "trial"})]


def _row_post(**changes):
    post = {"priority": "1", "goal_text": "生産性", "viewpoint_text": "視点", "activity": "取り組み", "solution": "", "tool_category": "", "phase_0": "research", "phase_1": ""}
    post.update(changes)
    qd = QueryDict(mutable=True)
    qd.update(post)
    return qd


LABELS = ["2027年上期", "2027年下期"]


def test_plans_validate_row_ok():
    row = plans.validate_row(_row_post(), periods=2, labels=LABELS)
    assert (row.values["priority"], row.phases) == (1, {0: "research", 1: ""})


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"priority": "0"}, "priority", "優先順位：1から99までの整数を入力してください。"),
        ({"priority": "abc"}, "priority", "優先順位：1から99までの整数を入力してください。"),
        ({"activity": ""}, "activity", "取り組むこと：1〜200文字で書いてください。"),
        ({"goal_text": "あ" * 201}, "goal_text", "経営課題：1〜200文字で書いてください。"),
        ({"tool_category": "magic"}, "tool_category", "ツールの種類：一覧から選んでください。"),
        ({"phase_1": "party"}, "phase_1", "フェーズ：調査・試行・導入のいずれかを選んでください。"),
        ({"phase_5": "trial"}, "phase_5", "フェーズ：第6期は計画の期間（2027年上期〜2027年下期）の外です。"),
    ],
)
def test_plans_validate_row_names_field(changes, field, message):
    with pytest.raises(plans.PlanError) as excinfo:
        plans.validate_row(_row_post(**changes), periods=2, labels=LABELS)
    assert (excinfo.value.field, excinfo.value.message) == (field, message)


@pytest.mark.parametrize(
    "values, used, field, message",
    [
        ({"start_year": "1999", "start_half": "1", "periods": "4"}, 0, "start_year", "開始年：2000から2100までの整数を入力してください。"),
        ({"start_year": "2027", "start_half": "3", "periods": "4"}, 0, "start_half", "開始の半期：1から2までの整数を入力してください。"),
        ({"start_year": "2027", "start_half": "1", "periods": "13"}, 0, "periods", "半期の数：1から12までの整数を入力してください。"),
        ({"start_year": "2027", "start_half": "1", "periods": "2"}, 4, "periods", "半期の数：第4期までフェーズが入っている行があります。先にそのフェーズを消すか、4期以上にしてください。"),
    ],
)
def test_plans_validate_settings_names_field(values, used, field, message):
    with pytest.raises(plans.PlanError) as excinfo:
        plans.validate_settings(values, used_periods=used)
    assert (excinfo.value.field, excinfo.value.message) == (field, message)


def test_svg_wrap_japanese_fits_width():
    lines = svg.wrap("スタッフのシフト作成と実績管理を効率化する", 220)
    assert lines == ["スタッフのシフト作成と実績管理", "を効率化する"]  # 15 full-width characters fit 220 px at 13 px


def test_svg_map_escapes_user_text():
    out = svg.strategy_map([{"title": "G", "viewpoints": [{"title": "V", "activities": [{"text": "<script>x</script>", "tool": "T"}]}]}], title="map")
    assert "<script>" not in out
    assert "&lt;script&gt;x&lt;/script&gt;" in out
