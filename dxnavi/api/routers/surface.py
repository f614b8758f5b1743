"""The attack-surface check (``dxnavi.surface``), read-only — no network action goes through the API: the
company's domains (``services.domains``) with their verification status, last check and the latest run's
counts by severity (``services.latest_runs``), and the latest run's findings in the words and fixes of the
web's result page (``presenters.finding_rows``). The verification record (its token) is only shown to the
company's own members, as on the web's domain page."""

import datetime
from typing import Literal

from ninja import Field, Router, Schema

from dxnavi.surface import presenters, services
from dxnavi.surface.models import CheckRun, Domain

from ..access import check_id, company_operation
from ..schemas import Text
from ..texts import in_both

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["surface"])

Severity = Literal["high", "medium", "low", "info"]




class Counts(Schema):
    high: int
    medium: int
    low: int


class VerificationOut(Schema):
    host: str
    value: str


class DomainOut(Schema):
    id: int
    name: str = Field(description="IDNA (ASCII), lower case.")
    display_name: str
    status: Literal["pending", "verified", "lost"]
    status_label: Text
    verified_at: datetime.datetime | None
    last_checked: datetime.datetime | None
    latest_run_at: datetime.datetime | None
    latest_run_status: Literal["done", "unverified", "failed"] | None
    counts: Counts | None = Field(description="Findings of the latest run by severity; null before any run.")
    verification: VerificationOut | None = Field(
        description="The DNS record that confirms ownership — only for the company's own members, else null.")


class DomainsOut(Schema):
    items: list[DomainOut]


def _domain(access, domain: Domain, run: CheckRun | None) -> dict:
    how = presenters.instructions(domain) if access.via == "member" else None
    return {
        "id": domain.pk, "name": domain.name, "display_name": domain.display_name, "status": domain.status,
        "status_label": in_both(presenters.status_label, domain), "verified_at": domain.verified_at,
        "last_checked": domain.last_checked, "latest_run_at": run.started if run else None,
        "latest_run_status": run.status if run else None,
        "counts": {"high": run.high, "medium": run.medium, "low": run.low} if run else None,
        "verification": {"host": how["host"], "value": how["value"]} if how else None,
    }


@router.get("/{company_id}/surface/domains", response=DomainsOut,
            summary="The checked domains with status, last check and findings by severity (at most SURFACE_MAX_DOMAINS)")
@company_operation(need="view")
def list_surface_domains(request, access):
    domains = list(services.domains(access))
    runs = services.latest_runs(domains)
    return {"items": [_domain(access, d, runs.get(d.pk)) for d in domains]}


class FindingOut(Schema):
    id: str
    severity: Severity
    severity_label: Text
    title: Text
    explanation: Text
    fix: Text
    source: str


class ResultOut(Schema):
    domain: DomainOut
    run_id: int | None
    started: datetime.datetime | None
    status: Literal["done", "unverified", "failed"] | None
    problems: list[FindingOut] = Field(description="Most severe first, as the web's result page.")
    good: list[FindingOut]


def _findings(rows_by_language: dict, key: str) -> list[dict]:
    ja, en = rows_by_language["ja"][key], rows_by_language["en"][key]
    return [{
        "id": a["id"], "severity": a["severity"], "severity_label": {"ja": a["severity_label"], "en": b["severity_label"]},
        "title": {"ja": a["title"], "en": b["title"]}, "explanation": {"ja": a["explanation"], "en": b["explanation"]},
        "fix": {"ja": a["fix"], "en": b["fix"]}, "source": a["source"],
    } for a, b in zip(ja, en, strict=True)]


@router.get("/{company_id}/surface/domains/{domain_id}/result", response=ResultOut,
            summary="The latest check's findings with their fixes, as the web's result page")
@company_operation(need="view")
def get_surface_result(request, access, domain_id: int):
    check_id(domain_id)
    domain = services.domain_for(access, domain_id)
    run = services.latest_run(domain)
    rows = in_both(presenters.finding_rows, run, access.company.pk) if run else None
    return {
        "domain": _domain(access, domain, run), "run_id": run.pk if run else None,
        "started": run.started if run else None, "status": run.status if run else None,
        "problems": _findings(rows, "problems") if rows else [], "good": _findings(rows, "good") if rows else [],
    }
