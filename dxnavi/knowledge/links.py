"""Links into the library, computed once per content load (the content is in memory: no query).

- ``explain_url(key)``: ``content.link_for`` memoized (the questionnaire and the action list ask for
  dozens of keys per page);
- ``question_url(pack_family, question_id)``: the article of a self-check or maturity question;
- ``action_url(key)``: the article of an action (its key is the candidate's topic or own key; the
  self-check topic ``security:SC01`` is explained where ``selfcheck:SC01`` is);
- ``matcher()``: the glossary's alias regex; ``glossary_sorted()``: the terms in 50音 / alphabet order.

Each memo is dropped when ``content.clear_cache()`` gave new lists (compared by identity).
"""

import threading
import unicodedata

from . import content
from .domain.glossary_links import Matcher

# Questionnaire packs → the key prefix their items are covered under (see content.explained_by).
PACK_PREFIX = {"security_selfcheck": "selfcheck", "dx_maturity": "dxmaturity"}
TOPIC_ALIASES = {"security": "selfcheck"}

_lock = threading.Lock()
_memo: dict = {"articles": None, "glossary": None, "links": {}, "matcher": None, "sorted": None}


def _state() -> dict:
    articles, terms = content.articles(), content.glossary()
    if _memo["articles"] is not articles or _memo["glossary"] is not terms:
        with _lock:
            _memo.update(articles=articles, glossary=terms, links={}, matcher=None, sorted=None)
    return _memo


def explain_url(key: str) -> str | None:
    links = _state()["links"]
    if key not in links:
        links[key] = content.link_for(key)
    return links[key]


def question_url(pack_family: str, question_id: str) -> str | None:
    prefix = PACK_PREFIX.get(pack_family)
    return explain_url(f"{prefix}:{question_id}") if prefix else None


def action_url(key: str) -> str | None:
    if not key:
        return None
    url = explain_url(key)
    if url is None:
        source, _sep, rest = key.partition(":")
        if source in TOPIC_ALIASES and rest:
            url = explain_url(f"{TOPIC_ALIASES[source]}:{rest}")
    return url


def matcher() -> Matcher:
    state = _state()
    if state["matcher"] is None:
        state["matcher"] = Matcher((t["id"], t["aliases"]) for t in state["glossary"])
    return state["matcher"]


# --- 50音 / alphabet order ---------------------------------------------------------------------

_ROWS = "あかさたなはまやらわ"
_ROW_STARTS = "あかさたなはまやらわん"


_VOWELS = {v: "あいうえお"[i] for i, row in enumerate((
    "あかさたなはまやらわがざだばぱぁゃゎ", "いきしちにひみりぎじぢびぴぃ", "うくすつぬふむゆるぐずづぶぷぅゅっ",
    "えけせてねへめれげぜでべぺぇ", "おこそとのほもよろをごぞどぼぽぉょ",
)) for v in row}  # fmt: skip


def _hiragana(text: str) -> str:
    """Katakana → hiragana; the long mark ー read as the vowel before it (サーバー → さあばあ), as dictionaries sort."""
    out = []
    for c in text:
        c = chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c
        if c == "ー" and out:
            c = _VOWELS.get(out[-1], c)
        out.append(c)
    return "".join(out)


def reading(text: str) -> str:
    """The term's reading in hiragana (Sudachi), NFKC and lower-cased Latin kept as they are."""
    from sudachipy import SplitMode

    from .tokenizer import _tokenizer

    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text.lower()
    parts = []
    for m in _tokenizer().tokenize(text, SplitMode.C):
        surface = m.surface()
        parts.append(surface.lower() if surface.isascii() else _hiragana(m.reading_form()))
    return "".join(parts)


def _group(read: str) -> str:
    """'A–Z' for Latin and digits, else the 50音 row (あ行 …) of the first kana."""
    first = read[:1]
    if not first or first.isascii():
        return "A–Z"
    base = unicodedata.normalize("NFKD", first)[:1]  # が → か
    small = {"ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "ゃ": "や", "ゅ": "ゆ", "ょ": "よ", "っ": "つ", "ゎ": "わ"}
    base = small.get(base, base)
    for row, start, end in zip(_ROWS, _ROW_STARTS, _ROW_STARTS[1:]):
        if start <= base < end:
            return f"{row}行"
    return "他"


def sort_terms(terms) -> list[tuple[str, list[dict]]]:
    """[(group label, terms)…]: alphabet first, then あ行 … わ行; within a group by reading."""
    keyed = []
    for term in terms:
        read = term.get("reading") or reading(term["term"]["ja"])
        group = _group(read)
        rank = 0 if group == "A–Z" else 1 + (_ROWS.index(group[0]) if group[0] in _ROWS else len(_ROWS))
        plain = "".join(c for c in unicodedata.normalize("NFKD", read) if not unicodedata.combining(c))
        keyed.append((rank, plain, read, term["id"], group, term))
    keyed.sort(key=lambda k: k[:4])
    groups: list[tuple[str, list[dict]]] = []
    for _rank, _plain, _read, _id, group, term in keyed:
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append(term)
    return groups


def glossary_sorted() -> list[tuple[str, list[dict]]]:
    state = _state()
    if state["sorted"] is None:
        state["sorted"] = sort_terms(state["glossary"])
    return state["sorted"]
