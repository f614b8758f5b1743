"""The catalog snapshot every company's subsidy pages read (``subsidies.catalog_state``): reused while
the global generation stays, built again after every kind of catalog write (never stale)."""

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.subsidies import catalog_state, loader, services
from dxnavi.subsidies.models import JGrantsCandidate, Program
from tests.subsidies.test_jgrants_admin import DX_ID, DX_TITLE, _action, _finder, operator, queue  # noqa: F401


def _index(client, world):
    client.force_login(world["owner"])
    response = client.get(reverse("subsidies:index", args=[world["company"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_catalog_state_reused_while_the_generation_stays(catalogs):
    first = catalog_state.current()
    with CaptureQueriesContext(connection) as queries:
        again = catalog_state.current()
    assert (again is first, len(queries)) == (True, 1)
    assert first.catalog == services.current_catalog()
    assert list(first.round_groups) == services.round_groups(first.catalog)


def test_catalog_state_index_page_reads_the_catalog_once_per_generation(client, world, catalogs):
    _index(client, world)
    with CaptureQueriesContext(connection) as cached:
        _index(client, world)
    catalog_state.forget()
    with CaptureQueriesContext(connection) as built:
        _index(client, world)
    # Built: the generation, the catalog list, the programs, the accepted jGrants rounds.
    assert len(built) - len(cached) == 3


def test_catalog_state_admin_accepted_round_shows_at_once(client, operator, queue, world):  # noqa: F811
    assert DX_TITLE not in _finder(client, world)  # the snapshot is built and kept
    client.force_login(operator)
    _action(client, "accept_selected", queue[DX_ID])
    assert DX_TITLE in _finder(client, world)


def test_catalog_state_round_accepted_in_code_shows_at_once(client, world, queue):  # noqa: F811
    assert DX_TITLE not in _index(client, world)
    row = JGrantsCandidate.objects.get(jgrants_id=DX_ID)
    row.accepted = dict(row.parsed)
    row.save()
    assert DX_TITLE in _index(client, world)


def test_catalog_state_reloaded_yaml_window_shows_at_once(client, world, catalogs, tmp_path):
    """The loader updates a changed program with ``QuerySet.update`` (no signal): it bumps itself."""
    before = _index(client, world)
    assert "2099年3月31日" not in before
    directory = tmp_path / "subsidies"
    shutil.copytree(loader.content_dir(), directory)
    current = services.current_catalog()
    path = directory / f"fy{current.fiscal_year}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('deadline: "2026-05-12"') == 1
    path.write_text(text.replace('deadline: "2026-05-12"', 'deadline: "2099-03-31"'), encoding="utf-8")
    loader.load(directory=directory)
    assert "2099-03-31" in str(Program.objects.get(catalog=current, program_id="it").windows)
    assert "2099年3月31日" in _index(client, world)


def test_catalog_state_new_catalog_year_replaces_the_snapshot(catalogs):
    from dxnavi.subsidies.models import SubsidyCatalog

    first = catalog_state.current()
    newest = SubsidyCatalog.objects.order_by("-fiscal_year").first()
    newer = SubsidyCatalog.objects.create(
        fiscal_year=newest.fiscal_year + 1, version="test", as_of="2027-04-01", as_of_date="2027-04-01",
        title={"ja": "翌年度", "en": "Next year"}, content_hash="x",
    )
    again = catalog_state.current()
    assert (again is first, again.catalog) == (False, newer)


@pytest.mark.parametrize("label", ["subsidies.subsidycatalog", "subsidies.program", "subsidies.frame"])
def test_catalog_state_save_and_delete_bump_the_global_generation(catalogs, label):
    from django.apps import apps

    from dxnavi.orgs import data_stamp

    row = apps.get_model(label).objects.order_by("pk").last()
    before = data_stamp.read_global()
    row.save()
    saved = data_stamp.read_global()
    row.delete()
    # A deletion cascades (a catalog's programs and frames bump too): at least one more.
    assert (saved, data_stamp.read_global() > saved) == (before + 1, True)
