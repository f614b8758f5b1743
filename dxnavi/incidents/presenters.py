"""Wording for the incident pages: labels from the content, the leak report view with dates and days left."""

from django.utils import timezone

from dxnavi.content.i18n import pick

from . import content, services
from .domain import deadlines
from .models import ContactRole


def kind_label(kind: str) -> str:
    found = content.scenario(kind)
    if found is not None:
        return pick(found["title"])
    return pick({"ja": "その他", "en": "Other"})


def leak_view(row):
    """What the page and the report print about a leak's reports (None for other kinds)."""
    result = services.leak_deadlines(row)
    if result is None:
        return None
    return leak_result(result)


def leak_result(result: deadlines.LeakDeadlines) -> dict:
    leak = content.runbook()["leak_report"]
    cases = {c["id"]: c for c in leak["cases"]}
    today = timezone.localdate()
    view = {
        "result": result,
        "cases": [{"article": pick(cases[c]["article"]), "question": pick(cases[c]["question"])} for c in result.cases],
        "preliminary_text": pick(leak["preliminary"]),
        "final_text": pick(leak["final"]),
        "counting_text": pick(leak["counting"]),
        "notice_text": pick(leak["notice"]),
        "source": leak["source"],
    }
    if result.required:
        view["final_days_left"] = deadlines.days_left(result.final_due, today)
        view["preliminary_days_left"] = deadlines.days_left(result.preliminary_to, today)
    return view


def contact_rows(stored: dict) -> list[dict]:
    return [
        {"role": role, "label": label, "contact": stored.get(role)}
        for role, label in ContactRole.choices
    ]
