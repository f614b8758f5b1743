"""Stored PDFs keyed by their inputs (``reports.pdf.keyed_pdf``): each input that changes what a
document prints changes its key (one test per input), and a repeat download is served from the
store with a few light queries, without building the document's context or HTML."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dxnavi.assessments import documents, services
from dxnavi.assessments.domain.peers import MIN_GROUP
from dxnavi.reports import pdf
from tests.assessments.helpers import adviser_access, answers_for_total, complete_with, load_pack, member_access
from tests.dxdiag import helpers as dx
from tests.factories import AdviserOrganizationFactory, CompanyFactory, member

pytestmark = pytest.mark.django_db


def _document(access, assessment):
    assessment = type(assessment).objects.select_related("answered_by", "on_behalf_org").get(pk=assessment.pk)
    access = type(access)(company=type(access.company).objects.get(pk=access.company.pk), via=access.via, role=access.role)
    document = documents.result_document(access, assessment)
    return document.key, document.html


def _changes(before, after):
    """(key changed, printed HTML changed): both must be True for an input of the document."""
    return (before[0] != after[0], before[1] != after[1])


@pytest.fixture
def selfcheck(db):
    company = CompanyFactory(name="株式会社キー")
    owner = member(company, role="owner")
    load_pack()
    return member_access(company), complete_with(company, answers_for_total(60), user=owner)


def test_result_key_is_the_same_when_nothing_printed_changed(selfcheck):
    access, assessment = selfcheck
    assert _document(access, assessment) == _document(access, assessment)


def test_result_key_changes_with_the_company_name(selfcheck):
    access, assessment = selfcheck
    before = _document(access, assessment)
    type(access.company).objects.filter(pk=access.company.pk).update(name="株式会社新社名")
    assert _changes(before, _document(access, assessment)) == (True, True)


def test_result_key_changes_when_the_answerer_is_renamed(selfcheck):
    access, assessment = selfcheck
    before = _document(access, assessment)
    type(assessment.answered_by).objects.filter(pk=assessment.answered_by_id).update(name="改名 花子")
    assert _changes(before, _document(access, assessment)) == (True, True)


def test_result_key_changes_when_the_adviser_organization_is_renamed(db):
    company = CompanyFactory()
    org = AdviserOrganizationFactory(name="旧名商工会")
    load_pack()
    access = adviser_access(company, org)
    assessment = complete_with(company, answers_for_total(40), access=access)
    before = _document(member_access(company), assessment)
    type(org).objects.filter(pk=org.pk).update(name="新名商工会")
    assert _changes(before, _document(member_access(company), assessment)) == (True, True)


def test_result_key_changes_with_the_viewer_kind(selfcheck):
    access, assessment = selfcheck
    adviser = adviser_access(access.company, AdviserOrganizationFactory())
    assert _changes(_document(access, assessment), _document(adviser, assessment)) == (True, True)


def test_result_key_changes_with_the_language(selfcheck):
    access, assessment = selfcheck
    with translation.override("ja"):
        before = _document(access, assessment)
    with translation.override("en"):
        assert _changes(before, _document(access, assessment)) == (True, True)


def test_result_key_changes_when_the_peer_percentile_changes(selfcheck):
    access, assessment = selfcheck
    for score in range(MIN_GROUP):
        complete_with(CompanyFactory(), answers_for_total(10 + score))
    before = _document(access, assessment)
    complete_with(CompanyFactory(), answers_for_total(90))  # one more company above: a lower percentile
    assert _changes(before, _document(access, assessment)) == (True, True)


def test_result_key_changes_when_the_previous_result_is_deleted(selfcheck):
    access, assessment = selfcheck
    newer = complete_with(access.company, answers_for_total(80))
    before = _document(access, newer)
    assessment.delete()
    assert _changes(before, _document(access, newer)) == (True, True)


def test_result_key_changes_with_the_rendering_version(selfcheck, monkeypatch):
    access, assessment = selfcheck
    before = _document(access, assessment)
    monkeypatch.setattr(pdf, "template_version", lambda: "another-deploy")
    assert _document(access, assessment)[0] != before[0]


def test_maturity_key_changes_when_a_new_selfcheck_changes_readiness(db):
    company = CompanyFactory()
    load_pack()
    dx.load_packs()
    access = member_access(company)
    maturity = dx.complete(company, dx.MATURITY_PACK, dx.maturity_answers(default=(4, 5)))
    before = _document(access, maturity)
    complete_with(company, answers_for_total(90))  # the readiness section shows the self-check's points
    assert _changes(before, _document(access, maturity)) == (True, True)


def test_maturity_key_changes_with_the_viewer_rights_of_the_plan_it_section(db):
    company = CompanyFactory()
    dx.load_packs()
    maturity = dx.complete(company, dx.MATURITY_PACK, dx.maturity_answers())
    viewer = member_access(company, role="viewer")
    assert _changes(_document(member_access(company), maturity), _document(viewer, maturity)) == (True, True)


def test_a_key_standing_for_two_documents_fails_in_tests(selfcheck, monkeypatch):
    access, assessment = selfcheck
    documents.result_document(access, assessment).get()
    monkeypatch.setattr(documents, "result_key_parts", lambda access, assessment: ["a key missing the name"])
    documents.result_document(access, assessment).get()
    type(access.company).objects.filter(pk=access.company.pk).update(name="株式会社別名")
    access = member_access(type(access.company).objects.get(pk=access.company.pk))
    with pytest.raises(pdf.StaleKeyError):
        documents.result_document(access, assessment).get()


def test_repeat_result_pdf_download_builds_no_context(client, selfcheck, monkeypatch):
    access, assessment = selfcheck
    client.force_login(assessment.answered_by)
    url = reverse("assessments:pdf", args=[access.company.pk, assessment.pk])
    first = client.get(url).content
    monkeypatch.setattr(pdf, "VERIFY_KEYS", False)  # (the check renders the HTML on purpose)
    monkeypatch.setattr(documents, "result_context", lambda *a: pytest.fail("context built on a repeat download"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == first
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('"reports_rendereddocument"' in s for s in sql) == 1
    assert sum("assessments_peerhistogram" in s for s in sql) == 1


def test_result_key_is_shared_by_viewers_who_see_the_same_document(selfcheck):
    access, assessment = selfcheck
    editor = member_access(access.company, role="editor")
    assert _document(editor, assessment) == _document(access, assessment)
