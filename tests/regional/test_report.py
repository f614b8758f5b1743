"""Computing, storing and showing an organization's aggregate report."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnavi.jobs.models import TrackedJob
from dxnavi.regional import presenters, services
from dxnavi.regional.domain.suppression import THRESHOLD
from dxnavi.regional.models import RegionalReport
from dxnavi.regional.queries import Scope
from tests.factories import AdviserOrganizationFactory, UserFactory
from tests.regional.helpers import TZ, adopt_policy, clients, packs, result, table_counts

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
LAST_YEAR = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=TZ)  # fiscal year 2025


@pytest.fixture
def org():
    packs()
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    from dxnavi.orgs.models import AdviserMembership

    AdviserMembership.objects.create(organization=organization, user=adviser, role="viewer")
    organization.adviser = adviser
    return organization


def _section(data, section_id):
    return next(s for s in data["sections"] if s["id"] == section_id)


def test_compute_counts_latest_result_per_company_and_suppresses_small_groups(org):
    manufacturers = clients(org, 12, industry="E")  # 6-20 employees
    retailers = clients(org, 3, industry="I")
    for company in manufacturers:
        result(company, "security_selfcheck", "mostly", {"basic": 10, "employee": 40, "organization": 30}, LAST_YEAR)
        result(company, "security_selfcheck", "full", {"basic": 20, "employee": 40, "organization": 40}, NOW)
    for company in retailers:
        result(company, "security_selfcheck", "full", {"basic": 20, "employee": 40, "organization": 40}, NOW)
    data = services.compute(Scope(organization_id=org.pk), NOW)
    assert (data["fiscal_year"], data["previous_fiscal_year"]) == (2026, 2025)
    industry = _section(data, "security_selfcheck")["dimensions"]["industry"]
    cur = industry["current"]
    assert cur["rows"] == ["E", "I"]
    full = cur["cols"].index("full")
    # E: 12 full; I: 3 full (primary) → its row total (3) and the column total of "full" protects it:
    assert cur["cells"][0][full] is None and cur["cells"][1][full] is None
    assert cur["row_totals"] == [None, None]
    assert cur["total"] == 15
    prev = industry["previous"]
    assert prev["rows"] == ["E"]  # no retailer had a result last year
    assert prev["row_totals"] == [12] and prev["cells"][0][prev["cols"].index("mostly")] == 12
    assert prev["means"] == [[10.0, 40.0, 30.0]]
    assert industry["change"]["shares"][0][prev["cols"].index("mostly")] is None  # E's shares this year are hidden
    # size band: all 15 in 6-20 → shown
    size = _section(data, "security_selfcheck")["dimensions"]["size"]["current"]
    assert size["rows"] == ["6-20"] and size["row_totals"] == [15]
    assert size["means"] == [[20.0, 40.0, 40.0]]


def test_compute_leaves_out_other_organizations_and_unaccepted_links(org):
    from tests.factories import CompanyFactory, link

    clients(org, 10)
    clients(AdviserOrganizationFactory(), 10)
    link(CompanyFactory(), org, status="pending")
    data = services.compute(Scope(organization_id=org.pk), NOW)
    sa = _section(data, "security_action")["dimensions"]["size"]["current"]
    assert sa["total"] == 10 and sa["cells"] == [[10, None, None]]


def test_compute_security_action_levels_as_of_each_year(org):
    companies = clients(org, 20, created=LAST_YEAR - datetime.timedelta(days=30))
    for company in companies[:10]:
        result(company, "security_selfcheck", "full", {}, LAST_YEAR)
        adopt_policy(company, NOW)  # adopted this year: ★★ now, not last year
    data = services.compute(Scope(organization_id=org.pk), NOW)
    size = _section(data, "security_action")["dimensions"]["size"]
    # this year: none 10, ★ 0, ★★ 10 → the 0 is primary, its row's smallest other (none, 10, the first
    # of the two 10s) its complement; last year: none 20, ★ 0, ★★ 0.
    assert size["current"]["cells"] == [[None, None, 10]]
    assert (size["current"]["row_totals"], size["current"]["total"]) == ([20], 20)
    assert size["current"]["shares"] == [[None, None, 50.0]]
    assert size["previous"]["cells"] == [[20, None, None]]
    assert size["previous"]["shares"] == [[100.0, None, None]]
    assert size["change"]["shares"] == [[None, None, None]]


def test_compute_security_action_one_star_from_ticks_and_selfcheck_answers(org):
    from dxnavi.assessments.models import Answer
    from dxnavi.secaction import content
    from dxnavi.secaction.models import ItemConfirmation

    companies = clients(org, 20)
    related = content.related_questions()
    for company in companies[:10]:  # ticked all five
        for item in content.item_ids():
            ItemConfirmation.objects.create(company=company, item_id=item, confirmed_at=LAST_YEAR)
    for company in companies[10:]:  # self-check answered yes on every related question (and no policy)
        a = result(company, "security_selfcheck", "full", {}, NOW)
        questions = {q for qs in related.values() for q in qs}
        Answer.objects.bulk_create([Answer(assessment=a, question_id=q, option_id="yes") for q in questions])
    data = services.compute(Scope(organization_id=org.pk), NOW)
    assert _section(data, "security_action")["dimensions"]["size"]["current"]["cells"] == [[None, 20, None]]


def test_stored_report_never_holds_a_count_under_threshold(org):
    for n, industry in ((11, "E"), (4, "I"), (9, "P")):
        for company in clients(org, n, industry=industry):
            result(company, "dx_stage", "stage2", {}, NOW)
    data = services.compute(Scope(organization_id=org.pk), NOW)
    shown = [v for v in table_counts(data) if v is not None]
    assert shown and min(shown) >= THRESHOLD


def test_org_report_recompute_runs_a_tracked_job_and_shows_the_age(org, client, django_capture_on_commit_callbacks):
    for company in clients(org, 10):
        result(company, "dx_maturity", "level2", {"vision": 200, "strategy": 150}, timezone.now())
    client.force_login(org.adviser)
    page = client.get(reverse("regional:org_report", args=[org.pk]))
    assert page.status_code == 200
    assert "No aggregate report has been computed yet." in page.content.decode() or "集計" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regional:org_recompute", args=[org.pk]))
    job = TrackedJob.objects.get(organization=org)
    assert response.url == reverse("jobs:org_detail", args=[org.pk, job.pk])
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result["url"] == reverse("regional:org_report", args=[org.pk])
    stored = RegionalReport.objects.get(organization=org)
    assert stored.status == "done" and stored.computed_at is not None
    body = client.get(reverse("regional:org_report", args=[org.pk])).content.decode()
    assert "集計日時" in body and "分前" in body
    assert 'role="img"' in body and "<desc" in body
    maturity = _section(stored.data, "dx_maturity")["dimensions"]["size"]["current"]
    assert maturity["means"][0][:2] == [2.0, 1.5]


def test_org_report_xlsx_and_pdf_download(org, client):
    for company in clients(org, 10):
        result(company, "dx_stage", "stage3", {}, timezone.now())
    stored = RegionalReport.objects.create(organization=org)
    services.run(stored)
    client.force_login(org.adviser)
    xlsx = client.get(reverse("regional:org_xlsx", args=[org.pk]))
    assert xlsx.status_code == 200
    import io

    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert book.sheetnames[0] == "集計表"
    pdf = client.get(reverse("regional:org_pdf", args=[org.pk]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def test_org_report_downloads_without_a_report_are_404(org, client):
    client.force_login(org.adviser)
    assert client.get(reverse("regional:org_xlsx", args=[org.pk])).status_code == 404


def test_org_report_is_404_for_non_members(org, client):
    client.force_login(UserFactory())
    assert client.get(reverse("regional:org_report", args=[org.pk])).status_code == 404
    assert client.post(reverse("regional:org_recompute", args=[org.pk])).status_code == 404


def test_age_in_words():
    computed = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
    from django.utils import translation

    with translation.override("ja"):
        assert presenters.age(computed, computed + datetime.timedelta(minutes=5)) == "5分前"
        assert presenters.age(computed, computed + datetime.timedelta(hours=3, minutes=59)) == "3時間前"
        assert presenters.age(computed, computed + datetime.timedelta(days=3)) == "3日前"


def test_html_count_cells_are_never_under_threshold(org, client):
    for n, industry in ((12, "E"), (5, "I")):
        for company in clients(org, n, industry=industry):
            result(company, "security_selfcheck", "full", {}, timezone.now())
    services.run(RegionalReport.objects.create(organization=org))
    client.force_login(org.adviser)
    body = client.get(reverse("regional:org_report", args=[org.pk])).content.decode()
    counts = [int(v) for v in re.findall(r'class="count">(\d+)', body)]
    assert counts and min(counts) >= THRESHOLD
