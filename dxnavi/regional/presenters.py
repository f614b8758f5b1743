"""What the report page, its PDF and its XLSX show: labels for the stored (protected) data, the
chart geometry, the age of the computation."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from dxnavi.assessments import pack_cache
from dxnavi.assessments.services import current_pack
from dxnavi.content.i18n import pick
from dxnavi.content.reference import jsic_name, prefecture_name

from .domain.charts import stacked_bars

SUPPRESSED = "—"


def _spec(family):
    pack = current_pack(family)
    return pack_cache.spec_for(pack.pk, lambda: pack.definition) if pack else None


def _size_label(band: str) -> str:
    if band.endswith("+"):
        return _("%(low)s or more employees") % {"low": band[:-1]}
    low, _sep, high = band.partition("-")
    return _("%(low)s–%(high)s employees") % {"low": low, "high": high}


def _row_label(dimension: str, code: str) -> str:
    if dimension == "industry":
        return f"{code} {jsic_name(code)}".strip() if code else _("Unknown")
    return _size_label(code) if code else _("Unknown")


def _section_meta(section_id: str) -> tuple[str, list[str], list[str], str]:
    """Title, category labels, part labels and the unit of the means."""
    if section_id == "security_action":
        return _("SECURITY ACTION"), [_("Not yet"), "★", "★★"], [], ""
    spec = _spec(section_id)
    cols = [pick(band.get("label")) for band in spec.bands] if spec else []
    titles = {
        "security_selfcheck": (_("Security self-check"), _("points")),
        "dx_stage": (_("DX stage"), ""),
        "dx_maturity": (_("DX maturity"), _("level")),
    }
    title, unit = titles.get(section_id, (section_id, ""))
    key = "short" if section_id == "dx_maturity" else "title"
    parts = [pick(part.get(key) or part.get("title")) for part in spec.parts] if spec and section_id != "dx_stage" else []
    return title, cols, parts, unit


DIMENSION_TITLES = {"industry": gettext_lazy("By industry"), "size": gettext_lazy("By size")}


def sections(data: dict) -> list[dict]:
    """The stored sections with labels, charts and, per row, cells of (count, share, change)."""
    out = []
    for section in data.get("sections", []):
        title, col_labels, part_labels, unit = _section_meta(section["id"])
        if not section["parts"]:
            part_labels = []
        dims = []
        for dimension, table in section["dimensions"].items():
            cur, prev, change = table["current"], table["previous"], table["change"]
            prev_index = {code: i for i, code in enumerate(prev["rows"])}
            rows = []
            for i, code in enumerate(cur["rows"]):
                p = prev_index.get(code)
                cells = [
                    {"count": cur["cells"][i][j], "share": cur["shares"][i][j],
                     "previous_share": None if p is None else prev["shares"][p][j], "change": change["shares"][i][j]}
                    for j in range(len(cur["cols"]))
                ]  # fmt: skip
                means = []
                if part_labels:
                    means = [
                        {"mean": cur["means"][i][k], "previous": None if p is None else prev["means"][p][k],
                         "change": change["means"][i][k]}
                        for k in range(len(part_labels))
                    ]  # fmt: skip
                rows.append({
                    "label": _row_label(dimension, code), "cells": cells, "total": cur["row_totals"][i],
                    "previous_total": None if p is None else prev["row_totals"][p], "means": means,
                })  # fmt: skip
            chart = stacked_bars(
                [(row["label"], None if row["total"] is None else [c["share"] for c in row["cells"]]) for row in rows],
                col_labels,
            )
            total_means = []
            if part_labels:
                total_means = [
                    {"mean": cur["total_means"][k], "previous": prev["total_means"][k], "change": change["total_means"][k]}
                    for k in range(len(part_labels))
                ]
            dims.append({
                "id": dimension, "title": str(DIMENSION_TITLES[dimension]), "rows": rows, "chart": chart,
                "col_totals": cur["col_totals"], "total": cur["total"], "previous_total": prev["total"],
                "total_means": total_means,
                "chart_text": chart_text(title, str(DIMENSION_TITLES[dimension]), rows, col_labels),
            })  # fmt: skip
        out.append({
            "id": section["id"], "title": title, "cols": col_labels, "parts": part_labels, "unit": unit,
            "dimensions": dims,
        })  # fmt: skip
    return out


def chart_text(title: str, dimension: str, rows: list[dict], col_labels: list[str]) -> str:
    """The chart's text alternative: every shown share, in words."""
    parts = []
    for row in rows:
        if row["total"] is None:
            parts.append(_("%(row)s: not shown (fewer than 10 companies)") % {"row": row["label"]})
            continue
        hidden = _("not shown")
        shares = "、".join(
            f"{label} {cell['share']}%" if cell["share"] is not None else f"{label} {hidden}"
            for label, cell in zip(col_labels, row["cells"], strict=True)
        )
        parts.append(f"{row['label']}：{shares}")
    return f"{title}（{dimension}）。" + "。".join(parts)


def age(computed_at: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """「3時間前」: how long ago the report was computed."""
    seconds = max(0, ((now or timezone.now()) - computed_at).total_seconds())
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    if seconds < 48 * 3600:
        hours = int(seconds // 3600)
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    days = int(seconds // 86400)
    return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}


def scope_title(*, organization=None, prefecture: str = "") -> str:
    if organization is not None:
        return _("Clients of %(name)s") % {"name": organization.name}
    return _("All companies in %(prefecture)s") % {"prefecture": prefecture_name(prefecture)}
