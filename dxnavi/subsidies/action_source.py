"""The subsidy checklist's part in the company's action list (registered from ``SubsidiesConfig.ready()``).

The plan a company is working on is its latest saved estimate; its frame is the best qualifying
one (else the first frame that could be estimated). Every check of the requirement-and-timing
checklist that is not "ok" becomes an action: warnings first (due by the next application
deadline when one is known), the rules to keep in mind (no order before 交付決定, self-funding)
with a low priority. The keys do not name the estimate, so a newer estimate updates the same
actions instead of piling up new ones.
"""

from django.urls import reverse
from django.utils import timezone

from dxnavi.actions.registry import PRIORITY_HIGH, PRIORITY_LOW, ActionCandidate

from . import loader
from .domain import checklist as checklist_domain
from .models import SavedEstimate


def chosen_frame(estimate: SavedEstimate) -> dict | None:
    entries = [r for r in estimate.results if r.get("estimate")]
    return next((r for r in entries if r["frame_id"] == estimate.best_frame), entries[0] if entries else None)


def collect(company) -> list[ActionCandidate]:
    estimate = SavedEstimate.objects.filter(company=company).order_by("-created_at", "-pk").first()
    if estimate is None:
        return []
    entry = chosen_frame(estimate)
    if entry is None:
        return []
    checks = checklist_domain.evaluate(entry["estimate"], entry["windows"], estimate.planned_order_date, timezone.localdate())
    texts = {item["id"]: item for item in loader.checklist()["items"]}
    link = reverse("subsidies:checklist", args=[company.pk, estimate.pk, entry["frame_id"]])
    frame = entry["name"]
    result = []
    for check in checks:
        if check.state == checklist_domain.OK:
            continue
        item = texts[check.id]
        warn = check.state == checklist_domain.WARN
        result.append(
            ActionCandidate(
                key=f"subsidies:{check.id}",
                title={
                    "ja": f"{item['title']['ja']}（{frame.get('ja', '')}）",
                    "en": f"{item['title']['en']} ({frame.get('en', '')})",
                },
                detail=dict(item["text"]),
                link=f"{link}#check-{check.id}",
                due=check.params.get("next_deadline") if warn else None,
                priority=PRIORITY_HIGH if warn else PRIORITY_LOW,
            )
        )
    return result
