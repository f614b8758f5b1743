import os

import pytest

from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/accounts/" in str(item.fspath):
            item.add_marker(pytest.mark.real_hashers)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_pack_cache():
    # Parsed packs are kept per process; each test starts without them (SQLite re-uses primary keys).
    from dxnavi.assessments import pack_cache

    pack_cache.forget()
    yield
    pack_cache.forget()


@pytest.fixture(autouse=True)
def _test_defaults(request, settings):
    # Tests assert on Japanese UI text by default, as users see it.
    settings.LANGUAGE_CODE = "ja"
    if not request.node.get_closest_marker("real_hashers"):
        # Argon2 is deliberately slow; only the accounts tests need the real hasher.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run after the commit in the test's thread (tracked jobs too, instead of a server thread).
    settings.JOBS_BACKEND = "sync"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _verify_pdf_keys(monkeypatch):
    # Every stored PDF keyed by its inputs (reports.pdf.keyed_pdf) also renders its HTML in tests and fails
    # when one key stood for two different documents: an input missing from a key fails any test changing it.
    from dxnavi.reports import pdf

    monkeypatch.setattr(pdf, "VERIFY_KEYS", True)
    pdf._verified.clear()
    yield
    pdf._verified.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Data exports are written under MEDIA_ROOT: each test gets its own, never the real var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """The four personas of the isolation matrix, around one company."""
    company = CompanyFactory()
    owner = member(company, role="owner")
    linked_org = AdviserOrganizationFactory(name="連携商工会")
    linked_adviser = UserFactory(email="linked@adviser.test")
    link(company, linked_org, adviser=linked_adviser)
    unlinked_org = AdviserOrganizationFactory(name="無関係の支援機関")
    unlinked_adviser = UserFactory(email="unlinked@adviser.test")
    from dxnavi.orgs.models import AdviserMembership

    AdviserMembership.objects.create(organization=unlinked_org, user=unlinked_adviser, role="editor")
    outsider = UserFactory(email="outsider@example.test")
    member(CompanyFactory(name="他社株式会社"), user=outsider, role="owner")
    return {
        "company": company,
        "owner": owner,
        "linked_adviser": linked_adviser,
        "linked_org": linked_org,
        "unlinked_adviser": unlinked_adviser,
        "outsider": outsider,
    }


def require_service(name: str, url: str | None):
    """Skip a test needing a real service when it is absent, unless the test command demands it."""
    if url:
        return url
    if os.environ.get("DXNAVI_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is required by the test command but its URL is not set")
    pytest.skip(f"{name} not configured")
