"""Reminder e-mails: due actions and the three-month self-check re-check, each sent once."""

import datetime
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dxnavi.actions import registry, reminders
from dxnavi.actions.models import Action, ReminderPreference, SentReminder
from tests.assessments.helpers import all_answers, complete_with, load_pack
from tests.conftest import require_service
from tests.factories import CompanyFactory, UserFactory, member

TODAY = datetime.date(2026, 12, 10)


def _due_action(company, due=TODAY, **fields):
    return Action.objects.create(
        company=company, key=fields.pop("key", "security:SC01"), origin="selfcheck", origins=[["selfcheck", ""]],
        title={"ja": "OSを最新にする", "en": "Update the OS"}, due=due, **fields,
    )


@pytest.fixture
def company(db):
    company = CompanyFactory()
    member(company, user=UserFactory(email="owner@example.test"), role="owner")
    return company


def test_due_action_one_email_even_if_run_twice(company, mailoutbox):
    _due_action(company, owner="山田")
    assert reminders.send_due_reminders(TODAY) == 1
    assert reminders.send_due_reminders(TODAY) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["owner@example.test"]
    assert "2026年12月10日まで：OSを最新にする（担当：山田）" in mail.body
    assert f"/actions/{Action.objects.get().pk}/" in mail.body


def test_due_action_new_due_date_is_a_new_reminder(company, mailoutbox):
    action = _due_action(company)
    reminders.send_due_reminders(TODAY)
    Action.objects.filter(pk=action.pk).update(due=TODAY + datetime.timedelta(days=7))
    assert reminders.send_due_reminders(TODAY + datetime.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_not_due_done_or_far_actions_send_nothing(company, mailoutbox):
    _due_action(company, key="a", due=TODAY + datetime.timedelta(days=2))
    _due_action(company, key="b", status="done")
    _due_action(company, key="c", due=None)
    assert reminders.send_due_reminders(TODAY) == 0
    assert mailoutbox == []


def test_opted_out_member_gets_no_email(company, mailoutbox):
    owner = company.memberships.get().user
    ReminderPreference.objects.create(user=owner, company=company, due=False)
    _due_action(company)
    assert reminders.send_due_reminders(TODAY) == 0
    assert mailoutbox == []
    assert SentReminder.objects.count() == 0


def test_viewers_and_advisers_not_reminded(company, mailoutbox):
    member(company, user=UserFactory(email="viewer@example.test"), role="viewer")
    member(company, user=UserFactory(email="editor@example.test"), role="editor")
    _due_action(company)
    reminders.send_due_reminders(TODAY)
    assert sorted(m.to[0] for m in mailoutbox) == ["editor@example.test", "owner@example.test"]


def test_failed_send_releases_claim_and_retries(company, mailoutbox, monkeypatch):
    _due_action(company)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "send_plain_mail", broken)
    assert reminders.send_due_reminders(TODAY) == 0
    assert SentReminder.objects.count() == 0
    monkeypatch.undo()
    assert reminders.send_due_reminders(TODAY) == 1


def test_recheck_a_year_after_selfcheck_once(company, mailoutbox):
    load_pack()
    done = complete_with(company, all_answers("yes"))
    done.completed_at = timezone.make_aware(datetime.datetime(2025, 12, 10, 10, 0))
    done.save(update_fields=["completed_at"])
    assert reminders.send_due_reminders(datetime.date(2026, 12, 9)) == 0
    assert reminders.send_due_reminders(datetime.date(2026, 12, 10)) == 1
    assert reminders.send_due_reminders(datetime.date(2026, 12, 11)) == 0
    assert "前回の情報セキュリティ自社診断（2025年12月10日）から12か月たちました。" in mailoutbox[0].body


def test_recheck_opted_out(company, mailoutbox):
    load_pack()
    done = complete_with(company, all_answers("yes"))
    done.completed_at = timezone.make_aware(datetime.datetime(2026, 1, 1, 10, 0))
    done.save(update_fields=["completed_at"])
    ReminderPreference.objects.create(user=company.memberships.get().user, company=company, recheck=False)
    assert reminders.send_due_reminders(TODAY) == 0


def test_months_before_end_of_month():
    from dxnavi.assessments.action_source import months_before

    assert months_before(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 2, 15), 3) == datetime.date(2025, 11, 15)


@pytest.mark.django_db(transaction=True)
def test_run_scheduled_inprocess_idempotent(company, mailoutbox):
    _due_action(company)
    call_command("run_scheduled", "--date", TODAY.isoformat())
    call_command("run_scheduled", "--date", TODAY.isoformat())
    assert len(mailoutbox) == 1


def test_run_scheduled_bad_date(db):
    with pytest.raises(CommandError, match="--date"):
        call_command("run_scheduled", "--date", "2026-02-31")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_run_scheduled_rq_worker_sends_once(company, mailoutbox, settings):
    from rq import SimpleWorker

    from dxnavi import jobs

    settings.REDIS_URL = require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))
    settings.JOBS_BACKEND = "rq"
    queue = jobs.queue()
    queue.empty()
    _due_action(company)
    for _run in range(2):
        call_command("run_scheduled", "--date", TODAY.isoformat())
        assert queue.count == 1 + len(registry.daily_jobs())  # and the other apps' daily jobs (support records)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert len(mailoutbox) == 1
    assert SentReminder.objects.filter(kind="due").count() == 1


@pytest.mark.redis
def test_cron_scheduler_registers_daily_job(settings):
    from redis import Redis
    from rq.cron import CronScheduler

    from dxnavi import jobs

    url = require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))
    scheduler = CronScheduler(connection=Redis.from_url(url), name="dxnavi-test-cron")
    job = scheduler.register(jobs.run, "default", args=(reminders.JOB,), cron=settings.REMINDER_CRON)
    assert (job.func_name, job.args, job.cron) == ("dxnavi.jobs.run", (reminders.JOB,), "0 23 * * *")
    assert job.next_enqueue_time is not None
