"""Over the REAL content in ``content/knowledge/`` (after the content helpers' work is merged):
every self-check and maturity question, every generative-AI item and every action source has its article.

These tests read the repository's content, not the small library of the other tests. Before the
articles are merged only the sample article exists, and most of them fail by design.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from dxnavi.actions import registry
from dxnavi.knowledge import content, links


def _question_ids(pack: str, prefix: str) -> list[str]:
    data = yaml.safe_load(Path(settings.CONTENT_DIR, "questionnaires", f"{pack}.yaml").read_text(encoding="utf-8"))
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and re.fullmatch(prefix + r"\d+", node["id"]):
                found.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return sorted(found)


SELFCHECK = _question_ids("security_selfcheck", "SC")
MATURITY = _question_ids("dx_maturity", "DM")

# One key per registered action source (a source whose keys carry several prefixes lists each).
ACTION_KEYS = {
    "selfcheck": ["selfcheck:SC01", "security:SC01"],
    "secaction": ["secaction:1"],
    "dxdiag": ["dxstage:digitize", "dxmaturity:DM01"],
    "subsidies": ["subsidies:c1"],
    "plans": ["plans:task:1"],
    "incidents": ["incidents:contacts", "incidents:drill", "incidents:task:1"],
    "surface": ["surface:1:spf_missing"],
    "genai": ["genai:GA01"],
}


@pytest.fixture(autouse=True)
def _real_content():
    content.clear_cache()
    yield
    content.clear_cache()


def test_questionnaires_have_25_selfcheck_and_17_maturity_questions():
    assert (len(SELFCHECK), len(MATURITY)) == (25, 17)  # SC01–SC25, DM01–DM17


def test_real_content_every_selfcheck_question_has_an_article():
    assert [qid for qid in SELFCHECK if links.question_url("security_selfcheck", qid) is None] == []


def test_real_content_every_maturity_question_has_an_article():
    assert [qid for qid in MATURITY if links.question_url("dx_maturity", qid) is None] == []


def test_real_content_every_action_source_key_has_an_article():
    assert sorted(ACTION_KEYS) == sorted(s.key for s in registry.sources())
    missing = [key for keys in ACTION_KEYS.values() for key in keys if links.action_url(key) is None]
    assert missing == []


def test_real_content_every_genai_item_links_to_an_existing_article():
    items = content.genai_checklist()["items"]
    assert [i["id"] for i in items if links.explain_url(f"genai:{i['id']}") is None] == []
    assert all(content.article(i["article"]) is not None for i in items)


def test_real_content_glossary_terms_link_existing_articles_and_have_unique_ids():
    terms = content.glossary()
    assert len({t["id"] for t in terms}) == len(terms)
    assert [t["id"] for t in terms if t.get("article") and content.article(t["article"]) is None] == []


def test_real_content_links_resolve_to_the_article_route():
    url = links.question_url("security_selfcheck", SELFCHECK[0]) or ""
    assert url.startswith("/knowledge/")
    assert reverse("knowledge:article", args=[url.split("/")[2]]) == url.split("#")[0]


@pytest.mark.django_db
def test_real_content_every_article_renders(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    failing = [a["id"] for a in content.articles() if client.get(reverse("knowledge:article", args=[a["id"]])).status_code != 200]
    assert failing == []
    assert client.get(reverse("knowledge:glossary")).status_code == 200
