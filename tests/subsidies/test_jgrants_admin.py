"""The jGrants review queue in the admin: list, accept, reject, and the result in the finder."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.accounts.models import User
from dxnavi.subsidies import jgrants_import, loader
from dxnavi.subsidies.domain import jgrants as domain
from dxnavi.subsidies.models import JGrantsCandidate, SavedEstimate
from tests.subsidies.jgrants_server import load_fixture

DX_ID = "a0WJ200000DXAI2027"
LOCAL_ID = "a0WJ200000LOCALDX1"
DX_TITLE = "デジタル化・AI導入補助金2027（通常枠）"
LOCAL_TITLE = "令和8年度 中小企業デジタル化推進補助金（○○市）"


def _found(*ids):
    items = [load_fixture(f"jgrants_detail_{i}.json")["result"][0] for i in ids]
    return [(item, domain.parse_subsidy(item)) for item in items]


@pytest.fixture
def queue(catalogs):
    jgrants_import.store(_found(DX_ID, LOCAL_ID), ["デジタル化"])
    return {c.jgrants_id: c for c in JGrantsCandidate.objects.all()}


@pytest.fixture
def operator(client, catalogs):
    user = User.objects.create_superuser("operator@example.com", "operator-pass-2026")
    client.force_login(user)
    return user


def _changelist():
    return reverse("admin:subsidies_jgrantscandidate_changelist")


def _action(client, action, *rows):
    return client.post(_changelist(), {"action": action, "_selected_action": [str(r.pk) for r in rows]}, follow=True)


def _finder(client, world):
    client.force_login(world["owner"])
    return client.get(reverse("subsidies:index", args=[world["company"].pk])).content.decode()


def test_admin_queue_lists_pending_programs_with_their_changes(client, operator, queue):
    page = client.get(_changelist() + "?status__exact=pending").content.decode()
    assert (DX_TITLE in page, LOCAL_TITLE in page) == (True, True)
    assert "2027-03-29 – 2027-05-11" in page
    assert "catalog_deadlines" in page


def test_admin_queue_list_queries_do_not_grow_with_rows(client, operator, queue):
    with CaptureQueriesContext(connection) as two:
        client.get(_changelist())
    JGrantsCandidate.objects.create(jgrants_id="X3", title="追加の補助金", parsed={"acceptance_end": "2027-01-01"})
    JGrantsCandidate.objects.create(jgrants_id="X4", title="追加の補助金2", parsed={})
    with CaptureQueriesContext(connection) as four:
        client.get(_changelist())
    assert len(four) == len(two)


def test_admin_change_form_shows_raw_payload_and_diff(client, operator, queue):
    page = client.get(reverse("admin:subsidies_jgrantscandidate_change", args=[queue[DX_ID].pk])).content.decode()
    assert ("S-00009101" in page, "subsidy_catch_phrase" in page, "acceptance_end" in page) == (True, True, True)


def test_admin_accept_puts_the_round_into_the_finder(client, operator, queue, world):
    response = _action(client, "accept_selected", queue[DX_ID])
    assert "1件の制度を補助金ファインダーに取り込みました。" in response.content.decode()
    row = JGrantsCandidate.objects.get(jgrants_id=DX_ID)
    assert (row.status, row.reviewed_by, row.accepted["acceptance_end"]) == ("accepted", operator, "2027-05-11")
    page = _finder(client, world)
    assert DX_TITLE in page
    assert "2027年5月11日" in page
    assert "デジタル庁 jGrants S-00009101" in page


def test_admin_accepted_program_outside_the_catalog_gets_its_own_group(client, operator, queue, world):
    _action(client, "accept_selected", queue[LOCAL_ID])
    page = _finder(client, world)
    assert f'id="rounds-jgrants_{queue[LOCAL_ID].pk}"' in page
    assert LOCAL_TITLE in page


def test_admin_reject_keeps_the_program_out_of_the_finder(client, operator, queue, world):
    response = _action(client, "reject_selected", queue[LOCAL_ID])
    assert "1件の制度を却下しました。" in response.content.decode()
    assert JGrantsCandidate.objects.get(jgrants_id=LOCAL_ID).status == "rejected"
    assert LOCAL_TITLE not in _finder(client, world)


def test_pending_program_is_not_in_the_finder(client, queue, world):
    assert DX_TITLE not in _finder(client, world)


def test_accepted_round_survives_reloading_the_catalog(client, operator, queue, world):
    _action(client, "accept_selected", queue[DX_ID])
    loader.load()
    loader.load(force=True)
    assert DX_TITLE in _finder(client, world)


def test_admin_operator_can_assign_the_catalog_program(client, operator, queue):
    url = reverse("admin:subsidies_jgrantscandidate_change", args=[queue[LOCAL_ID].pk])
    response = client.post(url, {"program_id": "it"})
    assert response.status_code == 302
    assert JGrantsCandidate.objects.get(jgrants_id=LOCAL_ID).program_id == "it"


def test_admin_has_no_add_button(client, operator, queue):
    assert client.get(reverse("admin:subsidies_jgrantscandidate_add")).status_code == 403


def test_finder_compares_planned_order_date_with_accepted_round(client, operator, queue, world, catalogs):
    _action(client, "accept_selected", queue[DX_ID])
    estimate = SavedEstimate.objects.create(
        company=world["company"], catalog=catalogs[2026], planned_order_date=datetime.date(2027, 4, 20), results=[]
    )
    client.force_login(world["owner"])
    page = client.get(reverse("subsidies:estimate_detail", args=[world["company"].pk, estimate.pk])).content.decode()
    assert "発注予定日（2027年4月20日）は、この回の締切（2027年5月11日）以前" in page
    assert "受付終了" in page  # the catalog's FY2026 rounds, all past by now
