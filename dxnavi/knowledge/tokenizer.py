"""Japanese tokenization for the knowledge search (SudachiPy with the core dictionary from PyPI).

``tokens(text)`` → the search terms of a text with their character offsets in it. Each content
morpheme of split mode C (nouns, verbs, adjectives, adverbs, numbers, Latin words) gives its
dictionary-normalized form (``ランサムウエア`` → ``ランサムウェア``, Latin lower-cased); a compound
also gives its mode-A parts, so 「帳簿」 finds 「電子帳簿保存法」. Particles, auxiliaries, punctuation,
pronouns and question words (何, 誰, どこ, どう …) and the light verbs/nouns (する, ある, こと, もの …) give
none. Latin words joined by hyphens give one term even where Sudachi cuts them apart (「フリーWi-Fi」 and
「Wi-Fi」 both give ``wi-fi``). The index and the query use this one
function, so a document and a question always meet on the same terms.

Sudachi's tokenizer is not shared between threads: one per thread, created on first use from the one dictionary of the process. Long texts
are cut at line ends (and, for a very long line, every ``CHUNK`` characters) below Sudachi's input limit.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

CHUNK = 4000
_KEEP = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞"}  # pronouns (何, 誰, どこ, いつ …) give none
_DROP_SUB = {"非自立可能"}
_STOP = {"為る", "有る", "居る", "成る", "言う", "こと", "もの", "ため", "よう", "これ", "それ", "あれ", "どれ", "此れ", "其れ", "どう", "うち"}
MAX_TERM = 64
_LATIN = re.compile(r"^[A-Za-z0-9]+$")

_local = threading.local()
_dictionary = None  # one per process: the 190 MB system dictionary is memory-mapped once, shared by the threads
_dictionary_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    term: str  # normalized form: what the index stores and the query looks up
    start: int  # character offsets in the text given to ``tokens``
    end: int


def _tokenizer():
    global _dictionary
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        with _dictionary_lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
            tok = _dictionary.tokenizer()
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


def _hyphen_runs(morphemes) -> dict[int, int]:
    """Latin words joined by hyphens that Sudachi cut apart (「フリーWi-Fi」 → Wi / - / Fi): start index → end
    index (exclusive) of each run, so the run gives one term, as the same word does elsewhere (「Wi-Fi」)."""
    runs, i, n = {}, 0, len(morphemes)
    surfaces = [unicodedata.normalize("NFKC", m.surface()) for m in morphemes]
    while i < n:
        j = i
        while j + 2 < n and _LATIN.match(surfaces[j]) and surfaces[j + 1] == "-" and _LATIN.match(surfaces[j + 2]):
            j += 2
        if j > i:
            runs[i] = j + 1
            i = j + 1
        else:
            i += 1
    return runs


def tokens(text: str) -> list[Token]:
    from sudachipy import SplitMode

    result = []
    tok = _tokenizer()
    for offset, chunk in _chunks(text or ""):
        if not chunk.strip():
            continue
        morphemes = list(tok.tokenize(chunk, SplitMode.C))
        runs = _hyphen_runs(morphemes)
        skip_to = 0
        for index, m in enumerate(morphemes):
            if index < skip_to:
                continue
            if index in runs:
                skip_to = runs[index]
                begin, end = m.begin(), morphemes[skip_to - 1].end()
                term = unicodedata.normalize("NFKC", chunk[begin:end]).lower()[:MAX_TERM]
                result.append(Token(term, offset + begin, offset + end))
                continue
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
