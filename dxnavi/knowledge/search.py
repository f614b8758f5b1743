"""Japanese BM25 search over the guidance library and one company's own documents.

``search(query, scope, limit=10)`` ranks the passages of the visible corpus: the guidance (every article
section and glossary term, the same for everyone, indexed in memory per language) and — when
``Scope.company_id`` is set — that ONE company's document passages (the ``Posting`` rows of that company
only, read through the covering index ``knowledge_posting_scan_idx``).

Ranking is exact Okapi BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5))) over the UNION of
the visible corpus: N, df and the average length add the guidance's numbers to the company's (both after
the filters), so a guidance section and a document passage are scored on one scale. Document scores are
computed in SQL (one grouped query with the per-term weights as parameters, top ``limit`` only), guidance
scores in Python; scores are compared as whole numbers of 1e-9 (``ROUND(score × 1e9)`` in SQL, the same in
Python) and the two lists merged by (−score, source, id), so SQLite and PostgreSQL give the same order.

Filters: ``include_guidance`` / ``include_documents``; ``kinds`` narrows the documents to those file types;
``topics`` narrows the guidance to articles of those topics (a glossary term has the topic of its
``article``). Each filter narrows its own source only.

Guidance passages are weighted by field: the article title and the section heading (the glossary term and
its aliases) count ``FIELD_WEIGHT`` times, so a question naming the subject finds the section about it.
The query count is constant: guidance only → 0 queries; with a company → at most 4.
"""

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import content, tokenizer
from .models import Passage, Posting, Term

K1 = 1.2
B = 0.75
FIELD_WEIGHT = 3  # title / heading / glossary term: counted this many times
ROUND = 9
SCALE = 10**ROUND  # scores are compared as integers of 1e-9: ROUND(score × 1e9), the same on every database
LANGUAGES = ("ja", "en")
GUIDANCE = "guidance"
DOCUMENT = "document"


@dataclass(frozen=True)
class Scope:
    company_id: int | None
    include_guidance: bool = True
    include_documents: bool = True
    kinds: tuple = ()
    topics: tuple = ()
    language: str = "ja"


@dataclass(frozen=True)
class Hit:
    ref: str  # "guidance:<article_id>#<section_id>" or "document:<document_id>#p-<ordinal>"
    score: float
    source: str  # "guidance" | "document"
    title: str  # article title / glossary term / document title
    heading: str  # section heading / passage heading ("" for a glossary term)
    text: str  # the passage text that ``matches`` point into
    url: str
    matches: tuple = ()  # ((start, end), …) character spans of query terms in ``text``, sorted, merged
    article_id: str | None = None
    section_id: str | None = None
    document_id: int | None = None
    passage_id: int | None = None
    ordinal: int | None = None
    page: int | None = None
    position: int | None = None
    doc_kind: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: list = field(default_factory=list)
    total: int = 0
    terms: list = field(default_factory=list)


# --- the guidance index (in memory, per language) ---------------------------------------------------


@dataclass
class _GuidePassage:
    number: int  # position in content order: the tie-breaker
    article_id: str
    section_id: str
    topic: str | None
    title: str
    heading: str
    text: str
    length: int
    tokens: tuple = ()  # (term, start, end) of ``text``: the matches of a hit without tokenizing again


@dataclass
class _GuideIndex:
    passages: list
    postings: dict  # term -> [(passage number, tf), …]
    total_length: int


_lock = threading.Lock()
_built: dict = {"source": None, "indexes": {}}


def _pick(value, lang):
    if isinstance(value, dict):
        return value.get(lang) or value.get("ja") or ""
    return value or ""


def _section_text(section, lang) -> str:
    text = _pick(section.get("body"), lang)
    table = section.get("table")
    if table:
        rows = [table["columns"], *table["rows"]]
        text += "\n" + "\n".join(" ／ ".join(_pick(cell, lang) for cell in row) for row in rows)
    return text


def _counts(weighted) -> tuple[Counter, tuple]:
    """Weighted term counts of the fields; the tokens of the last field (the displayed text)."""
    counts, found = Counter(), ()
    for text, weight in weighted:
        found = tuple((t.term, t.start, t.end) for t in tokenizer.tokens(text))
        for term, _start, _end in found:
            counts[term] += weight
    return counts, found


def _build(lang: str) -> _GuideIndex:
    passages, counted = [], []
    for article in content.articles():
        title = _pick(article["title"], lang)
        summary = _pick(article.get("summary"), lang)
        for index, section in enumerate(article["sections"]):
            heading, text = _pick(section["heading"], lang), _section_text(section, lang)
            fields = [(title, FIELD_WEIGHT), (heading, FIELD_WEIGHT), (summary if index == 0 else "", 1), (text, 1)]
            counts, found = _counts(fields)
            counted.append(counts)
            passages.append(_GuidePassage(len(passages), article["id"], section["id"], article["topic"], title, heading, text, 0, found))
    for term in content.glossary():
        name = _pick(term["term"], lang)
        definition = _pick(term["definition"], lang)
        linked = content.article(term["article"]) if term.get("article") else None
        aliases = " ".join(a for a in term.get("aliases") or [] if a != name)
        counts, found = _counts([(name, FIELD_WEIGHT), (aliases, FIELD_WEIGHT), (definition, 1)])
        counted.append(counts)
        passages.append(_GuidePassage(len(passages), content.GLOSSARY_ARTICLE, term["id"], linked and linked["topic"], name, "", definition, 0, found))
    postings = defaultdict(list)
    for passage, counts in zip(passages, counted):
        passage.length = sum(counts.values())
        for term, tf in counts.items():
            postings[term].append((passage.number, tf))
    return _GuideIndex(passages, dict(postings), sum(p.length for p in passages))


def guide_index(lang: str = "ja") -> _GuideIndex:
    """The guidance index for ``lang``; rebuilt when the content was reloaded (``content.clear_cache``)."""
    lang = lang if lang in LANGUAGES else "ja"
    source = content.articles()
    built = _built
    if built["source"] is not source or lang not in built["indexes"]:
        with _lock:
            if _built["source"] is not source:
                _built["source"], _built["indexes"] = source, {}
            if lang not in _built["indexes"]:
                _built["indexes"][lang] = _build(lang)
    return _built["indexes"][lang]


# --- helpers ------------------------------------------------------------------------------------------


def query_terms(query: str) -> list[str]:
    """The distinct search terms of a query, in order."""
    return list(dict.fromkeys(tokenizer.terms(query or "")))


def idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _spans(text: str, terms, tokens=None) -> tuple:
    """Sorted, merged character spans of ``terms`` in ``text`` (``tokens``: its (term, start, end), if known)."""
    wanted = set(terms)
    if tokens is None:
        tokens = [(t.term, t.start, t.end) for t in tokenizer.tokens(text)]
    spans = sorted((start, end) for term, start, end in tokens if term in wanted)
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _guide_allowed(index: _GuideIndex, scope: Scope):
    """None when every guidance passage is visible, else the set of visible passage numbers."""
    if not scope.topics:
        return None
    topics = set(scope.topics)
    return {p.number for p in index.passages if p.topic in topics}


def _guide_url(passage: _GuidePassage) -> str:
    if passage.article_id == content.GLOSSARY_ARTICLE:
        return f"{reverse('knowledge:glossary')}#term-{passage.section_id}"
    return f"{reverse('knowledge:article', args=[passage.article_id])}#{passage.section_id}"


# --- the company's documents (SQL) ------------------------------------------------------------------


def _company_passages(scope: Scope):
    passages = Passage.objects.filter(company_id=scope.company_id)
    if scope.kinds:
        passages = passages.filter(document__kind__in=list(scope.kinds))
    return passages


def _company_postings(scope: Scope, term_ids):
    postings = Posting.objects.filter(company_id=scope.company_id, term_id__in=term_ids)
    if scope.kinds:
        postings = postings.filter(passage__in=_company_passages(scope).values("pk"))
    return postings


def _score_sql(scope: Scope, weights: dict, c1: float, c2: float, limit: int):
    """Top ``limit`` passages of the company by BM25, with the number of matching passages.

    One grouped query over the covering index; every number is a parameter (weights per term through CASE).
    """
    qn = connection.ops.quote_name
    table = qn(Posting._meta.db_table)
    flt = "CAST(%s AS DOUBLE PRECISION)"
    ids = list(weights)
    case = " ".join(f"WHEN %s THEN {flt}" for _ in ids)
    params = [v for term_id in ids for v in (term_id, weights[term_id])] + [c1, c2, scope.company_id, *ids]
    where = f"{qn('company_id')} = %s AND {qn('term_id')} IN ({', '.join(['%s'] * len(ids))})"
    if scope.kinds:
        sub, sub_params = _company_passages(scope).values("pk").query.sql_with_params()
        where += f" AND {qn('passage_id')} IN ({sub})"
        params.extend(sub_params)
    params.append(limit)
    tf, length = qn("tf"), qn("length")
    sql = (
        f"SELECT {qn('passage_id')}, ROUND(SUM((CASE {qn('term_id')} {case} END) * {tf} / ({tf} + {flt} + {flt} * {length})) * {SCALE}), "
        f"COUNT(*) OVER () FROM {table} WHERE {where} GROUP BY {qn('passage_id')} ORDER BY 2 DESC, 1 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], int(row[1]) / SCALE, row[2]) for row in cursor.fetchall()]


def _document_hits(company_id, rows, terms) -> list[Hit]:
    if not rows:
        return []
    scores = {pk: score for pk, score, _count in rows}
    passages = (
        Passage.objects.filter(pk__in=list(scores), company_id=company_id)
        .select_related("document")
        .only("pk", "ordinal", "page", "position", "heading", "text", "company_id", "document__title", "document__kind", "document__company_id")
    )
    hits = []
    for p in passages:
        url = reverse("knowledge:document", args=[p.company_id, p.document_id]) + f"#p-{p.ordinal}"
        hits.append(Hit(
            ref=f"{DOCUMENT}:{p.document_id}#p-{p.ordinal}", score=scores[p.pk], source=DOCUMENT, title=p.document.title,
            heading=p.heading, text=p.text, url=url, matches=_spans(p.text, terms), document_id=p.document_id,
            passage_id=p.pk, ordinal=p.ordinal, page=p.page, position=p.position, doc_kind=p.document.kind,
        ))  # fmt: skip
    return hits


# --- search --------------------------------------------------------------------------------------------


def search(query: str, scope: Scope, *, limit: int = 10) -> SearchResult:
    terms = query_terms(query)
    if not terms or limit <= 0:
        return SearchResult([], 0, terms)
    lang = scope.language if scope.language in LANGUAGES else "ja"
    use_guide = scope.include_guidance
    use_docs = scope.include_documents and scope.company_id is not None

    # Corpus statistics: guidance (in memory) + the company's (two aggregate queries), after the filters.
    n, total_length, df = 0, 0, Counter()
    index = allowed = None
    if use_guide:
        index = guide_index(lang)
        allowed = _guide_allowed(index, scope)
        if allowed is None:
            n, total_length = len(index.passages), index.total_length
            for term in terms:
                df[term] += len(index.postings.get(term, ()))
        else:
            n = len(allowed)
            total_length = sum(index.passages[i].length for i in allowed)
            for term in terms:
                df[term] += sum(1 for number, _tf in index.postings.get(term, ()) if number in allowed)
    term_ids = {}
    if use_docs:
        term_ids = dict(Term.objects.filter(text__in=terms).values_list("pk", "text"))
        if term_ids:
            stats = _company_passages(scope).aggregate(n=Count("*"), length=Sum("length"))  # index-only: (company, length)
            n += stats["n"]
            total_length += stats["length"] or 0
            for term_id, count in _company_postings(scope, list(term_ids)).values_list("term_id").annotate(c=Count("*")).values_list("term_id", "c"):
                df[term_ids[term_id]] += count
    if n == 0 or total_length == 0:
        return SearchResult([], 0, terms)
    avgdl = total_length / n
    weights = {term: idf(n, df[term]) * (K1 + 1) for term in terms if df[term]}
    c1, c2 = K1 * (1 - B), K1 * B / avgdl

    # Guidance scores (Python).
    ranked, total = [], 0
    if index is not None:
        scores = defaultdict(float)
        for term, weight in weights.items():
            for number, tf in index.postings.get(term, ()):
                if allowed is None or number in allowed:
                    scores[number] += weight * tf / (tf + c1 + c2 * index.passages[number].length)
        total += len(scores)
        best = sorted(((round(score * SCALE), number) for number, score in scores.items()), key=lambda item: (-item[0], item[1]))[:limit]
        ranked.extend((key / SCALE, GUIDANCE, number, None) for key, number in best)

    # Document scores (SQL, top ``limit``).
    if term_ids:
        doc_weights = {term_id: weights[text] for term_id, text in term_ids.items() if text in weights}
        rows = _score_sql(scope, doc_weights, c1, c2, limit) if doc_weights else []
        if rows:
            total += rows[0][2]
        ranked.extend((score, DOCUMENT, pk, None) for pk, score, _count in rows)

    ranked.sort(key=lambda item: (-item[0], item[1], item[2]))
    ranked = ranked[:limit]
    documents = {h.passage_id: h for h in _document_hits(scope.company_id, [(pk, s, 0) for s, src, pk, _ in ranked if src == DOCUMENT], terms)}
    hits = []
    for score, source, key, _ in ranked:
        if source == DOCUMENT:
            hits.append(documents[key])
            continue
        p = index.passages[key]
        glossary = p.article_id == content.GLOSSARY_ARTICLE
        ref = f"{GUIDANCE}:{p.article_id}#{p.section_id}"
        hits.append(Hit(
            ref=ref, score=score, source=GUIDANCE, title=p.title, heading=p.heading, text=p.text, url=_guide_url(p),
            matches=_spans(p.text, terms, p.tokens), article_id=p.article_id, section_id=p.section_id, topic=None if glossary else p.topic,
        ))  # fmt: skip
    return SearchResult(hits, total, terms)


# --- snippet -------------------------------------------------------------------------------------------


def _window(text: str, matches, length: int) -> tuple[int, int]:
    if len(text) <= length:
        return 0, len(text)
    best_start, best_count = 0, -1
    lead = max(0, length // 8)
    for start, _end in matches:
        begin = max(0, min(start - lead, len(text) - length))
        count = sum(1 for s, e in matches if s >= begin and e <= begin + length)
        if count > best_count:
            best_start, best_count = begin, count
    return best_start, best_start + length


def snippet(hit: Hit, length: int = 160) -> SafeString:
    """A window of ``hit.text`` around its densest matches: HTML-escaped, ``<mark>`` around each match,
    「…」 where the text was cut."""
    text = hit.text or ""
    start, end = _window(text, hit.matches, length)
    parts = ["…"] if start > 0 else []
    cursor = start
    for s, e in hit.matches:
        s, e = max(s, start), min(e, end)
        if s >= e or s < cursor:
            continue
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))


def mark(text: str, terms) -> SafeString:
    """The whole ``text``, escaped, with every occurrence of ``terms`` (tokenized as the index is) in ``<mark>``."""
    hit = Hit(ref="", score=0.0, source="", title="", heading="", text=text, url="", matches=_spans(text, terms) if terms else ())
    return snippet(hit, length=len(text))
