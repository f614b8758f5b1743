"""Reminder e-mails: "take the self-check again" a year on (or as the company chose), and actions that are due.

``send_due_reminders(today)`` is the job (``dxnavi.jobs``): it gathers every due event — open
actions due by tomorrow, plus the events other apps register (``registry.register_reminders``,
e.g. the self-check's re-check) — and sends each company member (owner/editor) one e-mail per
company listing the events not sent to them before. Every (company, person, kind, event) is
claimed in ``SentReminder`` before the e-mail goes out, under a unique constraint, so running the
job twice (cron and a worker, or a retry) never sends an event twice; a failed send releases
its claims so the next run tries again. Members opt out per company and kind
(``ReminderPreference``). Advisers get no reminders: the company's own people do the work.

When it runs: ``manage.py run_scheduled`` (from cron, daily) enqueues it; with Redis the worker
started by ``manage.py run_worker`` also runs RQ's cron scheduler (``DXNAVI_REMINDER_CRON``).
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from dxnavi.content.i18n import pick
from dxnavi.mail import send_plain_mail
from dxnavi.orgs.models import Company, CompanyMembership, Role

from . import registry
from .models import Action, ReminderPreference, SentReminder

log = logging.getLogger(__name__)

DUE_NOTICE_DAYS = 1  # remind the day before the due date (and on it, and once when overdue)
JOB = "dxnavi.actions.reminders.send_due_reminders"


def preference_for(user, company) -> ReminderPreference:
    """The member's saved choice, or the default (both reminders on), unsaved."""
    return ReminderPreference.objects.filter(user=user, company=company).first() or ReminderPreference(user=user, company=company)


@transaction.atomic
def save_preference(user, company, *, recheck: bool, due: bool) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, company=company, defaults={"recheck": recheck, "due": due}
    )
    return preference


def due_events(today: datetime.date) -> list[registry.ReminderEvent]:
    """Open actions due by tomorrow; the event names the due date, so a new date is a new event."""
    limit = today + datetime.timedelta(days=DUE_NOTICE_DAYS)
    rows = Action.objects.filter(status__in=(Action.Status.TODO, Action.Status.DOING), due__lte=limit).order_by("due", "pk")
    from django.urls import reverse

    return [
        registry.ReminderEvent(
            company_id=a.company_id,
            kind=registry.DUE,
            event=f"action:{a.pk}:{a.due.isoformat()}",
            title={
                "ja": f"{a.due.year}年{a.due.month}月{a.due.day}日まで：{a.title.get('ja', '')}"
                + (f"（担当：{a.owner}）" if a.owner else ""),
                "en": f"Due {a.due.isoformat()}: {a.title.get('en', '')}"
                + (f" (person in charge: {a.owner})" if a.owner else ""),
            },
            link=reverse("actions:detail", args=[a.company_id, a.pk]),
        )
        for a in rows
    ]


def all_events(today: datetime.date) -> list[registry.ReminderEvent]:
    events = due_events(today)
    for provider in registry.reminder_sources():
        events.extend(provider(today))
    return events


def _recipients(company_ids) -> dict[int, list]:
    """Active owners and editors of each company (viewers read, they are not asked to act)."""
    rows = CompanyMembership.objects.filter(
        company_id__in=company_ids, role__in=(Role.OWNER, Role.EDITOR), user__is_active=True
    ).select_related("user")
    result = defaultdict(list)
    for m in rows.order_by("pk"):
        result[m.company_id].append(m.user)
    return result


def _claim(company_id, user, events) -> list:
    """Record the events as sent to this person; returns those not sent before (each in its own savepoint)."""
    claimed = []
    for event in events:
        try:
            with transaction.atomic():
                SentReminder.objects.create(company_id=company_id, user=user, kind=event.kind, event=event.event)
        except IntegrityError:
            continue
        claimed.append(event)
    return claimed


def _send(company, user, events) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        lang = translation.get_language()
        context = {
            "company": company,
            "user": user,
            "recheck": [(pick(e.title, lang), settings.SITE_URL + e.link) for e in events if e.kind == registry.RECHECK],
            "due": [(pick(e.title, lang), settings.SITE_URL + e.link) for e in events if e.kind == registry.DUE],
            "settings_url": settings.SITE_URL + _settings_path(company),
        }
        send_plain_mail("actions/email/reminder_subject.txt", "actions/email/reminder_body.txt", context, user.email, language=lang)


def _settings_path(company) -> str:
    from django.urls import reverse

    return reverse("actions:reminders", args=[company.pk])


def send_due_reminders(today: datetime.date | str | None = None) -> int:
    """Job: send every pending reminder once; returns the number of e-mails sent."""
    if isinstance(today, str):
        today = datetime.date.fromisoformat(today)
    today = today or timezone.localdate()
    by_company = defaultdict(list)
    for event in all_events(today):
        by_company[event.company_id].append(event)
    if not by_company:
        return 0
    companies = Company.objects.in_bulk(list(by_company))
    recipients = _recipients(list(by_company))
    preferences = {
        (p.user_id, p.company_id): p for p in ReminderPreference.objects.filter(company_id__in=list(by_company))
    }
    sent = 0
    for company_id, events in by_company.items():
        for user in recipients.get(company_id, []):
            preference = preferences.get((user.pk, company_id))
            wanted = [e for e in events if preference is None or getattr(preference, e.kind, True)]
            claimed = _claim(company_id, user, wanted)
            if not claimed:
                continue
            try:
                _send(companies[company_id], user, claimed)
            except Exception:
                # Release the claims so the next run tries again; the other people still get theirs.
                log.exception("reminder e-mail to user %s for company %s failed", user.pk, company_id)
                SentReminder.objects.filter(
                    company_id=company_id, user=user, kind__in={e.kind for e in claimed}, event__in=[e.event for e in claimed]
                ).delete()
                continue
            sent += 1
    return sent


def schedule(today: datetime.date | None = None) -> None:
    """Hand the day's run to the job runner (in-process now, or the RQ worker)."""
    from dxnavi import jobs

    day = (today or timezone.localdate()).isoformat()
    jobs.enqueue(JOB, day)
    for path in registry.daily_jobs():  # other apps' daily jobs (``registry.register_daily``)
        jobs.enqueue(path, day)
