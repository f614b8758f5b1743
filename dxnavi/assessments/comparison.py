"""The questionnaires' columns of the adviser's comparison of clients (``orgs.comparison``).

For a page of clients, two queries whatever its length: the latest results of the three packs (with
their part scores) and the peer histograms of every security self-check among them
(``services.latest_peer_comparisons``). Texts and band labels are the client list's
(``client_columns``); the part maxima and band order come from the pack's parsed spec (``pack_cache``).
"""

from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick
from dxnavi.orgs.client_columns import UrlPattern
from dxnavi.orgs.comparison import LEVELS, HeatCell, HeatColumn, Provider, level

from . import client_columns, services
from .domain.maturity import format_hundredths
from .models import Assessment

SECURITY, STAGE, MATURITY = "security_selfcheck", "dx_stage", "dx_maturity"
FAMILIES = (SECURITY, STAGE, MATURITY)


class _Latest:
    """A latest result as the peer comparison reads it (score, pack family, group keys)."""

    __slots__ = ("pk", "company_id", "pack_family", "pack_id", "total_score", "band_id", "part_scores", "stage",
                 "industry_major", "size_band", "prefecture")

    def __init__(self, row):
        for name, value in zip(self.__slots__, row):
            setattr(self, name, value)


def latest_results(ids) -> list[_Latest]:
    """The companies' latest completed results of the three packs, in one query."""
    rows = (
        Assessment.objects.filter(company_id__in=list(ids), is_latest=True, pack_family__in=FAMILIES, total_score__isnull=False)
        .annotate(latest_stage=KT("score_details__stage"))
        .order_by("company_id", "pack_family")
        .values_list(
            "pk", "company_id", "pack_family", "pack_id", "total_score", "band_id", "part_scores", "latest_stage",
            "industry_major", "size_band", "prefecture",
        )
    )
    return [_Latest(row) for row in rows]


def _band_level(spec, band_id):
    """Bands are listed best first: the first band is the top colour step."""
    index, count = spec.band_index(band_id), len(spec.bands)
    if index is None or count < 2:
        return None
    return round((count - 1 - index) * (LEVELS - 1) / (count - 1))


def _newest_spec(results, family, specs):
    chosen = [r for r in results if r.pack_family == family]
    if not chosen:
        return None
    return specs(max(chosen, key=lambda r: r.pack_id).pack_id)


def fetch(ids):
    results = latest_results(ids)
    packs = {}

    def labels_and_spec(pack_id):
        return client_columns._band_labels(pack_id, packs)

    def spec_of(pack_id):
        return labels_and_spec(pack_id)[1]

    url = UrlPattern("assessments:result", 2)
    security_group, stage_group, maturity_group = _("Security self-check"), _("Digitalization stage"), _("DX maturity")
    columns = [HeatColumn("sc_total", _("Total"), security_group)]
    security_spec = _newest_spec(results, SECURITY, spec_of)
    if security_spec is not None:
        columns += [HeatColumn(f"sc_part:{p['id']}", pick(p["title"]), security_group) for p in security_spec.parts]
    columns.append(HeatColumn("sc_peers", _("Peer percentile"), security_group))
    columns.append(HeatColumn("dx_stage", _("Stage"), stage_group))
    maturity_spec = _newest_spec(results, MATURITY, spec_of)
    columns.append(HeatColumn("mt_total", _("Overall"), maturity_group))
    if maturity_spec is not None:
        columns += [HeatColumn(f"mt_part:{p['id']}", pick(p.get("short") or p["title"]), maturity_group) for p in maturity_spec.parts]

    cells: dict[int, dict] = {}
    security_latest = []
    for r in results:
        labels, spec = labels_and_spec(r.pack_id)
        link = url(r.company_id, r.pk)
        own = cells.setdefault(r.company_id, {})
        text = client_columns._TEXTS[r.pack_family](r.total_score, r.band_id, r.stage, labels, spec)
        parts = r.part_scores or {}
        if r.pack_family == SECURITY:
            security_latest.append(r)
            own["sc_total"] = HeatCell(text, _band_level(spec, r.band_id), link)
            for part in spec.parts:
                if part["id"] in parts:
                    top = spec.part_max(part["id"])
                    own[f"sc_part:{part['id']}"] = HeatCell(f"{parts[part['id']]}/{top}", level(parts[part["id"]], 0, top), link)
        elif r.pack_family == STAGE:
            stages = len(spec.bands)
            own["dx_stage"] = HeatCell(text, level(r.total_score, 1, stages) if stages > 1 else None, link)
        else:
            top = spec.levels[-1] * 100 if spec.levels else 0
            own["mt_total"] = HeatCell(text, level(r.total_score, 0, top), link)
            for part in spec.parts:
                if part["id"] in parts:
                    value = parts[part["id"]]
                    own[f"mt_part:{part['id']}"] = HeatCell(format_hundredths(value), level(value, 0, top), link)
    for r, peer in zip(security_latest, services.latest_peer_comparisons(security_latest)):
        if peer.shown:
            note = _("among %(n)s+ companies") % {"n": peer.size_bucket}
            cells[r.company_id]["sc_peers"] = HeatCell(f"{peer.percentile}", level(peer.percentile, 0, 100), "", note)
        else:
            cells[r.company_id]["sc_peers"] = HeatCell(_("too few peers"), None)
    return columns, cells


PROVIDER = Provider("questionnaires", 10, fetch)
