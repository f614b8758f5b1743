"""相談する, the answer service: extractive answers with citations from the guidance and a company's
documents, no answer, and isolation (the scope's company only)."""

import pytest
from django.urls import reverse

from dxnavi.knowledge import answers, search
from dxnavi.knowledge.index import Piece
from tests.factories import CompanyFactory

from .ask_helpers import make_document, passage_url, rules_document

pytestmark = pytest.mark.django_db


def _guidance(question):
    return answers.answer(question, search.Scope(company_id=None), language="ja")


def test_answer_guidance_quotes_the_section_sentences_with_one_citation():
    result = _guidance("生成AIに顧客の個人情報を入力してもよいですか")
    assert result.mode == "extractive"
    assert result.parts[0] == answers.Part("顧客の個人情報や取引先の秘密は入力しない", (1,))
    first = result.citations[0]
    assert (first.number, first.source, first.title, first.location, first.url) == (
        1, "guidance", "生成AIを使うときの4つの注意点", "情報漏えい", reverse("knowledge:article", args=["genai_cautions"]) + "#leak",
    )  # fmt: skip
    assert "<mark>個人情報</mark>" in first.excerpt
    assert [c.number for c in result.citations] == list(range(1, len(result.citations) + 1))
    assert result.note == ""


def test_answer_document_cites_page_and_paragraph_of_the_passage():
    company = CompanyFactory()
    document = rules_document(company)
    result = answers.answer("バックアップのディスクはどこに保管しますか", search.Scope(company_id=company.pk, include_guidance=False), language="ja")
    assert result.parts[0] == answers.Part("バックアップの外付けディスクは金庫に保管する。", (1,))
    first = result.citations[0]
    assert (first.number, first.source, first.title, first.location, first.url) == (
        1, "document", "情報セキュリティ社内規程", "2ページ・2番目・バックアップ", passage_url(document, 4),
    )  # fmt: skip


def test_answer_cites_guidance_and_document_with_numbers_in_order_of_appearance():
    company = CompanyFactory()
    document = make_document(company, "生成AI利用ルール", [
        Piece("生成AIに顧客の個人情報を入力することは禁止する。", page=1, position=1),
        Piece("生成AIの回答は担当者が必ず確認する。", page=1, position=2),
    ])  # fmt: skip
    result = answers.answer("生成AIに顧客の個人情報を入力してもよいですか", search.Scope(company_id=company.pk), language="ja")
    cited = {c.number: c.url for c in result.citations}
    assert passage_url(document, 1) in cited.values()
    assert reverse("knowledge:article", args=["genai_cautions"]) + "#leak" in cited.values()
    firsts = []
    for part in result.parts:
        firsts.extend(n for n in part.citations if n not in firsts)
    assert firsts == sorted(cited)  # [1] appears before [2]


def test_answer_slide_and_sheet_locations():
    company = CompanyFactory()
    make_document(company, "朝礼資料", [Piece("テレワークの申請は前日までに出す。", page=3, position=1, heading="テレワーク")], kind="pptx")
    make_document(company, "備品台帳", [Piece("テレワークの申請をした人に貸すノートパソコン 10台", page=2, position=1, heading="備品")], kind="xlsx")
    result = answers.answer("テレワークの申請", search.Scope(company_id=company.pk, include_guidance=False), language="ja")
    assert sorted(c.location for c in result.citations) == ["シート『備品』", "スライド3・テレワーク"]


def test_answer_without_any_matching_passage_is_not_found():
    company = CompanyFactory()
    rules_document(company)
    result = answers.answer("ゾウリムシの飼育方法", search.Scope(company_id=company.pk), language="ja")
    assert (result.found, result.parts, result.citations) == (False, [], [])


def test_answer_blank_question_is_not_found():
    assert _guidance("　").found is False


def test_answer_never_cites_another_companys_document():
    mine, other = CompanyFactory(), CompanyFactory()
    rules_document(mine)
    secret = make_document(other, "他社の規程", [Piece("バックアップの外付けディスクは金庫に保管する。", page=1, position=1)])
    result = answers.answer("バックアップのディスクはどこに保管しますか", search.Scope(company_id=mine.pk), language="ja")
    assert result.found is True
    assert [c for c in result.citations if c.hit.document_id == secret.pk] == []
    assert all(c.hit.document_id is None or c.url.startswith(f"/c/{mine.pk}/") for c in result.citations)


def test_answer_excerpt_of_a_long_passage_shows_the_quoted_sentence():
    company = CompanyFactory()
    filler = "この段落は会社の沿革について説明しています。" * 12
    make_document(company, "会社案内", [Piece(filler + "バックアップの外付けディスクは金庫に保管する。" + filler, page=1, position=1)])
    result = answers.answer("バックアップのディスクはどこに保管しますか", search.Scope(company_id=company.pk, include_guidance=False), language="ja")
    excerpt = result.citations[0].excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert "<mark>バックアップ</mark>の外付け<mark>ディスク</mark>は金庫に<mark>保管</mark>する。" in excerpt
    assert len(excerpt.replace("<mark>", "").replace("</mark>", "")) == answers.EXCERPT_CHARS + 2
