"""Read the jGrants public API into the review queue (``JGrantsCandidate``); accept or reject.

HTTP with the standard library (urllib), JSON only, a timeout on every request. Any network
problem (unreachable host, refused connection, timeout, HTTP error, not JSON) raises
``JGrantsUnavailable`` with a message naming the URL and the cause; nothing is written then,
since all rows are written in one transaction after every request succeeded.

Accepting copies the parsed fields to ``accepted``; ``services.rounds_for`` merges accepted
candidates into the finder's round list next to the YAML catalog's windows. The YAML stays
the source for the rules; ``load_content`` never touches these rows.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dxnavi.orgs import data_stamp

from .domain import jgrants as domain
from .models import JGrantsCandidate, Program


class JGrantsUnavailable(Exception):
    """The API could not be read (network, timeout, HTTP status, malformed answer)."""


def _get(url: str, timeout: float) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "dxnavi-import-jgrants"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https URL from settings)
            body = response.read()
    except urllib.error.HTTPError as error:
        raise JGrantsUnavailable(f"{url}: HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise JGrantsUnavailable(f"{url}: {error.reason}") from error
    except TimeoutError as error:
        raise JGrantsUnavailable(f"{url}: timed out after {timeout:g} s") from error
    except OSError as error:
        raise JGrantsUnavailable(f"{url}: {error}") from error
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JGrantsUnavailable(f"{url}: the answer is not JSON ({error})") from error


def list_url(base: str, keyword: str, *, acceptance: int) -> str:
    query = urllib.parse.urlencode(
        {"keyword": keyword, "sort": "acceptance_end_datetime", "order": "DESC", "acceptance": str(acceptance)}
    )
    return f"{base.rstrip('/')}/subsidies?{query}"


def detail_url(base: str, subsidy_id: str) -> str:
    return f"{base.rstrip('/')}/subsidies/id/{urllib.parse.quote(subsidy_id, safe='')}"


@dataclass
class ImportReport:
    keywords: list[str]
    found: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


def fetch(keywords, *, acceptance: int = 1, base: str | None = None, timeout: float | None = None) -> list[tuple[dict, dict]]:
    """(detail payload item, parsed fields) for every program the keywords find, each id once."""
    base = base or settings.SUBSIDY_JGRANTS_API_URL
    timeout = timeout or settings.SUBSIDY_JGRANTS_TIMEOUT
    ids = []
    for keyword in keywords:
        try:
            items = domain.results(_get(list_url(base, keyword, acceptance=acceptance), timeout))
        except domain.PayloadError as error:
            raise JGrantsUnavailable(f"{list_url(base, keyword, acceptance=acceptance)}: {error}") from error
        ids.extend(item["id"] for item in items if item["id"] not in ids)
    found = []
    for subsidy_id in ids:
        url = detail_url(base, subsidy_id)
        try:
            items = domain.results(_get(url, timeout))
        except domain.PayloadError as error:
            raise JGrantsUnavailable(f"{url}: {error}") from error
        if items:
            found.append((items[0], domain.parse_subsidy(items[0])))
    return found


def _catalog_windows() -> dict[str, list[dict]]:
    from . import services

    catalog = services.current_catalog()
    if catalog is None:
        return {}
    return {p.program_id: p.windows for p in Program.objects.filter(catalog=catalog)}


@transaction.atomic
def store(found: list[tuple[dict, dict]], keywords) -> ImportReport:
    """Queue new programs and programs changed since their last review; leave the rest alone."""
    report = ImportReport(keywords=list(keywords), found=len(found))
    windows = _catalog_windows()
    existing = {c.jgrants_id: c for c in JGrantsCandidate.objects.filter(jgrants_id__in=[p["id"] for _, p in found])}
    now = timezone.now()
    for raw, parsed in found:
        row = existing.get(parsed["id"])
        program_id = row.program_id if row and row.program_id else domain.match_program(parsed["title"])
        if row is None:
            JGrantsCandidate.objects.create(
                jgrants_id=parsed["id"],
                name=parsed["name"],
                title=parsed["title"][:300],
                raw=raw,
                parsed=parsed,
                diff=domain.diff(parsed, None) + domain.catalog_notes(parsed, program_id, windows),
                kind=JGrantsCandidate.Kind.NEW,
                program_id=program_id,
                fetched_at=now,
            )
            report.new.append(parsed["title"])
            continue
        reviewed = row.accepted or (row.parsed if row.status == JGrantsCandidate.Status.REJECTED else None)
        baseline = reviewed if row.status != JGrantsCandidate.Status.PENDING else (row.accepted or None)
        if row.parsed == parsed and row.status != JGrantsCandidate.Status.PENDING:
            report.unchanged += 1
            JGrantsCandidate.objects.filter(pk=row.pk).update(fetched_at=now)
            data_stamp.bump_global()
            continue
        if row.parsed == parsed:  # still pending, nothing new
            report.unchanged += 1
            continue
        row.raw, row.parsed, row.title, row.name = raw, parsed, parsed["title"][:300], parsed["name"]
        row.diff = domain.diff(parsed, baseline) + domain.catalog_notes(parsed, program_id, windows)
        row.kind = JGrantsCandidate.Kind.CHANGED if baseline else JGrantsCandidate.Kind.NEW
        row.status = JGrantsCandidate.Status.PENDING
        row.program_id = program_id
        row.fetched_at = now
        row.save()
        report.changed.append(parsed["title"])
    return report


def run(keywords=None, *, acceptance: int = 1, base: str | None = None, timeout: float | None = None) -> ImportReport:
    keywords = list(keywords or settings.SUBSIDY_JGRANTS_KEYWORDS)
    return store(fetch(keywords, acceptance=acceptance, base=base, timeout=timeout), keywords)


def accept(candidate: JGrantsCandidate, user) -> None:
    candidate.accepted = dict(candidate.parsed)
    candidate.status = JGrantsCandidate.Status.ACCEPTED
    candidate.reviewed_by, candidate.reviewed_at = user, timezone.now()
    candidate.save(update_fields=["accepted", "status", "reviewed_by", "reviewed_at"])


def reject(candidate: JGrantsCandidate, user) -> None:
    candidate.status = JGrantsCandidate.Status.REJECTED
    candidate.reviewed_by, candidate.reviewed_at = user, timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
