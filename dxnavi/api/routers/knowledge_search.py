"""Searching and asking the knowledge base (``dxnavi.knowledge.search`` / ``answers``) for one company: the
guidance library and the company's own documents, never another company's (``Scope(company_id=…)``).
Hits and citations carry a plain-text snippet with the match spans (no HTML), where the passage is and its
page on the web. Asking writes nothing (a read token may ask); an answer server, when configured, is used as
on the web's 相談する page (POST)."""

import html
import re
from typing import Literal

from django.utils import translation
from ninja import Field, Query, Router, Schema

from dxnavi.knowledge import answers, content, presenters, search
from dxnavi.knowledge.forms_ask import MAX_QUESTION, AskForm

from ..access import company_operation
from ..form_errors import form_problem
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..schemas import Text
from ..texts import in_both

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["knowledge"])

MAX_QUERY = 200
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
Kind = Literal["pdf", "docx", "xlsx", "pptx", "txt", "md"]
Topic = Literal[content.TOPICS]  # type: ignore[valid-type]


class Snippet(Schema):
    text: str = Field(description="Plain text (no HTML); 「…」 where the passage was cut.")
    matches: list[tuple[int, int]] = Field(description="[start, end) character spans of the search terms in `text`.")


def plain_snippet(marked) -> dict:
    """``search.snippet``'s HTML (escaped text, ``<mark>`` around matches) as plain text and spans."""
    out, spans, last = [], [], 0
    source = str(marked)
    length = 0
    for match in _MARK.finditer(source):
        before = html.unescape(source[last : match.start()])
        out.append(before)
        length += len(before)
        inner = html.unescape(match.group(1))
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        last = match.end()
    out.append(html.unescape(source[last:]))
    return {"text": "".join(out), "matches": spans}



def _language() -> str:
    return (translation.get_language() or "ja")[:2]


class SearchParams(Schema):
    q: str = Field("", max_length=MAX_QUERY, title="検索語", description="The search words (split at spaces); empty: no hits.")
    source: Literal["all", "guidance", "documents"] = Field("all", title="検索対象", description="The guidance library, the company's documents, or both.")
    kind: Kind | None = Field(None, title="ファイルの種類", description="Only documents of this type.")
    topic: Topic | None = Field(None, title="分野", description="Only guidance articles of this topic.")
    limit: int = Field(10, ge=1, le=50, title="件数", description="Hits (1–50).")


class HitOut(Schema):
    ref: str = Field(description="`guidance:<article_id>#<section_id>` or `document:<document_id>#p-<ordinal>`.")
    source: Literal["guidance", "document"]
    score: float
    title: str
    heading: str
    location: Text
    snippet: Snippet
    url: str = Field(description="The section or the passage on the web.")
    article_id: str | None
    section_id: str | None
    document_id: int | None
    ordinal: int | None
    page: int | None
    position: int | None
    doc_kind: Kind | None


class SearchOut(Schema):
    query: str
    terms: list[str] = Field(description="The search terms the words were split into.")
    total: int = Field(description="Matching passages (the hits are the best `limit` of them).")
    hits: list[HitOut]


def hit_out(hit) -> dict:
    return {
        "ref": hit.ref, "source": hit.source, "score": round(float(hit.score), 4), "title": hit.title, "heading": hit.heading,
        "location": in_both(presenters.hit_location, hit), "snippet": plain_snippet(search.snippet(hit)), "url": hit.url,
        "article_id": hit.article_id, "section_id": hit.section_id, "document_id": hit.document_id, "ordinal": hit.ordinal,
        "page": hit.page, "position": hit.position, "doc_kind": hit.doc_kind,
    }  # fmt: skip


@router.get("/{company_id}/knowledge/search", response=SearchOut,
            summary="Search the guidance library and the company's own documents (BM25, Japanese tokenizer)")
@company_operation(need="view")
def search_knowledge(request, access, params: Query[SearchParams]):
    query = params.q.strip()
    scope = search.Scope(
        company_id=access.company.pk, include_guidance=params.source != "documents", include_documents=params.source != "guidance",
        kinds=(params.kind,) if params.kind else (), topics=(params.topic,) if params.topic else (), language=_language(),
    )  # fmt: skip
    result = search.search(query, scope, limit=params.limit) if query else search.SearchResult([], 0, [])
    return {"query": query, "terms": list(result.terms), "total": result.total, "hits": [hit_out(h) for h in result.hits]}


class AskIn(Schema):
    question: str = Field(title="質問", description=f"At most {MAX_QUESTION} characters.")


class PartOut(Schema):
    text: str
    citations: list[int] = Field(description="The numbers of the citations this sentence comes from.")


class CitationOut(Schema):
    number: int
    source: Literal["guidance", "document"]
    title: str
    location: Text = Field(description="Where the quote is: the section, or the document's page / slide / sheet and paragraph.")
    url: str
    excerpt: Snippet
    ref: str


class AnswerOut(Schema):
    question: str
    found: bool = Field(description="False: nothing in the library or the documents answers it (rephrase, see the glossary).")
    mode: Literal["extractive", "generated"] = Field(description="Quoted sentences, or written by the configured answer server.")
    note: str = Field(description="Why a generated answer fell back to quotes; empty otherwise.")
    text: str = Field(description="The answer as one text with [n] citation marks.")
    parts: list[PartOut]
    citations: list[CitationOut]
    terms: list[str]


def _ask_problem(payload: AskIn):
    problem = form_problem(lambda: AskForm({"q": payload.question}), {"q": "質問"})
    for error in problem.errors:
        if error["field"] == "q":
            error["field"] = "question"
    return problem


@router.post("/{company_id}/knowledge/ask", response=AnswerOut,
             summary="Ask a question: an answer from the library and the company's documents, with numbered citations",
             openapi_extra=IDEMPOTENCY_OPENAPI)
@company_operation(need="view")
@idempotent
def ask_knowledge(request, access, payload: AskIn):
    form = AskForm({"q": payload.question})
    if not form.is_valid():
        raise _ask_problem(payload)
    language = _language()
    scope = search.Scope(company_id=access.company.pk, language=language)
    result = answers.answer(form.cleaned_data["q"], scope, language=language, generate=True)
    return {
        "question": result.question, "found": result.found, "mode": result.mode, "note": str(result.note), "text": result.text,
        "parts": [{"text": p.text, "citations": list(p.citations)} for p in result.parts],
        "citations": [{
            "number": c.number, "source": c.source, "title": c.title, "location": in_both(presenters.hit_location, c.hit), "url": c.url,
            "excerpt": plain_snippet(c.excerpt), "ref": c.hit.ref,
        } for c in result.citations],
        "terms": list(result.terms),
    }  # fmt: skip
