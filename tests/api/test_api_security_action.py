"""The SECURITY ACTION resource gives what the web's readiness and checklist pages show
(``secaction.services.status`` and the stored ``DeclarableLevel``), and ticks a principle as the web does."""

import pytest

from dxnavi.orgs.models import AuditEvent
from dxnavi.secaction import content, services
from dxnavi.secaction.models import DeclarableLevel, ItemConfirmation
from tests.api.helpers import call, make_token
from tests.assessments.helpers import all_answers, complete_with, load_pack, member_access
from tests.secaction.conftest import make_policy

pytestmark = pytest.mark.django_db


def _url(company, suffix=""):
    return f"/api/v1/companies/{company.pk}/security-action{suffix}"


def _demo_like(world):
    """SC01 answered 「実施している」 in a completed self-check (SA1-1 by the self-check), SA1-2..5 ticked,
    a basic policy adopted: ★ and ★★ ready, as the demo owner."""
    company, owner = world["company"], world["owner"]
    load_pack()
    complete_with(company, {**all_answers("no"), "SC01": "yes"}, user=owner)
    for item_id in content.item_ids()[1:]:
        services.set_item_done(company, item_id, done=True, user=owner)
    return make_policy(company, owner, adopted_by=owner)


def test_security_action_status_equals_the_service(client, world):
    policy = _demo_like(world)
    company = world["company"]
    response = call(client, "get", _url(company), make_token(world["owner"]))
    assert response.status_code == 200
    body = response.json()
    status = services.status(member_access(company))
    assert body["declarable_level"] == "two_star"
    assert DeclarableLevel.objects.get(company=company).level == 2
    assert (body["one_star_ready"], body["two_star_ready"]) == (status.readiness.one_star, status.readiness.two_star) == (True, True)
    assert [(p["id"], p["confirmed"], p["how"]) for p in body["principles"]] == [
        (item_id, item_id in status.item_sources, status.item_sources.get(item_id)) for item_id in content.item_ids()
    ]
    assert body["principles"][0]["how"] == "by_selfcheck"
    assert [(s["id"], s["done"]) for s in body["two_star_steps"]] == [("selfcheck_done", True), ("basic_policy_adopted", True)]
    assert body["adopted_policy"]["version"] == policy.version
    assert body["adopted_policy"]["policy_date"] == policy.policy_date.isoformat()
    assert body["confirmed_count"] == 5


def test_security_action_status_of_a_new_company_is_none(client, world):
    body = call(client, "get", _url(world["company"]), make_token(world["owner"])).json()
    assert (body["declarable_level"], body["confirmed_count"], body["adopted_policy"]) == ("none", 0, None)
    assert [s["done"] for s in body["two_star_steps"]] == [False, False]


def test_security_action_tick_all_principles_reaches_one_star(client, world):
    token = make_token(world["owner"], scope="write")
    for item_id in content.item_ids():
        response = call(client, "put", _url(world["company"], f"/items/{item_id}"), token, json={"done": True})
        assert response.status_code == 200
    body = response.json()
    assert (body["declarable_level"], body["one_star_ready"], body["two_star_ready"]) == ("one_star", True, False)
    assert ItemConfirmation.objects.filter(company=world["company"]).count() == len(content.item_ids())


def test_security_action_untick_removes_the_confirmation(client, world):
    services.set_item_done(world["company"], "SA1-2", done=True, user=world["owner"])
    token = make_token(world["owner"], scope="write")
    response = call(client, "put", _url(world["company"], "/items/SA1-2"), token, json={"done": False})
    assert response.status_code == 200
    assert ItemConfirmation.objects.filter(company=world["company"]).count() == 0


def test_security_action_unknown_item_is_404_and_writes_nothing(client, world):
    token = make_token(world["owner"], scope="write")
    response = call(client, "put", _url(world["company"], "/items/SA9-9"), token, json={"done": True})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ItemConfirmation.objects.count() == 0


def test_security_action_bad_body_is_422_naming_done(client, world):
    token = make_token(world["owner"], scope="write")
    response = call(client, "put", _url(world["company"], "/items/SA1-1"), token, json={"done": "maybe"})
    assert response.status_code == 422
    assert [(e["field"], e["message_ja"]) for e in response.json()["errors"]] == [("done", "true か false を入力してください。")]
    assert ItemConfirmation.objects.count() == 0


def test_security_action_adviser_tick_records_organization_and_is_audited(client, world):
    token = make_token(world["linked_adviser"], scope="write")
    response = call(client, "put", _url(world["company"], "/items/SA1-3"), token, json={"done": True})
    assert response.status_code == 200
    row = ItemConfirmation.objects.get(company=world["company"])
    assert (row.item_id, row.organization_id) == ("SA1-3", world["linked_org"].pk)
    assert response.json()["principles"][2]["confirmed_by_adviser"] is True
    events = list(AuditEvent.objects.filter(company=world["company"]).values_list("action", "outcome"))
    assert events == [(AuditEvent.Action.CHANGE, AuditEvent.Outcome.DONE)]


def test_security_action_adviser_read_is_audited_as_view(client, world):
    response = call(client, "get", _url(world["company"]), make_token(world["linked_adviser"]))
    assert response.status_code == 200
    events = list(AuditEvent.objects.filter(company=world["company"]).values_list("action", flat=True))
    assert events == [AuditEvent.Action.VIEW]
