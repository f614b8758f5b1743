"""Incident response in the company's action list (registered from ``IncidentsConfig.ready()``).

- no emergency contact stored → 「緊急時の連絡先を登録する」 (topic ``security:SC24``, the self-check's
  question 24, so the two become one action);
- no drill in the last 12 months → 「インシデント対応の訓練をする」;
- every task of the incident log → an action (done tasks as done).
One query: the company row with the contact and drill subqueries, LEFT JOINed to its tasks.
"""

import datetime

from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from dxnavi.actions.registry import PRIORITY_HIGH, PRIORITY_NORMAL, ActionCandidate
from dxnavi.orgs.models import Company

from .models import Contact, Drill

DRILL_EVERY_DAYS = 365


def _rows(company):
    contacts = Contact.objects.filter(company=OuterRef("pk"))
    last_drill = Drill.objects.filter(company=OuterRef("pk")).values("company").annotate(last=Max("date")).values("last")
    return list(
        Company.objects.filter(pk=company.pk)
        .annotate(has_contacts=Exists(contacts), last_drill=Subquery(last_drill))
        .values_list(
            "has_contacts", "last_drill", "incident_tasks__pk", "incident_tasks__title", "incident_tasks__owner",
            "incident_tasks__due", "incident_tasks__done", "incident_tasks__incident_id", "incident_tasks__incident__title",
        )
        .order_by("incident_tasks__incident_id", "incident_tasks__pk")
    )  # fmt: skip


def collect(company) -> list[ActionCandidate]:
    rows = _rows(company)
    if not rows:
        return []
    has_contacts, last_drill = rows[0][0], rows[0][1]
    today = timezone.localdate()
    result = []
    if not has_contacts:
        result.append(ActionCandidate(
            key="incidents:contacts",
            topic="security:SC24",
            title={"ja": "緊急時の連絡先（責任者・ITベンダー・保険会社など）を登録する",
                   "en": "Record your emergency contacts (person in charge, IT vendor, insurer, …)"},
            detail={"ja": "何か起きたとき、スマートフォンからすぐ電話できるように、自社の連絡先を登録しておきましょう。",
                    "en": "Store your own contacts so that anyone can call them from a phone when something happens."},
            link=reverse("incidents:contacts", args=[company.pk]),
            priority=PRIORITY_HIGH,
        ))  # fmt: skip
    if last_drill is None or (today - last_drill).days > DRILL_EVERY_DAYS:
        result.append(ActionCandidate(
            key="incidents:drill",
            title={"ja": "インシデント対応の訓練をする（年1回）", "en": "Hold an incident response drill (once a year)"},
            detail={"ja": "ランサムウェア・不審メール・ノートパソコン紛失の練習問題で、初動の手順を全員で確かめます。",
                    "en": "Walk through the first response with everyone using the ransomware, phishing or lost-laptop practice."},
            link=reverse("incidents:drills", args=[company.pk]),
            due=today + datetime.timedelta(days=30),
        ))  # fmt: skip
    for _c, _d, task_id, title, owner, due, done, incident_id, incident_title in rows:
        if task_id is None:
            continue
        link = reverse("incidents:detail", args=[company.pk, incident_id])
        result.append(ActionCandidate(
            key=f"incidents:task:{task_id}",
            title={"ja": f"{incident_title}：{title}", "en": f"{incident_title}: {title}"},
            link=f"{link}#task-{task_id}",
            due=due, owner=owner, done=done, priority=PRIORITY_HIGH if not done else PRIORITY_NORMAL,
        ))  # fmt: skip
    return result
