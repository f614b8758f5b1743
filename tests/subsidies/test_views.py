"""Finder pages: the form (rows, statuses, errors), the saved result, checklist, PDF, dashboard card."""

import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dxnavi.orgs.models import AuditEvent
from dxnavi.subsidies import services
from dxnavi.subsidies.models import SavedEstimate, SubsidyCatalog
from tests.factories import CompanyFactory, member


@pytest.fixture
def owner_client(client, world, catalogs):
    client.force_login(world["owner"])
    return client


@pytest.fixture
def adviser_client(client, world, catalogs):
    client.force_login(world["linked_adviser"])
    return client


def form_data(catalog, rows, **statuses):
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{i}-{key}"] = value
    data.update(
        {"catalog": str(catalog.pk), "security_action": "1", "gbizid_prime": "on", "it_processes": "1", "invoice_functions": "2"}
    )
    data.update(statuses)
    return data


PLAN = [
    {"kind": "software", "description": "会計ソフト", "amount": "1,000,000"},
    {"kind": "pc", "description": "ノートPC", "amount": "150000"},
    {"kind": "cloud", "description": "クラウド会計", "amount": "10000", "months": "36"},
]


def _new(client, company):
    return reverse("subsidies:estimate_new", args=[company.pk])


def save(client, world, catalogs, rows=PLAN, year=2024, **statuses):
    response = client.post(_new(client, world["company"]), form_data(catalogs[year], rows, **statuses))
    assert response.status_code == 302, response.content.decode()[:2000]
    return SavedEstimate.objects.latest("pk")


def text(response):
    return response.content.decode()


# --- the form --------------------------------------------------------------------------------


def test_form_shows_three_empty_rows_and_the_profile(owner_client, world):
    page = text(owner_client.get(_new(owner_client, world["company"])))
    assert page.count('class="card item-row"') == 3
    assert "従業員18人" in page or "18人" in page
    assert "小規模企業者" in page


def test_form_missing_amount_names_the_row_and_saves_nothing(owner_client, world, catalogs):
    rows = [PLAN[0], PLAN[1], {"kind": "software", "description": "販売管理"}]
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], rows))
    assert response.status_code == 200
    assert "3行目：金額を入力してください" in text(response)
    assert "保存していません" in text(response)
    assert SavedEstimate.objects.count() == 0


def test_form_amount_not_a_number_names_the_row(owner_client, world, catalogs):
    rows = [{"kind": "software", "amount": "百万円"}]
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], rows))
    assert "1行目：金額は円単位の整数で入力してください（例：300000）" in text(response)
    assert SavedEstimate.objects.count() == 0


def test_form_monthly_fee_needs_months(owner_client, world, catalogs):
    rows = [{"kind": "cloud", "amount": "10000"}]
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], rows))
    assert "1行目：月額の利用月数を入力してください" in text(response)


def test_form_row_without_kind_names_the_row(owner_client, world, catalogs):
    rows = [PLAN[0], {"amount": "5000"}]
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], rows))
    assert "2行目：費用の種類を選んでください" in text(response)


def test_form_without_any_row_asks_for_one(owner_client, world, catalogs):
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], [{}, {}]))
    assert "計画している費用を1行以上入力してください（種類と金額）。" in text(response)
    assert SavedEstimate.objects.count() == 0


def test_form_accepts_full_width_digits_and_yen_sign(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs, rows=[{"kind": "software", "amount": "１，２００，０００円"}])
    assert estimate.items == [{"kind": "software", "description": "", "amount_yen": 1_200_000, "months": None}]


def test_form_add_row_keeps_what_was_typed_and_saves_nothing(owner_client, world, catalogs):
    data = form_data(catalogs[2024], [PLAN[0], {"kind": "pc"}], add_row="1")
    response = owner_client.post(_new(owner_client, world["company"]), data)
    page = text(response)
    assert page.count('class="card item-row"') == 3
    assert 'value="1,000,000"' in page
    assert "金額を入力してください" not in page  # no errors until the user asks for the estimate
    assert SavedEstimate.objects.count() == 0


def test_form_prefills_from_a_saved_estimate(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    page = text(owner_client.get(_new(owner_client, world["company"]) + f"?from={estimate.pk}"))
    assert page.count('class="card item-row"') == 4
    assert 'value="クラウド会計"' in page


def test_form_viewer_member_cannot_estimate(client, world, catalogs):
    viewer = member(world["company"], role="viewer")
    client.force_login(viewer)
    assert client.get(_new(client, world["company"])).status_code == 403


# --- saving and the result -----------------------------------------------------------------------


def test_save_records_inputs_results_and_who(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    assert (estimate.company, estimate.created_by, estimate.on_behalf_org, estimate.catalog) == (
        world["company"],
        world["owner"],
        None,
        catalogs[2024],
    )
    assert estimate.total_cost == 1_000_000 + 150_000 + 360_000
    # 18 employees in manufacturing: 小規模 → インボイス対応類型 4/5 on the first 50万 of subsidy.
    assert (estimate.best_frame, estimate.best_subsidy) == ("it_invoice", 985_000)
    invoice = services.result_for(estimate, "it_invoice")
    assert (invoice["status"], invoice["estimate"]["subsidy"], invoice["verified"]) == ("met", 985_000, True)


def test_result_page_shows_comparison_and_itemized_frames(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    page = text(owner_client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])))
    assert 'id="comparison"' in page
    assert "インボイス枠（インボイス対応類型）" in page and "通常枠" in page
    assert "985,000円" in page  # インボイス対応類型
    assert "620,000円" in page  # 通常枠: (1,000,000 + 240,000) × 1/2
    assert "通常枠ではハードウェアは対象外" in page
    assert "24か月分を対象（36か月のうち。この枠の上限は24か月）" in page
    assert "採択" in page  # competitive: never presented as a promise


def test_result_page_lists_what_is_missing(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs, security_action="0")
    page = text(owner_client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])))
    assert "あと少しで対象になる枠" in page
    assert "SECURITY ACTION ★（一つ星）以上の宣言" in page
    assert estimate.best_frame == ""


def test_result_page_flags_provisional_frames(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs, year=2026)
    page = text(owner_client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])))
    assert estimate.provisional is True
    assert 'id="provisional-warning"' in page
    assert "暫定" in page


def test_result_page_of_another_company_is_404(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    other = CompanyFactory()
    member(other, user=world["owner"])
    url = reverse("subsidies:estimate_detail", args=[other.pk, estimate.pk])
    assert owner_client.get(url).status_code == 404


def test_adviser_estimate_records_organization_and_is_audited(adviser_client, world, catalogs):
    before = AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).count()
    estimate = save(adviser_client, world, catalogs)
    assert (estimate.created_by, estimate.on_behalf_org) == (world["linked_adviser"], world["linked_org"])
    assert (
        AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"], action="change").count() == before + 1
    )
    page = text(adviser_client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])))
    assert "連携商工会" in page


def test_delete_removes_the_estimate(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    response = owner_client.post(reverse("subsidies:estimate_delete", args=[world["company"].pk, estimate.pk]))
    assert response.status_code == 302
    assert SavedEstimate.objects.count() == 0


# --- checklist and PDF ---------------------------------------------------------------------------


def test_checklist_shows_the_five_checks(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs, planned_order_date="2026-12-01")
    page = text(owner_client.get(reverse("subsidies:checklist", args=[world["company"].pk, estimate.pk, "it_normal"])))
    for title in ("補助対象経費", "申請要件", "申請期間と導入のタイミング", "交付決定の前に発注・契約しない", "自己資金の準備"):
        assert title in page
    assert "1行目（ソフトウェア購入費）" in page
    assert "事業完了前に必要な資金：1,510,000円" in page


def test_checklist_unknown_frame_is_404(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs)
    assert owner_client.get(reverse("subsidies:checklist", args=[world["company"].pk, estimate.pk, "nope"])).status_code == 404


def test_pdf_contains_company_and_frames(owner_client, world, catalogs):
    from pypdf import PdfReader

    estimate = save(owner_client, world, catalogs)
    response = owner_client.get(reverse("subsidies:estimate_pdf", args=[world["company"].pk, estimate.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert "attachment;" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    pdf_text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert world["company"].name in pdf_text
    assert "インボイス枠（インボイス対応類型）" in pdf_text
    assert "985,000円" in pdf_text
    assert "採択" in pdf_text


# --- dashboard, list, catalog age --------------------------------------------------------------


def test_dashboard_card_empty_state_links_to_a_new_estimate(owner_client, world):
    page = text(owner_client.get(reverse("web:company_dashboard", args=[world["company"].pk])))
    assert 'id="subsidies-card"' in page
    assert reverse("subsidies:estimate_new", args=[world["company"].pk]) in page


def test_dashboard_card_shows_the_latest_estimate(owner_client, world, catalogs):
    estimate = save(owner_client, world, catalogs, title="会計ソフトとPC")
    page = text(owner_client.get(reverse("web:company_dashboard", args=[world["company"].pk])))
    assert "会計ソフトとPC" in page
    assert reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk]) in page
    assert "985,000円" in page


def test_catalog_age_warning_when_older_than_setting(owner_client, world, settings):
    settings.SUBSIDY_CATALOG_MAX_AGE_DAYS = 30
    SubsidyCatalog.objects.update(as_of="2025-01", as_of_date=datetime.date(2025, 1, 1))
    page = text(owner_client.get(reverse("subsidies:index", args=[world["company"].pk])))
    assert 'id="catalog-age-warning"' in page


def test_catalog_age_no_warning_within_setting(owner_client, world, fresh_age):
    page = text(owner_client.get(reverse("subsidies:index", args=[world["company"].pk])))
    assert 'id="catalog-age-warning"' not in page


def test_estimate_list_queries_do_not_grow_with_estimates(owner_client, world, catalogs):
    url = reverse("subsidies:index", args=[world["company"].pk])
    save(owner_client, world, catalogs)
    with CaptureQueriesContext(connection) as one:
        owner_client.get(url)
    for _ in range(4):
        save(owner_client, world, catalogs)
    with CaptureQueriesContext(connection) as five:
        response = owner_client.get(url)
    assert text(response).count('<td><a href="/c/') == 5
    assert len(five) == len(one)


def test_estimate_list_query_budget(owner_client, world, catalogs, django_assert_max_num_queries):
    """session, user, company, membership, nav (2), estimates, catalogs, programs, accepted jGrants rounds."""
    for _ in range(3):
        save(owner_client, world, catalogs)
    with django_assert_max_num_queries(10):
        response = owner_client.get(reverse("subsidies:index", args=[world["company"].pk]))
    assert text(response).count('<td><a href="/c/') == 3


def test_english_ui_uses_english_labels(owner_client, world, catalogs):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    estimate = save(owner_client, world, catalogs)
    page = text(owner_client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])))
    assert "Invoice frame (invoice-compliance type)" in page
    assert "985,000 yen" in page


def test_form_unknown_year_names_the_field(owner_client, world, catalogs):
    data = form_data(catalogs[2024], PLAN)
    data["catalog"] = "999999"
    response = owner_client.post(_new(owner_client, world["company"]), data)
    assert "補助金の年度を一覧から選んでください。" in text(response)
    assert SavedEstimate.objects.count() == 0


def test_form_without_any_catalog_says_so(client, world):
    client.force_login(world["owner"])
    page = text(client.get(_new(client, world["company"])))
    assert "この環境にはまだ補助金カタログが読み込まれていません。" in page


@pytest.mark.parametrize("typed", ["1000000000001", "99999999999999999999999", "-300000", "－３０００００"])
def test_form_amount_out_of_range_names_the_row_and_saves_nothing(owner_client, world, catalogs, typed):
    rows = [{"kind": "software", "amount": typed}]
    response = owner_client.post(_new(owner_client, world["company"]), form_data(catalogs[2024], rows))
    assert response.status_code == 200
    assert "1行目：金額" in text(response)
    assert SavedEstimate.objects.count() == 0


@pytest.mark.parametrize("typed", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_form_planned_order_date_out_of_range_names_the_field(owner_client, world, catalogs, typed):
    latest = f"{timezone.localdate().year + 5}-12-31"
    data = form_data(catalogs[2024], PLAN, planned_order_date=typed)
    response = owner_client.post(_new(owner_client, world["company"]), data)
    assert response.status_code == 200
    assert f"発注の予定日：2000-01-01 から {latest} までの日付を入力してください。" in text(response)
    assert SavedEstimate.objects.count() == 0


def test_form_from_with_non_ascii_digit_ignored(owner_client, world, catalogs):
    # "²".isdigit() is true but int("²") raises: the page used to answer 500.
    blank = text(owner_client.get(_new(owner_client, world["company"])))
    response = owner_client.get(_new(owner_client, world["company"]) + "?from=%C2%B2")

    assert response.status_code == 200
    assert text(response).count('class="card item-row"') == blank.count('class="card item-row"')
