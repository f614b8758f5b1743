"""The saved estimate's stored PDF is keyed by what it prints (``documents.estimate_key_parts``): each
input that changes the printed document changes the key."""

import datetime

import pytest

from dxnavi.orgs.scoping import resolve_access
from dxnavi.subsidies import documents, services
from dxnavi.subsidies.models import SavedEstimate
from tests.subsidies.test_views import owner_client, save  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _document(world, estimate_pk):
    access = resolve_access(world["owner"], world["company"].pk)
    estimate = services.estimates_for(access).get(pk=estimate_pk)
    document = documents.estimate_document(access, estimate)
    return document.key, document.html


def test_estimate_key_is_the_same_when_nothing_printed_changed(owner_client, world, catalogs):  # noqa: F811
    estimate = save(owner_client, world, catalogs)
    assert _document(world, estimate.pk) == _document(world, estimate.pk)


def test_estimate_key_changes_with_the_company_name(owner_client, world, catalogs):  # noqa: F811
    estimate = save(owner_client, world, catalogs)
    before = _document(world, estimate.pk)
    type(world["company"]).objects.filter(pk=world["company"].pk).update(name="株式会社改名後")
    after = _document(world, estimate.pk)
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)


def test_estimate_key_changes_with_the_day(owner_client, world, catalogs, monkeypatch):  # noqa: F811
    estimate = save(owner_client, world, catalogs)
    before = _document(world, estimate.pk)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=400)
    monkeypatch.setattr(documents.timezone, "now", lambda: later)
    after = _document(world, estimate.pk)  # the date printed and the catalog's age
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)


def test_estimate_key_changes_when_the_catalog_date_is_edited(owner_client, world, catalogs):  # noqa: F811
    estimate = save(owner_client, world, catalogs)
    before = _document(world, estimate.pk)
    type(estimate.catalog).objects.filter(pk=estimate.catalog_id).update(as_of="2020-01-01", as_of_date=datetime.date(2020, 1, 1))
    after = _document(world, estimate.pk)
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)


def test_estimate_key_changes_with_the_saved_row(owner_client, world, catalogs):  # noqa: F811
    estimate = save(owner_client, world, catalogs)
    before = _document(world, estimate.pk)
    SavedEstimate.objects.filter(pk=estimate.pk).update(title="別の見積")
    after = _document(world, estimate.pk)
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)
