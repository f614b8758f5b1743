"""SECURITY ACTION use cases: tick principles, generate/save/adopt basic policies, readiness.

Reads take a ``CompanyAccess`` and go through ``scoping.scoped``; writes take the company
and the acting user (plus the adviser organization when an adviser acts), each in one
transaction.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dxnavi.actions import registry as actions_registry
from dxnavi.content.i18n import pick
from dxnavi.orgs.models import Company
from dxnavi.orgs.scoping import CompanyAccess, scoped

from . import content, domain, selfcheck
from .models import BasicPolicy, ItemConfirmation


class UnknownItem(ValueError):
    pass


# --- ★ checklist ---------------------------------------------------------------------------


def confirmations(access: CompanyAccess) -> dict[str, ItemConfirmation]:
    rows = scoped(ItemConfirmation.objects.select_related("confirmed_by", "organization"), access)
    return {row.item_id: row for row in rows}


@transaction.atomic
def set_item_done(company: Company, item_id: str, *, done: bool, user, organization=None) -> ItemConfirmation | None:
    """Mark one principle as done (keeping the first confirmation if it already was) or not done."""
    if item_id not in content.item_ids():
        raise UnknownItem(item_id)
    actions_registry.result_changed(company.pk)  # the ★ items feed the action list
    if not done:
        ItemConfirmation.objects.filter(company=company, item_id=item_id).delete()
        return None
    row, _created = ItemConfirmation.objects.get_or_create(
        company=company, item_id=item_id, defaults={"confirmed_by": user, "organization": organization}
    )
    return row


# --- ★★ basic policy ----------------------------------------------------------------------


def render_policy(*, company_name: str, representative: str, policy_date, language: str) -> dict[str, Any]:
    """The policy text in ``language`` with the three values filled in (plain text, not HTML).

    Templates escape it when they show it; PDF and DOCX get it the same way.
    """
    template = content.policy_template()
    values = {
        "company_name": company_name,
        "representative": representative,
        "date": domain.format_policy_date(policy_date, language),
    }
    parts = [template["preamble"], *template["sections"], template["closing"]]
    return {
        "title": pick(template["title"], language),
        "parts": [
            {
                "id": part["id"],
                "title": pick(part["title"], language),
                "body": domain.fill(pick(part["body"], language), **values),
            }
            for part in parts
        ],
    }


def split_parts(parts: list[dict]) -> dict[str, Any]:
    """preamble / numbered sections / closing, as every rendering (page, PDF, DOCX) shows them."""
    return {"preamble": parts[0], "sections": parts[1:-1], "closing": parts[-1]}


@transaction.atomic
def create_policy(
    company: Company, *, company_name: str, representative: str, policy_date, language: str, user, organization=None
) -> BasicPolicy:
    """Save a new version. The company row is locked so two editors never get the same number."""
    Company.objects.select_for_update().filter(pk=company.pk).first()
    last = BasicPolicy.objects.filter(company=company).aggregate(n=Max("version"))["n"] or 0
    rendered = render_policy(
        company_name=company_name, representative=representative, policy_date=policy_date, language=language
    )
    return BasicPolicy.objects.create(
        company=company,
        version=last + 1,
        language=language,
        company_name=company_name,
        representative=representative,
        policy_date=policy_date,
        title=rendered["title"],
        parts=rendered["parts"],
        content_version=content.version(),
        created_by=user,
        created_by_organization=organization,
    )


def can_adopt(access: CompanyAccess) -> bool:
    # The company declares, not its adviser: only the company's own owners and editors adopt.
    return access.via == "member" and access.can_edit


@transaction.atomic
def adopt_policy(policy: BasicPolicy, *, access: CompanyAccess, user) -> BasicPolicy:
    if not can_adopt(access) or policy.company_id != access.company.pk:
        raise PermissionDenied
    if policy.adopted_at is None:  # adopting twice keeps the first date and person
        policy.adopted_at = timezone.now()
        policy.adopted_by = user
        policy.save(update_fields=["adopted_at", "adopted_by"])
        actions_registry.result_changed(policy.company_id)
    return policy


def adopted_policy(access: CompanyAccess) -> BasicPolicy | None:
    """The company's policy: the latest adopted version."""
    qs = scoped(BasicPolicy.objects.filter(adopted_at__isnull=False), access)
    return qs.order_by("-adopted_at", "-version").first()


def latest_policy(access: CompanyAccess) -> BasicPolicy | None:
    return scoped(BasicPolicy.objects, access).order_by("-version").first()


# --- readiness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    readiness: domain.Readiness
    confirmed: dict[str, ItemConfirmation]  # the ticks people set on the checklist
    item_sources: dict[str, str]  # per confirmed principle: domain.BY_HAND or domain.BY_SELFCHECK
    hints: dict[str, bool]  # per principle: answered 「実施している」 in the latest self-check
    selfcheck: Any  # the latest completed self-check, or None
    adopted_policy: BasicPolicy | None
    latest_policy: BasicPolicy | None

    @property
    def draft_to_adopt(self) -> BasicPolicy | None:
        """A saved version newer than the adopted one (or the only one), waiting for adoption."""
        latest = self.latest_policy
        if latest is None or latest.is_adopted:
            return None
        if self.adopted_policy is None or latest.version > self.adopted_policy.version:
            return latest
        return None


def status(access: CompanyAccess) -> Status:
    confirmed = confirmations(access)
    assessment = selfcheck.latest_completed(access.company)
    hints = item_hints(assessment)
    sources = domain.confirmed_items(content.item_ids(), ticked=confirmed, selfcheck_hints=hints)
    adopted = adopted_policy(access)
    latest = latest_policy(access)
    ready = domain.readiness(
        sources, items=content.item_ids(), selfcheck_done=assessment is not None, policy_adopted=adopted is not None
    )
    return Status(
        readiness=ready,
        confirmed=confirmed,
        item_sources=sources,
        hints=hints,
        selfcheck=assessment,
        adopted_policy=adopted,
        latest_policy=latest,
    )


def item_hints(assessment) -> dict[str, bool]:
    return domain.selfcheck_hints(content.related_questions(), selfcheck.answered_yes(assessment))
