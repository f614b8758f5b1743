from .library_fixture import library  # noqa: F401 — the fixture, for every test of this package
