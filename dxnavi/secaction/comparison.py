"""SECURITY ACTION's column of the adviser's comparison of clients (``orgs.comparison``).

The readiness of each client, recomputed as the company's own pages do, for a page of clients in four
queries (``levels.readiness_by_company``, which the stored levels use too).
"""

from django.utils.translation import gettext as _

from dxnavi.orgs.client_columns import UrlPattern
from dxnavi.orgs.comparison import HeatCell, HeatColumn, Provider

from . import levels


def fetch(ids):
    url = UrlPattern("secaction:readiness", 1)
    cells = {}
    for company_id, ready in levels.readiness_by_company(ids).items():
        if ready.two_star:
            text, level = _("★★ ready"), 4
        elif ready.one_star:
            text, level = _("★ ready"), 2
        else:
            done = ready.total_items - len(next((m.items for m in ready.missing if m.level == 1), ()))
            text, level = _("%(done)s of %(total)s principles") % {"done": done, "total": ready.total_items}, 0
        cells[company_id] = {"secaction": HeatCell(text, level, url(company_id))}
    return [HeatColumn("secaction", _("Readiness"), _("SECURITY ACTION"))], cells


PROVIDER = Provider("secaction", 20, fetch)
