"""The security self-check's part in the company's action list, its reminder and its bridges.

Registered from ``AssessmentsConfig.ready()`` into ``dxnavi.actions.registry`` (a module with no
models), so the actions app never imports this one.

- ``collect(company)``: one candidate per question of the latest completed self-check answered
  実施していない (high priority, due 30 days after the check) or わからない (find out first, due
  14 days after), with the question's advice. Its topic ``security:<question id>`` is shared with
  the SECURITY ACTION ★ principle that covers the same single question, so both become one action.
- ``recheck_events(today)``: "take the self-check again", a year after the last one, or after the
  interval the company chose (3, 6 or 12 months).
- ``bridges(company, items)``: for the result page, each weak item's action and, for items a
  subsidized security service addresses, a pre-filled subsidy estimate.
"""

import datetime

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dxnavi.actions.registry import (
    PRIORITY_HIGH, PRIORITY_NORMAL, RECHECK, RECHECK_MONTH_CHOICES, ActionCandidate, ReminderEvent, recheck_intervals, shared,
)

PACK_ID = "security_selfcheck"
NO, UNKNOWN = "no", "unknown"
WEAK = (NO, UNKNOWN)
DUE_DAYS = {NO: 30, UNKNOWN: 14}

# Questions whose gap a monitoring / EDR / help-desk service (サイバーセキュリティお助け隊サービス,
# the subsidies' "security_service" cost kind, IT導入補助金 セキュリティ対策推進枠) closes:
# antivirus and its updates (2), knowing new threats (5), readiness for incidents (24).
SECURITY_SERVICE_QUESTIONS = ("SC02", "SC05", "SC24")
SECURITY_SERVICE_PREFILL = {"kind": "security_service", "months": "12", "description": "サイバーセキュリティお助け隊サービス"}

UNKNOWN_NOTE = {
    "ja": "「わからない」と答えた項目です。まず今どうなっているかを確かめ、できていなければ次のとおり進めてください。",
    "en": "You answered “Don't know”. First find out how things stand; if it is not done, proceed as follows.",
}


def topic(question_id: str) -> str:
    return f"security:{question_id}"


def latest(company, pack_id: str):
    """The company's latest completed assessment of ``pack_id`` (or None), its answers read: the
    latest results of every instrument are read once per regeneration, for all the sources."""
    from . import services

    return shared(("assessments:latest", company.pk), lambda: services.latest_completed_all(company)).get(pack_id)


def collect(company) -> list[ActionCandidate]:
    from . import services

    assessment = latest(company, PACK_ID)
    if assessment is None:
        return []
    spec = assessment.spec
    answers = {qid: value for qid, value in services.answers_of(assessment).items() if value in WEAK}
    link = reverse("assessments:result", args=[company.pk, assessment.pk])
    done_on = timezone.localdate(assessment.completed_at)
    result = []
    for question in spec.questions:
        option = answers.get(question["id"])
        if option is None:
            continue
        advice = question.get("advice") or {}
        detail = dict(advice)
        if option == UNKNOWN:
            detail = {lang: f"{UNKNOWN_NOTE[lang]}\n{advice.get(lang, '')}".strip() for lang in ("ja", "en")}
        number = question["number"]
        result.append(
            ActionCandidate(
                key=f"selfcheck:{question['id']}",
                topic=topic(question["id"]),
                title={
                    "ja": f"{question['text']['ja']}（自社診断 問{number}）",
                    "en": f"{question['text']['en']} (self-check Q{number})",
                },
                detail=detail,
                link=f"{link}#q-{question['id']}",
                due=done_on + datetime.timedelta(days=DUE_DAYS[option]),
                priority=PRIORITY_HIGH if option == NO else PRIORITY_NORMAL,
            )
        )
    return result


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def recheck_events(today: datetime.date) -> list[ReminderEvent]:
    """Companies whose latest self-check was completed their re-check interval ago or earlier (one event per
    check): a year unless the company chose 3 or 6 months (``actions.registry.recheck_intervals``)."""
    from .models import Assessment

    cutoff = months_before(today, min(RECHECK_MONTH_CHOICES))
    rows = list(
        Assessment.objects.filter(
            Q(completed_at__date__lte=cutoff), pack_family=PACK_ID, status=Assessment.Status.COMPLETED, is_latest=True
        ).values_list("pk", "company_id", "completed_at")
    )
    intervals = recheck_intervals({company_id for _pk, company_id, _completed in rows})
    events = []
    for pk, company_id, completed in rows:
        day = timezone.localdate(completed)
        months = intervals[company_id]
        if day > months_before(today, months):
            continue
        events.append(
            ReminderEvent(
                company_id=company_id,
                kind=RECHECK,
                event=f"assessment:{pk}",
                title={
                    "ja": f"前回の情報セキュリティ自社診断（{day.year}年{day.month}月{day.day}日）から{months}か月たちました。もう一度診断して、対策が進んだかを確かめましょう。",
                    "en": f"{months} months have passed since your last security self-check ({day.isoformat()}). "
                    "Take it again to see how far your measures have come.",
                },
                link=reverse("assessments:start", args=[company_id, PACK_ID]),
            )
        )
    return events


def bridges(company, items) -> dict[str, dict]:
    """{question id: {"action": url, "subsidy": url or ""}} for the weak items on a result page."""
    result = {}
    has_actions = apps.is_installed("dxnavi.actions")
    has_subsidies = apps.is_installed("dxnavi.subsidies")
    for item in items:
        qid = item.question["id"]
        if item.option["id"] not in WEAK:
            continue
        links = {"action": "", "subsidy": ""}
        if has_actions:
            links["action"] = reverse("actions:go", args=[company.pk]) + "?key=" + topic(qid)
        if has_subsidies and qid in SECURITY_SERVICE_QUESTIONS:
            from urllib.parse import urlencode

            links["subsidy"] = reverse("subsidies:estimate_new", args=[company.pk]) + "?" + urlencode(SECURITY_SERVICE_PREFILL)
        result[qid] = links
    return result
