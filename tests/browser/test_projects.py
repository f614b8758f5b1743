"""A new owner on a phone goes from a finished self-check and DX stage diagnosis to an IT strategy map,
a 導入プラン with three rows, one project taken to step 3 (two quotes, one chosen; a linked subsidy
estimate with its timing warnings), a KPI with two actuals and the payback chart, and downloads the
plan's PDF and XLSX (rows, phases and the project's amounts)."""

from fractions import Fraction
from math import ceil

import pytest

from dxnavi.orgs.models import Company
from dxnavi.plans.models import Project
from dxnavi.subsidies import loader
from dxnavi.subsidies.models import SavedEstimate

from .plans_helpers import (
    add_kpi,
    add_quote,
    download,
    draw_map,
    fill_form,
    make_plan,
    no_horizontal_scroll,
    open_step,
    pdf_text,
    record_actual,
    save_task,
    set_phases,
    shot,
    start_project,
    table_rows,
    xlsx_rows,
)
from .test_onboarding import register_company, signup
from .test_subsidies import fill_row

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "計画実行試験工業株式会社"
MAP = [
    (
        "productivity",
        [
            (
                "resource_management",
                [
                    ("勤怠とシフトをクラウドで管理する", "事務（バックオフィス）システム"),
                    ("全員の予定をカレンダーで共有", "クラウドとモバイル端末"),
                ],
            )
        ],
    ),
    ("quality", [("data_collection", [("設備の稼働データを集めて故障を減らす", "IoT（センサー）・AIの活用")])]),
]


def _finished_diagnoses(company, email):
    """The self-check and the DX stage diagnosis, finished (their own browser tests click through them)."""
    from dxnavi.accounts.models import User
    from tests.assessments.helpers import answers_for_total, complete_with, load_pack
    from tests.dxdiag.helpers import STAGE_PACK, complete, load_packs, stage_answers

    user = User.objects.get(email=email)
    load_pack()
    complete_with(company, answers_for_total(40), user=user)
    load_packs()
    return complete(company, STAGE_PACK, stage_answers("stage2", yes=()), user=user)


def test_projects_new_user_diagnosis_to_plan_project_kpi_payback_exports(phone, tmp_path):
    email = "project@example.test"
    signup(phone, email=email)
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)
    stage = _finished_diagnoses(company, email)

    # The stage result bridges to the strategy map with matching goals already chosen.
    phone.goto(f"/c/{company.pk}/assessments/{stage.pk}/result/")
    phone.get_by_role("link", name="この経営課題でIT戦略マップを描く").click()
    assert "goals=" in phone.url
    assert phone.locator("input[name=goal]:checked").count() >= 1

    draw_map(phone, company.pk, MAP)
    make_plan(phone, company.pk)
    set_phases(phone, 1, {0: "調査", 1: "試行", 2: "導入"})
    assert [r[3] for r in table_rows(phone)] == [
        "勤怠とシフトをクラウドで管理する",
        "全員の予定をカレンダーで共有",
        "設備の稼働データを集めて故障を減らす",
    ]

    # Row 1 becomes a five-step project.
    start_project(phone, company.pk, 1)
    project = Project.objects.get(company=company)
    assert phone.locator("#step-title").inner_text() == "ステップ1：課題と目的の明確化"
    save_task(phone, "何ができたら成功かを言葉にする", owner="山田", due="2027-01-31", status_label="完了")
    assert "完了" in phone.locator("li.task", has_text="何ができたら成功かを言葉にする").inner_text()
    assert no_horizontal_scroll(phone) is True

    # Step 2: two quotes compared, one chosen; a quote in words is refused with a message naming the field.
    open_step(phone, 2)
    add_quote(phone, "A社", "勤怠クラウドA", "約50万")
    assert "「見積金額（税込・円）」：金額は円単位の整数で" in phone.locator("#quotes").inner_text()
    add_quote(phone, "A社", "勤怠クラウドA", "980,000", items="初期設定、3か月サポート", valid_until="2027-06-30")
    add_quote(phone, "B社", "勤怠パッケージB", "1,320,000円", items="初期設定、研修2回、1年保守", valid_until="2027-02-28")
    phone.locator("tr", has_text="B社").get_by_role("button", name="この見積を採用").click()
    rows = phone.locator(".quote-table tbody tr")
    assert rows.count() == 2
    assert "採用" in phone.locator("tr.is-chosen").inner_text() and "B社" in phone.locator("tr.is-chosen").inner_text()
    assert "1,320,000円" in phone.locator("tr.is-chosen").inner_text()
    shot(phone, "project_step2")

    # A saved subsidy estimate for the same investment.
    loader.load()
    phone.goto(f"/c/{company.pk}/subsidies/new/")
    fill_row(phone, 1, "software", "1,320,000", description="勤怠管理ソフト")
    phone.get_by_label("補助金の年度").select_option(label="2024年度（2024-10時点の情報）")
    phone.locator("select[name=security_action]").select_option("1")
    phone.get_by_label("GビズIDプライムを取得している").check()
    phone.locator("select[name=invoice_functions]").select_option("2")
    phone.get_by_role("button", name="試算して保存").click()
    estimate = SavedEstimate.objects.get(company=company)
    assert estimate.best_subsidy > 0

    # Step 3: the execution plan and the subsidy link, with the timing warnings.
    phone.goto(f"/c/{company.pk}/plan/projects/{project.pk}/step/3/")
    phone.get_by_role("button", name="ステップ3を現在のステップにする").click()
    fill_form(
        phone,
        "form[action$='/save/execution/']",
        {
            "execution-plan_until": "2027-09-30",
            "execution-plan_owner": "総務 山田",
            "execution-plan_budget": "1,500,000",
            "execution-plan_scope": "全社員30名の勤怠を紙からクラウドへ",
            "execution-planned_order_date": "2027-02-01",
            "execution-planned_completion_date": "2027-04-30",
        },
        "実行計画を保存",
    )
    phone.locator("form[action$='/save/subsidy/'] select[name=subsidy-estimate]").select_option(str(estimate.pk))
    fill_form(phone, "form[action$='/save/subsidy/']", {"subsidy-expected_decision_date": "2027-03-01"}, "補助金の試算をつなぐ")
    warnings = phone.locator(".timing-warnings").inner_text()
    assert "発注予定日（2027年2月1日）が交付決定の見込み日（2027年3月1日）より前です" in warnings
    assert "見積「B社／勤怠パッケージB」の有効期限（2027年2月28日）" in warnings
    assert f"{estimate.best_subsidy:,}円" in phone.locator(".subsidy-amount").inner_text()
    fill_form(phone, "form[action$='/save/execution/']", {"execution-planned_order_date": "2027-03-15"}, "実行計画を保存")
    warnings = phone.locator(".timing-warnings").inner_text()
    assert "発注予定日" not in warnings and "B社／勤怠パッケージB" in warnings
    assert "現在のステップ" in phone.locator(".step-nav li.is-current").inner_text()
    assert no_horizontal_scroll(phone) is True
    shot(phone, "project_step3")

    # A KPI with two actuals and its trend chart.
    add_kpi(phone, "月の残業時間", "時間", "40", "2027-01-01", "20", "2027-12-31")
    record_actual(phone, "月の残業時間", "2027-02-01", "39")
    record_actual(phone, "月の残業時間", "2027-03-01", "36")
    kpi = phone.locator("div.kpi", has_text="月の残業時間")
    assert kpi.locator("svg circle.kpi-point").count() == 2
    assert kpi.locator("svg line.kpi-target").count() == 1
    assert "予定どおり" in kpi.locator("h3").inner_text()

    # Payback: monthly figures → the chart and the arithmetic.
    phone.get_by_role("link", name="投資の回収を開く").click()
    fill_form(
        phone,
        "form[action$='/save/payback/']",
        {
            "payback-running_cost_monthly": "10,000",
            "payback-hours_saved_monthly": "30",
            "payback-hourly_labour_cost": "2000",
            "payback-cost_reduction_monthly": "20000",
            "payback-extra_profit_monthly": "0",
            "payback-reimbursement_lag_months": "3",
        },
        "計算し直す",
    )
    subsidy = estimate.best_subsidy
    net = 30 * 2000 + 20_000 - 10_000  # 70,000 a month
    month = (
        max(3, ceil(Fraction(1_320_000 - subsidy, net)))
        if ceil(Fraction(1_320_000, net)) >= 3
        else ceil(Fraction(1_320_000, net))
    )
    assert phone.locator("#payback-month").inner_text() == f"{month}か月目"
    assert phone.locator("#self-funding").inner_text() == f"{subsidy:,}円 を3か月"
    assert phone.locator("#cashflow-chart svg polyline.cashflow").count() == 1
    arithmetic = phone.locator("ol.arithmetic").inner_text()
    assert "30時間 × 2,000円 = 60,000円" in arithmetic
    assert "月々の差し引き：効果 80,000円 − ランニングコスト 10,000円 ＝ 70,000円。" in arithmetic
    assert no_horizontal_scroll(phone) is True
    shot(phone, "project_payback")

    # The dashboard shows the project on track.
    phone.goto(f"/c/{company.pk}/")
    assert "予定どおり" in phone.locator("#projects-card").inner_text()

    # The plan's PDF and XLSX: rows, phases and the project's amounts.
    phone.goto(f"/c/{company.pk}/plan/adoption/")
    _name, data = download(phone, "PDF（A4横）", tmp_path / "plan.pdf")
    text = pdf_text(data)
    for fragment in (
        "勤怠とシフトをクラウドで管理する",
        "設備の稼働データを集めて故障を減らす",
        "調査",
        "試行",
        "導入",
        "3.計画化",
        "B社／勤怠パッケージB",
        "1,320,000円",
        f"{subsidy:,}円",
        f"{month}か月目",
    ):
        assert fragment in text, fragment
    _name, data = download(phone, "Excel（XLSX）", tmp_path / "plan.xlsx")
    sheet = xlsx_rows(data)
    assert sheet[4][3:8] == ["勤怠とシフトをクラウドで管理する", "事務（バックオフィス）システム", "調査", "試行", "導入"]
    header = next(i for i, r in enumerate(sheet) if r[0] == "プロジェクト" and r[1] == "現在のステップ")
    assert sheet[header + 1][:8] == [
        "勤怠とシフトをクラウドで管理する",
        "3. 計画化",
        "B社／勤怠パッケージB",
        1_320_000,
        subsidy,
        net,
        f"{month}か月目",
        "予定どおり",
    ]
