"""SECURITY ACTION's part in the company's action list (registered from ``SecactionConfig.ready()``).

One candidate per ★ principle not yet confirmed (its topic is the self-check question it covers
when it covers exactly one, so 「OSを最新に」 from both instruments is a single action), and one per
missing ★★ step (self-check, basic policy). Also the level the subsidy form pre-fills.
"""

from django.urls import reverse

from dxnavi.actions.registry import PRIORITY_LOW, PRIORITY_NORMAL, ActionCandidate
from dxnavi.orgs.models import Role
from dxnavi.orgs.scoping import CompanyAccess

from . import content, domain, selfcheck, services


def system_access(company) -> CompanyAccess:
    """Read-only access for the background regeneration (not a person; never audited)."""
    return CompanyAccess(company=company, via="system", role=Role.VIEWER)


def _topic(item_id: str) -> str:
    questions = content.related_questions().get(item_id) or []
    return f"security:{questions[0]}" if len(questions) == 1 else ""


def collect(company) -> list[ActionCandidate]:
    assessment, answered_yes = selfcheck.latest_for_actions(company)
    status = services.status(
        system_access(company), assessment=assessment, answered_yes=answered_yes, with_latest_policy=False
    )
    items = {item["id"]: item for item in content.items()}
    checklist = reverse("secaction:checklist", args=[company.pk])
    result = []
    for step in status.readiness.missing:
        if step.code == domain.ONE_STAR_ITEMS:
            for item_id in step.items:
                item = items[item_id]
                result.append(
                    ActionCandidate(
                        key=f"secaction:{item_id}",
                        topic=_topic(item_id),
                        title={"ja": f"{item['title']['ja']}（★ 5か条）", "en": f"{item['title']['en']} (★ five principles)"},
                        detail=dict(item["practice"]),
                        link=f"{checklist}#item-{item_id}",
                        priority=PRIORITY_NORMAL,
                    )
                )
            continue
        requirement = content.requirement("selfcheck_done" if step.code == domain.SELFCHECK else "basic_policy_adopted")
        if step.code == domain.SELFCHECK:
            link = selfcheck.start_url(company) or reverse("secaction:readiness", args=[company.pk])
        else:
            link = reverse("secaction:policy_new", args=[company.pk])
        result.append(
            ActionCandidate(
                key=f"secaction:{step.code}",
                title={"ja": f"{requirement['title']['ja']}（★★）", "en": f"{requirement['title']['en']} (★★)"},
                detail=dict(requirement["explanation"]),
                link=link,
                priority=PRIORITY_LOW,
            )
        )
    return result


def declarable_level(access) -> int:
    """The highest SECURITY ACTION level the company is ready to declare (0, 1 or 2)."""
    return services.status(access).readiness.highest_level
