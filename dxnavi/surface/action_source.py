"""The attack-surface check's part in the company's action list (registered from ``SurfaceConfig.ready()``).

One candidate per problem (high, medium or low finding) of each verified domain's latest completed check,
titled with the domain, its fix as the detail and the result page as the link. A finding that is gone in
a newer run, or a domain removed or no longer verified, drops out (the action list resolves it). One query.
"""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxnavi.actions.registry import PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_NORMAL, ActionCandidate, Source

from . import content
from .domain.findings import HIGH, LOW, MEDIUM
from .models import CheckRun, Domain

_PRIORITY = {HIGH: PRIORITY_HIGH, MEDIUM: PRIORITY_NORMAL, LOW: PRIORITY_LOW}


def latest_runs(company):
    """The newest completed run of each verified domain of ``company`` (one query)."""
    newest = CheckRun.objects.filter(domain=OuterRef("domain"), status=CheckRun.Status.DONE).order_by("-started", "-pk")
    return (
        CheckRun.objects.filter(company=company, status=CheckRun.Status.DONE, domain__status=Domain.Status.VERIFIED)
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("domain")
        .only("id", "findings", "domain__id", "domain__name", "domain__display_name")
        .order_by("domain__display_name", "domain__pk")
    )


def collect(company) -> list[ActionCandidate]:
    texts = content.findings()
    result, seen = [], set()
    for run in latest_runs(company):
        domain = run.domain
        link = reverse("surface:result", args=[company.pk, domain.pk])
        for finding in run.findings:
            severity = finding.get("severity")
            key = f"surface:{domain.pk}:{finding.get('id')}"
            if severity not in _PRIORITY or key in seen or finding.get("id") not in texts:
                continue
            seen.add(key)
            params = finding.get("params") or {}
            title = {lang: f"{domain.display_name}{'：' if lang == 'ja' else ': '}{content.finding_text(finding['id'], params, lang)['title']}"
                     for lang in ("ja", "en")}
            detail = {lang: content.finding_text(finding["id"], params, lang)["fix"] for lang in ("ja", "en")}
            result.append(ActionCandidate(
                key=key, title=title, detail=detail, link=f"{link}#finding-{finding['id']}", priority=_PRIORITY[severity],
            ))
    return result


SOURCE = Source(key="surface", label=_("Attack-surface check"), collect=collect, order=60)
