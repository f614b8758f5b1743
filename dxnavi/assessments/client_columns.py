"""The latest result of each questionnaire as a column of the adviser's client list."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick
from dxnavi.orgs.client_columns import Cell, Column

from .domain.maturity import format_hundredths
from .models import Assessment


def _latest(companies, pack_family):
    ids = [company.pk for company in companies]
    if not ids:
        return []
    return (
        # The pack's parsed spec comes from the per-process cache (a.spec): no join, no definition.
        Assessment.objects.filter(company_id__in=ids, pack_family=pack_family, is_latest=True).only(
            "company_id", "pack_id", "total_score", "band_id", "completed_at", "score_details"
        )
    )


def _cell(assessment, text):
    url = reverse("assessments:result", args=[assessment.company_id, assessment.pk])
    return Cell(text=text, date=assessment.completed_at, url=url)


def security_values(companies):
    cells = {}
    for a in _latest(companies, "security_selfcheck"):
        band = a.spec.band(a.band_id) or {}
        cells[a.company_id] = _cell(a, f"{a.total_score}/{a.spec.total_max} {pick(band.get('label'))}".strip())
    return cells


def stage_values(companies):
    cells = {}
    for a in _latest(companies, "dx_stage"):
        band = a.spec.band((a.score_details or {}).get("stage") or a.band_id) or {}
        cells[a.company_id] = _cell(a, pick(band.get("label")))
    return cells


def maturity_values(companies):
    cells = {}
    for a in _latest(companies, "dx_maturity"):
        cells[a.company_id] = _cell(a, f"{format_hundredths(a.total_score)} / {a.spec.levels[-1]}")
    return cells


COLUMNS = [
    Column("security_selfcheck", _("Security self-check"), security_values),
    Column("dx_stage", _("Digitalization stage"), stage_values),
    Column("dx_maturity", _("DX maturity"), maturity_values),
]
