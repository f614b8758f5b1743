"""The document pages: the list (query-count guard, status polling), one document's passages with their
location labels and anchors, the download (content type, attachment, adviser's download audited as an
export), deletion (passages and postings go too), another company's documents are 404."""

import pytest
from django.urls import reverse

from dxnavi.knowledge.models import Document, Passage, Posting
from dxnavi.orgs.models import AuditEvent
from tests.factories import CompanyFactory, UserFactory, member

from . import files
from .helpers import upload, url

pytestmark = pytest.mark.django_db


def _doc(world, capture, name="入退室.md", content=None):
    return upload(world["company"], world["owner"], name, content if content is not None else files.markdown(), capture)


def test_documents_list_shows_each_document(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "売上.xlsx", files.xlsx())
    client.force_login(world["owner"])
    response = client.get(url("documents", world))
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.document.pk for row in response.context["rows"]] == [document.pk]
    row = response.context["rows"][0]
    assert (row.kind, row.status, row.pending, row.uploader) == ("Excel (XLSX)", "検索できます", False, world["owner"].name)
    assert "2ページ" in html and "2件の文章" in html
    assert 'hx-trigger="every 2s"' not in html


def test_documents_list_query_count_does_not_grow(client, world, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    _doc(world, django_capture_on_commit_callbacks)
    client.force_login(world["owner"])
    with django_assert_max_num_queries(20) as few:
        client.get(url("documents", world))
    for index in range(5):
        _doc(world, django_capture_on_commit_callbacks, f"{index}.txt", f"文書{index}の本文".encode())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("documents", world))
    assert len(response.context["rows"]) == 6


def test_documents_list_polls_while_a_document_is_pending(client, world, django_capture_on_commit_callbacks):
    from dxnavi.knowledge import services

    from .helpers import owner_access

    with django_capture_on_commit_callbacks(execute=False):
        services.upload(owner_access(world["company"]), world["owner"], filename="a.md", content=files.markdown())
    client.force_login(world["owner"])
    page = client.get(url("documents", world)).content.decode()
    partial = client.get(url("documents", world) + "?part=rows", HTTP_HX_REQUEST="true")
    assert f'hx-get="{url("documents", world)}?part=rows" hx-trigger="every 2s"' in page
    assert partial.templates[0].name == "knowledge/_document_rows.html"
    assert "待機中" in partial.content.decode()


def test_document_page_labels_pdf_passages_by_page(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "方針.pdf", files.pdf())
    client.force_login(world["owner"])
    response = client.get(url("document", world, document_id=document.pk))
    html = response.content.decode()
    assert [(p.ordinal, p.location) for p in response.context["passages"]] == [(1, "1ページ・1番目"), (2, "2ページ・1番目")]
    assert 'id="p-1"' in html and 'id="p-2"' in html


@pytest.mark.parametrize(("name", "build", "labels"), [
    ("売上.xlsx", files.xlsx, [("シート『売上』", ""), ("シート『在庫』", "")]),
    ("規程.pptx", files.pptx, [("スライド1", "テレワークの規程"), ("スライド2", "連絡先一覧")]),
    ("経費.docx", files.docx, [("1番目", "経費精算の手順"), ("2番目", "承認の流れ")]),
])  # fmt: skip
def test_document_page_labels_by_kind(client, world, django_capture_on_commit_callbacks, name, build, labels):
    document = _doc(world, django_capture_on_commit_callbacks, name, build())
    client.force_login(world["owner"])
    response = client.get(url("document", world, document_id=document.pk))
    assert [(p.location, p.heading) for p in response.context["passages"]] == labels


def test_document_page_marks_query_words_escaped(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "a.md", "# 規程\n\n鍵は<総務>で保管します。\n".encode())
    client.force_login(world["owner"])
    response = client.get(url("document", world, document_id=document.pk) + "?q=総務")
    assert "鍵は&lt;<mark>総務</mark>&gt;で保管します。" in response.content.decode()


def test_document_file_download_with_detected_type(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "経費 規程.docx", files.docx())
    client.force_login(world["owner"])
    response = client.get(url("document_file", world, document_id=document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response.content == files.docx()


def test_document_file_by_adviser_audited_as_export(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    client.force_login(world["linked_adviser"])
    response = client.get(url("document_file", world, document_id=document.pk))
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).values_list("action", "path"))
    assert response.status_code == 200
    assert events == [("export", url("document_file", world, document_id=document.pk))]


def test_document_page_by_adviser_audited_as_view(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    client.force_login(world["linked_adviser"])
    client.get(url("document", world, document_id=document.pk))
    assert list(AuditEvent.objects.filter(company=world["company"]).values_list("action", flat=True)) == ["view"]


def test_document_delete_removes_passages_and_postings(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    kept = _doc(world, django_capture_on_commit_callbacks, "b.txt", files.text())
    assert Posting.objects.filter(passage__document=document).count() > 0
    client.force_login(world["owner"])
    response = client.post(url("document_delete", world, document_id=document.pk))
    assert response.status_code == 302
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    assert set(Passage.objects.values_list("document_id", flat=True)) == {kept.pk}
    assert set(Posting.objects.values_list("passage__document_id", flat=True)) == {kept.pk}


def test_document_delete_by_viewer_forbidden(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    client.force_login(member(world["company"], UserFactory(), role="viewer"))
    response = client.post(url("document_delete", world, document_id=document.pk))
    assert response.status_code == 403
    assert Document.objects.count() == 1


def test_document_delete_get_not_allowed(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    client.force_login(world["owner"])
    assert client.get(url("document_delete", world, document_id=document.pk)).status_code == 405
    assert Document.objects.count() == 1


@pytest.mark.parametrize("name", ["document", "document_file", "document_delete"])
def test_other_company_document_is_404(client, world, django_capture_on_commit_callbacks, name):
    other = CompanyFactory()
    other_document = upload(other, member(other), "a.md", files.markdown(), django_capture_on_commit_callbacks)
    client.force_login(world["owner"])
    target = reverse(f"knowledge:{name}", kwargs={"company_id": world["company"].pk, "document_id": other_document.pk})
    response = client.post(target) if name == "document_delete" else client.get(target)
    assert response.status_code == 404
    assert Document.objects.filter(pk=other_document.pk).exists()


def test_document_page_marks_query_words_as_the_search_matches_them(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "a.md", "# 規程\n\n書類は金庫に保管します。\n".encode())
    client.force_login(world["owner"])
    response = client.get(url("document", world, document_id=document.pk) + "?q=保管する 金庫")
    assert "書類は<mark>金庫</mark>に<mark>保管</mark>します。" in response.content.decode()
