"""SECURITY ACTION's column of the adviser's comparison of clients (``orgs.comparison``).

The readiness of each client, recomputed as the company's own pages do (``domain.confirmed_items`` from the
ticks and the latest self-check, then ``domain.readiness``), for a page of clients in four queries: the
ticks, the adopted policies, the latest self-checks and their 「実施している」 answers.
"""

from django.utils.translation import gettext as _

from dxnavi.orgs.client_columns import UrlPattern
from dxnavi.orgs.comparison import HeatCell, HeatColumn, Provider

from . import content, domain, selfcheck
from .models import BasicPolicy, ItemConfirmation


def readiness_by_company(ids) -> dict[int, domain.Readiness]:
    ids = list(ids)
    ticked: dict[int, set[str]] = {}
    for company_id, item_id in ItemConfirmation.objects.filter(company_id__in=ids).values_list("company_id", "item_id"):
        ticked.setdefault(company_id, set()).add(item_id)
    adopted = set(
        BasicPolicy.objects.filter(company_id__in=ids, adopted_at__isnull=False).values_list("company_id", flat=True).distinct()
    )
    yes = selfcheck.latest_yes_by_company(ids)
    items, related = content.item_ids(), content.related_questions()
    found = {}
    for company_id in ids:
        hints = domain.selfcheck_hints(related, yes.get(company_id, set()))
        sources = domain.confirmed_items(items, ticked=ticked.get(company_id, set()), selfcheck_hints=hints)
        found[company_id] = domain.readiness(
            sources, items=items, selfcheck_done=company_id in yes, policy_adopted=company_id in adopted
        )
    return found


def fetch(ids):
    url = UrlPattern("secaction:readiness", 1)
    cells = {}
    for company_id, ready in readiness_by_company(ids).items():
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
