import pytest

from dxnavi.actions import registry


@pytest.fixture
def only_sources(monkeypatch):
    """Replace the registered sources by the given ones for one test (the real ones come back after)."""

    def use(*sources):
        monkeypatch.setattr(registry, "_sources", {s.key: s for s in sources})

    return use


def fake_source(key, candidates, order=100):
    """A source returning ``candidates`` (a list, or a callable company -> list) for any company."""
    collect = candidates if callable(candidates) else (lambda company: list(candidates))
    return registry.Source(key, key.upper(), collect, order=order)


def cand(key, topic="", due=None, priority=2, done=False, title=None):
    return registry.ActionCandidate(
        key=key, topic=topic, title=title or {"ja": f"{key} ja", "en": f"{key} en"}, detail={"ja": "助言", "en": "advice"},
        link=f"/x/{key}", due=due, priority=priority, done=done,
    )
