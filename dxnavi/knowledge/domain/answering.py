"""The extractive answer and the checks on a generated one (pure functions: no database, no Django).

``split_sentences(text)`` cuts a passage into sentences: after 「。」「！」「？」 (and ``. ! ?`` followed by a
space), at every line end; a list item (「- 」「・」「• 」「* 」 or 「1. 」 at the start of a line) is one
sentence without its marker. Each sentence keeps its offsets, so its words are the passage's own.

``pick_sentences(sentences, query_terms, …)`` scores each sentence by the distinct query terms it contains,
each weighted by its rarity among the retrieved sentences (an idf: a term found in every sentence says
little; a question word such as 方法 or 教える counts a quarter and cannot make a sentence an answer),
damped by the rank of its passage and scaled by its passage's search score relative to the best (``scores``); it then picks greedily up to ``limit`` sentences, halving the weight of terms already covered and the score of a passage already quoted, so the answer favours
different passages and the higher-ranked ones. The chosen sentences come back in reading order (passage
rank, then position), which numbers the citations 1, 2, 3 … as they first appear.

``cited_numbers(reply)`` / ``check_citations(reply, count)``: the ``[n]`` markers of a generated answer and
whether it cites at least one passage and only numbers that exist.
"""

import math
import re
from dataclasses import dataclass, field

_END = "。！？!?"
_OPEN = "「『（("
_CLOSE = "」』）)"
_LIST = re.compile(r"^\s*(?:[-*+]\s+|[・•●◦▪]\s*|\(?\d{1,2}[.)）]\s+|[（(]?\d{1,2}）\s*|[①-⑳]\s*)")
_LATIN_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z0-9「（(])")
# The words of a question that ask rather than name the subject (Sudachi's normalized forms).
GENERIC = frozenset({
    "方法", "遣り方", "仕方", "手順", "教える", "知る", "分かる", "わかる", "聞く", "どう", "如何", "何", "いつ", "どこ",
    "何故", "どれ", "どの", "誰", "必要", "場合", "良い", "出来る", "可能", "考え", "考える", "思う", "つく", "欲しい",
    "点", "事", "件", "時", "際", "取る", "遣る", "行う", "見る", "出す", "大丈夫", "宜しい",
})  # fmt: skip
_CITE = re.compile(r"\[(\d{1,3})\]")
MIN_CHARS = 6  # shorter pieces (a bare heading word, 「以上。」) are never an answer
RANK_DAMPING = 0.25  # the n-th passage's sentences weigh 1 / (1 + 0.25·(n-1))
REPEAT_PASSAGE = 0.6  # a second sentence from an already quoted passage keeps 60 % of its score
COVERED = 0.5  # a query term already in a chosen sentence counts half
NEW_RATIO = 0.12  # a further sentence must add at least 12 % of the best score (covered terms and repeated passages discounted)
GENERIC_WEIGHT = 0.25  # a question word (方法, 教える …) counts a quarter and never makes a sentence an answer alone
KEEP_RATIO = 0.3  # a sentence scoring less than 30 % of the best one (on its own) is never chosen


@dataclass(frozen=True)
class Sentence:
    passage: int  # index of the passage in the retrieved list (0 = best ranked)
    start: int  # offsets in the passage text
    end: int
    text: str
    terms: frozenset = field(default_factory=frozenset)


def _cut(line: str):
    """(start, end) of the sentences of one line, offsets in the line."""
    pieces, start, i, depth = [], 0, 0, 0
    # Quotes are kept whole only when they close on the line (a stray 「 must not swallow the rest).
    quotes = sum(map(line.count, _OPEN)) == sum(map(line.count, _CLOSE))
    while i < len(line):
        if quotes and line[i] in _OPEN:
            depth += 1
        elif quotes and line[i] in _CLOSE:
            depth = max(0, depth - 1)
        elif line[i] in _END and depth == 0:
            while i + 1 < len(line) and line[i + 1] in _END + _CLOSE:
                i += 1
            pieces.append((start, i + 1))
            start = i + 1
        i += 1
    pieces.append((start, len(line)))
    result = []
    for s, e in pieces:
        cursor = s
        for match in _LATIN_END.finditer(line, s, e):
            result.append((cursor, match.start()))
            cursor = match.end()
        result.append((cursor, e))
    return result


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of each sentence of ``text``, stripped, list markers removed."""
    out, offset = [], 0
    for line in (text or "").splitlines(keepends=True):
        body = line.rstrip("\r\n")
        marker = _LIST.match(body)
        skip = marker.end() if marker else 0
        for s, e in _cut(body[skip:]):
            s, e = s + skip, e + skip
            piece = body[s:e]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append((offset + s + lead, offset + s + lead + len(piece), piece))
        offset += len(line)
    return out


def weights(sentences: list[Sentence], query_terms) -> dict[str, float]:
    """idf of each query term over the retrieved sentences, log(1 + N / df) (a quarter for a ``GENERIC`` word);
    absent terms weigh nothing."""
    count = len(sentences) or 1
    result = {}
    for term in set(query_terms):
        df = sum(1 for s in sentences if term in s.terms)
        if df:
            result[term] = math.log(1 + count / df) * (GENERIC_WEIGHT if term in GENERIC else 1.0)
    return result


def _score(sentence: Sentence, weight: dict, covered: set, passage_weight=None) -> float:
    found = sentence.terms & weight.keys()
    if len(sentence.text) < MIN_CHARS or not found or found <= GENERIC:
        return 0.0
    total = sum(weight[t] * (COVERED if t in covered else 1.0) for t in found)
    rank = 1 / (1 + RANK_DAMPING * sentence.passage)
    if passage_weight:
        rank *= passage_weight[sentence.passage]
    return total * rank


def passage_weights(scores) -> list[float]:
    """Square root of each passage's search score relative to the best one (1.0 for the best and without scores)."""
    top = max(scores, default=0)
    return [math.sqrt(score / top) if top > 0 else 1.0 for score in scores]


def pick_sentences(sentences: list[Sentence], query_terms, *, limit: int = 4, scores=None) -> list[Sentence]:
    """Up to ``limit`` sentences that answer best, in reading order; [] when none contains a query term."""
    weight = weights(sentences, query_terms)
    factor = passage_weights(scores) if scores else None
    relevance = {id(s): _score(s, weight, set(), factor) for s in sentences}
    top = max(relevance.values(), default=0.0)
    if top <= 0:
        return []
    # A sentence much less relevant on its own than the best one is never added.
    remaining = [s for s in sentences if relevance[id(s)] > 0 and relevance[id(s)] >= top * KEEP_RATIO]
    chosen: list[Sentence] = []
    covered: set = set()
    used_passages: set = set()

    def value(s):
        return _score(s, weight, covered, factor) * (REPEAT_PASSAGE if s.passage in used_passages else 1.0)

    while remaining and len(chosen) < limit:
        best = max(remaining, key=lambda s: (value(s), -s.passage, -s.start))
        if chosen and value(best) < top * NEW_RATIO:
            break  # what is left mostly repeats what the answer already says
        chosen.append(best)
        covered |= best.terms
        used_passages.add(best.passage)
        remaining = [s for s in remaining if s is not best and s.text != best.text]
    return sorted(chosen, key=lambda s: (s.passage, s.start))


def citation_numbers(chosen: list[Sentence]) -> dict[int, int]:
    """Passage index → citation number (1, 2 …) in order of first appearance."""
    numbers: dict[int, int] = {}
    for sentence in chosen:
        numbers.setdefault(sentence.passage, len(numbers) + 1)
    return numbers


def cited_numbers(reply: str) -> list[int]:
    return [int(n) for n in _CITE.findall(reply or "")]


def check_citations(reply: str, count: int) -> bool:
    """True when the reply cites at least one passage and only passages 1…count."""
    numbers = cited_numbers(reply)
    return bool(numbers) and all(1 <= n <= count for n in numbers)


def split_cited(reply: str) -> list[tuple[str, tuple[int, ...]]]:
    """A generated reply as (text, citation numbers that follow it) parts, in order; markers removed."""
    parts, cursor, pending_text, pending = [], 0, "", []
    for match in _CITE.finditer(reply):
        text = reply[cursor : match.start()]
        if text.strip() and pending:
            parts.append((pending_text, tuple(pending)))
            pending_text, pending = "", []
        pending_text += text
        pending.append(int(match.group(1)))
        cursor = match.end()
    if pending:
        parts.append((pending_text, tuple(pending)))
    tail = reply[cursor:]
    if tail.strip():
        parts.append((tail, ()))
    return parts
