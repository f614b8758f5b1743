"""Dashboard cards contributed by each instrument (security self-check, DX diagnosis, subsidies…).

Each app registers a function ``card(view) -> dict | None``; the dashboard renders the
returned dicts in order. Keeping the registry here lets the dashboard stay ignorant of
every instrument's models.

``view`` is a ``DashboardView``: the request's ``access`` plus a memo, so what several cards
show is fetched once per request (the latest result of every questionnaire, the SECURITY ACTION
status read by its own card and by DX readiness…). A card function also accepts a bare
``CompanyAccess`` (``view_for`` wraps it), so it can be called on its own.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

_providers = []
_preparers = []

CARDS_TEMPLATE = "web/_cards.html"
CARDS_TIMEOUT = 24 * 3600


class DashboardView:
    """One rendering of one company's dashboard: ``access`` and values computed once for all cards.

    Lives for one request only, so nothing read here can be stale: the memo is never shared
    between requests, and views that change data never see it.
    """

    __slots__ = ("access", "_memo")

    def __init__(self, access):
        self.access = access
        self._memo = {}

    @property
    def company(self):
        return self.access.company

    def once(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for in this rendering, the same value after."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value


def view_for(view_or_access) -> DashboardView:
    return view_or_access if isinstance(view_or_access, DashboardView) else DashboardView(view_or_access)


def register(provider):
    _providers.append(provider)
    return provider


def register_prepare(prepare):
    """``prepare(company)`` runs before the data stamp is read, so what it writes (the action list
    regenerates a stale list there) is in the key: the cards are then read or taken from the cache."""
    _preparers.append(prepare)
    return prepare


def cards_for(access):
    view = DashboardView(access)
    cards = []
    for provider in _providers:
        card = provider(view)
        if card:
            cards.append(card)
    return cards


@functools.cache
def deploy_digest() -> str:
    """Digest of this deploy's code, templates, translation catalogs and content (once per process):
    a cached entry from another version of anything that builds a card is never used."""
    digest = hashlib.sha256()
    roots = (Path(settings.BASE_DIR, "dxnavi"), Path(settings.BASE_DIR, "content"))
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html", ".mo", ".yaml", ".yml") and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cards_key(access, stamp: tuple[int, int]) -> str:
    """The cache key of one rendering of the cards: the company and its data stamp (``data_stamp``),
    the global generation, who looks (via, role, organization), the language, today and the deploy."""
    company = access.company
    organization = access.organization.pk if access.organization is not None else "-"
    parts = [
        "dash", company.pk, company.created.isoformat(), *stamp, access.via, access.role, organization,
        get_language() or "", timezone.localdate().isoformat(), deploy_digest(),
    ]  # fmt: skip
    return ":".join(str(p) for p in parts)


def cards_html(access) -> str:
    """The cards' HTML: from the cache when nothing they show changed, else read, rendered and stored."""
    from . import data_stamp

    company = access.company
    for prepare in _preparers:
        prepare(company)
    key = cards_key(access, data_stamp.read(company.pk))
    html = cache.get(key)
    if html is None:
        html = render_to_string(CARDS_TEMPLATE, {"cards": cards_for(access), "access": access})
        cache.set(key, str(html), CARDS_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our own rendering)
