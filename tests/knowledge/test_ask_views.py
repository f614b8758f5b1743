"""The 相談する page (``knowledge:ask``): the form, an answer with numbered citations linking to the passages,
bad input, no answer, the answer server on, and isolation (only the page's company's documents)."""

import pytest
from django.urls import reverse

from dxnavi.knowledge import search
from dxnavi.knowledge.index import Piece
from tests.factories import CompanyFactory, link, member

from .ask_helpers import make_document, passage_url, rules_document

pytestmark = pytest.mark.django_db

GUIDE_Q = "生成AIに顧客の個人情報を入力してもよいですか"
BACKUP_Q = "バックアップのディスクはどこに保管しますか"


def _url(company):
    return reverse("knowledge:ask", args=[company.pk])


def test_ask_get_shows_the_form_only(client, world):
    client.force_login(world["owner"])
    response = client.get(_url(world["company"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="ask-form" method="get"' in html
    assert 'name="q"' in html
    assert "ask-answer" not in html


def test_ask_with_question_shows_sentences_and_linked_citations(client, world, django_assert_max_num_queries):
    document = rules_document(world["company"])
    client.force_login(world["owner"])
    with django_assert_max_num_queries(12):
        response = client.get(_url(world["company"]), {"q": BACKUP_Q})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'バックアップの外付けディスクは金庫に保管する。<a class="ask-cite" href="#cite-1">[1]</a>' in html
    assert '<li id="cite-1" value="1">' in html
    assert f'<a class="ask-citation-title" href="{passage_url(document, 4)}">[1] 情報セキュリティ社内規程</a>' in html
    assert "2ページ・2番目・バックアップ" in html
    assert "<mark>バックアップ</mark>" in html
    search_link = reverse("knowledge:company_search", args=[world["company"].pk]) + "?q=" + "%E3%83%90"
    assert f'href="{search_link}' in html


def test_ask_guidance_answer_links_the_article_section(client, world):
    client.force_login(world["owner"])
    html = client.get(_url(world["company"]), {"q": GUIDE_Q}).content.decode()
    assert f'href="{reverse("knowledge:article", args=["genai_cautions"])}#leak">[1] 生成AIを使うときの4つの注意点</a>' in html
    assert "顧客の個人情報や取引先の秘密は入力しない" in html


def test_ask_blank_question_names_the_field(client, world):
    client.force_login(world["owner"])
    html = client.get(_url(world["company"]), {"q": "  "}).content.decode()
    assert "質問：質問を入力してください。" in html
    assert "ask-answer" not in html


def test_ask_too_long_question_names_the_field(client, world):
    client.force_login(world["owner"])
    html = client.get(_url(world["company"]), {"q": "あ" * 301}).content.decode()
    assert "質問：300文字以内で入力してください。" in html


def test_ask_without_answer_suggests_rephrasing_and_where_to_consult(client, world):
    client.force_login(world["owner"])
    html = client.get(_url(world["company"]), {"q": "ゾウリムシの飼育方法"}).content.decode()
    assert "解説記事と自社の文書からは、答えが見つかりませんでした。" in html
    assert "言葉を変えてみてください。" in html
    assert f'<a href="{reverse("knowledge:glossary")}">用語集で言葉を調べる</a>' in html
    assert f'<a href="{reverse("knowledge:article", args=["where_to_consult"])}">' in html
    assert "ask-citations" not in html


@pytest.mark.parametrize("persona", ["owner", "adviser"])
def test_ask_cites_only_the_page_companys_documents(client, world, persona):
    """An adviser linked to both companies, and each owner, see on each company's page only its documents."""
    other = CompanyFactory(name="隣の会社")
    other_owner = member(other, role="owner")
    link(other, world["linked_org"], adviser=world["linked_adviser"])
    mine = rules_document(world["company"])
    theirs = make_document(other, "隣の会社の保管ルール", [Piece("バックアップのディスクは倉庫の金庫に保管する。", page=1, position=1)])
    users = {"owner": (world["owner"], other_owner), "adviser": (world["linked_adviser"], world["linked_adviser"])}[persona]
    client.force_login(users[0])
    html = client.get(_url(world["company"]), {"q": BACKUP_Q}).content.decode()
    assert passage_url(mine, 4) in html
    assert "隣の会社の保管ルール" not in html and f"/documents/{theirs.pk}/" not in html
    client.force_login(users[1])
    html = client.get(_url(other), {"q": BACKUP_Q}).content.decode()
    assert passage_url(theirs, 1) in html
    assert "情報セキュリティ社内規程" not in html and f"/documents/{mine.pk}/" not in html


def test_ask_other_company_page_is_404_for_outsider_and_unlinked_adviser(client, world):
    rules_document(world["company"])
    for user in (world["outsider"], world["unlinked_adviser"]):
        client.force_login(user)
        assert client.get(_url(world["company"]), {"q": BACKUP_Q}).status_code == 404


def test_ask_post_with_server_shows_the_generated_answer(client, world, server):
    server.reply = "顧客の個人情報は入力しないでください[1]。"
    client.force_login(world["owner"])
    form_html = client.get(_url(world["company"])).content.decode()
    assert '<form class="ask-form" method="post"' in form_html
    assert "回答は、運営者が設定した回答サーバーが、質問で見つかった資料の部分だけをもとに作成します。" in form_html
    html = client.post(_url(world["company"]), {"q": GUIDE_Q}).content.decode()
    assert '顧客の個人情報は入力しないでください<a class="ask-cite" href="#cite-1">[1]</a>。' in html
    assert "下の資料をもとに回答サーバーが作成した回答です。" in html
    hit = search.search(GUIDE_Q, search.Scope(company_id=world["company"].pk), limit=5).hits[0]
    assert f'href="{hit.url}">[1] {hit.title}</a>' in html
    assert len(server.requests) == 1


def test_ask_post_with_failing_server_shows_quotes_and_the_note(client, world, server):
    server.reply = "入力しないでください[7]。"
    client.force_login(world["owner"])
    html = client.post(_url(world["company"]), {"q": GUIDE_Q}).content.decode()
    assert "回答サーバーから資料にもとづく回答を得られなかったため、資料の文をそのまま引用して答えています。" in html
    assert "顧客の個人情報や取引先の秘密は入力しない" in html
    assert "[7]" not in html


def test_ask_get_with_question_never_calls_the_server(client, world, server):
    client.force_login(world["owner"])
    html = client.get(_url(world["company"]), {"q": GUIDE_Q}).content.decode()
    assert "下の資料から引用した文です。" in html
    assert server.requests == []


def test_ask_in_english_answers_from_the_english_guidance(client, world, settings):
    document = rules_document(world["company"])
    client.force_login(world["owner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(_url(world["company"]), {"q": "バックアップのディスクはどこに保管しますか"}).content.decode()
    assert "<h1>Ask a question</h1>" in html
    assert f'href="{passage_url(document, 4)}"' in html
    assert "Your company's document ・ page 2, passage 2・バックアップ" in html
    html = client.get(_url(world["company"]), {"q": "Should I enter customer personal data into generative AI?"}).content.decode()
    assert "Do not enter customers&#x27; personal data or partners&#x27; secrets" in html
