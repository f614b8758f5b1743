"""Next-action reminders to the adviser's 担当者: due selection, once per due date, opt-out, language."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from dxnavi.actions import registry
from dxnavi.orgs.models import AdviserMembership
from dxnavi.support import reminders
from dxnavi.support.models import SentSupportReminder, SupportReminderOptOut
from tests.factories import UserFactory
from tests.support.helpers import adviser_in, record

TODAY = datetime.date(2026, 12, 10)


@pytest.fixture
def staff(world):
    return adviser_in(world["linked_org"], email="tanto@adviser.test", name="担当 一郎")


def _due(world, staff, due=TODAY, **fields):
    values = {"next_action": "見積を確認", "next_due": due, "responsible": staff}
    values.update(fields)
    return record(world["company"], world["linked_org"], world["linked_adviser"], **values)


def test_due_today_and_overdue_selected_future_and_empty_not(world, staff, mailoutbox):
    _due(world, staff, topic="今日", next_action="今日の対応")
    _due(world, staff, due=TODAY - datetime.timedelta(days=3), next_action="遅れている対応")
    _due(world, staff, due=TODAY + datetime.timedelta(days=1), next_action="明日の対応")
    _due(world, staff, next_action="")  # nothing to do
    assert reminders.send_next_action_reminders(TODAY) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["tanto@adviser.test"]
    assert mail.subject == "[dxnavi] 連携商工会：期限が来た次の対応が2件あります"
    body = mail.body
    assert "担当 一郎 様" in body
    assert f"- {world['company'].name}: 遅れている対応\n  期限 2026-12-07（期限を過ぎています）" in body
    assert f"- {world['company'].name}: 今日の対応\n  期限 2026-12-10（今日）" in body
    assert "明日の対応" not in body
    assert reverse("support:org_reminders", args=[world["linked_org"].pk]) in body


def test_sent_once_per_due_date_and_again_for_a_new_date(world, staff, mailoutbox):
    made = _due(world, staff)
    assert reminders.send_next_action_reminders(TODAY) == 1
    assert reminders.send_next_action_reminders(TODAY) == 0
    assert reminders.send_next_action_reminders(TODAY + datetime.timedelta(days=1)) == 0  # still overdue: not again
    made.next_due = TODAY + datetime.timedelta(days=7)
    made.save()
    assert reminders.send_next_action_reminders(TODAY + datetime.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2
    assert SentSupportReminder.objects.filter(record=made, user=staff).count() == 2


def test_opted_out_staff_gets_nothing_and_can_opt_in_again(client, world, staff, mailoutbox):
    _due(world, staff)
    client.force_login(staff)
    url = reverse("support:org_reminders", args=[world["linked_org"].pk])
    assert client.post(url, {"remind": "0"}).status_code == 302
    assert SupportReminderOptOut.objects.filter(user=staff, organization=world["linked_org"]).exists()
    assert reminders.send_next_action_reminders(TODAY) == 0
    assert client.post(url, {"remind": "1"}).status_code == 302
    assert reminders.send_next_action_reminders(TODAY) == 1
    assert len(mailoutbox) == 1


def test_opt_out_page_without_a_choice_changes_nothing(client, world, staff):
    client.force_login(staff)
    response = client.post(reverse("support:org_reminders", args=[world["linked_org"].pk]), {"remind": "maybe"})
    assert response.status_code == 200
    assert "お知らせメール：受け取るかどうかを選んでください。" in response.content.decode()
    assert SupportReminderOptOut.objects.count() == 0


def test_opt_out_is_per_organization(world, staff, mailoutbox):
    from tests.factories import AdviserOrganizationFactory

    other = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=other, user=staff, role="editor")
    reminders.set_opted_out(staff, other, True)
    _due(world, staff)
    assert reminders.send_next_action_reminders(TODAY) == 1


def test_responsible_who_left_the_organization_is_not_reminded(world, staff, mailoutbox):
    _due(world, staff)
    AdviserMembership.objects.filter(user=staff).delete()
    assert reminders.send_next_action_reminders(TODAY) == 0
    assert mailoutbox == []


def test_email_in_recipients_language(world, mailoutbox):
    english = adviser_in(world["linked_org"], email="en@adviser.test", name="Alex", language="en")
    _due(world, english, next_action="Check the quote")
    reminders.send_next_action_reminders(TODAY)
    mail = mailoutbox[0]
    assert mail.subject == "[dxnavi] 連携商工会: 1 next action is due"
    assert "Dear Alex," in mail.body
    assert "Due 2026-12-10 (today)" in mail.body


def test_one_email_per_person(world, staff, mailoutbox):
    colleague = adviser_in(world["linked_org"], email="second@adviser.test")
    _due(world, staff)
    _due(world, staff, next_action="二件目")
    _due(world, colleague)
    assert reminders.send_next_action_reminders(TODAY) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["second@adviser.test", "tanto@adviser.test"]


def test_failed_send_releases_claim(world, staff, mailoutbox, monkeypatch):
    _due(world, staff)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "send_plain_mail", broken)
    assert reminders.send_next_action_reminders(TODAY) == 0
    assert SentSupportReminder.objects.count() == 0
    monkeypatch.undo()
    assert reminders.send_next_action_reminders(TODAY) == 1


def test_registered_as_daily_job():
    assert reminders.JOB in registry.daily_jobs()


@pytest.mark.django_db(transaction=True)
def test_run_scheduled_sends_support_reminders_once(mailoutbox):
    from tests.factories import AdviserOrganizationFactory, CompanyFactory, link

    company = CompanyFactory()
    org = AdviserOrganizationFactory()
    staff = UserFactory(email="cron@adviser.test")
    link(company, org, adviser=staff)
    record(company, org, staff, next_action="電話する", next_due=TODAY, responsible=staff)
    call_command("run_scheduled", "--date", TODAY.isoformat())
    call_command("run_scheduled", "--date", TODAY.isoformat())
    assert [m.to for m in mailoutbox] == [["cron@adviser.test"]]
