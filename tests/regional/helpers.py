"""Companies with completed results for aggregate-report tests, written directly (fast: no answering)."""

import datetime

from django.utils import timezone

from dxnavi.assessments import loader
from dxnavi.assessments.models import Assessment
from dxnavi.assessments.services import current_pack
from dxnavi.secaction.models import BasicPolicy
from tests.factories import CompanyFactory, link

TZ = datetime.timezone(datetime.timedelta(hours=9))


def packs():
    loader.load_questionnaires()


def result(company, family: str, band_id: str, part_scores: dict | None = None, completed_at=None):
    """A completed result; ``is_latest`` moves to it when it is the company's newest, as
    ``assessments.services.complete`` keeps it."""
    completed_at = completed_at or timezone.now()
    done = Assessment.objects.filter(company=company, pack_family=family, status=Assessment.Status.COMPLETED)
    newest = not done.filter(completed_at__gt=completed_at).exists()
    if newest:
        done.filter(is_latest=True).update(is_latest=False)
    return Assessment.objects.create(
        company=company, pack=current_pack(family), pack_family=family, status=Assessment.Status.COMPLETED,
        completed_at=completed_at, started=completed_at, band_id=band_id, part_scores=part_scores or {},
        total_score=sum((part_scores or {}).values()), is_latest=newest,
    )  # fmt: skip


LONG_AGO = datetime.datetime(2024, 1, 1, tzinfo=TZ)


def clients(organization, n: int, *, industry="E", employees=18, prefecture="13", created=LONG_AGO):
    companies = []
    for _ in range(n):
        company = CompanyFactory(industry_major=industry, industry_middle="", employees=employees, prefecture=prefecture)
        if created:
            type(company).objects.filter(pk=company.pk).update(created=created)
        if organization is not None:
            link(company, organization)
        companies.append(company)
    return companies


def adopt_policy(company, when):
    return BasicPolicy.objects.create(
        company=company, version=1, language="ja", company_name=company.name, representative="代表",
        policy_date=when.date(), title="基本方針", parts=[], content_version="1", adopted_at=when,
    )  # fmt: skip


def table_counts(data: dict):
    """Every count of every stored table (cells, margins), None for suppressed."""
    for section in data["sections"]:
        for dim in section["dimensions"].values():
            for year in ("current", "previous"):
                t = dim[year]
                yield from (v for row in t["cells"] for v in row)
                yield from t["row_totals"]
                yield from t["col_totals"]
                yield t["total"]
