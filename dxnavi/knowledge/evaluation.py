"""Search quality on owner questions: recall@k and MRR of guidance-only searches.

The question files (``tests/knowledge/eval/*.yaml``: ``questions: [{q, answers: [article ids or "glossary"]}]``)
are read by ``load``; ``evaluate`` runs each question through ``search.search`` (guidance only, top ``DEPTH``)
and records the rank of the first hit whose ``article_id`` is one of the answers. Used by
``tests/knowledge/test_eval.py`` and ``bench/knowledge_eval.py``.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .search import Scope, search

DEPTH = 10


@dataclass(frozen=True)
class Outcome:
    question: str
    answers: tuple
    rank: int | None  # 1-based rank of the first right hit within DEPTH, None for a miss
    top: tuple  # the article ids of the top hits
    file: str


@dataclass(frozen=True)
class Report:
    outcomes: list

    def recall(self, k: int) -> float:
        if not self.outcomes:
            return 0.0
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def misses(self, k: int) -> list:
        return [o for o in self.outcomes if o.rank is None or o.rank > k]


def load(directory) -> list[dict]:
    """Every question of every ``*.yaml`` in ``directory`` (a ValueError names a malformed one)."""
    questions = []
    for path in sorted(Path(directory).glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for number, item in enumerate(data.get("questions") or [], start=1):
            q, answers = (item or {}).get("q"), (item or {}).get("answers")
            if not isinstance(q, str) or not q.strip() or not isinstance(answers, list) or not answers:
                raise ValueError(f"{path.name}: question {number} needs q and answers")
            questions.append({"q": q, "answers": tuple(str(a) for a in answers), "file": path.name})
    return questions


def evaluate(questions, *, language: str = "ja") -> Report:
    outcomes = []
    for item in questions:
        hits = search(item["q"], Scope(company_id=None, include_documents=False, language=language), limit=DEPTH).hits
        top = tuple(h.article_id for h in hits)
        rank = next((i for i, article_id in enumerate(top, start=1) if article_id in item["answers"]), None)
        outcomes.append(Outcome(item["q"], item["answers"], rank, top, item.get("file", "")))
    return Report(outcomes)
