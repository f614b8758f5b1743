"""The search pages: the company page shows the owner's own document passages; the guidance page never
shows documents; htmx gets only the results; Japanese messages for an empty query and no result."""

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory, member

from .search_corpus import article, document, section, use_guidance


@pytest.fixture
def guidance(monkeypatch):
    use_guidance(monkeypatch, [article("pw", "security", [section("rules", "パスワードの管理", heading="決め方")], title="パスワードの基本")])


@pytest.fixture
def owner_with_document(db, client, guidance):
    company = CompanyFactory()
    owner = member(company)
    doc = document(company, "社内規程", [("<b>パスワード</b>は12文字以上にする", 3, 2, "第5条")], kind="pdf")
    client.force_login(owner)
    return company, doc


def test_company_search_shows_own_document_hits(client, owner_with_document, django_assert_max_num_queries):
    company, doc = owner_with_document
    url = reverse("knowledge:company_search", args=[company.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"q": "パスワード"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/c/{company.pk}/knowledge/documents/{doc.pk}/#p-1"' in body
    assert "社内規程" in body
    assert "3ページ・2番目・第5条" in body
    assert "&lt;b&gt;<mark>パスワード</mark>&lt;/b&gt;" in body
    assert 'href="/knowledge/pw/#rules"' in body
    assert "2件見つかりました" in body


def test_company_search_filters_to_documents(client, owner_with_document):
    company, _doc = owner_with_document
    url = reverse("knowledge:company_search", args=[company.pk])
    body = client.get(url, {"q": "パスワード", "source": "documents", "kind": "pdf"}).content.decode()
    assert "社内規程" in body
    assert "パスワードの基本" not in body


def test_other_companys_documents_never_appear(client, owner_with_document):
    company, _doc = owner_with_document
    other = CompanyFactory()
    document(other, "他社の秘密", ["パスワードは他社の秘密"])
    body = client.get(reverse("knowledge:company_search", args=[company.pk]), {"q": "パスワード 秘密"}).content.decode()
    assert "他社の秘密" not in body
    assert client.get(reverse("knowledge:company_search", args=[other.pk]), {"q": "パスワード"}).status_code == 404


def test_guidance_search_never_shows_documents(client, owner_with_document):
    response = client.get(reverse("knowledge:search"), {"q": "パスワード", "source": "documents"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "社内規程" not in body
    assert 'href="/knowledge/pw/#rules"' in body
    assert 'name="source"' not in body


def test_search_htmx_renders_only_the_results(client, owner_with_document):
    response = client.get(reverse("knowledge:search"), {"q": "パスワード"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith('<section id="knowledge-results"')
    assert "<form" not in body


def test_search_messages_for_empty_query_and_no_result(client, owner_with_document):
    url = reverse("knowledge:search")
    assert "検索する言葉を入力してください" in client.get(url).content.decode()
    assert "「量子暗号」に当てはまるものは見つかりませんでした" in client.get(url, {"q": "量子暗号"}).content.decode()


def test_guidance_search_requires_login(db, client):
    response = client.get(reverse("knowledge:search"), {"q": "パスワード"})
    assert response.status_code == 302
