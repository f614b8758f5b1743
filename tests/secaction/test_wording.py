"""SECURITY ACTION is a self-declaration: our UI never says certified / obtained.

Every SECURITY ACTION page and the dashboard card, in Japanese and English, for the company
and for its adviser, before and after everything is done. The only place the words may
appear is the content's own note, which says that IPA certifies nothing.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from dxnavi.secaction import content

from .conftest import confirm_all, make_policy, use_english

FORBIDDEN = re.compile(r"認定|取得|certif|obtain", re.IGNORECASE)


def _main(html):
    # Only our part of the page: <main> of our pages (the site header/footer belong to others).
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _card(html):
    return html.split('id="secaction-card"', 1)[1].split("</div>", 1)[0]


def _urls(world, draft, adopted):
    company = world["company"].pk
    return [
        reverse("secaction:readiness", args=[company]),
        reverse("secaction:checklist", args=[company]),
        reverse("secaction:policy_list", args=[company]),
        reverse("secaction:policy_new", args=[company]),
        reverse("secaction:policy_detail", args=[company, draft.pk]),
        reverse("secaction:policy_detail", args=[company, adopted.pk]),
    ]


def _assert_clean(text, lang, where):
    notes = [escape(content.note()["text"][lang])]
    for note in notes:
        text = text.replace(note, "")
    assert FORBIDDEN.findall(text) == [], where


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("persona", ["owner", "linked_adviser"])
@pytest.mark.parametrize("done", [False, True], ids=["nothing_done", "all_done"])
def test_wording_never_claims_certification(client, world, fake_selfcheck, lang, persona, done):
    company = world["company"]
    adopted = make_policy(company, world["owner"], adopted_by=world["owner"], language=lang)
    draft = make_policy(company, world["owner"], language=lang)
    if done:
        fake_selfcheck(yes={"SC01", "SC02", "SC03", "SC04", "SC05", "SC06", "SC20"})
        confirm_all(company, world["owner"])
    client.force_login(world[persona])
    if lang == "en":
        use_english(client)

    for url in _urls(world, draft, adopted):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        _assert_clean(_main(html), lang, url)

    dashboard = client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    _assert_clean(_card(dashboard), lang, "dashboard card")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_wording_note_shown_on_readiness_page(owner_client, world, lang):
    if lang == "en":
        use_english(owner_client)
    html = owner_client.get(reverse("secaction:readiness", args=[world["company"].pk])).content.decode()
    assert escape(content.note()["text"][lang]) in html
    assert ("自己宣言" if lang == "ja" else "self-declaration") in html


def test_wording_check_would_catch_a_claim():
    # The guard itself: a page that claimed the certification would fail.
    with pytest.raises(AssertionError):
        _assert_clean("★一つ星を取得しました", "ja", "example")
    with pytest.raises(AssertionError):
        _assert_clean("Your company is certified", "en", "example")
