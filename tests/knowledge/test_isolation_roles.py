"""Another company's documents never appear in search results or answers, for every role (issue #14).

Two companies hold a document with the same words. Everyone who may see company A — its owner, editor and
viewer, and a linked adviser — searches and asks on A's pages: only A's passages come back, and B's own words
never appear in the page. The unlinked adviser (linked to B) and the outsider (B's owner) get 404 on A's pages,
and on B's pages they never see A's passages.
"""

import pytest
from django.urls import reverse

from dxnavi.knowledge.models import Document
from tests.factories import link, member

from .helpers import upload

pytestmark = pytest.mark.django_db

A_TEXT = "# 設備\n\n金型の保守点検は毎月第二火曜日に行い、記録は工場長が保管します。\n".encode()
B_TEXT = "# 設備\n\n金型の保守点検は毎週金曜日に行い、合言葉はカワセミです。\n".encode()
QUESTION = "金型の保守点検はいつ行いますか"


@pytest.fixture
def two(world, django_capture_on_commit_callbacks):
    from dxnavi.orgs.models import AdviserMembership, CompanyMembership

    other = CompanyMembership.objects.get(user=world["outsider"]).company
    link(other, AdviserMembership.objects.get(user=world["unlinked_adviser"]).organization)
    a_doc = upload(world["company"], world["owner"], "設備A.md", A_TEXT, django_capture_on_commit_callbacks)
    b_doc = upload(other, world["outsider"], "設備B.md", B_TEXT, django_capture_on_commit_callbacks)
    assert (a_doc.passage_count, b_doc.passage_count) == (1, 1)
    return {"a": world["company"], "b": other, "a_doc": a_doc, "b_doc": b_doc}


def _pages(company):
    search = reverse("knowledge:company_search", args=[company.pk])
    ask = reverse("knowledge:ask", args=[company.pk])
    return (f"{search}?q={QUESTION}", f"{ask}?q={QUESTION}")


def _document_links(html: str) -> set[int]:
    import re

    return {int(n) for n in re.findall(r"/knowledge/documents/(\d+)/", html)}


def _users(world):
    editor = member(world["company"], role="editor")
    viewer = member(world["company"], role="viewer")
    return {"owner": world["owner"], "editor": editor, "viewer": viewer, "linked_adviser": world["linked_adviser"]}


@pytest.mark.parametrize("role", ["owner", "editor", "viewer", "linked_adviser"])
def test_company_pages_show_only_the_companys_own_passages_for_role(client, world, two, role):
    client.force_login(_users(world)[role])
    for url in _pages(two["a"]):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "第二火曜日" in html
        assert "カワセミ" not in html and "毎週金曜日" not in html
        assert _document_links(html) == {two["a_doc"].pk}


@pytest.mark.parametrize("role", ["unlinked_adviser", "outsider"])
def test_company_pages_are_404_and_own_pages_never_show_the_other_company_for_role(client, world, two, role):
    client.force_login(world[role])
    for url in _pages(two["a"]):
        assert client.get(url).status_code == 404
    for url in _pages(two["b"]):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "カワセミ" in html
        assert "第二火曜日" not in html
        assert _document_links(html) == {two["b_doc"].pk}
    document_url = reverse("knowledge:document", args=[two["a"].pk, two["a_doc"].pk])
    assert client.get(document_url).status_code == 404
    wrong_company_url = reverse("knowledge:document", args=[two["b"].pk, two["a_doc"].pk])
    assert client.get(wrong_company_url).status_code == 404


def test_guidance_search_never_shows_company_documents(client, world, two):
    client.force_login(world["owner"])
    html = client.get(reverse("knowledge:search") + f"?q={QUESTION}").content.decode()
    assert _document_links(html) == set()
    assert "第二火曜日" not in html and "カワセミ" not in html
    assert Document.objects.count() == 2
