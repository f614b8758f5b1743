"""相談する: a question answered from the guidance library and the company's documents, with citations.

``answer(question, scope, *, language, generate=True)`` retrieves the best passages
(``search.search(question, scope, limit=PASSAGES)`` — the scope decides whose documents can be read, so an
answer never quotes another company's document) and answers:

- extractive (always available, no model): the passages' own sentences that contain the question's rarer
  terms, up to ``MAX_SENTENCES``, each followed by its citation number (``domain.answering``);
- generated, when ``generate`` and a server is configured (``llm.enabled()``): the server's reply, kept
  only when it cites at least one passage and only passages that were sent; otherwise — or when the
  server fails — the extractive answer with a note saying why.

A ``Citation`` names where the quote comes from (article and section, or document and page / slide /
sheet / paragraph), links to it (``hit.url``: the article section or the document passage ``#p-<n>``) and
carries the passage excerpt with the question's terms marked (``search.snippet``). No passage or no
sentence with a question term → ``Answer.found`` is False and the page suggests rephrasing, the glossary
and where to consult.
"""

import logging
from dataclasses import dataclass, field, replace

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import content, llm, presenters, search, tokenizer
from .domain import answering

logger = logging.getLogger(__name__)

PASSAGES = 5
MAX_SENTENCES = 4
EXCERPT_CHARS = 200
EXCERPT_LEAD = 20  # characters shown before the quoted sentence
CONSULT_ARTICLE = "where_to_consult"


@dataclass(frozen=True)
class Part:
    text: str
    citations: tuple[int, ...] = ()


@dataclass(frozen=True)
class Citation:
    number: int
    source: str  # "guidance" | "document"
    title: str
    location: str
    url: str
    excerpt: str  # SafeString from search.snippet: escaped, question terms in <mark>
    hit: object = None


@dataclass
class Answer:
    question: str
    parts: list[Part] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    mode: str = "extractive"  # "extractive" | "generated"
    note: str = ""
    terms: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.parts)

    @property
    def text(self) -> str:
        return "".join(part.text + "".join(f"[{n}]" for n in part.citations) for part in self.parts)


def page_url(name, *args):
    """The URL of a library page, or "" while that page is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def help_links() -> dict:
    """Where to go when nothing was found: the glossary and the article on where to consult (if it exists)."""
    consult = content.article(CONSULT_ARTICLE)
    return {
        "glossary": page_url("knowledge:glossary"),
        "consult": page_url("knowledge:article", CONSULT_ARTICLE) if consult else "",
        "consult_title": consult["title"] if consult else None,
    }


def excerpt(hit, at: int | None = None):
    """``search.snippet`` of the passage; with ``at`` (offset of a quoted sentence) the window starts just
    before that sentence, so the excerpt shows what was quoted."""
    text = hit.text or ""
    if at is None or len(text) <= EXCERPT_CHARS:
        return search.snippet(hit, length=EXCERPT_CHARS)
    start = max(0, min(at - EXCERPT_LEAD, len(text) - EXCERPT_CHARS))
    end = start + EXCERPT_CHARS
    matches = tuple((max(s, start) - start, min(e, end) - start) for s, e in hit.matches if s < end and e > start)
    window = search.snippet(replace(hit, text=text[start:end], matches=matches), length=EXCERPT_CHARS)
    return mark_safe(("…" if start else "") + window + ("…" if end < len(text) else ""))


def _citation(number: int, hit, at: int | None = None) -> Citation:
    return Citation(
        number=number, source=hit.source, title=hit.title, location=presenters.hit_location(hit), url=hit.url,
        excerpt=excerpt(hit, at), hit=hit,
    )  # fmt: skip


def _sentences(hits) -> list[answering.Sentence]:
    result = []
    for index, hit in enumerate(hits):
        toks = tokenizer.tokens(hit.text)
        for start, end, text in answering.split_sentences(hit.text):
            terms = frozenset(t.term for t in toks if t.start >= start and t.end <= end)
            result.append(answering.Sentence(index, start, end, text, terms))
    return result


def extractive(question: str, hits, terms) -> Answer:
    chosen = answering.pick_sentences(_sentences(hits), terms, limit=MAX_SENTENCES, scores=[hit.score for hit in hits])
    numbers = answering.citation_numbers(chosen)
    parts = [Part(s.text, (numbers[s.passage],)) for s in chosen]
    first = {}
    for sentence in chosen:
        first.setdefault(sentence.passage, sentence.start)
    citations = [_citation(number, hits[index], first[index]) for index, number in numbers.items()]
    return Answer(question, parts, citations, "extractive", terms=list(terms))


def generated(question: str, hits, terms, language: str) -> Answer | None:
    """The server's answer, or None (logged) when it failed or cited what it was not given."""
    passages = [(f"{hit.title}（{presenters.hit_location(hit)}）" if presenters.hit_location(hit) else hit.title, hit.text) for hit in hits]
    try:
        reply = llm.complete(question, passages, language)
    except llm.LLMError as exc:
        logger.warning("knowledge answer server failed: %s", exc)
        return None
    if not answering.check_citations(reply, len(hits)):
        logger.warning("knowledge answer server cited %s of %d passages", answering.cited_numbers(reply), len(hits))
        return None
    parts = [Part(text, numbers) for text, numbers in answering.split_cited(reply)]
    cited = sorted(set(answering.cited_numbers(reply)))
    citations = [_citation(number, hits[number - 1]) for number in cited]
    return Answer(question, parts, citations, "generated", terms=list(terms))


def answer(question: str, scope, *, language: str = "ja", generate: bool = True) -> Answer:
    question = (question or "").strip()
    result = search.search(question, scope, limit=PASSAGES)
    hits = list(result.hits)[:PASSAGES]
    terms = list(result.terms) or tokenizer.terms(question)
    if not hits or not terms:
        return Answer(question, terms=terms)
    if generate and llm.enabled():
        reply = generated(question, hits, terms, language)
        if reply is not None:
            return reply
        fallback = extractive(question, hits, terms)
        fallback.note = _(
            "The answer server could not give an answer based on the passages, so the sentences below are quoted from them."
        )
        return fallback
    return extractive(question, hits, terms)
