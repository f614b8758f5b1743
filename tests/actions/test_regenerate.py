"""actions.services.regenerate: merging candidates while keeping what people edited."""

import datetime

import pytest

from dxnavi.actions import services
from dxnavi.actions.models import Action
from tests.actions.conftest import cand, fake_source
from tests.assessments.helpers import member_access
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

D1, D2 = datetime.date(2026, 12, 1), datetime.date(2026, 12, 20)


def _edit(action, **fields):
    return services.update_action(action, user=UserFactory(), access=member_access(action.company), **fields)


def test_regenerate_new_candidates_added_once(only_sources):
    company = CompanyFactory()
    only_sources(fake_source("a", [cand("a:1", due=D1), cand("a:2")]))
    first = services.regenerate(company)
    second = services.regenerate(company)
    assert (first.created, second.created) == (2, 0)
    assert sorted(Action.objects.filter(company=company).values_list("key", "status", "due")) == [
        ("a:1", "todo", D1), ("a:2", "todo", None)
    ]


def test_regenerate_done_owner_due_note_kept(only_sources):
    company = CompanyFactory()
    items = [cand("a:1", due=D1)]
    only_sources(fake_source("a", lambda c: list(items)))
    services.regenerate(company)
    action = Action.objects.get(company=company, key="a:1")
    _edit(action, status="done", owner="山田", due=D2, set_due=True, note="済み")
    items[:] = [cand("a:1", due=D1, title={"ja": "新しい題名", "en": "new title"}), cand("a:3")]
    summary = services.regenerate(company)
    action.refresh_from_db()
    assert (action.status, action.owner, action.due, action.note) == ("done", "山田", D2, "済み")
    assert action.title == {"ja": "新しい題名", "en": "new title"}
    assert summary.created == 1
    assert Action.objects.filter(company=company).count() == 2


def test_regenerate_unedited_due_follows_suggestion(only_sources):
    company = CompanyFactory()
    items = [cand("a:1", due=D1)]
    only_sources(fake_source("a", lambda c: list(items)))
    services.regenerate(company)
    items[:] = [cand("a:1", due=D2)]
    services.regenerate(company)
    assert Action.objects.get(company=company).due == D2


def test_regenerate_cause_gone_resolved_unless_edited(only_sources):
    company = CompanyFactory()
    items = [cand("a:1"), cand("a:2")]
    only_sources(fake_source("a", lambda c: list(items)))
    services.regenerate(company)
    _edit(Action.objects.get(key="a:2"), status="doing")
    items[:] = []
    summary = services.regenerate(company)
    rows = dict(Action.objects.filter(company=company).values_list("key", "status"))
    assert rows == {"a:1": "done", "a:2": "doing"}
    assert summary.resolved == 1
    assert list(Action.objects.filter(company=company).values_list("source_present", flat=True)) == [False, False]
    assert Action.objects.get(key="a:1").auto_resolved is True


def test_regenerate_auto_resolved_reopened_when_cause_returns(only_sources):
    company = CompanyFactory()
    items = [cand("a:1")]
    only_sources(fake_source("a", lambda c: list(items)))
    services.regenerate(company)
    items[:] = []
    services.regenerate(company)
    items[:] = [cand("a:1")]
    summary = services.regenerate(company)
    action = Action.objects.get(key="a:1")
    assert (action.status, action.source_present, action.auto_resolved, summary.reopened) == ("todo", True, False, 1)


def test_regenerate_same_topic_from_two_sources_merged(only_sources):
    company = CompanyFactory()
    only_sources(
        fake_source("selfcheck", [cand("selfcheck:SC01", topic="security:SC01", due=D2, priority=1)], order=10),
        fake_source("secaction", [cand("secaction:SA1-1", topic="security:SC01", due=D1, priority=2)], order=20),
    )
    services.regenerate(company)
    action = Action.objects.get(company=company)
    assert (action.key, action.origin, action.priority, action.due) == ("security:SC01", "selfcheck", 1, D1)
    assert action.origins == [["selfcheck", "/x/selfcheck:SC01"], ["secaction", "/x/secaction:SA1-1"]]


def test_regenerate_failing_source_leaves_its_actions(only_sources):
    company = CompanyFactory()
    only_sources(fake_source("a", [cand("a:1")]))
    services.regenerate(company)

    def broken(company):
        raise RuntimeError("boom")

    only_sources(fake_source("a", broken))
    summary = services.regenerate(company)
    action = Action.objects.get(key="a:1")
    assert (action.status, action.source_present, summary.failed_sources) == ("todo", True, ("a",))


def test_regenerate_source_done_marks_done_but_not_over_user_status(only_sources):
    company = CompanyFactory()
    items = [cand("a:1"), cand("a:2")]
    only_sources(fake_source("a", lambda c: list(items)))
    services.regenerate(company)
    _edit(Action.objects.get(key="a:2"), status="na")
    items[:] = [cand("a:1", done=True), cand("a:2", done=True)]
    services.regenerate(company)
    assert dict(Action.objects.values_list("key", "status")) == {"a:1": "done", "a:2": "na"}


def test_regenerate_other_company_untouched(only_sources):
    company, other = CompanyFactory(), CompanyFactory()
    only_sources(fake_source("a", lambda c: [cand("a:1")] if c == company else []))
    services.regenerate(other)
    services.regenerate(company)
    services.regenerate(other)
    assert list(Action.objects.values_list("company_id", "status")) == [(company.pk, "todo")]


def test_update_action_flags_only_changed_fields(only_sources):
    company = CompanyFactory()
    only_sources(fake_source("a", [cand("a:1", due=D1)]))
    services.regenerate(company)
    action = _edit(Action.objects.get(key="a:1"), owner="", due=D1, set_due=True, status="todo", note="メモ")
    assert (action.owner_edited, action.due_edited, action.status_edited, action.note) == (False, False, False, "メモ")
