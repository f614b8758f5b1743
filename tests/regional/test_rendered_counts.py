"""Property over random database data: the rendered report (HTML page and XLSX) never shows a count
of fewer than 10 companies (a seeded random loop: each case needs its own database rows)."""

import io
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnavi.regional import services
from dxnavi.regional.domain.suppression import THRESHOLD
from dxnavi.regional.models import RegionalReport
from tests.factories import AdviserOrganizationFactory, UserFactory
from tests.regional.helpers import LONG_AGO, clients, packs, result, table_counts

pytestmark = pytest.mark.django_db

INDUSTRIES = ("E", "I", "P", "D")
EMPLOYEES = (3, 18, 40, 200)
BANDS = {"security_selfcheck": ("full", "mostly"), "dx_stage": ("stage1", "stage2", "stage3", "stage4")}


def _xlsx_counts(content: bytes) -> list:
    """The numbers of every count table (from its 「企業数」 header row to its 「合計」 row)."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    counts = []
    for ws in book.worksheets[1:]:
        inside = False
        for row in ws.iter_rows(values_only=True):
            first = row[0] if row else None
            if first == "企業数":
                inside = True
                continue
            if inside:
                counts.extend(v for v in row[1:] if isinstance(v, (int, float)))
                if first == "合計":
                    inside = False
    return counts


@pytest.mark.parametrize("seed", range(4))
def test_rendered_report_never_shows_a_count_under_threshold(seed, client):
    rng = random.Random(seed)
    packs()
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    from dxnavi.orgs.models import AdviserMembership

    AdviserMembership.objects.create(organization=organization, user=adviser, role="viewer")
    last_year = LONG_AGO.replace(year=timezone.now().year - 1, month=1)
    for industry in INDUSTRIES:
        for employees in EMPLOYEES:
            n = rng.choice((0, 1, 3, 8, 9, 10, 11, 14))
            for company in clients(organization, n, industry=industry, employees=employees):
                for family, bands in BANDS.items():
                    if rng.random() < 0.8:
                        result(company, family, rng.choice(bands), {"basic": rng.randint(0, 28)}, timezone.now())
                    if rng.random() < 0.5:
                        result(company, family, rng.choice(bands), {"basic": rng.randint(0, 28)}, last_year)
    stored = services.run(RegionalReport.objects.create(organization=organization))
    every = list(table_counts(stored.data))
    shown = [v for v in every if v is not None]
    assert shown and None in every  # something shown, something suppressed: the case tests both
    assert all(v >= THRESHOLD for v in shown)

    client.force_login(adviser)
    body = client.get(reverse("regional:org_report", args=[organization.pk])).content.decode()
    html_counts = [int(v) for v in re.findall(r'class="count">(\d+)', body)]
    assert len(html_counts) == len([v for v in _year_counts(stored.data, "current") if v is not None])
    assert all(v >= THRESHOLD for v in html_counts)

    xlsx = client.get(reverse("regional:org_xlsx", args=[organization.pk]))
    xlsx_counts = _xlsx_counts(xlsx.content)
    assert sorted(xlsx_counts) == sorted(html_counts)
    assert all(v >= THRESHOLD for v in xlsx_counts)


def _year_counts(data, year):
    for section in data["sections"]:
        for dim in section["dimensions"].values():
            t = dim[year]
            yield from (v for row in t["cells"] for v in row)
            yield from t["row_totals"]
            yield from t["col_totals"]
            yield t["total"]
