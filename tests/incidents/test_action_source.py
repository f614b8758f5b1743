"""Incident response in the action list: missing contacts, no drill in 12 months, the incident tasks."""

import datetime

from django.utils import timezone

from dxnavi.actions import services as action_services
from dxnavi.actions.models import Action
from dxnavi.incidents import action_source
from dxnavi.incidents.models import Contact, Drill
from tests.factories import CompanyFactory

from .helpers import incident, task


def _keys(company):
    return [(c.key, c.done) for c in action_source.collect(company)]


def test_new_company_gets_contacts_and_drill_actions(db):
    company = CompanyFactory()
    assert _keys(company) == [("incidents:contacts", False), ("incidents:drill", False)]


def test_contacts_and_recent_drill_remove_those_actions_tasks_listed(db):
    company = CompanyFactory()
    Contact.objects.create(company=company, role="manager", name="総務 花子")
    Drill.objects.create(company=company, date=timezone.localdate() - datetime.timedelta(days=100), scenario="phishing", participant_count=3)
    row = incident(company)
    open_task = task(row, owner="ITベンダー", due=datetime.date(2026, 12, 10))
    done_task = task(row, title="警察に相談", done=True)
    candidates = {c.key: c for c in action_source.collect(company)}
    assert sorted(candidates) == [f"incidents:task:{open_task.pk}", f"incidents:task:{done_task.pk}"]
    first = candidates[f"incidents:task:{open_task.pk}"]
    assert (first.title["ja"], first.owner, first.due, first.done) == (
        "経理PCでランサムウェア：バックアップから復元する", "ITベンダー", datetime.date(2026, 12, 10), False
    )
    assert candidates[f"incidents:task:{done_task.pk}"].done is True


def test_drill_older_than_a_year_asks_again(db):
    company = CompanyFactory()
    Contact.objects.create(company=company, role="insurer", name="安心損保")
    Drill.objects.create(company=company, date=timezone.localdate() - datetime.timedelta(days=366), scenario="phishing", participant_count=3)
    assert _keys(company) == [("incidents:drill", False)]


def test_collect_is_one_query(db, django_assert_num_queries):
    company = CompanyFactory()
    row = incident(company)
    for n in range(5):
        task(row, title=f"作業{n}")
    with django_assert_num_queries(1):
        found = action_source.collect(company)
    assert len(found) == 7


def test_regenerate_puts_incident_items_in_action_list(db):
    company = CompanyFactory()
    row = incident(company)
    task(row, owner="総務")
    action_services.regenerate(company)
    rows = dict(Action.objects.filter(company=company, origin="incidents").values_list("key", "owner"))
    # The contacts action merges with the self-check's question 24 under its topic.
    assert rows == {"security:SC24": "", "incidents:drill": "", f"incidents:task:{row.tasks.get().pk}": "総務"}
