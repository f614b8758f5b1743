"""SECURITY ACTION: the status the web's readiness and checklist pages show (``secaction.services.status``:
the ★ five principles confirmed by a tick or by the latest self-check, the ★★ steps, the adopted basic
policy) with the stored declarable level (``secaction.levels`` → ``DeclarableLevel``), and ticking a
principle (``services.set_item_done``, owners/editors with a write token, as the web's checklist)."""

import datetime
from typing import Literal

from ninja import Field, Router, Schema

from dxnavi.secaction import content, domain, selfcheck, services
from dxnavi.secaction.models import DeclarableLevel

from ..access import company_operation
from ..problems import Problem
from ..schemas import Text, text

# The prefix is empty: django-ninja reads path parameters from the operation's own path only (a {company_id}
# in PREFIX would become a query parameter).
PREFIX = ""
PATH = "/companies/{company_id}/security-action"
router = Router(tags=["security-action"])

LEVELS = {0: "none", 1: "one_star", 2: "two_star"}


class Principle(Schema):
    id: str
    number: int
    title: Text
    practice: Text
    confirmed: bool
    how: Literal["by_hand", "by_selfcheck"] | None = Field(description="`by_hand`: ticked on the checklist; `by_selfcheck`: "
                                                           "the latest self-check answered all its questions 「実施している」.")
    selfcheck_hint: bool = Field(description="The latest self-check answered all its related questions 「実施している」.")
    confirmed_at: datetime.datetime | None
    confirmed_by_adviser: bool


class Step(Schema):
    id: Literal["one_star_items", "selfcheck_done", "basic_policy_adopted"]
    level: int
    title: Text
    done: bool


class Policy(Schema):
    id: int
    version: int
    adopted_at: datetime.datetime
    policy_date: datetime.date
    language: str


class SecurityActionStatus(Schema):
    declarable_level: Literal["none", "one_star", "two_star"] = Field(
        description="The stored level the company is ready to declare (a self-declaration, never a certification).")
    one_star_ready: bool
    two_star_ready: bool
    confirmed_count: int
    total_items: int
    principles: list[Principle]
    two_star_steps: list[Step]
    selfcheck_completed_at: datetime.datetime | None
    adopted_policy: Policy | None
    draft_policy_version: int | None = Field(description="A saved version newer than the adopted one, waiting for adoption.")


class ItemIn(Schema):
    done: bool = Field(title="実施済み", description="true: ticked as done; false: the tick is removed.")


def _status(access) -> dict:
    status = services.status(access)
    ready = status.readiness
    stored = DeclarableLevel.objects.filter(company_id=access.company.pk).values_list("level", flat=True).first() or 0
    principles = []
    for number, item in enumerate(content.items(), start=1):
        tick = status.confirmed.get(item["id"])
        how = status.item_sources.get(item["id"])
        principles.append({
            "id": item["id"], "number": number, "title": text(item["title"]), "practice": text(item["practice"]),
            "confirmed": how is not None, "how": how, "selfcheck_hint": status.hints.get(item["id"], False),
            "confirmed_at": tick.confirmed_at if tick else None,
            "confirmed_by_adviser": bool(tick and tick.organization_id),
        })
    missing = {step.code for step in ready.missing}
    two_star = {req["id"]: req for req in content.two_star()["requirements"]}
    steps = [
        {"id": "selfcheck_done", "level": 2, "title": text(two_star["selfcheck_done"]["title"]),
         "done": domain.SELFCHECK not in missing},
        {"id": "basic_policy_adopted", "level": 2, "title": text(two_star["basic_policy_adopted"]["title"]),
         "done": domain.POLICY not in missing},
    ]
    adopted = status.adopted_policy
    draft = status.draft_to_adopt
    return {
        "declarable_level": LEVELS.get(stored, "none"),
        "one_star_ready": ready.one_star, "two_star_ready": ready.two_star,
        "confirmed_count": ready.confirmed_count, "total_items": ready.total_items,
        "principles": principles, "two_star_steps": steps,
        "selfcheck_completed_at": selfcheck.completed_at(status.selfcheck),
        "adopted_policy": {
            "id": adopted.pk, "version": adopted.version, "adopted_at": adopted.adopted_at, "policy_date": adopted.policy_date,
            "language": adopted.language,
        } if adopted else None,
        "draft_policy_version": draft.version if draft else None,
    }


@router.get(PATH, response=SecurityActionStatus, summary="SECURITY ACTION status: declarable level, ★ principles, ★★ steps")
@company_operation(need="view")
def get_security_action(request, access):
    return _status(access)


@router.put(PATH + "/items/{item_id}", response=SecurityActionStatus, summary="Tick or untick a ★ principle (owners and editors, write scope)")
@company_operation(need="edit")
def put_item(request, access, item_id: str, payload: ItemIn):
    try:
        services.set_item_done(access.company, item_id[:64], done=payload.done, user=request.auth.token.user,
                               organization=access.organization)
    except services.UnknownItem:
        raise Problem("not_found") from None
    return _status(access)
