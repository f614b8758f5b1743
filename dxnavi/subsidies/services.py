"""Subsidy finder operations: which catalog is in use, estimating every frame, saving.

Views call these; company data is read only through ``scoping.scoped``. The arithmetic is in
``domain``; this module turns catalog rows and a company profile into its inputs and keeps
the full result as a snapshot on the saved estimate.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dxnavi.actions import registry as actions_registry
from dxnavi.orgs import services as org_services
from dxnavi.orgs.scoping import scoped

from .domain import ALMOST, MET, NOT, CompanyFacts, PlannedItem, Statuses, estimate, parse_rules
from .domain import rounds as rounds_domain
from .models import Frame, JGrantsCandidate, Program, SavedEstimate, SubsidyCatalog

STATUS_ORDER = {MET: 0, ALMOST: 1, NOT: 2, "info": 3}


# --- catalogs ------------------------------------------------------------------------------


def catalog_choices() -> list[SubsidyCatalog]:
    """The newest loaded version of each program year, newest year first."""
    seen, result = set(), []
    for catalog in SubsidyCatalog.objects.order_by("-fiscal_year", "-loaded_at", "-pk"):
        if catalog.fiscal_year not in seen:
            seen.add(catalog.fiscal_year)
            result.append(catalog)
    return result


def current_catalog() -> SubsidyCatalog | None:
    choices = catalog_choices()
    return choices[0] if choices else None


@dataclass(frozen=True)
class CatalogAge:
    days: int
    max_days: int
    as_of: str

    @property
    def stale(self) -> bool:
        return self.days > self.max_days


def catalog_age(catalog: SubsidyCatalog, today: datetime.date | None = None) -> CatalogAge:
    """Age of the catalog's information (from its as_of), against SUBSIDY_CATALOG_MAX_AGE_DAYS."""
    today = today or timezone.localdate()
    return CatalogAge(days=(today - catalog.as_of_date).days, max_days=settings.SUBSIDY_CATALOG_MAX_AGE_DAYS, as_of=catalog.as_of)


def frames_of(catalog: SubsidyCatalog) -> list[Frame]:
    return list(
        Frame.objects.filter(program__catalog=catalog).select_related("program").order_by("program__position", "position")
    )


# --- inputs --------------------------------------------------------------------------------


def company_facts(company) -> dict:
    """The profile facts the rules use, with the classification's reasons (a snapshot)."""
    result = org_services.classification(company)
    return {
        "name": company.name,
        "employees": company.employees,
        "is_sme": result.is_sme,
        "is_small": result.is_small,
        "sme_reason": result.sme_reason,
        "small_reason": result.small_reason,
        "needs_detail": result.needs_detail,
    }


def _facts(snapshot: dict) -> CompanyFacts:
    return CompanyFacts(is_sme=snapshot["is_sme"], is_small=snapshot["is_small"], employees=snapshot["employees"])


# --- estimating ----------------------------------------------------------------------------


def estimate_frames(frames: list[Frame], facts: dict, items: list[dict], statuses: dict) -> list[dict]:
    """One snapshot dict per frame: catalog text + the domain estimate (None when not estimable)."""
    company = _facts(facts)
    planned = [PlannedItem.from_dict(item) for item in items]
    status = Statuses.from_dict(statuses)
    results = []
    for frame in frames:
        program = frame.program
        entry = {
            "program_id": program.program_id,
            "program_name": program.name,
            "program_url": program.official_url,
            "windows": program.windows,
            "frame_id": frame.frame_id,
            "name": frame.name,
            "summary": frame.summary,
            "official_url": frame.official_url,
            "source": frame.source,
            "as_of": frame.as_of,
            "verified": frame.verified,
            "locally_modified": frame.locally_modified,
            "note": frame.note,
            "estimable": frame.estimable,
            "estimate": None,
            "status": "info",
        }
        if frame.estimable:
            result = estimate(parse_rules(frame.rules, rounding=program.rounding), company, planned, status)
            entry["estimate"] = result.to_dict()
            entry["status"] = result.status
        # Provisional = the frame's numbers are not verified. An unverified requirement is flagged
        # on its own line (it changes whether the frame applies, not the amount).
        entry["provisional"] = not frame.verified
        results.append(entry)
    return results


def ranked(results: list[dict]) -> list[dict]:
    """Comparison order: qualifying frames by amount, then almost, then not, then not estimable."""

    def key(entry):
        amount = entry["estimate"]["subsidy_if_eligible"] if entry["estimate"] else 0
        return (STATUS_ORDER[entry["status"]], -amount)

    return sorted(results, key=key)


def best(results: list[dict]) -> dict | None:
    met = [r for r in results if r["status"] == MET]
    return max(met, key=lambda r: r["estimate"]["subsidy"]) if met else None


@transaction.atomic
def save_estimate(
    access, *, user, catalog: SubsidyCatalog, items: list[dict], statuses: dict, planned_order_date=None, title=""
) -> SavedEstimate:
    facts = company_facts(access.company)
    results = estimate_frames(frames_of(catalog), facts, items, statuses)
    top = best(results)
    actions_registry.result_changed(access.company.pk)  # its checklist feeds the action list
    return SavedEstimate.objects.create(
        company=access.company,
        catalog=catalog,
        title=title,
        items=items,
        statuses=statuses,
        company_facts=facts,
        results=results,
        planned_order_date=planned_order_date,
        total_cost=sum(PlannedItem.from_dict(item).cost for item in items),
        best_subsidy=top["estimate"]["subsidy"] if top else 0,
        best_frame=top["frame_id"] if top else "",
        provisional=any(r["provisional"] for r in results if r["status"] in (MET, ALMOST)),
        created_by=user,
        on_behalf_org=access.organization if access.is_adviser else None,
    )


@transaction.atomic
def delete_estimate(estimate: SavedEstimate) -> None:
    actions_registry.result_changed(estimate.company_id)
    estimate.delete()


# The snapshot columns of a saved estimate (JSON): a list of estimates defers them.
ESTIMATE_SNAPSHOT_FIELDS = ("items", "statuses", "company_facts", "results")


def estimates_for(access):
    return scoped(SavedEstimate.objects.select_related("catalog", "created_by", "on_behalf_org"), access)


def latest_estimate(access) -> SavedEstimate | None:
    return estimates_for(access).first()


def latest_estimate_brief(access) -> SavedEstimate | None:
    """``latest_estimate`` with what the dashboard card shows only: no inputs, catalog or people joined."""
    fields = ("company", "title", "created_at", "results", "best_frame", "best_subsidy", "provisional")
    return scoped(SavedEstimate.objects.only(*fields), access).first()


def result_for(estimate_row: SavedEstimate, frame_id: str) -> dict | None:
    return next((r for r in estimate_row.results if r["frame_id"] == frame_id), None)


# --- application rounds ----------------------------------------------------------------------


def rounds_for(catalog: SubsidyCatalog | None, planned=None, today: datetime.date | None = None) -> list[dict]:
    """Per program: its rounds (YAML windows + jGrants rounds an operator accepted), open and
    upcoming first, each compared with the planned order date. Programs with a current round
    come first. Two queries."""
    return assess_rounds(round_groups(catalog), planned, today)


def assess_rounds(groups: list[dict], planned=None, today: datetime.date | None = None) -> list[dict]:
    """``round_groups``' programs with each round compared with today and the planned order date,
    programs with a current round first (new dicts: ``groups`` is left as it was)."""
    today = today or timezone.localdate()
    assessed = []
    for group in groups:
        statuses = rounds_domain.assess(group["rounds"], today, planned)
        assessed.append({**group, "statuses": statuses, "has_current": rounds_domain.has_current(statuses)})
    return sorted(assessed, key=lambda g: not g["has_current"])  # stable: catalog order within each half


def round_groups(catalog: SubsidyCatalog | None) -> list[dict]:
    """Per program of the catalog (then per accepted jGrants round without a program): its name,
    official URL and rounds, in catalog order — what does not depend on the day. Two queries."""
    groups = []
    by_id = {}
    if catalog is not None:
        programs = Program.objects.filter(catalog=catalog).only("pk", "program_id", "name", "official_url", "windows")
        for program in programs.order_by("position"):
            group = {"program_id": program.program_id, "name": program.name, "official_url": program.official_url, "rounds": []}
            group["rounds"] = [rounds_domain.Round.from_window(program.program_id, w) for w in program.windows]
            groups.append(group)
            by_id[program.program_id] = group
    # Not the raw jGrants payload: only what an accepted round shows.
    shown = ("pk", "program_id", "title", "name", "jgrants_id", "accepted")
    accepted = JGrantsCandidate.objects.exclude(accepted={}).only(*shown).order_by("pk")
    for candidate in accepted:
        data = candidate.accepted
        if not data.get("acceptance_end") and not data.get("acceptance_start"):
            continue
        url = data.get("url") or ""
        group = by_id.get(candidate.program_id)
        if group is None:
            title = data.get("title") or candidate.title
            group = {"program_id": f"jgrants_{candidate.pk}", "name": {"ja": title, "en": title}, "official_url": url}
            group["rounds"] = []
            groups.append(group)
        group["rounds"].append(
            rounds_domain.Round(
                program_id=group["program_id"],
                label={"ja": data.get("title") or candidate.title, "en": data.get("title") or candidate.title},
                deadline=rounds_domain.parse_date(data.get("acceptance_end")),
                opens=rounds_domain.parse_date(data.get("acceptance_start")),
                verified=True,
                source=f"デジタル庁 jGrants {candidate.name or candidate.jgrants_id}",
                origin="jgrants",
                url=url if url.startswith("https://") else "",
            )
        )
    for group in groups:
        group["rounds"] = tuple(group["rounds"])  # shared by requests (``catalog_state``): never changed
    return groups
