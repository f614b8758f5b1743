"""Sources of the company's action list (対策リスト), registered by the instruments.

The actions app turns every instrument's open items into one list, but knows nothing of
self-checks, SECURITY ACTION, DX diagnoses, subsidies or projects: each of those apps
registers a ``Source`` here from its ``AppConfig.ready()`` (as with ``web.dashboard`` and
``orgs.client_columns``). This module imports no model and no other app, so any app may import
it without a circle. The API is described in docs/architecture.md ("Action list").
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable

PRIORITY_HIGH, PRIORITY_NORMAL, PRIORITY_LOW = 1, 2, 3


@dataclass(frozen=True)
class ActionCandidate:
    """One open item an instrument proposes for the list. Plain data, no database row."""

    key: str  # stable, unique in the source, prefixed with the source key: "selfcheck:SC01"
    title: dict  # {"ja": …, "en": …}
    detail: dict = field(default_factory=dict)  # advice: what to do
    link: str = ""  # the item in its instrument (company-scoped page)
    topic: str = ""  # cross-instrument dedup key: candidates with the same topic become one action
    due: datetime.date | None = None  # suggested 期限, used until a user edits the due date
    priority: int = PRIORITY_NORMAL
    owner: str = ""  # suggested 担当者, used until a user edits it
    done: bool = False  # the source itself says the item is finished

    @property
    def action_key(self) -> str:
        return self.topic or self.key


@dataclass(frozen=True)
class Source:
    key: str  # stored on every action as its origin; short and stable
    label: object  # lazy translation, shown as the origin
    collect: Callable  # collect(company) -> list[ActionCandidate]; reads only
    order: int = 100


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    _sources.setdefault(source.key, source)
    return source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


def source(key: str) -> Source | None:
    return _sources.get(key)


# Reads shared by several sources within one regeneration (None: not regenerating).
_shared: ContextVar[dict | None] = ContextVar("actions_shared", default=None)


@contextmanager
def collecting():
    """Scope of one regeneration's ``collect`` calls: what ``shared`` computes is reused inside it."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key, compute: Callable):
    """``compute()`` once per regeneration for ``key`` (e.g. the company's latest results, which
    the self-check, SECURITY ACTION and the DX diagnoses all read); outside one, every call computes."""
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


# Company ids whose regeneration is held back by ``changes_batched`` (None: not batching).
_batched: ContextVar[set | None] = ContextVar("actions_batched", default=None)


@contextmanager
def changes_batched():
    """Regenerate each changed company's list once at the end, not after every result.

    For bulk work such as ``manage.py seed_demo``, which completes dozens of results in a row.
    """
    pending: set[int] = set()
    token = _batched.set(pending)
    try:
        yield
    finally:
        _batched.reset(token)
    for company_id in sorted(pending):
        result_changed(company_id)


def result_changed(company_id: int) -> None:
    """Ask for the company's list to be regenerated once the current transaction commits.

    Called by the instruments' completion services; the work runs through ``dxnavi.jobs``
    (after commit: in the request's thread by default, in the RQ worker when Redis is set).
    """
    from django.apps import apps

    if not apps.is_installed("dxnavi.actions"):
        return
    pending = _batched.get()
    if pending is not None:
        pending.add(company_id)
        return
    from django.conf import settings
    from django.db import transaction

    from dxnavi import jobs

    if settings.JOBS_BACKEND == "rq":
        # Until the worker has run, the pages that show the list regenerate it first.
        transaction.on_commit(lambda: mark_stale(company_id))
    jobs.enqueue("dxnavi.actions.services.regenerate_by_id", company_id)


# --- "regeneration pending" marker (RQ backend only) ------------------------------------------
# With the in-process backend the list is regenerated right after the commit, before the response;
# with RQ the submission does not wait for it, so a page read in between would show the old list.
# The marker (in the shared cache) is set at commit and cleared when a regeneration starts;
# ``services.refresh_if_stale`` regenerates on read while it is set.

STALE_SECONDS = 24 * 3600  # a lost job must not leave the list stale for ever, nor the key in the cache


def _stale_key(company_id: int) -> str:
    return f"actions:stale:{company_id}"


def _tracks_staleness() -> bool:
    from django.conf import settings

    return settings.JOBS_BACKEND == "rq"


def mark_stale(company_id: int) -> None:
    from django.core.cache import cache

    cache.set(_stale_key(company_id), 1, timeout=STALE_SECONDS)


def clear_stale(company_id: int) -> None:
    if _tracks_staleness():
        from django.core.cache import cache

        cache.delete(_stale_key(company_id))


def is_stale(company_id: int) -> bool:
    if not _tracks_staleness():
        return False
    from django.core.cache import cache

    return cache.get(_stale_key(company_id)) is not None


# --- reminder events ------------------------------------------------------------------------

RECHECK, DUE = "recheck", "due"


@dataclass(frozen=True)
class ReminderEvent:
    """Something a company should be reminded of, once: e.g. "re-check the self-check" a year on."""

    company_id: int
    kind: str  # RECHECK or DUE (recipients opt out per kind)
    event: str  # unique per company and kind; the same event is e-mailed at most once per person
    title: dict  # {"ja", "en"}: the line in the e-mail
    link: str = ""  # path on the site (the e-mail prefixes SITE_URL)


_reminder_sources: list[Callable] = []


def register_reminders(provider: Callable) -> Callable:
    """``provider(today) -> list[ReminderEvent]``: every event due on or before ``today``."""
    if provider not in _reminder_sources:
        _reminder_sources.append(provider)
    return provider


def reminder_sources() -> list[Callable]:
    return list(_reminder_sources)


# --- other daily jobs -----------------------------------------------------------------------
# Jobs other apps run once a day next to the reminders (e.g. the support records' next-action
# e-mails to advisers): ``manage.py run_scheduled`` and the worker's cron enqueue each with today's
# date (ISO). Each must be idempotent, as ``send_due_reminders`` is.

_daily_jobs: list[str] = []


def register_daily(path: str) -> str:
    """``path``: the dotted path of ``job(today_iso)``, run through ``dxnavi.jobs``."""
    if path not in _daily_jobs:
        _daily_jobs.append(path)
    return path


def daily_jobs() -> list[str]:
    return list(_daily_jobs)


# --- the company's re-check interval ----------------------------------------------------------
# How many months after the last self-check a company wants to be reminded to check again: the
# company chooses (``dxnavi.support`` stores the choice and registers the provider); without a
# choice, ``DEFAULT_RECHECK_MONTHS``. The re-check reminder (``assessments.action_source``) asks here.

DEFAULT_RECHECK_MONTHS = 12
RECHECK_MONTH_CHOICES = (3, 6, 12)

_interval_providers: list[Callable] = []


def register_recheck_intervals(provider: Callable) -> Callable:
    """``provider(company_ids) -> {company id: months}`` for the companies that chose an interval."""
    if provider not in _interval_providers:
        _interval_providers.append(provider)
    return provider


def recheck_intervals(company_ids) -> dict:
    """{company id: months} for every id (the default where the company chose nothing)."""
    ids = list(company_ids)
    chosen = {}
    for provider in _interval_providers:
        chosen.update(provider(ids))
    return {pk: chosen.get(pk, DEFAULT_RECHECK_MONTHS) for pk in ids}
