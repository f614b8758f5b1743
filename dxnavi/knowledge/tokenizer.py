"""Japanese tokenization for the knowledge search (SudachiPy with the core dictionary from PyPI).

``tokens(text)`` → the search terms of a text with their character offsets in it. Each content
morpheme of split mode C (nouns, verbs, adjectives, adverbs, numbers, Latin words) gives its
dictionary-normalized form (``ランサムウエア`` → ``ランサムウェア``, Latin lower-cased); a compound
also gives its mode-A parts, so 「帳簿」 finds 「電子帳簿保存法」. Particles, auxiliaries, punctuation
and the light verbs/nouns (する, ある, こと, もの …) give none. The index and the query use this one
function, so a document and a question always meet on the same terms.

Sudachi's tokenizer is not shared between threads: one per thread, created on first use. Long texts
are cut at line ends (and, for a very long line, every ``CHUNK`` characters) below Sudachi's input limit.
"""

import threading
import unicodedata
from dataclasses import dataclass

CHUNK = 4000
_KEEP = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "代名詞"}
_DROP_SUB = {"非自立可能"}
_STOP = {"為る", "有る", "居る", "成る", "言う", "こと", "もの", "ため", "よう", "これ", "それ", "あれ", "どれ", "此れ", "其れ"}
MAX_TERM = 64

_local = threading.local()


@dataclass(frozen=True)
class Token:
    term: str  # normalized form: what the index stores and the query looks up
    start: int  # character offsets in the text given to ``tokens``
    end: int


def _tokenizer():
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import Dictionary

        tok = Dictionary(dict="core").tokenizer()
        _local.tokenizer = tok
    return tok


def _chunks(text: str):
    offset = 0
    for line in text.splitlines(keepends=True):
        for i in range(0, len(line), CHUNK):
            yield offset + i, line[i : i + CHUNK]
        offset += len(line)


def _norm(morpheme) -> str:
    term = unicodedata.normalize("NFKC", morpheme.normalized_form()).lower().strip()
    return term[:MAX_TERM]


def _keep(morpheme) -> bool:
    pos = morpheme.part_of_speech()
    if pos[0] not in _KEEP or pos[1] in _DROP_SUB:
        return False
    return morpheme.normalized_form() not in _STOP


def tokens(text: str) -> list[Token]:
    from sudachipy import SplitMode

    result = []
    tok = _tokenizer()
    for offset, chunk in _chunks(text or ""):
        if not chunk.strip():
            continue
        for m in tok.tokenize(chunk, SplitMode.C):
            if not _keep(m):
                continue
            term = _norm(m)
            if not term:
                continue
            result.append(Token(term, offset + m.begin(), offset + m.end()))
            parts = m.split(SplitMode.A)
            if len(parts) > 1:
                for part in parts:
                    if _keep(part):
                        sub = _norm(part)
                        if sub and sub != term:
                            result.append(Token(sub, offset + part.begin(), offset + part.end()))
    return result


def terms(text: str) -> list[str]:
    return [t.term for t in tokens(text)]
