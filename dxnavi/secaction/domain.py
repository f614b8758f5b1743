"""SECURITY ACTION rules as plain functions: no Django, no database, no content files.

SECURITY ACTION is a self-DECLARATION: these functions only say whether a company is
ready to declare a level, never that it "has" one.

★ (one star): every principle of 情報セキュリティ5か条 is confirmed as done.
★★ (two stars): the 25-question self-check is completed and a basic policy is adopted.
The two levels are evaluated independently, as the scheme describes them; the missing
steps are listed in the order a company would usually take them (★ first).
"""

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

ONE_STAR_ITEMS = "one_star_items"
# How a ★ principle came to count as confirmed (see ``confirmed_items``).
BY_HAND = "by_hand"
BY_SELFCHECK = "by_selfcheck"
SELFCHECK = "selfcheck"
POLICY = "policy"

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class MissingStep:
    code: str  # ONE_STAR_ITEMS, SELFCHECK or POLICY
    level: int  # the star level (1 or 2) this step is needed for
    items: tuple[str, ...] = ()  # for ONE_STAR_ITEMS: the unconfirmed item ids, in content order

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Readiness:
    one_star: bool
    two_star: bool
    total_items: int
    missing: tuple[MissingStep, ...]

    @property
    def confirmed_count(self) -> int:
        unconfirmed = sum(step.count for step in self.missing if step.code == ONE_STAR_ITEMS)
        return self.total_items - unconfirmed

    @property
    def next_step(self) -> MissingStep | None:
        return self.missing[0] if self.missing else None

    @property
    def highest_level(self) -> int:
        """The highest level the company could declare now (0 when none)."""
        return 2 if self.two_star else 1 if self.one_star else 0


def readiness(
    confirmed: Iterable[str], *, items: Sequence[str], selfcheck_done: bool, policy_adopted: bool
) -> Readiness:
    """Which levels a company is ready to declare, and what is missing for the others.

    ``items`` are the one-star item ids from the content; confirmed ids that are not among
    them (an item retired from the content) do not count.
    """
    confirmed = set(confirmed)
    unconfirmed = tuple(item for item in items if item not in confirmed)
    missing = []
    if unconfirmed:
        missing.append(MissingStep(ONE_STAR_ITEMS, 1, unconfirmed))
    if not selfcheck_done:
        missing.append(MissingStep(SELFCHECK, 2))
    if not policy_adopted:
        missing.append(MissingStep(POLICY, 2))
    return Readiness(
        one_star=not unconfirmed,
        two_star=bool(selfcheck_done and policy_adopted),
        total_items=len(items),
        missing=tuple(missing),
    )


def selfcheck_hints(related: Mapping[str, Sequence[str]], answered_yes: Collection[str]) -> dict[str, bool]:
    """Per one-star item: were ALL its related self-check questions answered "implemented"?

    All, not any: principle 5 spans three questions, and a hint saying "already done" on
    the strength of one of them would overstate it. Items without related questions get no hint.
    """
    answered_yes = set(answered_yes)
    return {item: bool(questions) and set(questions) <= answered_yes for item, questions in related.items()}


def confirmed_items(
    items: Sequence[str], *, ticked: Collection[str], selfcheck_hints: Mapping[str, bool]
) -> dict[str, str]:
    """The one place that says which ★ principles count as confirmed, and why.

    A principle is confirmed when someone ticked it on the checklist (BY_HAND) or when the
    latest completed self-check answered all its related questions 「実施している」
    (BY_SELFCHECK; see ``selfcheck_hints``). A tick wins when both hold, so the page can name
    the person. Unknown ids (retired from the content) are left out. Nobody stores this:
    it is recomputed from the ticks and the latest self-check on every read.
    """
    ticked = set(ticked)
    result = {}
    for item in items:
        if item in ticked:
            result[item] = BY_HAND
        elif selfcheck_hints.get(item):
            result[item] = BY_SELFCHECK
    return result


def format_policy_date(date: datetime.date, lang: str) -> str:
    """The date as written in the policy: 2026年11月26日 in Japanese, 26 November 2026 in English.

    Spelled out here rather than with strftime/locale so the result never depends on the
    server's locale settings.
    """
    if lang == "en":
        return f"{date.day} {_EN_MONTHS[date.month - 1]} {date.year}"
    return f"{date.year}年{date.month}月{date.day}日"


def fill(template_text: str, *, company_name: str, representative: str, date: str) -> str:
    """Fill the three allowed placeholders into a template text from the content.

    ``format_map`` with a dict holding only these keys: any other placeholder is a content
    error (KeyError), and braces inside the user's values are never interpreted because
    only the template text is formatted.
    """
    return template_text.format_map({"company_name": company_name, "representative": representative, "date": date})


# --- the basic policy's text ----------------------------------------------------------------

PREAMBLE = "preamble"
CLOSING = "closing"
MAX_TITLE = 100
MAX_BODY = 3000
MAX_EXTRA_SECTIONS = 5  # the company's own sections, next to the content's
MAX_SECTIONS = 15


@dataclass(frozen=True)
class TextProblem:
    """One reason a policy text cannot be saved, about one part (its id and shown title)."""

    code: str  # "missing", "empty", "no_title", "too_long", "title_too_long", "too_many", "duplicate"
    part_id: str
    title: str


def check_policy_text(parts: Sequence[Mapping], *, required: Sequence[str], titles: Mapping[str, str]) -> list[TextProblem]:
    """Problems of an edited policy text; an empty list means it can be saved as is.

    ``parts`` is the preamble, the sections and no closing (that is built from the name,
    representative and date). ``required`` are the section ids the content marks as required;
    ``titles`` their titles, to name a missing one. The preamble is always required.
    """
    problems = []
    by_id = {}
    for part in parts:
        part_id = str(part.get("id") or "")
        title = str(part.get("title") or "").strip()
        body = str(part.get("body") or "").strip()
        if part_id in by_id:
            problems.append(TextProblem("duplicate", part_id, title))
            continue
        by_id[part_id] = part
        if not title and part_id != PREAMBLE:
            problems.append(TextProblem("no_title", part_id, title))
        elif len(title) > MAX_TITLE:
            problems.append(TextProblem("title_too_long", part_id, title))
        if not body:
            problems.append(TextProblem("empty", part_id, title or titles.get(part_id, "")))
        elif len(body) > MAX_BODY:
            problems.append(TextProblem("too_long", part_id, title))
    for part_id in (PREAMBLE, *required):
        if part_id not in by_id:
            problems.append(TextProblem("missing", part_id, titles.get(part_id, part_id)))
    if len(by_id) - (PREAMBLE in by_id) > MAX_SECTIONS:
        problems.append(TextProblem("too_many", "", ""))
    return problems


@dataclass(frozen=True)
class PartDiff:
    """How one part changed between two versions. ``segments``: (op, text), op "same", "del" or "ins"."""

    part_id: str
    title: str
    status: str  # "same", "changed", "added", "removed"
    segments: tuple[tuple[str, str], ...]


def diff_parts(old: Sequence[Mapping], new: Sequence[Mapping]) -> list[PartDiff]:
    """Part-by-part differences of two versions' texts, character by character (Japanese has no
    spaces to split words at). Parts are matched by id, in the new version's order, removed parts
    last."""
    from difflib import SequenceMatcher

    old_by_id = {p["id"]: p for p in old}
    new_ids = {p["id"] for p in new}
    result = []
    for part in new:
        before = old_by_id.get(part["id"])
        text = f"{part['title']}\n{part['body']}"
        if before is None:
            result.append(PartDiff(part["id"], part["title"], "added", (("ins", text),)))
            continue
        old_text = f"{before['title']}\n{before['body']}"
        if old_text == text:
            result.append(PartDiff(part["id"], part["title"], "same", (("same", part["body"]),)))
            continue
        segments = []
        matcher = SequenceMatcher(None, old_text, text, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                segments.append(("same", text[j1:j2]))
            else:
                if i2 > i1:
                    segments.append(("del", old_text[i1:i2]))
                if j2 > j1:
                    segments.append(("ins", text[j1:j2]))
        result.append(PartDiff(part["id"], part["title"], "changed", tuple(segments)))
    for part in old:
        if part["id"] not in new_ids:
            result.append(PartDiff(part["id"], part["title"], "removed", (("del", f"{part['title']}\n{part['body']}"),)))
    return result
