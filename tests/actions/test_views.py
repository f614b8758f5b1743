"""Action-list pages: list, filters, inline edit (htmx), permissions, bridges, query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.actions.models import Action
from dxnavi.orgs.models import AuditEvent
from tests.assessments.helpers import all_answers, complete_with, load_pack
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _action(company, key="security:SC01", **fields):
    defaults = {"origin": "selfcheck", "origins": [["selfcheck", "/r/"]], "title": {"ja": f"{key}の対策", "en": f"fix {key}"},
                "detail": {"ja": "今週やること", "en": "do it"}}
    return Action.objects.create(company=company, key=key, **{**defaults, **fields})


@pytest.fixture
def owner_client(client, world):
    client.force_login(world["owner"])
    return client


def test_list_shows_open_actions_with_advice_and_origin(owner_client, world):
    company = world["company"]
    _action(company)
    _action(company, key="security:SC02", status="done")
    body = owner_client.get(reverse("actions:list", args=[company.pk])).content.decode()
    assert "security:SC01の対策" in body and "今週やること" in body
    assert "security:SC02の対策" not in body
    assert 'href="/r/">情報セキュリティ自社診断' in body


def test_list_filter_by_status_and_origin(owner_client, world):
    company = world["company"]
    _action(company)
    _action(company, key="subsidies:schedule", origin="subsidies", origins=[["subsidies", ""]], status="done")
    url = reverse("actions:list", args=[company.pk])
    done = owner_client.get(url, {"status": "done"}).content.decode()
    assert "subsidies:scheduleの対策" in done and "security:SC01の対策" not in done
    by_origin = owner_client.get(url, {"status": "all", "origin": "selfcheck"}).content.decode()
    assert "security:SC01の対策" in by_origin and "subsidies:scheduleの対策" not in by_origin


def test_edit_htmx_returns_card_and_flags_edits(owner_client, world):
    action = _action(world["company"])
    response = owner_client.post(
        reverse("actions:edit", args=[world["company"].pk, action.pk]),
        {"owner": "山田", "due": "2026-12-01", "status": "done", "note": "完了報告済み"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<li class="card action-card action-done"')
    action.refresh_from_db()
    assert (action.owner, action.due, action.status, action.note) == ("山田", datetime.date(2026, 12, 1), "done", "完了報告済み")
    assert (action.owner_edited, action.due_edited, action.status_edited) == (True, True, True)


def test_edit_bad_date_names_field_and_writes_nothing(owner_client, world):
    action = _action(world["company"])
    response = owner_client.post(
        reverse("actions:edit", args=[world["company"].pk, action.pk]),
        {"owner": "山田", "due": "2026-13-45", "status": "done", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "期限：2026-12-01 のような形で日付を入力してください。" in response.content.decode()
    action.refresh_from_db()
    assert (action.owner, action.status) == ("", "todo")


def test_edit_without_htmx_redirects_to_card(owner_client, world):
    action = _action(world["company"])
    response = owner_client.post(
        reverse("actions:edit", args=[world["company"].pk, action.pk]), {"owner": "", "due": "", "status": "doing", "note": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:detail", args=[world["company"].pk, action.pk])


def test_viewer_reads_without_edit_form_and_cannot_post(client, world):
    viewer = UserFactory()
    member(world["company"], user=viewer, role="viewer")
    action = _action(world["company"])
    client.force_login(viewer)
    body = client.get(reverse("actions:list", args=[world["company"].pk])).content.decode()
    assert "security:SC01の対策" in body and 'name="owner"' not in body
    response = client.post(reverse("actions:edit", args=[world["company"].pk, action.pk]), {"status": "done"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "todo"


def test_linked_adviser_editor_edits_and_is_audited(client, world):
    action = _action(world["company"])
    client.force_login(world["linked_adviser"])
    data = {"owner": "商工会 佐藤", "due": "", "status": "doing", "note": ""}
    client.post(reverse("actions:edit", args=[world["company"].pk, action.pk]), data)
    action.refresh_from_db()
    assert (action.owner, action.updated_by_org) == ("商工会 佐藤", world["linked_org"])
    assert AuditEvent.objects.filter(company=world["company"], action="change").count() == 1


def test_go_redirects_to_the_action_card(owner_client, world):
    action = _action(world["company"])
    response = owner_client.get(reverse("actions:go", args=[world["company"].pk]), {"key": "security:SC01"})
    assert response["Location"] == reverse("actions:detail", args=[world["company"].pk, action.pk])
    detail = owner_client.get(response["Location"]).content.decode()
    assert "security:SC01の対策" in detail and "今週やること" in detail


def test_refresh_regenerates_from_selfcheck(owner_client, world):
    load_pack()
    complete_with(world["company"], {**all_answers("yes"), "SC09": "no"})  # no on_commit in this test: refresh does it
    owner_client.post(reverse("actions:refresh", args=[world["company"].pk]))
    assert Action.objects.filter(company=world["company"], key="security:SC09", status="todo").count() == 1


def test_list_query_count_does_not_grow_with_actions(owner_client, world):
    company = world["company"]
    url = reverse("actions:list", args=[company.pk])
    Action.objects.bulk_create(
        [Action(company=company, key=f"k{i}", origin="selfcheck", origins=[], title={"ja": f"t{i}"}) for i in range(5)]
    )
    with CaptureQueriesContext(connection) as few:
        owner_client.get(url)
    Action.objects.bulk_create(
        [
            Action(company=company, key=f"m{i}", origin="dxdiag", origins=[["dxdiag", ""]], title={"ja": f"t{i}"},
                   updated_by=world["owner"])
            for i in range(495)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        response = owner_client.get(url)
    assert response.content.decode().count('class="card action-card') == 50  # the first page
    assert "1 / 10 ページ" in response.content.decode()
    assert len(few) > 5
    assert len(many) == len(few)


def test_edit_link_htmx_returns_card_with_form(owner_client, world):
    action = _action(world["company"], owner="山田")
    response = owner_client.get(reverse("actions:edit", args=[world["company"].pk, action.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith(f'<li class="card action-card action-todo" id="action-{action.pk}"')
    assert f'id="owner-{action.pk}" name="owner" maxlength="100" value="山田"' in body


def test_dashboard_card_counts_and_next_due(owner_client, world):
    company = world["company"]
    _action(company, due=datetime.date(2020, 1, 1))
    _action(company, key="b", status="done")
    body = owner_client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert 'id="actions-card"' in body
    assert "未完了 1件、完了 1件" in body and "期限切れ 1件" in body


def test_selfcheck_result_links_weak_item_to_action_and_subsidy(owner_client, world):
    load_pack()
    done = complete_with(world["company"], {**all_answers("yes"), "SC02": "no"})
    body = owner_client.get(reverse("assessments:result", args=[world["company"].pk, done.pk])).content.decode()
    go = reverse("actions:go", args=[world["company"].pk]) + "?key=security:SC02"
    assert go in body
    assert reverse("subsidies:estimate_new", args=[world["company"].pk]) + "?kind=security_service" in body


def test_subsidy_form_prefilled_from_query_and_secaction(owner_client, world):
    from dxnavi.secaction import services as secaction
    from dxnavi.subsidies import loader

    loader.load()
    for item_id in ("SA1-1", "SA1-2", "SA1-3", "SA1-4", "SA1-5"):
        secaction.set_item_done(world["company"], item_id, done=True, user=None)
    response = owner_client.get(
        reverse("subsidies:estimate_new", args=[world["company"].pk]),
        {"kind": "security_service", "months": "12", "amount": "abc"},
    )
    form = response.context["form"]
    rows = response.context["formset"].initial
    assert rows[0] == {"kind": "security_service", "description": "", "months": "12"}
    assert form.initial["security_action"] == "1"
    assert 'id="secaction-prefill"' in response.content.decode()


def test_reminder_settings_saved_for_member(owner_client, world):
    from dxnavi.actions.models import ReminderPreference

    owner_client.post(reverse("actions:reminders", args=[world["company"].pk]), {"recheck": "on"})
    pref = ReminderPreference.objects.get(user=world["owner"], company=world["company"])
    assert (pref.recheck, pref.due) == (True, False)


@pytest.mark.parametrize("model", ["action", "sentreminder"])
def test_admin_changelist_loads_read_only(client, world, model):
    from dxnavi.accounts.models import User

    _action(world["company"])
    client.force_login(User.objects.create_superuser("admin@example.com", "admin-pass-2026"))
    assert client.get(reverse(f"admin:actions_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:actions_{model}_add")).status_code == 403
