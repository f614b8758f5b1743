"""「解説を読む」 links from the questionnaires, their results and the action list, without extra queries;
glossary words marked in the self-check's advice."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.actions import services as action_services
from dxnavi.knowledge import links
from tests.assessments.helpers import all_answers, complete_with, draft_with, load_pack
from tests.dxdiag import helpers as dx
from tests.factories import CompanyFactory, UserFactory, member

pytestmark = pytest.mark.django_db

PASSWORDS = reverse("knowledge:article", args=["passwords"])
EXPLAIN = re.compile(r'<a class="explain-link[^"]*" href="([^"]+)">解説を読む</a>')


def _owner_client(client, company):
    user = UserFactory()
    member(company, user=user)
    client.force_login(user)
    return user


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def _without_links(monkeypatch):
    monkeypatch.setattr(links, "question_url", lambda *a: None)
    monkeypatch.setattr(links, "action_url", lambda *a: None)


def test_selfcheck_questionnaire_links_explained_questions_with_no_extra_query(client, library, monkeypatch):
    load_pack()
    company = CompanyFactory()
    user = _owner_client(client, company)
    draft = draft_with(company, user=user)
    url = reverse("assessments:part", args=[company.pk, draft.pk, "basic"])
    client.get(url)  # warm the per-process caches
    with_links, html = _count(client, url)
    assert EXPLAIN.findall(html) == [PASSWORDS]  # SC05 only, in its own fieldset
    assert EXPLAIN.search(html.split('id="q-SC05"', 1)[1]).group(1) == PASSWORDS
    _without_links(monkeypatch)
    without, html = _count(client, url)
    assert (with_links, EXPLAIN.findall(html)) == (without, [])


def test_selfcheck_result_links_advice_and_marks_glossary_words(client, library, monkeypatch):
    load_pack()
    company = CompanyFactory()
    user = _owner_client(client, company)
    result = complete_with(company, {**all_answers("yes"), "SC06": "no", "SC08": "no"}, user=user)
    url = reverse("assessments:result", args=[company.pk, result.pk])
    client.get(url)
    with_links, html = _count(client, url)
    weakest = html.split('id="weakest-title"', 1)[1].split("</section>", 1)[0]
    assert f"{PASSWORDS}#table" in EXPLAIN.findall(weakest)
    glossary = reverse("knowledge:glossary")
    advice = re.search(r'<p class="advice">([^\n]*?PPAP[^\n]*?)</p>', weakest).group(1)
    assert (advice.count(f'href="{glossary}#term-ppap"'), advice.count(f'href="{glossary}#term-cloud"')) == (1, 1)
    _without_links(monkeypatch)
    without, _html = _count(client, url)
    assert with_links == without


def test_maturity_questionnaire_links_dm01(client, library):
    dx.load_packs()
    company = CompanyFactory()
    user = _owner_client(client, company)
    draft = dx.draft(company, dx.MATURITY_PACK, user=user)
    html = client.get(reverse("assessments:part", args=[company.pk, draft.pk, "vision"])).content.decode()
    block = html.split('id="q-DM01"', 1)[1].split("</fieldset>\n  </fieldset>", 1)[0]
    assert EXPLAIN.findall(block)[:1] == [PASSWORDS]


def test_action_list_links_explained_actions_with_no_extra_query(client, library, monkeypatch):
    load_pack()
    company = CompanyFactory()
    user = _owner_client(client, company)
    complete_with(company, {**all_answers("yes"), "SC05": "no"}, user=user)
    action_services.regenerate(company)
    url = reverse("actions:list", args=[company.pk])
    client.get(url)
    with_links, html = _count(client, url)
    # The self-check's action has the topic security:SC05, explained where selfcheck:SC05 is.
    assert PASSWORDS in EXPLAIN.findall(html)
    _without_links(monkeypatch)
    without, html = _count(client, url)
    assert (with_links, EXPLAIN.findall(html)) == (without, [])


def test_action_url_maps_security_topic_to_selfcheck_item(library):
    assert (links.action_url("security:SC05"), links.action_url("selfcheck:SC06"), links.action_url("nothing:1")) == (
        PASSWORDS, f"{PASSWORDS}#table", None,
    )  # fmt: skip
