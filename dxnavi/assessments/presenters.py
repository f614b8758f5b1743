"""Wording for results: which peer group was used, size bands, band tone. No business rules here."""

from django.utils.translation import gettext as _

from dxnavi.content import reference
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
