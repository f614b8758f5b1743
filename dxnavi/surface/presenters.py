"""What the pages show: status words, the verification instructions and each finding in plain words with its fix."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from . import content
from .domain import verification
from .domain.findings import HIGH, INFO, LOW, MEDIUM, Finding
from .models import CheckRun, Domain

SELF_CHECK_PACK = "security_selfcheck"
BADGE = {HIGH: "badge-bad", MEDIUM: "badge-warn", LOW: "badge", INFO: "badge-ok"}


def severity_label(severity: str) -> str:
    return {
        HIGH: _("Urgent"), MEDIUM: _("Fix soon"), LOW: _("When you can"), INFO: _("OK / for reference"),
    }[severity]


def status_label(domain: Domain) -> str:
    return {
        Domain.Status.PENDING: _("Waiting for the confirmation record"),
        Domain.Status.VERIFIED: _("Confirmed: checked every month"),
        Domain.Status.LOST: _("Confirmation record removed: checks stopped"),
    }[domain.status]


def status_badge(domain: Domain) -> str:
    return {Domain.Status.PENDING: "badge-warn", Domain.Status.VERIFIED: "badge-ok", Domain.Status.LOST: "badge-bad"}[domain.status]


def instructions(domain: Domain) -> dict:
    return {
        "host": verification.record_name(domain.name),
        "host_label": verification.PREFIX,
        "value": verification.record_value(domain.token),
        "zone_line": verification.zone_line(domain.name, domain.token),
    }


def finding_rows(run: CheckRun, company_id: int) -> dict:
    """{"problems": [...], "good": [...]} with the finding's words, its fix, source and guidance link."""
    problems, good = [], []
    start = reverse("assessments:start", args=[company_id, SELF_CHECK_PACK])
    for data in run.findings:
        finding = Finding.from_dict(data)
        text = content.finding_text(finding.id, finding.params)
        row = {
            "id": finding.id, "severity": finding.severity, "severity_label": severity_label(finding.severity),
            "badge": BADGE[finding.severity], **text,
            "guidance_url": start if text["guidance"] else "",
        }
        (good if finding.severity == INFO else problems).append(row)
    return {"problems": problems, "good": good}


def facts(run: CheckRun) -> list[tuple[str, str]]:
    """A few observed facts in words (addresses, open ports, TLS version, certificate expiry)."""
    seen = run.observations or {}
    rows = []
    addresses = seen.get("addresses") or {}
    if addresses.get("resolved"):
        rows.append((_("IP addresses"), ", ".join(addresses["resolved"])))
    ports = seen.get("open_ports")
    if ports is not None and addresses.get("probed"):
        rows.append((_("Open ports"), ", ".join(str(p) for _a, p in ports) or _("none")))
    tls = (seen.get("web") or {}).get("tls") or {}
    if tls.get("version"):
        rows.append((_("Encryption in use"), tls["version"]))
    if tls.get("not_after"):
        rows.append((_("Certificate valid until"), datetime.datetime.fromisoformat(tls["not_after"]).date().isoformat()))
    mx = (seen.get("dns") or {}).get("mx")
    if mx:
        rows.append((_("Mail servers (MX)"), ", ".join(mx[:5])))
    if seen.get("incomplete"):
        rows.append((_("Please note"), _("Some website checks were skipped because the server answered too slowly.")))
    return rows
