"""The library pages: the index by topic, an article (TOC, sections, tables, sources, related), 404."""

import re

from django.urls import reverse

from dxnavi.knowledge import library
from tests.factories import CompanyFactory, UserFactory, member


def test_blocks_split_paragraphs_and_lists():
    assert [(b["kind"], b.get("lines") or b.get("items")) for b in library.blocks("一行目\n二行目\n\n- あ\n- い\n\n終わり")] == [
        ("p", ["一行目", "二行目"]), ("ul", ["あ", "い"]), ("p", ["終わり"]),
    ]  # fmt: skip


def test_index_requires_login(client, db, library):
    response = client.get(reverse("knowledge:index"))
    assert (response.status_code, response["Location"].startswith(reverse("accounts:login"))) == (302, True)


def test_index_lists_articles_by_translated_topic(client, db, library, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(4):  # session, user, the header's company switcher
        html = client.get(reverse("knowledge:index")).content.decode()
    assert "情報セキュリティの基本" in html
    assert "パスワードと多要素認証" in html and "使い回さないことと多要素認証。" in html
    assert html.index("情報セキュリティの基本") < html.index("脅威と攻撃の手口")
    assert f'href="{reverse("knowledge:article", args=["passwords"])}"' in html
    assert reverse("knowledge:genai", args=[1]) not in html  # no company: no company links


def test_index_links_the_current_company_genai_checklist(client, db, library):
    user = UserFactory()
    company = CompanyFactory()
    member(company, user=user)
    client.force_login(user)
    html = client.get(reverse("knowledge:index")).content.decode()
    assert f'href="{reverse("knowledge:genai", args=[company.pk])}"' in html


def test_article_renders_toc_sections_and_sources(client, db, library, django_assert_max_num_queries):
    client.force_login(UserFactory())
    url = reverse("knowledge:article", args=["passwords"])
    with django_assert_max_num_queries(4):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    toc = re.search(r'<nav class="kn-toc.*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([a-z_]+)"', toc) == ["reuse", "table"]
    assert re.findall(r'<section class="kn-section" id="([a-z_]+)"', html) == ["reuse", "table"]
    assert "<li>" in html and "二行目" in html
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert ("アプリを使う&lt;script&gt;" in article, "<script" in article) == (True, False)
    assert '<th scope="col">方法</th>' in html and '<th scope="row">パスワードだけ</th>' in html
    assert "総務省『国民のためのサイバーセキュリティサイト』（2025年）「パスワード」" in html  # the section's own source
    assert "中小企業の情報セキュリティ対策ガイドライン" in html and "2026-02" in html
    assert f'href="{reverse("knowledge:article", args=["mail"])}"' in html  # related


def test_article_links_glossary_words_in_bodies_not_headings(client, db, library):
    client.force_login(UserFactory())
    html = client.get(reverse("knowledge:article", args=["passwords"])).content.decode()
    glossary = reverse("knowledge:glossary")
    heading = re.search(r'<h2 id="reuse-h">(.*?)</h2>', html).group(1)
    assert heading == "多要素認証の効き目"
    paragraph = re.search(r'<section class="kn-section" id="reuse".*?<p>(.*?)</p>', html, re.S).group(1)
    assert paragraph == (
        f'<a class="kn-term" href="{glossary}#term-mfa">多要素認証</a>を使うと、'
        f'<a class="kn-term" href="{glossary}#term-auth">認証</a>が二重になります。<br>二行目です。'
    )


def test_article_unknown_id_is_404(client, db, library):
    client.force_login(UserFactory())
    assert client.get("/knowledge/no_such_article/").status_code == 404


def test_article_route_does_not_shadow_fixed_knowledge_paths(library):
    from django.urls import resolve

    assert resolve(reverse("knowledge:glossary")).url_name == "glossary"
    assert resolve("/knowledge/passwords/").kwargs == {"article_id": "passwords"}
