"""Dashboard cards contributed by each instrument (security self-check, DX diagnosis, subsidies…).

Each app registers a function ``card(access) -> dict | None``; the dashboard renders the
returned dicts in order. Keeping the registry here lets the dashboard stay ignorant of
every instrument's models.
"""

_providers = []


def register(provider):
    _providers.append(provider)
    return provider


def cards_for(access):
    cards = []
    for provider in _providers:
        card = provider(access)
        if card:
            cards.append(card)
    return cards
