"""相談する with an answer server: a real OpenAI-compatible server on 127.0.0.1 (``llm_server.FakeLLM``).

The request carries the model name and only the retrieved passages; a reply is kept only when it cites
passages that were sent; every failure falls back to the extractive answer with a note."""

import json

import pytest

from dxnavi.knowledge import answers, llm, presenters, search
from dxnavi.knowledge.index import Piece
from tests.factories import CompanyFactory

from .ask_helpers import make_document
from .llm_server import closed_port_url

pytestmark = pytest.mark.django_db

QUESTION = "生成AIに顧客の個人情報を入力してもよいですか"
FALLBACK_NOTE = "回答サーバーから資料にもとづく回答を得られなかったため、資料の文をそのまま引用して答えています。"


@pytest.fixture
def company():
    company = CompanyFactory()
    make_document(company, "生成AI利用ルール", [Piece("生成AIに顧客の個人情報を入力することは禁止する。", page=1, position=1)])
    make_document(company, "給与規程", [Piece("給与は毎月25日に振り込む。賞与は年2回とする。", page=1, position=1)])
    return company


def _scope(company):
    return search.Scope(company_id=company.pk)


def test_llm_good_cited_answer_is_generated(server, company):
    server.reply = "顧客の個人情報は入力しないでください[1]。社内ルールでも禁止されています[2]。"
    result = answers.answer(QUESTION, _scope(company), language="ja")
    hits = search.search(QUESTION, _scope(company), limit=answers.PASSAGES).hits
    assert result.mode == "generated"
    assert result.text == server.reply
    assert result.parts == [
        answers.Part("顧客の個人情報は入力しないでください", (1,)), answers.Part("。社内ルールでも禁止されています", (2,)), answers.Part("。", ()),
    ]  # fmt: skip
    assert [(c.number, c.url) for c in result.citations] == [(1, hits[0].url), (2, hits[1].url)]
    assert result.note == ""


def test_llm_request_carries_the_model_and_only_the_retrieved_passages(server, company):
    answers.answer(QUESTION, _scope(company), language="ja")
    hits = search.search(QUESTION, _scope(company), limit=answers.PASSAGES).hits
    assert len(server.requests) == 1
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["json"]["model"] == "test-model"
    assert [m["role"] for m in request["json"]["messages"]] == ["system", "user"]
    assert "番号付きの資料だけを根拠に" in request["json"]["messages"][0]["content"]
    user = request["json"]["messages"][1]["content"]
    blocks = user.split("\n\n")
    assert blocks[0] == "資料:"
    assert blocks[-1] == f"質問: {QUESTION}"
    labels = [f"{h.title}（{presenters.hit_location(h)}）" if presenters.hit_location(h) else h.title for h in hits]
    expected = [f"[{n}] {label}\n{h.text}" for n, (label, h) in enumerate(zip(labels, hits), 1)]
    assert "\n\n".join(blocks[1:-1]) == "\n\n".join(expected)
    assert "賞与" not in json.dumps(request["json"], ensure_ascii=False)  # the company's other document was not retrieved
    assert "Authorization" not in request["headers"]


def test_llm_api_key_is_sent_as_bearer(server, company, settings):
    settings.KNOWLEDGE_LLM_API_KEY = "sk-test-123"
    server.reply = "入力しないでください[1]。"
    assert answers.answer(QUESTION, _scope(company), language="ja").mode == "generated"
    assert server.requests[0]["headers"]["Authorization"] == "Bearer sk-test-123"


def test_llm_reply_citing_a_missing_passage_falls_back(server, company):
    server.reply = "入力しないでください[1]。詳しくは別の資料にあります[9]。"
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note) == ("extractive", FALLBACK_NOTE)
    assert result.found is True
    assert "[9]" not in result.text


def test_llm_reply_without_citation_falls_back(server, company):
    server.reply = "入力しないでください。"
    assert (answers.answer(QUESTION, _scope(company), language="ja").mode) == "extractive"


def test_llm_timeout_falls_back(server, company, settings):
    settings.KNOWLEDGE_LLM_TIMEOUT = 0.3
    server.delay = 3
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note, len(server.requests)) == ("extractive", FALLBACK_NOTE, 1)


def test_llm_http_error_falls_back(server, company):
    server.status = 503
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note) == ("extractive", FALLBACK_NOTE)


def test_llm_bad_json_falls_back(server, company):
    server.raw = b"<html>not json</html>"
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note) == ("extractive", FALLBACK_NOTE)


def test_llm_server_off_falls_back(company, settings):
    settings.KNOWLEDGE_LLM_URL = closed_port_url()
    settings.KNOWLEDGE_LLM_MODEL = "test-model"
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note, result.found) == ("extractive", FALLBACK_NOTE, True)


def test_llm_not_configured_is_extractive_without_note(company, settings):
    settings.KNOWLEDGE_LLM_URL = ""
    assert llm.enabled() is False
    result = answers.answer(QUESTION, _scope(company), language="ja")
    assert (result.mode, result.note) == ("extractive", "")


def test_llm_generate_false_does_not_call_the_server(server, company):
    result = answers.answer(QUESTION, _scope(company), language="ja", generate=False)
    assert (result.mode, server.requests) == ("extractive", [])
