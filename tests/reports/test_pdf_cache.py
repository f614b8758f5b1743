"""Stored PDFs (``reports.pdf.cached_pdf``): a repeat download is not laid out again; a change in
what the document shows, in the template version or in the language is."""

import pytest
from django.urls import reverse

from dxnavi.reports import pdf
from dxnavi.reports.models import RenderedDocument
from tests.assessments.helpers import answers_for_total, complete_with, load_pack
from tests.factories import CompanyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch):
    """Counts WeasyPrint layouts (the real layout still runs)."""
    calls = []
    real = pdf.layout

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "layout", counting)
    return calls


@pytest.fixture
def selfcheck(client):
    company = CompanyFactory()
    owner = member(company, role="owner")
    load_pack()
    assessment = complete_with(company, answers_for_total(60), user=owner)
    client.force_login(owner)
    return assessment


def _download(client, assessment):
    response = client.get(reverse("assessments:pdf", args=[assessment.company_id, assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_result_pdf_second_download_is_served_without_layout(client, selfcheck, layouts):
    first = _download(client, selfcheck)
    second = _download(client, selfcheck)
    assert (len(layouts), second) == (1, first)
    assert list(RenderedDocument.objects.values_list("company", "kind", "object_id", "size")) == [
        (selfcheck.company_id, "assessment", selfcheck.pk, len(first))
    ]


def test_result_pdf_new_template_version_is_laid_out_again(client, selfcheck, layouts, monkeypatch):
    _download(client, selfcheck)
    monkeypatch.setattr(pdf, "template_version", lambda: "changed-template")
    _download(client, selfcheck)
    _download(client, selfcheck)
    assert len(layouts) == 2


def test_result_pdf_in_another_language_is_laid_out_again(client, selfcheck, layouts, settings):
    _download(client, selfcheck)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _download(client, selfcheck)
    _download(client, selfcheck)
    assert len(layouts) == 2
    assert RenderedDocument.objects.filter(kind="assessment").count() == 2


def test_summary_pdf_is_laid_out_again_after_a_new_result(client, selfcheck, layouts):
    url = reverse("summary:pdf", args=[selfcheck.company_id])
    first = client.get(url).content
    assert client.get(url).content == first
    assert len(layouts) == 1
    complete_with(selfcheck.company, answers_for_total(80))
    assert client.get(url).content != first  # the summary shows the new score: never the stored one
    assert len(layouts) == 2


def test_template_version_is_a_digest_of_the_template_files():
    version = pdf.template_version()
    assert (len(version), version == pdf.template_version()) == (16, True)


def test_stored_keeps_only_the_newest_layouts_of_one_document(db):
    company = CompanyFactory()
    for number in range(pdf.KEEP_PER_OBJECT + 2):
        pdf.stored(company.pk, "plan", 7, f"key-{number}", lambda: b"%PDF-")
    kept = RenderedDocument.objects.filter(company=company, kind="plan", object_id=7).values_list("key", flat=True)
    assert sorted(kept) == [f"key-{n}" for n in range(2, pdf.KEEP_PER_OBJECT + 2)]


def test_stored_documents_are_deleted_with_the_company(selfcheck, client):
    _download(client, selfcheck)
    other = CompanyFactory()
    pdf.stored(other.pk, "plan", 1, "other-company", lambda: b"%PDF-")
    selfcheck.company.delete()
    assert list(RenderedDocument.objects.values_list("company", flat=True)) == [other.pk]


def test_policy_pdf_of_an_adopted_version_is_stored_once(client, layouts):
    import datetime

    from dxnavi.secaction import documents, services

    company = CompanyFactory()
    owner = member(company, role="owner")
    policy = services.create_policy(
        company, company_name=company.name, representative="代表 太郎",
        policy_date=datetime.date(2026, 11, 26), language="ja", user=owner,
    )
    assert documents.policy_pdf(policy) == documents.policy_pdf(policy)
    assert len(layouts) == 1
