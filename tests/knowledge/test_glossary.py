"""Glossary: the page (50音 / alphabet order, anchors) and the linking of glossary words in texts."""

import re

from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from dxnavi.knowledge import links
from dxnavi.knowledge.domain.glossary_links import Matcher, mark
from tests.factories import UserFactory

MATCHER = Matcher([("mfa", ["多要素認証", "MFA"]), ("auth", ["認証"]), ("it", ["IT"]), ("amp", ["A&B"])])


def href(term_id):
    return f"/g/#term-{term_id}"


def test_mark_prefers_the_longest_alias():
    assert mark("多要素認証", MATCHER, href) == '<a class="kn-term" href="/g/#term-mfa">多要素認証</a>'


def test_mark_links_the_first_occurrence_per_term_only():
    assert mark("認証と認証", MATCHER, href) == '<a class="kn-term" href="/g/#term-auth">認証</a>と認証'


def test_mark_escapes_plain_text():
    assert mark("<b>認証</b>", MATCHER, href) == '&lt;b&gt;<a class="kn-term" href="/g/#term-auth">認証</a>&lt;/b&gt;'


def test_mark_leaves_tags_and_existing_links_alone():
    html = '<a href="/x">認証</a> <span title="認証">MFA</span>'
    assert mark(html, MATCHER, href, is_html=True) == (
        '<a href="/x">認証</a> <span title="認証"><a class="kn-term" href="/g/#term-mfa">MFA</a></span>'
    )


def test_mark_latin_alias_only_as_a_whole_word():
    assert mark("ITEM と IT", MATCHER, href) == 'ITEM と <a class="kn-term" href="/g/#term-it">IT</a>'


def test_mark_matches_an_escaped_alias_never_inside_an_entity():
    assert mark("A&B", MATCHER, href) == '<a class="kn-term" href="/g/#term-amp">A&amp;B</a>'


def test_glossary_filter_marks_safe_and_plain_text(library):
    base = reverse("knowledge:glossary")
    template = Template("{% load knowledge %}{{ plain|glossary }}|{{ safe|glossary }}")
    html = template.render(Context({"plain": "PPAP<i>", "safe": mark_safe("<em>クラウド</em>")}))
    assert html == (
        f'<a class="kn-term" href="{base}#term-ppap">PPAP</a>&lt;i&gt;|'
        f'<em><a class="kn-term" href="{base}#term-cloud">クラウド</a></em>'
    )


def test_matcher_is_compiled_once_per_content_load(library):
    from dxnavi.knowledge import content

    first = links.matcher()
    assert links.matcher() is first
    content.clear_cache()
    assert links.matcher() is not first


def test_sort_terms_reads_the_long_mark_as_its_vowel():
    terms = [{"id": i, "term": {"ja": ja}} for i, ja in (("sub", "サブスクリプション"), ("server", "サーバー"))]
    assert [t["id"] for _group, rows in links.sort_terms(terms) for t in rows] == ["server", "sub"]


def test_sort_terms_alphabet_first_then_50on():
    terms = [{"id": i, "term": {"ja": ja}} for i, ja in (("k", "クラウド"), ("p", "PPAP"), ("a", "アカウント"), ("t", "多要素認証"), ("b", "バックアップ"))]
    assert [(group, [t["id"] for t in rows]) for group, rows in links.sort_terms(terms)] == [
        ("A–Z", ["p"]), ("あ行", ["a"]), ("か行", ["k"]), ("た行", ["t"]), ("は行", ["b"]),
    ]  # fmt: skip


def test_glossary_page_anchors_order_and_article_link(client, db, library, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(4):
        html = client.get(reverse("knowledge:glossary")).content.decode()
    assert re.findall(r'<dt id="term-([a-z_]+)">', html) == ["ppap", "cloud", "mfa", "auth"]
    assert f'href="{reverse("knowledge:article", args=["passwords"])}"' in html


def test_mark_shared_used_set_links_a_term_once_per_block():
    used = set()
    assert [mark(t, MATCHER, href, used=used) for t in ("認証", "認証", "MFA")] == [
        '<a class="kn-term" href="/g/#term-auth">認証</a>', "認証", '<a class="kn-term" href="/g/#term-mfa">MFA</a>',
    ]  # fmt: skip


def test_glossary_block_links_once_per_list_and_escapes(library):
    base = reverse("knowledge:glossary")
    html = Template("{% load knowledge %}{{ block|glossary_block }}").render(
        Context({"block": {"kind": "ul", "items": ["クラウド<b>", "クラウド"]}})
    )
    assert html == f'<ul><li><a class="kn-term" href="{base}#term-cloud">クラウド</a>&lt;b&gt;</li><li>クラウド</li></ul>'
