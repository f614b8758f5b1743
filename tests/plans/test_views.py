"""Plans pages: builder, versions, plan edits, rights, bad input, exports, bridges and the dashboard card."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from dxnavi.orgs.models import AuditEvent
from dxnavi.plans.models import Plan, PlanPhase, PlanRow, StrategyMapVersion
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member
from tests.plans.helpers import MAP_DATA, built_plan, saved_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="青森テスト株式会社")


@pytest.fixture
def owner(company):
    return member(company, role="owner")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def _builder_post(goals=MAP_DATA["goals"], action="save"):
    data = {"action": action, "goal": [g["id"] for g in goals]}
    for g in goals:
        data[f"vp:{g['id']}"] = [v["id"] for v in g["viewpoints"]]
        for v in g["viewpoints"]:
            for n, a in enumerate(v["activities"]):
                prefix = f"act:{g['id']}:{v['id']}:{n}:"
                data.update({prefix + "key": a["key"], prefix + "text": a["text"], prefix + "tool": a["tool"]})
    return data


def _text(response):
    return response.content.decode()


def test_map_edit_preselects_goals_from_query(owner_client, company):
    response = owner_client.get(reverse("plans:map_edit", args=[company.pk]) + "?goals=sales,nope,quality")
    html = _text(response)
    assert response.status_code == 200
    assert re.findall(r'name="goal" value="(\w+)" checked', html) == ["quality", "sales"]
    assert 'name="vp:sales"' in html and 'name="vp:quality"' in html


def test_map_edit_htmx_refresh_returns_builder_partial(owner_client, company):
    data = {"goal": ["productivity"], "vp:productivity": ["resource_management"]}
    response = owner_client.post(reverse("plans:map_edit", args=[company.pk]), data, HTTP_HX_REQUEST="true")
    html = _text(response)
    assert html.startswith('<div id="builder">')
    assert 'name="act:productivity:resource_management:0:text"' in html
    assert StrategyMapVersion.objects.count() == 0


def test_map_save_keeps_every_version(owner_client, company):
    url = reverse("plans:map_edit", args=[company.pk])
    assert owner_client.post(url, _builder_post()).status_code == 302
    second = _builder_post(MAP_DATA["goals"][:1])
    assert owner_client.post(url, second).status_code == 302
    versions = StrategyMapVersion.objects.filter(strategy_map__company=company).order_by("number")
    assert [(v.number, [g["id"] for g in v.data["goals"]]) for v in versions] == [(1, ["productivity", "quality"]), (2, ["productivity"])]
    old = owner_client.get(reverse("plans:map_version", args=[company.pk, 1]))
    assert "設備の稼働データを分析して故障を減らす" in _text(old)
    assert "これは以前の版です。" in _text(old)
    latest = owner_client.get(reverse("plans:map", args=[company.pk]))
    assert "設備の稼働データを分析して故障を減らす" not in _text(latest)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="map-svg"' in _text(latest)


def test_map_save_four_goals_refused_nothing_saved(owner_client, company):
    goals = MAP_DATA["goals"] + [
        {"id": "sales", "viewpoints": [{"id": "customer_contact", "activities": [{"key": "b0000001", "text": "SNSで発信", "tool": "website_sns"}]}]},
        {"id": "visibility", "viewpoints": [{"id": "real_time_numbers", "activities": [{"key": "b0000002", "text": "売上を毎日見る", "tool": "back_office"}]}]},
    ]
    response = owner_client.post(reverse("plans:map_edit", args=[company.pk]), _builder_post(goals))
    assert response.status_code == 400
    assert "経営課題は1つから3つまで選んでください。" in _text(response)
    assert StrategyMapVersion.objects.count() == 0


def test_map_save_missing_tool_names_the_activity(owner_client, company):
    data = _builder_post()
    data["act:quality:data_collection:0:tool"] = ""
    response = owner_client.post(reverse("plans:map_edit", args=[company.pk]), data)
    assert response.status_code == 400
    assert "「設備の稼働データを分析して故障を減らす」のツールの種類を一覧から選んでください。" in _text(response)


def test_viewer_cannot_edit_map_or_plan(client, company, owner):
    built_plan(company, owner)
    viewer = member(company, role="viewer")
    client.force_login(viewer)
    assert client.get(reverse("plans:map_edit", args=[company.pk])).status_code == 403
    row = PlanRow.objects.first()
    assert client.post(reverse("plans:row_delete", args=[company.pk, row.pk])).status_code == 403
    page = client.get(reverse("plans:plan", args=[company.pk]))
    assert page.status_code == 200
    assert "この行を保存" not in _text(page)
    assert PlanRow.objects.count() == 3


def test_linked_adviser_coedits_and_is_audited(client, company, owner):
    org = AdviserOrganizationFactory(name="連携商工会")
    adviser = UserFactory()
    link(company, org, adviser=adviser, role="editor")
    client.force_login(adviser)
    assert client.post(reverse("plans:map_edit", args=[company.pk]), _builder_post()).status_code == 302
    version = StrategyMapVersion.objects.get()
    assert (version.created_by, version.organization) == (adviser, org)
    assert client.post(reverse("plans:plan_build", args=[company.pk])).status_code == 302
    assert AuditEvent.objects.filter(company=company, user=adviser, action="change").count() == 2


def test_plan_build_three_rows_with_phases(owner_client, company, owner):
    saved_map(company, owner)
    owner_client.post(reverse("plans:plan_build", args=[company.pk]))
    plan = Plan.objects.get(company=company)
    rows = list(plan.rows.order_by("position"))
    assert [r.activity for r in rows] == [a["text"] for g in MAP_DATA["goals"] for v in g["viewpoints"] for a in v["activities"]]
    assert [(p.period, p.phase) for p in rows[0].phases.order_by("period")] == [(0, "research"), (1, "trial"), (2, "adoption")]


def test_plan_build_again_keeps_user_edits_and_adds_new(owner_client, company, owner):
    plan = built_plan(company, owner)
    row = plan.rows.order_by("position").first()
    row.activity = "利用者が書き換えた取り組み"
    row.save()
    data = {"goals": MAP_DATA["goals"] + [{"id": "sales", "viewpoints": [{"id": "customer_contact", "activities": [{"key": "c0000001", "text": "ホームページを作る", "tool": "website_sns"}]}]}]}
    saved_map(company, owner, data)
    owner_client.post(reverse("plans:plan_build", args=[company.pk]))
    assert list(plan.rows.order_by("position").values_list("activity", flat=True)) == [
        "利用者が書き換えた取り組み", "カレンダーで全員の予定と設備の利用状況を見える化", "設備の稼働データを分析して故障を減らす", "ホームページを作る"
    ]


def _row_data(**changes):
    data = {"priority": "2", "goal_text": "生産性向上", "viewpoint_text": "リソース管理", "activity": "シフト管理を入れる", "solution": "シフト管理システム",
            "tool_category": "back_office", "phase_0": "", "phase_1": "research", "phase_2": "trial", "phase_3": "adoption"}
    data.update(changes)
    return data


def test_row_save_updates_row_and_phases(owner_client, company, owner):
    plan = built_plan(company, owner)
    row = plan.rows.order_by("position").first()
    response = owner_client.post(reverse("plans:row_save", args=[company.pk, row.pk]), _row_data())
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.priority, row.activity, row.solution) == (2, "シフト管理を入れる", "シフト管理システム")
    assert [(p.period, p.phase) for p in row.phases.order_by("period")] == [(1, "research"), (2, "trial"), (3, "adoption")]


def test_row_save_phase_outside_plan_refused_nothing_saved(owner_client, company, owner):
    plan = built_plan(company, owner)
    row = plan.rows.order_by("position").first()
    response = owner_client.post(reverse("plans:row_save", args=[company.pk, row.pk]), _row_data(phase_7="trial"))
    assert response.status_code == 400
    assert "フェーズ：第8期は計画の期間（2027年上期〜2028年下期）の外です。" in _text(response)
    row.refresh_from_db()
    assert row.activity == "スタッフのシフト作成と実績管理を効率化する"
    assert list(row.phases.order_by("period").values_list("phase", flat=True)) == ["research", "trial", "adoption"]


def test_row_save_htmx_returns_plan_body_with_error(owner_client, company, owner):
    plan = built_plan(company, owner)
    row = plan.rows.first()
    response = owner_client.post(reverse("plans:row_save", args=[company.pk, row.pk]), _row_data(priority="1000"), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert _text(response).startswith('<div id="plan-body">')
    assert "優先順位：1から99までの整数を入力してください。" in _text(response)


def test_settings_shrink_below_used_phases_refused(owner_client, company, owner):
    built_plan(company, owner)
    url = reverse("plans:plan_settings", args=[company.pk])
    response = owner_client.post(url, {"start_year": "2027", "start_half": "1", "periods": "2"})
    assert response.status_code == 400
    assert "半期の数：第4期までフェーズが入っている行があります。" in _text(response)
    assert Plan.objects.get().periods == 4
    response = owner_client.post(url, {"start_year": "2026", "start_half": "2", "periods": "6"})
    assert response.status_code == 302
    assert (Plan.objects.get().start_year, Plan.objects.get().start_half, Plan.objects.get().periods) == (2026, 2, 6)


def test_settings_impossible_year_refused(owner_client, company, owner):
    built_plan(company, owner)
    response = owner_client.post(reverse("plans:plan_settings", args=[company.pk]), {"start_year": "20270", "start_half": "1", "periods": "4"})
    assert response.status_code == 400
    assert "開始年：2000から2100までの整数を入力してください。" in _text(response)


def test_row_move_and_delete(owner_client, company, owner):
    plan = built_plan(company, owner)
    first, second, third = plan.rows.order_by("position")
    owner_client.post(reverse("plans:row_move", args=[company.pk, third.pk]), {"direction": "up"})
    assert list(plan.rows.order_by("position").values_list("pk", "priority")) == [(first.pk, 1), (third.pk, 2), (second.pk, 3)]
    owner_client.post(reverse("plans:row_move", args=[company.pk, first.pk]), {"direction": "up"})  # already first: no change
    assert list(plan.rows.order_by("position").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    owner_client.post(reverse("plans:row_delete", args=[company.pk, third.pk]))
    assert list(plan.rows.order_by("position").values_list("pk", flat=True)) == [first.pk, second.pk]
    assert PlanPhase.objects.filter(row_id=third.pk).count() == 0


def test_row_add_appends(owner_client, company, owner):
    plan = built_plan(company, owner)
    response = owner_client.post(reverse("plans:row_add", args=[company.pk]), _row_data(activity="電子ワークフローを試す"))
    assert response.status_code == 302
    assert plan.rows.order_by("position").last().activity == "電子ワークフローを試す"


def test_row_of_another_company_is_404(owner_client, company, owner):
    other = CompanyFactory()
    other_plan = built_plan(other, member(other))
    built_plan(company, owner)
    row = other_plan.rows.first()
    assert owner_client.post(reverse("plans:row_save", args=[company.pk, row.pk]), _row_data()).status_code == 404


def _add_rows(plan, n):
    for i in range(n):
        row = PlanRow.objects.create(plan=plan, position=100 + i, goal_text="g", viewpoint_text="v", activity=f"追加{i}")
        PlanPhase.objects.create(row=row, period=0, phase="research")


def test_plan_page_query_count_does_not_grow_with_rows(owner_client, company, owner, django_assert_max_num_queries):
    plan = built_plan(company, owner)
    url = reverse("plans:plan", args=[company.pk])
    with django_assert_max_num_queries(10):
        owner_client.get(url)
    _add_rows(plan, 40)
    with django_assert_max_num_queries(10):
        response = owner_client.get(url)
    assert "追加39" in _text(response)


def _selected(html, name):
    """The selected option values of each ``<select name=...>`` in ``html`` (in page order)."""
    selects = re.findall(rf'<select name="{name}">(.*?)</select>', html, re.S)
    return [re.findall(r'<option value="([^"]*)" selected>', s) for s in selects]


def test_plan_page_row_editor_marks_saved_tool_and_phases(owner_client, company, owner):
    plan = built_plan(company, owner)
    row = plan.rows.order_by("position").first()
    owner_client.post(reverse("plans:row_save", args=[company.pk, row.pk]), _row_data())
    html = _text(owner_client.get(reverse("plans:plan", args=[company.pk])))
    form = html[html.index(f'id="row-{row.pk}"') :]
    form = form[: form.index("</form>")]
    phases = [_selected(form, f"phase_{i}") for i in range(plan.periods)]
    assert (_selected(form, "tool_category"), phases) == (
        [["back_office"]],
        [[[]], [["research"]], [["trial"]], [["adoption"]]] + [[[]]] * (plan.periods - 4),
    )
    save, move, delete = (reverse(f"plans:row_{n}", args=[company.pk, row.pk]) for n in ("save", "move", "delete"))
    assert re.findall(r'(?:formaction|hx-post)="([^"]+)"', form) == [save, move, move, move, move, delete, delete]
    new_form = html[html.index(f'action="{reverse("plans:row_add", args=[company.pk])}"') :]
    new_form = new_form[: new_form.index("</form>")]
    assert (_selected(new_form, "tool_category"), [_selected(new_form, f"phase_{i}") for i in range(plan.periods)]) == (
        [[]],
        [[[]]] * plan.periods,
    )


def test_plan_pdf_contains_rows_and_phases(owner_client, company, owner):
    built_plan(company, owner)
    response = owner_client.get(reverse("plans:plan_pdf", args=[company.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    for expected in ("導入プラン", "青森テスト株式会社", "スタッフのシフト作成と実績管理を効率化する", "2027年上期", "2028年下期", "調査", "試行", "導入"):
        assert expected in text
    map_page = re.sub(r"\s+", "", reader.pages[-1].extract_text())
    assert "IT戦略マップ第1版" in map_page
    assert "ITツール" in map_page and "IoT（センサー）・AIの活用" in map_page


def test_plan_xlsx_one_printable_sheet(owner_client, company, owner):
    built_plan(company, owner)
    response = owner_client.get(reverse("plans:plan_xlsx", args=[company.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["導入プラン"]
    ws = wb.active
    assert [c.value for c in ws[4]] == ["優先順位", "経営課題", "業務上の視点", "取り組むこと", "ITソリューション", "2027年上期", "2027年下期", "2028年上期", "2028年下期"]
    assert [c.value for c in ws[5]] == [1, "時間あたりの付加価値を高めて生産性を上げる", "リソース管理（人・物・金）を改善する", "スタッフのシフト作成と実績管理を効率化する", "事務（バックオフィス）システム", "調査", "試行", "導入", None]
    assert [c.value for c in ws[7]][5:] == [None, "調査", "試行", "導入"]
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows, ws.sheet_properties.pageSetUpPr.fitToPage) == ("landscape", 1, "$4:$4", True)


def test_plan_xlsx_user_text_formula_stays_text(owner_client, company, owner):
    plan = built_plan(company, owner)
    PlanRow.objects.filter(pk=plan.rows.order_by("position").first().pk).update(activity='=HYPERLINK("http://x.test","押して")')
    response = owner_client.get(reverse("plans:plan_xlsx", args=[company.pk]))
    cell = load_workbook(io.BytesIO(response.content)).active["D5"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x.test","押して")', "s", True)


def test_plans_pages_never_show_internal_names(owner_client, company, owner):
    built_plan(company, owner)
    urls = [reverse("plans:guide"), reverse("plans:overview", args=[company.pk]), reverse("plans:map", args=[company.pk]),
            reverse("plans:map_edit", args=[company.pk]), reverse("plans:plan", args=[company.pk])]
    for url in urls:
        html = _text(owner_client.get(url))
        assert "seed" not in html.lower(), url


def test_guide_shows_sources_and_cost_types(client):
    html = _text(client.get(reverse("plans:guide")))
    assert "京都府中小企業団体中央会『中小企業組合・中小企業・小規模事業者のための デジタル化ハンドブック』（2026年2月）" in html
    assert "ステップ2：機能整理とツール選定" in html
    assert "ITコーディネータ、中小企業診断士など" in html


def test_dashboard_card_next_step(owner_client, company, owner):
    url = reverse("web:company_dashboard", args=[company.pk])
    assert "IT戦略マップを描く" in _text(owner_client.get(url))
    saved_map(company, owner)
    assert "導入プランを作る" in _text(owner_client.get(url))
    owner_client.post(reverse("plans:plan_build", args=[company.pk]))
    html = _text(owner_client.get(url))
    assert "3行" in html and "導入プランを開く" in html


def test_dx_stage_result_links_to_map_with_goals(owner_client, company, owner):
    from tests.dxdiag.helpers import STAGE_PACK, complete, load_packs, stage_answers

    load_packs()
    done = complete(company, STAGE_PACK, stage_answers("stage1"), user=owner)
    html = _text(owner_client.get(reverse("assessments:result", args=[company.pk, done.pk])))
    stage = done.score_details["stage"]
    from dxnavi.plans import content

    expected = ",".join(content.goals_for_stage(stage))
    assert f"/c/{company.pk}/plan/map/edit/?goals={expected.replace(',', '%2C')}" in html


def test_dx_maturity_result_links_to_map_with_gap_goals(owner_client, company, owner):
    from tests.dxdiag.helpers import MATURITY_PACK, complete, load_packs, maturity_answers

    load_packs()
    done = complete(company, MATURITY_PACK, maturity_answers(default=(3, 3), DM01=(1, 5)), user=owner)
    html = _text(owner_client.get(reverse("assessments:result", args=[company.pk, done.pk])))
    assert "?goals=sales" in html
