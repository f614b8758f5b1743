"""SECURITY ACTION use cases: tick principles, generate/save/adopt basic policies, readiness.

Reads take a ``CompanyAccess`` and go through ``scoping.scoped``; writes take the company
and the acting user (plus the adviser organization when an adviser acts), each in one
transaction.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, Subquery
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


class PolicyTextError(ValueError):
    """The edited text cannot be saved; ``messages`` say why, each naming its section."""

    def __init__(self, problems: list[domain.TextProblem]):
        self.problems = problems
        self.messages = [problem_message(p) for p in problems]
        super().__init__(" ".join(self.messages))


def problem_message(problem: domain.TextProblem) -> str:
    from django.utils.translation import gettext as _

    values = {"title": problem.title, "limit": domain.MAX_BODY, "title_limit": domain.MAX_TITLE, "max": domain.MAX_SECTIONS}
    if problem.code == "missing":
        return _("The section “%(title)s” is required and cannot be removed.") % values
    if problem.code == "empty":
        return _("The section “%(title)s” is empty. Enter its text.") % values
    if problem.code == "no_title":
        return _("A section of your own has no heading. Enter a heading, or empty both boxes to remove it.") % values
    if problem.code == "title_too_long":
        return _("The heading “%(title)s” can be at most %(title_limit)d characters.") % values
    if problem.code == "too_long":
        return _("The text of “%(title)s” can be at most %(limit)d characters.") % values
    if problem.code == "duplicate":
        return _("The section “%(title)s” appears twice.") % values
    return _("The policy can have at most %(max)d sections.") % values


def template_titles(language: str) -> dict[str, str]:
    """Shown titles of the preamble and the content's sections, by id."""
    template = content.policy_template()
    return {part["id"]: pick(part["title"], language) for part in [template["preamble"], *template["sections"]]}


def _text_parts(language: str, preamble: str, sections: list[dict]) -> list[dict]:
    """preamble + sections as stored: required sections keep the content's heading."""
    titles = template_titles(language)
    required = content.required_section_ids()
    parts = [{"id": domain.PREAMBLE, "title": titles[domain.PREAMBLE], "body": (preamble or "").strip()}]
    for number, section in enumerate(sections, start=1):
        part_id = str(section.get("id") or f"own-{number}")
        title = titles[part_id] if part_id in required else str(section.get("title") or "").strip()
        parts.append({"id": part_id, "title": title, "body": str(section.get("body") or "").strip()})
    return parts


def check_text(language: str, preamble: str, sections: list[dict]) -> list[domain.TextProblem]:
    parts = _text_parts(language, preamble, sections)
    return domain.check_policy_text(parts, required=content.required_section_ids(), titles=template_titles(language))


@transaction.atomic
def save_policy_version(
    company: Company,
    user,
    *,
    company_name: str,
    representative: str,
    policy_date,
    language: str,
    preamble: str | None = None,
    sections: list[dict] | None = None,
    organization=None,
    restored_from: int | None = None,
) -> BasicPolicy:
    """Save the policy text as a new, immutable version; returns it.

    ``preamble`` and ``sections`` ([{id, title, body}], in order) are the company's text; left
    out, the content's template is used with the values filled in. The sections the content
    marks as required must be there and not empty, with their own heading; the company may add
    sections of its own (an id of its choice, a heading and a text). The closing (date, name,
    representative) is always built from the values. Raises ``PolicyTextError`` (nothing
    saved) when the text breaks a rule. The company row is locked so two editors never get the
    same number.
    """
    rendered = render_policy(
        company_name=company_name, representative=representative, policy_date=policy_date, language=language
    )
    generated = split_parts(rendered["parts"])
    if preamble is None:
        preamble = generated["preamble"]["body"]
    if sections is None:
        sections = [dict(s) for s in generated["sections"]]
    parts = _text_parts(language, preamble, sections)
    problems = domain.check_policy_text(parts, required=content.required_section_ids(), titles=template_titles(language))
    if problems:
        raise PolicyTextError(problems)
    Company.objects.select_for_update().filter(pk=company.pk).first()
    last = BasicPolicy.objects.filter(company=company).aggregate(n=Max("version"))["n"] or 0
    return BasicPolicy.objects.create(
        company=company,
        version=last + 1,
        language=language,
        company_name=company_name,
        representative=representative,
        policy_date=policy_date,
        title=rendered["title"],
        parts=[*parts, generated["closing"]],
        content_version=content.version(),
        created_by=user,
        created_by_organization=organization,
        restored_from_version=restored_from,
    )


def create_policy(
    company: Company, *, company_name: str, representative: str, policy_date, language: str, user, organization=None
) -> BasicPolicy:
    """A new version with the template's text (see ``save_policy_version``)."""
    return save_policy_version(
        company, user, company_name=company_name, representative=representative, policy_date=policy_date,
        language=language, organization=organization,
    )


def preview(*, company_name: str, representative: str, policy_date, language: str, preamble: str, sections: list[dict]):
    """The text as it would be saved (title and split parts), without saving anything."""
    rendered = render_policy(company_name=company_name, representative=representative, policy_date=policy_date, language=language)
    closing = split_parts(rendered["parts"])["closing"]
    return {"title": rendered["title"], "parts": split_parts([*_text_parts(language, preamble, sections), closing])}


def restore_policy_version(old: BasicPolicy, *, user, organization=None) -> BasicPolicy:
    """A new version with the text and values of ``old`` (older versions stay as they are)."""
    parts = split_parts(old.parts)
    return save_policy_version(
        old.company, user, company_name=old.company_name, representative=old.representative,
        policy_date=old.policy_date, language=old.language, preamble=parts["preamble"]["body"],
        sections=[dict(s) for s in parts["sections"]], organization=organization, restored_from=old.version,
    )


def editable_text(policy: BasicPolicy | None, *, language: str, company_name: str, representative: str, policy_date):
    """(preamble, sections) to start editing from: a saved version's text, or the template's."""
    if policy is not None:
        parts = split_parts(policy.parts)
    else:
        parts = split_parts(
            render_policy(company_name=company_name, representative=representative, policy_date=policy_date, language=language)[
                "parts"
            ]
        )
    return parts["preamble"]["body"], [dict(s) for s in parts["sections"]]


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


def adopted_and_latest_policy(access: CompanyAccess) -> tuple[BasicPolicy | None, BasicPolicy | None]:
    """``(adopted_policy(access), latest_policy(access))`` in one query (the dashboard's card).

    Reads the (at most two) rows that are either; the adopted one is the greatest adopted row
    by (adopted_at, version) among them, the latest the greatest by version, as the two functions order."""
    policies = scoped(BasicPolicy.objects, access)
    adopted_pk = policies.filter(adopted_at__isnull=False).order_by("-adopted_at", "-version").values("pk")[:1]
    latest_pk = policies.order_by("-version").values("pk")[:1]
    rows = list(policies.filter(Q(pk=Subquery(adopted_pk)) | Q(pk=Subquery(latest_pk))))
    adopted = max((r for r in rows if r.adopted_at is not None), key=lambda r: (r.adopted_at, r.version), default=None)
    latest = max(rows, key=lambda r: r.version, default=None)
    return adopted, latest


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


_UNSET = object()


def status(
    access: CompanyAccess, *, assessment=_UNSET, answered_yes: set[str] | None = None, with_latest_policy: bool = True
) -> Status:
    """Readiness now. ``assessment`` (the latest completed self-check, or None) and its
    ``answered_yes`` question ids may be passed when the caller has them already (the dashboard).
    ``with_latest_policy=False`` leaves ``latest_policy`` None, one query less, for callers that
    need only the readiness (the action list's source)."""
    confirmed = confirmations(access)
    if assessment is _UNSET:
        assessment = selfcheck.latest_completed(access.company)
    hints = item_hints(assessment, answered_yes)
    sources = domain.confirmed_items(content.item_ids(), ticked=confirmed, selfcheck_hints=hints)
    if with_latest_policy:
        adopted, latest = adopted_and_latest_policy(access)
    else:
        adopted, latest = adopted_policy(access), None
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


def two_star_ready(access: CompanyAccess, *, selfcheck_done: bool) -> bool:
    """★★ readiness alone, for other apps that need only that: ``domain.readiness`` with the
    company's adopted-policy state (one EXISTS query; the caller knows whether a self-check is done)."""
    adopted = scoped(BasicPolicy.objects.filter(adopted_at__isnull=False), access).exists()
    return domain.readiness((), items=(), selfcheck_done=selfcheck_done, policy_adopted=adopted).two_star


def item_hints(assessment, answered_yes: set[str] | None = None) -> dict[str, bool]:
    if answered_yes is None or assessment is None:
        answered_yes = selfcheck.answered_yes(assessment)
    return domain.selfcheck_hints(content.related_questions(), answered_yes)


def compare(old: BasicPolicy, new: BasicPolicy) -> list[domain.PartDiff]:
    return domain.diff_parts(old.parts, new.parts)
