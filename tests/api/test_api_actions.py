"""API: the action list (対策リスト) — equal to ``actions.services.actions_for`` with the web's filters, cursor
pages, the CSV for Excel, a query-count guard — and the edit of 担当者 / 期限 / status / note through
``update_action`` with the web form's validation (422 naming the field, nothing written), adviser audit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.actions import services
from dxnavi.actions.models import Action
from dxnavi.orgs.models import AuditEvent
from dxnavi.orgs.scoping import CompanyAccess
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory, member

pytestmark = pytest.mark.django_db


def _url(world, suffix=""):
    return f"/api/v1/companies/{world['company'].pk}/actions{suffix}"


def _make(company, n, *, status="todo", origin="selfcheck", due=True):
    return Action.objects.create(
        company=company, key=f"k:{n}", origin=origin, origins=[[origin, f"/x/{n}"]],
        title={"ja": f"対策{n}", "en": f"Action {n}"}, priority=1 + n % 3, status=status,
        due=datetime.date(2027, 1, 1 + n % 5) if due else None, owner=f"担当{n}",
    )


def _access(world):
    return CompanyAccess(company=world["company"], via="member", role="owner")


def _all_ids(client, world, token, query):
    ids, cursor = [], None
    while True:
        page = call(client, "get", _url(world), token, query={**query, **({"cursor": cursor} if cursor else {})}).json()
        ids += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return ids


@pytest.mark.parametrize("query, status, origin", [
    ({}, "open", ""),
    ({"status": "all"}, "all", ""),
    ({"status": "done"}, "done", ""),
    ({"status": "all", "origin": "secaction"}, "all", "secaction"),
])
def test_actions_list_equals_service_across_pages(client, world, query, status, origin):
    statuses = ["todo", "doing", "done", "na"]
    for n in range(9):
        _make(world["company"], n, status=statuses[n % 4], origin="secaction" if n % 3 == 0 else "selfcheck")
    _make(CompanyFactory(name="他社"), 99)
    token = make_token(world["owner"])
    expected = list(services.actions_for(_access(world), status=status, origin=origin).values_list("pk", flat=True))
    assert _all_ids(client, world, token, {**query, "limit": "2"}) == expected
    assert expected


def test_actions_without_due_date_come_last(client, world):
    late = _make(world["company"], 1, due=False)
    early = _make(world["company"], 2)
    body = call(client, "get", _url(world), make_token(world["owner"])).json()
    assert [a["id"] for a in body["items"]] == [early.pk, late.pk]


def test_actions_item_fields(client, world):
    action = _make(world["company"], 1, status="doing")
    item = call(client, "get", _url(world), make_token(world["owner"])).json()["items"][0]
    assert (item["id"], item["title"], item["owner"], item["due"], item["status"]) == (
        action.pk, {"ja": "対策1", "en": "Action 1"}, "担当1", "2027-01-02", "doing")
    assert item["status_label"] == {"ja": "対応中", "en": "In progress"}
    assert item["origins"][0]["origin"] == "selfcheck"


def _queries(client, world, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert call(client, "get", _url(world), token, query={"status": "all"}).status_code == 200
    return len(queries)


def test_actions_list_query_count_does_not_grow(client, world):
    token = make_token(world["owner"])
    _make(world["company"], 0)
    _queries(client, world, token)  # the token's first use is written once
    one = _queries(client, world, token)
    for n in range(1, 30):
        _make(world["company"], n)
    assert _queries(client, world, token) == one


def test_actions_unknown_origin_422(client, world):
    response = call(client, "get", _url(world), make_token(world["owner"]), query={"origin": "nothing"})
    body = response.json()
    assert (response.status_code, [e["field"] for e in body["errors"]]) == (422, ["origin"])


def test_actions_csv_for_excel(client, world):
    first = _make(world["company"], 1)
    _make(world["company"], 2)  # due a day later
    response = call(client, "get", _url(world), make_token(world["owner"]), query={"format": "csv", "status": "all"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert lines[0] == "担当者,期限,状態,対策,出どころ,メモ,ID"
    assert lines[1].split(",")[:4] == ["担当1", "2027-01-02", "未着手", "対策1"]
    assert lines[1].split(",")[-1] == str(first.pk)
    assert len(lines) == 3


def test_actions_csv_neutralises_formulas(client, world):
    action = _make(world["company"], 1)
    Action.objects.filter(pk=action.pk).update(owner="=1+2")
    response = call(client, "get", _url(world), make_token(world["owner"]), query={"format": "csv"})
    owner_cell = response.content.decode("utf-8-sig").splitlines()[1].split(",")[0]
    assert owner_cell == "'=1+2"


# --- PATCH ---------------------------------------------------------------------------------------


def test_patch_action_as_the_service(client, world):
    action = _make(world["company"], 1)
    response = call(client, "patch", _url(world, f"/{action.pk}"), make_token(world["owner"], scope="write"),
                    json={"owner": " 山田 ", "due": "2027/02/28", "status": "done", "note": "完了済み"})
    body = response.json()
    action.refresh_from_db()
    assert response.status_code == 200
    assert (action.owner, action.due, action.status, action.note) == ("山田", datetime.date(2027, 2, 28), "done", "完了済み")
    assert (action.owner_edited, action.due_edited, action.status_edited) == (True, True, True)
    assert action.completed_at is not None
    assert (body["owner"], body["due"], body["status"], body["note"]) == ("山田", "2027-02-28", "done", "完了済み")
    assert action.updated_by == world["owner"]


def test_patch_action_only_sent_fields_change(client, world):
    action = _make(world["company"], 1)
    call(client, "patch", _url(world, f"/{action.pk}"), make_token(world["owner"], scope="write"), json={"note": "メモだけ"})
    action.refresh_from_db()
    assert (action.note, action.owner, action.due, action.status) == ("メモだけ", "担当1", datetime.date(2027, 1, 2), "todo")
    assert (action.owner_edited, action.due_edited, action.status_edited) == (False, False, False)


def test_patch_action_null_due_clears(client, world):
    action = _make(world["company"], 1)
    call(client, "patch", _url(world, f"/{action.pk}"), make_token(world["owner"], scope="write"), json={"due": None})
    action.refresh_from_db()
    assert (action.due, action.due_edited) == (None, True)


@pytest.mark.parametrize("payload, field, message_ja", [
    ({"due": "2027-13-01"}, "due", "期限：2026-12-01 のような形で日付を入力してください。"),
    ({"due": "1999-01-01"}, "due", "期限：2000年から2100年までの日付を入力してください。"),
    ({"status": "finished"}, "status", "状態：一覧から選んでください。"),
    ({"owner": "あ" * 101}, "owner", "担当者：100文字以内で入力してください。"),
])
def test_patch_action_bad_input_422_nothing_written(client, world, payload, field, message_ja):
    action = _make(world["company"], 1)
    before = Action.objects.filter(pk=action.pk).values().get()
    response = call(client, "patch", _url(world, f"/{action.pk}"), make_token(world["owner"], scope="write"),
                    json={"note": "書かれない", **payload})
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "validation_error")
    labels = {"due": "期限", "status": "状態", "owner": "担当者"}
    assert [(e["field"], e["field_ja"]) for e in body["errors"]] == [(field, labels[field])]
    assert body["errors"][0]["message_ja"] == message_ja
    assert body["errors"][0]["message"]
    assert Action.objects.filter(pk=action.pk).values().get() == before


def test_patch_action_read_token_403_other_company_404(client, world):
    action = _make(world["company"], 1)
    response = call(client, "patch", _url(world, f"/{action.pk}"), make_token(world["owner"]), json={"note": "x"})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    other = _make(CompanyFactory(name="他社"), 2)
    response = call(client, "patch", _url(world, f"/{other.pk}"), make_token(world["owner"], scope="write"), json={"note": "x"})
    assert response.status_code == 404
    viewer = member(world["company"], role="viewer")
    response = call(client, "patch", _url(world, f"/{action.pk}"), make_token(viewer, scope="write"), json={"note": "x"})
    assert response.status_code == 403
    assert Action.objects.get(pk=action.pk).note == ""


def test_adviser_list_export_and_edit_audited(client, world):
    action = _make(world["company"], 1)
    token = make_token(world["linked_adviser"], scope="write")
    call(client, "get", _url(world), token)
    call(client, "get", _url(world), token, query={"format": "csv"})
    call(client, "patch", _url(world, f"/{action.pk}"), token, json={"status": "bogus"})
    call(client, "patch", _url(world, f"/{action.pk}"), token, json={"owner": "支援員"})
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).order_by("pk")
                  .values_list("action", "outcome"))
    assert events == [("view", "done"), ("export", "done"), ("change", "rejected"), ("change", "done")]
    action.refresh_from_db()
    assert (action.owner, action.updated_by_org) == ("支援員", world["linked_org"])
