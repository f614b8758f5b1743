"""The attack-surface check's use cases: add, verify and remove a domain; run a check and store it.

The rule that nothing unverified is ever checked lives here and in ``probes.observe`` (which asks for the
ownership record before anything else): ``run_check`` refuses a domain whose status is not VERIFIED before
any network access, and a run whose record has gone turns the domain LOST and is stored without probing.
Company data is read through ``orgs.scoping``; the background paths (job, monthly schedule) take ids.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from dxnavi.actions import registry as actions
from dxnavi.orgs.scoping import scoped

from . import content, probes
from .domain import findings as finding_rules
from .domain import names
from .domain.analysis import analyze, stored_observations
from .models import CheckRun, Domain


class NotVerified(Exception):
    """A check was asked for a domain whose ownership is not confirmed: nothing was contacted."""


class LimitReached(Exception):
    pass


class AlreadyAdded(Exception):
    pass


def domains(access):
    return scoped(Domain.objects.all(), access).order_by("display_name", "pk")


def domain_for(access, domain_id) -> Domain:
    return get_object_or_404(scoped(Domain.objects.all(), access), pk=domain_id)


def new_token() -> str:
    return secrets.token_hex(16)


@transaction.atomic
def add_domain(access, user, text: str) -> Domain:
    """Raises ``names.InvalidName``, ``AlreadyAdded`` or ``LimitReached``; nothing is written then."""
    ascii_name, unicode_name = names.normalize(text)
    company = type(access.company).objects.select_for_update().get(pk=access.company.pk)
    existing = Domain.objects.filter(company=company)
    if existing.filter(name=ascii_name).exists():
        raise AlreadyAdded(ascii_name)
    if existing.count() >= settings.SURFACE_MAX_DOMAINS:
        raise LimitReached(settings.SURFACE_MAX_DOMAINS)
    return Domain.objects.create(
        company=company, name=ascii_name, display_name=unicode_name, token=new_token(), added_by=user
    )


@transaction.atomic
def remove_domain(domain: Domain) -> None:
    company_id = domain.company_id
    domain.delete()
    actions.result_changed(company_id)


@dataclass(frozen=True)
class VerifyOutcome:
    code: str  # "verified", "not_found", "dns_error"


def verify_domain(domain: Domain, config: probes.ProbeConfig | None = None) -> VerifyOutcome:
    """Ask DNS for the ownership record now (the 「確認する」 button). Only the TXT record is queried."""
    config = config or probes.ProbeConfig.from_settings()
    now = timezone.now()
    try:
        found = probes.verify(probes.make_resolver(config), domain.name, domain.token)
    except probes.DnsUnavailable:  # nothing else changes: DNS may answer next time
        domain.verify_tried_at = now
        domain.save(update_fields=["verify_tried_at"])
        return VerifyOutcome("dns_error")
    domain.verify_tried_at = now
    fields = ["verify_tried_at"]
    if found:
        domain.status, domain.verified_at = Domain.Status.VERIFIED, now
        fields += ["status", "verified_at"]
    elif domain.status == Domain.Status.VERIFIED:
        domain.status = Domain.Status.LOST
        fields.append("status")
    with transaction.atomic():
        domain.save(update_fields=fields)
        if "status" in fields:
            actions.result_changed(domain.company_id)
    return VerifyOutcome("verified" if found else "not_found")


@dataclass(frozen=True)
class Target:
    """What a worker thread needs to check one domain (no model instance crosses threads)."""

    domain_id: int
    name: str
    token: str


def target_of(domain: Domain) -> Target:
    if domain.status != Domain.Status.VERIFIED:
        raise NotVerified(domain.name)
    return Target(domain.pk, domain.name, domain.token)


def observe(target: Target, config: probes.ProbeConfig) -> dict:
    """The network part of a run (any thread, no database)."""
    return probes.observe(target.name, target.token, config)


def record_run(domain_id: int, observations: dict, trigger: str, now: datetime.datetime | None = None) -> CheckRun | None:
    """Store one run's outcome (the database part). Returns None when the domain was removed meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        domain = Domain.objects.select_for_update().filter(pk=domain_id).first()
        if domain is None:
            return None
        verified = observations.get("verified")
        found = []
        if verified is True:
            found = analyze(observations, content.ports(), content.products(), now)
            status = CheckRun.Status.DONE
        elif verified is False:
            status = CheckRun.Status.UNVERIFIED
        else:
            found = [finding_rules.Finding("dns_failed", finding_rules.MEDIUM)]
            status = CheckRun.Status.FAILED
        counts = finding_rules.counts(found)
        run = CheckRun.objects.create(
            domain=domain, company_id=domain.company_id, trigger=trigger, status=status, started=now,
            duration_ms=min(int(observations.get("elapsed_ms", 0)), 2**31 - 1),
            findings=[f.as_dict() for f in found], observations=stored_observations(observations),
            high=counts["high"], medium=counts["medium"], low=counts["low"],
        )
        fields = []
        if status == CheckRun.Status.DONE:
            domain.last_checked = now
            fields.append("last_checked")
        elif status == CheckRun.Status.UNVERIFIED and domain.status == Domain.Status.VERIFIED:
            domain.status = Domain.Status.LOST  # the record was removed: stop checking, say so
            fields.append("status")
        if fields:
            domain.save(update_fields=fields)
        if status != CheckRun.Status.FAILED:
            actions.result_changed(domain.company_id)
    return run


def run_check(domain_id: int, trigger: str, config: probes.ProbeConfig | None = None) -> CheckRun | None:
    """Check one domain now: refused (NotVerified, nothing contacted) unless it is verified."""
    domain = Domain.objects.get(pk=domain_id)
    target = target_of(domain)
    observations = observe(target, config or probes.ProbeConfig.from_settings())
    return record_run(target.domain_id, observations, trigger)


def latest_run(domain: Domain) -> CheckRun | None:
    return domain.runs.exclude(status=CheckRun.Status.FAILED).order_by("-started", "-pk").first() or (
        domain.runs.order_by("-started", "-pk").first()
    )


def latest_runs(domains) -> dict:
    """{domain id: ``latest_run(domain)``} for many domains in one query (no findings or observations loaded)."""
    best = {}
    runs = CheckRun.objects.filter(domain__in=list(domains)).defer("findings", "observations").order_by("-started", "-pk")
    for run in runs:
        current = best.get(run.domain_id)
        if current is None or (current.status == CheckRun.Status.FAILED and run.status != CheckRun.Status.FAILED):
            best[run.domain_id] = run
    return best


def result_url(domain: Domain) -> str:
    return reverse("surface:result", args=[domain.company_id, domain.pk])
