"""Peer comparison: where a company's score stands among similar companies on this instance.

Privacy rules (the product promise):
- a group is shown only when it holds at least ``MIN_GROUP`` companies, the company included;
- otherwise the group is widened: industry+size+prefecture -> industry+size -> industry -> all;
- nothing about a single other company is revealed: only a percentile rank and a size bucket
  ("10社以上"), never minimum, maximum, lists or the exact count.

Everything here is arithmetic over counts; ``services.peer_comparison`` reads them for all
levels in one query from the per-group score histograms (``peer_histograms.py``), so the cost
does not grow with the size of a group.
"""

from collections.abc import Iterable
from dataclasses import dataclass

MIN_GROUP = 10

# Widening order: each level is the list of assessment fields that must match.
LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("industry_size_prefecture", ("industry_major", "size_band", "prefecture")),
    ("industry_size", ("industry_major", "size_band")),
    ("industry", ("industry_major",)),
    ("all", ()),
)

# Shown instead of the exact group size, so a newcomer's arrival cannot be spotted.
SIZE_BUCKETS = (1000, 500, 100, 50, MIN_GROUP)


@dataclass(frozen=True)
class Counts:
    """Companies in a group (by their latest result): all, scoring below, scoring equal."""

    n: int
    below: int
    equal: int


@dataclass(frozen=True)
class PeerResult:
    shown: bool
    level: str | None = None  # one of LEVELS' names
    keys: tuple[str, ...] = ()  # the fields the group shares with the company
    percentile: int | None = None
    size_bucket: int | None = None  # "at least this many companies"


def percentile_rank(below: int, equal: int, n: int) -> int:
    """(below + 0.5 × equal) / n × 100, rounded half up, in integers (no float surprises)."""
    if n <= 0:
        raise ValueError("percentile of an empty group")
    # (200·below + 100·equal) / (2n), rounded half up == floor((200·below + 100·equal + n) / 2n)
    return (200 * below + 100 * equal + n) // (2 * n)


def size_bucket(n: int) -> int | None:
    return next((bucket for bucket in SIZE_BUCKETS if n >= bucket), None)


def replace_own(counts: Counts, score: int, own_latest_score: int | None) -> Counts:
    """Counts with the company represented by ``score`` instead of its latest stored result.

    The stored counts hold every company's latest result, including this company's own when
    it falls in the group (``own_latest_score``). Swapping it for the score being viewed makes
    an older result comparable too; for the latest result the swap changes nothing.
    """
    n, below, equal = counts.n, counts.below, counts.equal
    if own_latest_score is not None:
        n -= 1
        below -= own_latest_score < score
        equal -= own_latest_score == score
    return Counts(n=n + 1, below=below, equal=equal + 1)


def choose_group(levels: Iterable[tuple[str, tuple[str, ...], Counts]]) -> PeerResult:
    """First level (narrowest first) with at least MIN_GROUP companies, or "not shown".

    ``levels`` may be a lazy iterable, so wider groups are only counted when needed.
    """
    for name, keys, counts in levels:
        if counts.n >= MIN_GROUP:
            return PeerResult(
                shown=True,
                level=name,
                keys=keys,
                percentile=percentile_rank(counts.below, counts.equal, counts.n),
                size_bucket=size_bucket(counts.n),
            )
    return PeerResult(shown=False)
