"""Writing the search index of a company's document (the only writer of ``Passage``/``Term``/``Posting``).

``index_document(document, pieces)`` replaces the document's passages with ``pieces`` (``Piece``: page,
position, heading, text — what the extractor read) and their postings, in one transaction: tokenized
with ``tokenizer.tokens`` (the heading counts as part of the passage), new terms inserted once (a
concurrent insert of the same term is ignored and read back), postings bulk-inserted.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from . import tokenizer
from .models import Passage, Posting, Term

BATCH = 2000


@dataclass(frozen=True)
class Piece:
    text: str
    page: int | None = None
    position: int = 1
    heading: str = ""


def passage_terms(heading: str, text: str) -> Counter:
    return Counter(tokenizer.terms(f"{heading}\n{text}" if heading else text))


def term_ids(words) -> dict[str, int]:
    words = set(words)
    found = dict(Term.objects.filter(text__in=words).values_list("text", "pk")) if words else {}
    missing = words - found.keys()
    if missing:
        Term.objects.bulk_create([Term(text=w) for w in sorted(missing)], ignore_conflicts=True, batch_size=BATCH)
        found.update(Term.objects.filter(text__in=missing).values_list("text", "pk"))
    return found


@transaction.atomic
def index_document(document, pieces: list[Piece]) -> int:
    """Replace the document's passages and postings; returns the number of passages."""
    Passage.objects.filter(document=document).delete()
    counted = [(piece, passage_terms(piece.heading, piece.text)) for piece in pieces if piece.text.strip()]
    passages = Passage.objects.bulk_create(
        [
            Passage(
                document=document, company_id=document.company_id, ordinal=number, page=piece.page,
                position=piece.position, heading=piece.heading[:300], text=piece.text, length=sum(counts.values()),
            )  # fmt: skip
            for number, (piece, counts) in enumerate(counted, start=1)
        ],
        batch_size=BATCH,
    )
    if passages and passages[0].pk is None:  # backends without RETURNING for bulk inserts
        passages = list(Passage.objects.filter(document=document).order_by("ordinal"))
    ids = term_ids(word for _piece, counts in counted for word in counts)
    Posting.objects.bulk_create(
        [
            Posting(term_id=ids[word], passage_id=passage.pk, company_id=document.company_id, tf=min(tf, 32767), length=passage.length)
            for passage, (_piece, counts) in zip(passages, counted)
            for word, tf in counts.items()
        ],
        batch_size=BATCH,
    )
    return len(passages)
