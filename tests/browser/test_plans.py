"""A new owner on a phone draws an IT strategy map with two goals, turns it into a 導入プラン with three
rows, edits phases and order, and downloads the PDF and the XLSX."""

import pytest

from dxnavi.orgs.models import Company
from dxnavi.plans.models import Plan

from .plans_helpers import download, draw_map, make_plan, move_row, no_horizontal_scroll, pdf_text, set_phases, shot, table_rows, xlsx_rows
from .test_onboarding import register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "計画試験工業株式会社"
MAP = [
    ("productivity", [("resource_management", [("スタッフのシフト作成を効率化", "事務（バックオフィス）システム"),
                                                ("全員の予定をカレンダーで共有", "クラウドとモバイル端末")])]),
    ("quality", [("data_collection", [("設備の稼働データを集めて故障を減らす", "IoT（センサー）・AIの活用")])]),
]


def test_plans_new_user_map_plan_pdf_xlsx(phone, tmp_path):
    signup(phone, email="plan@example.test")
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)

    # The dashboard card says what to do next.
    card = phone.locator("#plans-card")
    assert "IT戦略マップを描く" in card.inner_text()

    draw_map(phone, company.pk, MAP)
    assert no_horizontal_scroll(phone) is True
    shot(phone, "plans_map")
    outline = phone.locator(".map-outline").inner_text()
    assert "スタッフのシフト作成を効率化 → 事務（バックオフィス）システム" in outline
    assert phone.locator("svg.map-svg rect.map-goal").count() == 2
    assert phone.locator("svg.map-svg rect.map-activity").count() == 3

    make_plan(phone, company.pk)
    plan = Plan.objects.get(company=company)
    first, *_ = [label for label in phone.locator("#plan-table thead th.period").all_inner_texts()]
    assert first == f"{plan.start_year}年{'上期' if plan.start_half == 1 else '下期'}"
    assert [r[3] for r in table_rows(phone)] == ["スタッフのシフト作成を効率化", "全員の予定をカレンダーで共有", "設備の稼働データを集めて故障を減らす"]

    # Edit without drag and drop: phases by select, order by buttons (htmx swaps the plan body).
    set_phases(phone, 3, {0: "調査", 1: "試行", 2: "導入", 3: "—"})
    move_row(phone, 3, "up")
    rows = table_rows(phone)
    assert [r[3] for r in rows] == ["スタッフのシフト作成を効率化", "設備の稼働データを集めて故障を減らす", "全員の予定をカレンダーで共有"]
    assert rows[1][5:] == ["調査", "試行", "導入", ""]
    assert phone.locator("svg.timeline-svg rect.tl-bar").count() == 9
    assert no_horizontal_scroll(phone) is True
    shot(phone, "plans_plan")

    name, data = download(phone, "PDF（A4横）", tmp_path / "plan.pdf")
    assert name.endswith(".pdf")
    text = pdf_text(data)
    for fragment in (COMPANY, "導入プラン", "設備の稼働データを集めて故障を減らす", "IoT（センサー）・AIの活用", "調査", "試行", "導入"):
        assert fragment in text, fragment

    name, data = download(phone, "Excel（XLSX）", tmp_path / "plan.xlsx")
    assert name.endswith(".xlsx")
    sheet = xlsx_rows(data)
    assert sheet[3][:5] == ["優先順位", "経営課題", "業務上の視点", "取り組むこと", "ITソリューション"]
    assert sheet[5][3:9] == ["設備の稼働データを集めて故障を減らす", "IoT（センサー）・AIの活用", "調査", "試行", "導入", None]
