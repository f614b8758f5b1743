import os
import re
import sys
from pathlib import Path

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
    from dxnavi.orgs import client_list, filter_form, scoping
    from dxnavi.subsidies import catalog_state

    pack_cache.forget()
    catalog_state.forget()
    client_list.forget_counts()
    filter_form.forget()
    scoping.forget_counted()
    yield
    pack_cache.forget()
    catalog_state.forget()
    client_list.forget_counts()
    filter_form.forget()
    scoping.forget_counted()


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
    # The attack-surface check (dxnavi.surface) never leaves the machine in tests: its DNS goes to a loopback
    # port nothing answers (tests/surface start their own DNS server), so no probe is ever aimed at the internet.
    settings.SURFACE_NAMESERVERS = ["127.0.0.1:9"]
    settings.SURFACE_DNS_TIMEOUT = 0.2
    settings.SURFACE_CONNECT_TIMEOUT = 0.5
    settings.SURFACE_IO_TIMEOUT = 2.0


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


# --- the dashboard's data stamp (dxnavi/web/data_stamp.py) -------------------------------------

_PRODUCT = str(Path(__file__).resolve().parent.parent / "dxnavi")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


def _product_caller(update: bool) -> str | None:
    """The product frame (dxnavi/, not a migration) that sent the statement, unless a test's own code did.

    A deletion's SET_NULL updates are not counted: they clear references to the deleted row, which is a
    watched row (its own post_delete bumps after them) or a person or adviser organization (not shown)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if update and name.endswith("django/db/models/deletion.py"):
            return None
        if name.startswith(_PRODUCT) and "/migrations/" not in name:
            return f"{name}:{frame.f_lineno}"
        if "/tests/" in name and "site-packages" not in name:
            return None
        frame = frame.f_back
    return None


@pytest.fixture(autouse=True)
def _data_stamp_bumped_after_every_write():
    """Fails a test in which product code wrote to a table the dashboard shows (or one of
    ``GLOBAL_MODELS``, which every company's pages read) and no bump of the data stamp followed: a write path that bypasses the signals (bulk_create, bulk_update, QuerySet.update,
    plain SQL) must call ``data_stamp.bump`` (the dashboard would serve stale cards otherwise)."""
    from django.db import connections

    from dxnavi.web import data_stamp
    from dxnavi.orgs.models import DataStamp

    from django.apps import apps

    watched = {model._meta.db_table for model in data_stamp.watched_models()}
    watched |= {apps.get_model(label)._meta.db_table for label in data_stamp.GLOBAL_MODELS}
    stamp_table = DataStamp._meta.db_table
    pending = []

    def wrapper(execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match:
            table = match.group(1)
            if table == stamp_table:
                pending.clear()
            elif table in watched:
                caller = _product_caller(match.group(0).lstrip().upper().startswith("UPDATE"))
                if caller is not None:
                    pending.append(f"{sql[:80]} … from {caller}")
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(wrapper):
        yield
    assert pending == [], "writes to dashboard data without a data_stamp.bump after them"
