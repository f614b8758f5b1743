"""The one-page summary: each section shows the instrument's own figure, empty ones say so, one A4 page."""

import io
import re
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from dxnavi.assessments import services as assessments
from dxnavi.orgs.models import Company
from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.summary import documents, services
from tests.assessments.helpers import answers_for_total, complete_with, load_pack, member_access
from tests.factories import CompanyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    call_command("load_content", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    company = Company.objects.get(name="デモ精工株式会社")
    return CompanyAccess(company=company, via="member", role="owner")


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_summary_of_the_demo_shows_every_instrument_on_one_a4_page(demo):
    company = demo.company
    selfcheck = assessments.latest_completed(company, "security_selfcheck")
    previous = assessments.previous_completed(selfcheck)
    maturity = assessments.latest_completed(company, "dx_maturity")
    overview = services.overview(demo)
    assert overview["selfcheck"]["score"] == selfcheck.total_score
    assert overview["selfcheck"]["change"] == selfcheck.total_score - previous.total_score
    assert len(overview["selfcheck"]["weak_areas"]) == 3
    assert overview["maturity"]["level"] == maturity.total_score
    assert overview["secaction"]["level"] == 2
    assert overview["plan"]["row_count"] == 3
    assert overview["subsidy"]["best_subsidy"] == overview["subsidy"]["estimate"].best_subsidy > 0

    pages, text = _pdf_text(documents.summary_pdf(demo))
    assert pages == 1
    assert f"{selfcheck.total_score}/100点" in text
    assert "弱いところ" in text
    assert "二つ星を宣言する準備ができています" in text
    assert overview["stage"]["estimate"] in text
    assert f"{maturity.total_score // 100}.{maturity.total_score % 100:02d}/5" in text
    assert "DX認定" in text
    assert f"{overview['subsidy']['best_subsidy']:,}円" in text
    assert "導入プランと対策リスト" in text
    assert "まだ診断していません" not in text


def test_summary_preview_lists_each_section_with_its_figure(demo, client):
    client.force_login(demo.company.memberships.get().user)
    response = client.get(reverse("summary:preview", args=[demo.company.pk]))
    html = response.content.decode()
    selfcheck = assessments.latest_completed(demo.company, "security_selfcheck")
    assert response.status_code == 200
    assert f'<span class="big">{selfcheck.total_score}</span> / 100' in _section(html, "summary-security")
    assert "★★" in _section(html, "summary-secaction")
    assert "5項目中5項目を確認済み" in _section(html, "summary-secaction")
    assert "対策リスト：未完了" in _section(html, "summary-plan")
    assert "生産管理のクラウド化" in _section(html, "summary-subsidy")
    assert reverse("summary:pdf", args=[demo.company.pk]) in html


def test_summary_of_a_new_company_says_nothing_was_checked_yet(client):
    company = CompanyFactory()
    owner = member(company, role="owner")
    access = member_access(company)
    overview = services.overview(access)
    assert [overview[k] for k in ("selfcheck", "stage", "maturity", "plan", "subsidy")] == [None] * 5
    assert overview["secaction"]["level"] == 0
    client.force_login(owner)
    html = client.get(reverse("summary:preview", args=[company.pk])).content.decode()
    for section in ("summary-security", "summary-stage", "summary-maturity"):
        assert "まだ診断していません。" in _section(html, section)
    assert "導入プランはまだありません。" in _section(html, "summary-plan")
    assert "保存した補助金の試算はまだありません。" in _section(html, "summary-subsidy")
    assert "情報セキュリティ基本方針：まだ作成していません" in _section(html, "summary-secaction")
    pages, text = _pdf_text(documents.summary_pdf(access))
    assert pages == 1
    assert text.count("まだ診断していません。") == 3


def test_summary_selfcheck_without_earlier_check_shows_no_change(db):
    company = CompanyFactory()
    load_pack()
    complete_with(company, answers_for_total(40))
    section = services.overview(member_access(company))["selfcheck"]
    assert (section["score"], section["change"], section["peer_percentile"]) == (40, None, None)


def test_full_report_is_made_by_a_job_then_served_from_the_store(demo, client, django_capture_on_commit_callbacks, monkeypatch):
    """The module's one layout of the combined report: 作成する → job (a step per part) → download."""
    from dxnavi.jobs.models import TrackedJob
    from dxnavi.reports import pdf

    layouts = []
    real_layout = pdf.layout
    monkeypatch.setattr(pdf, "layout", lambda html: layouts.append(1) or real_layout(html))
    company = demo.company
    client.force_login(company.memberships.get().user)
    full_url = reverse("summary:full_pdf", args=[company.pk])
    assert client.get(full_url)["Location"] == reverse("summary:preview", args=[company.pk]) + "#full-report"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("summary:full_start", args=[company.pk]))
    job = TrackedJob.objects.get(company=company)
    assert response["Location"] == reverse("jobs:detail", args=[company.pk, job.pk])
    # summary, self-check, stage, maturity, policy, plan, subsidy estimate: each laid out once, then joined
    assert (job.status, job.done, job.total, len(layouts)) == ("done", 8, 8, 7)
    page = client.get(response["Location"]).content.decode()
    download_url = reverse("jobs:download", args=[company.pk, job.pk])
    assert f'href="{download_url}"' in page
    download = client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in download["Content-Disposition"]

    parts = documents.report_parts(demo)  # the stored parts: no new layout
    pages = [len(pypdf.PdfReader(io.BytesIO(p)).pages) for p in parts]
    assert (len(parts), pages[0], len(layouts)) == (7, 1, 7)
    count, text = _pdf_text(download.content)
    assert count == sum(pages)
    assert "デモ精工株式会社" in text
    # Served again from the store: the direct link, and 作成する without a new job.
    assert client.get(full_url).content == download.content
    response = client.post(reverse("summary:full_start", args=[company.pk]))
    assert (response["Location"], TrackedJob.objects.count(), len(layouts)) == (full_url, 1, 7)


def test_summary_pdf_download_for_the_linked_adviser(demo, client):
    from dxnavi.accounts.models import User

    client.force_login(User.objects.get(email="adviser@demo.dxnavi.jp"))
    response = client.get(reverse("summary:pdf", args=[demo.company.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 1


def test_dashboard_links_to_the_summary(client):
    company = CompanyFactory()
    client.force_login(member(company, role="owner"))
    html = client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert reverse("summary:pdf", args=[company.pk]) in html
    assert reverse("summary:preview", args=[company.pk]) in html
