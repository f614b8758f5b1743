"""Wording for results: which peer group was used, size bands, band tone. No business rules here."""

from django.utils.translation import gettext as _

from dxnavi.content import reference
from dxnavi.content.i18n import pick
from dxnavi.orgs.domain.size import SIZE_BANDS

from .domain.peers import PeerResult


def size_band_label(band_id: str) -> str:
    for bid, low, high in SIZE_BANDS:
        if bid == band_id:
            if high is None:
                return _("%(low)s or more employees") % {"low": low}
            return _("%(low)s–%(high)s employees") % {"low": low, "high": high}
    return band_id


def peer_group(peer: PeerResult, assessment) -> list[tuple[str, str]]:
    """[(what, value), ...] the group shares with the company; empty for "all companies"."""
    labels = {
        "industry_major": (
            _("Industry"),
            lambda v: f"{reference.jsic_name(v) or v}",
        ),
        "size_band": (_("Size"), size_band_label),
        "prefecture": (_("Prefecture"), lambda v: reference.prefecture_name(v) or v),
    }
    return [(labels[key][0], labels[key][1](getattr(assessment, key))) for key in peer.keys]


def band_tone(index: int | None, count: int) -> str:
    """Badge class for a band by its position (bands are ordered best first): ok / warn / bad."""
    if index is None:
        return ""
    if index == 0:
        return "badge-ok"
    if index == count - 1:
        return "badge-bad"
    return "badge-warn"


def tone_for(spec, band_id: str) -> str:
    """Badge class of a result's band. Only points-based bands are good or bad; a stage or a
    maturity level is a position on a path, so it gets the neutral badge."""
    if spec.strategy != "sum_bands":
        return ""
    return band_tone(spec.band_index(band_id), len(spec.bands))


def total_label(spec) -> str:
    """Header of the history column that shows each result's total."""
    return {
        "stage_bayes": _("Your own view"),
        "maturity_levels": _("Overall maturity"),
    }.get(spec.strategy, _("Total"))


def total_display(spec, assessment) -> str:
    """The total as the history shows it: points, the owner's own stage, or the mean level (2.35 / 5)."""
    from .domain.maturity import format_hundredths

    if spec.strategy == "stage_bayes":
        bands = spec.bands
        own = (assessment.part_scores or {}).get("self") or 0
        return pick(bands[own - 1]["label"]) if 0 < own <= len(bands) else "—"
    if spec.strategy == "maturity_levels":
        return f"{format_hundredths(assessment.total_score)} / {spec.levels[-1]}"
    total = assessment.total_score
    return "" if total is None else (f"−{-total}" if total < 0 else str(total))


def peer_subject(spec) -> str:
    """Which sentence the peer comparison uses: the score, the estimated stage or the overall maturity."""
    return {"stage_bayes": "stage", "maturity_levels": "maturity"}.get(spec.strategy, "score")
