"""Dashboard cards contributed by each instrument (security self-check, DX diagnosis, subsidies…).

Each app registers a function ``card(view) -> dict | None``; the dashboard renders the
returned dicts in order. Keeping the registry here lets the dashboard stay ignorant of
every instrument's models.

``view`` is a ``DashboardView``: the request's ``access`` plus a memo, so what several cards
show is fetched once per request (the latest result of every questionnaire, the SECURITY ACTION
status read by its own card and by DX readiness…). A card function also accepts a bare
``CompanyAccess`` (``view_for`` wraps it), so it can be called on its own.
"""

_providers = []


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


def cards_for(access):
    view = DashboardView(access)
    cards = []
    for provider in _providers:
        card = provider(view)
        if card:
            cards.append(card)
    return cards
