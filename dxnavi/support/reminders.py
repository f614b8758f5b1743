"""Next-action reminders to the adviser's 担当者 (a daily job).

``send_next_action_reminders(today)`` e-mails each 担当者 the next actions of their organization's
support records that are due today or overdue, one e-mail per person and organization. Every
(record, person, due date) is claimed in ``SentSupportReminder`` under a unique key before the
e-mail goes out, so each is sent once per due date (a new due date is a new reminder) and a rerun
sends nothing; a failed send releases its claims. The 担当者 must still be an active member of the
record's organization. Opt-out: per person and organization, on the organization's reminder
settings page (``support:org_reminders``, linked from every e-mail; after login, so no secret
link can be forwarded). Runs with the other daily jobs (``actions.registry.register_daily``):
``manage.py run_scheduled`` or the worker's cron.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from dxnavi.mail import send_plain_mail
from dxnavi.orgs.models import AdviserMembership

from .models import SentSupportReminder, SupportRecord, SupportReminderOptOut

log = logging.getLogger(__name__)

JOB = "dxnavi.support.reminders.send_next_action_reminders"


def is_opted_out(user, organization) -> bool:
    return SupportReminderOptOut.objects.filter(user=user, organization=organization).exists()


@transaction.atomic
def set_opted_out(user, organization, opted_out: bool) -> None:
    if opted_out:
        SupportReminderOptOut.objects.get_or_create(user=user, organization=organization)
    else:
        SupportReminderOptOut.objects.filter(user=user, organization=organization).delete()


def due_records(today: datetime.date):
    """Records whose next action is due today or earlier, with a 担当者 still in the organization."""
    return (
        SupportRecord.objects.filter(next_due__lte=today, responsible__isnull=False, responsible__is_active=True)
        .exclude(next_action="")
        .select_related("company", "organization", "responsible")
        .order_by("next_due", "pk")
    )


def _claim(record, user) -> bool:
    try:
        with transaction.atomic():
            SentSupportReminder.objects.create(record=record, user=user, due=record.next_due)
    except IntegrityError:
        return False
    return True


def _send(user, organization, records, today) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        lang = translation.get_language()
        items = [
            {
                "company": r.company.name,
                "action": r.next_action,
                "due": r.next_due,
                "overdue": r.next_due < today,
                "url": settings.SITE_URL + reverse("support:record_edit", args=[r.company_id, r.pk]),
            }
            for r in records
        ]
        context = {
            "user": user, "organization": organization, "items": items,
            "records_url": settings.SITE_URL + reverse("support:org_records", args=[organization.pk]),
            "settings_url": settings.SITE_URL + reverse("support:org_reminders", args=[organization.pk]),
        }
        send_plain_mail("support/email/reminder_subject.txt", "support/email/reminder_body.txt", context, user.email, language=lang)


def send_next_action_reminders(today: datetime.date | str | None = None) -> int:
    """Job: e-mail every 担当者 their due next actions not sent before; returns the number of e-mails."""
    if isinstance(today, str):
        today = datetime.date.fromisoformat(today)
    today = today or timezone.localdate()
    records = list(due_records(today))
    if not records:
        return 0
    pairs = {(r.responsible_id, r.organization_id) for r in records}
    members = set(
        AdviserMembership.objects.filter(
            user_id__in={u for u, _o in pairs}, organization_id__in={o for _u, o in pairs}
        ).values_list("user_id", "organization_id")
    )
    opted_out = set(
        SupportReminderOptOut.objects.filter(
            user_id__in={u for u, _o in pairs}, organization_id__in={o for _u, o in pairs}
        ).values_list("user_id", "organization_id")
    )
    grouped = defaultdict(list)
    for record in records:
        key = (record.responsible_id, record.organization_id)
        if key in members and key not in opted_out:
            grouped[key].append(record)
    sent = 0
    for (_user_id, _org_id), group in grouped.items():
        user, organization = group[0].responsible, group[0].organization
        claimed = [r for r in group if _claim(r, user)]
        if not claimed:
            continue
        try:
            _send(user, organization, claimed, today)
        except Exception:
            log.exception("support reminder to user %s for organization %s failed", user.pk, organization.pk)
            for r in claimed:
                SentSupportReminder.objects.filter(record=r, user=user, due=r.next_due).delete()
            continue
        sent += 1
    return sent
