"""SECURITY ACTION status as a filter of the adviser's client list (none / ★ / ★★).

The same rules as ``domain.readiness`` and ``domain.confirmed_items`` (the level a company could
declare now: ★★ when the self-check is done and a basic policy adopted, else ★ when every principle
is ticked or covered by the latest self-check's 「実施している」 answers), written as one SQL
condition on the company so that the whole list is filtered in the database. ``tests/secaction/
test_client_filter.py`` compares it with ``services.status`` company by company.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.client_columns import Filter

from . import content, selfcheck
from .models import BasicPolicy, ItemConfirmation

NONE, ONE, TWO = "0", "1", "2"


def _choices(memo):
    return [(NONE, _("Not ready to declare")), (ONE, _("★ One star")), (TWO, _("★★ Two stars"))]


def _two_star() -> Q:
    adopted = Exists(BasicPolicy.objects.filter(company_id=OuterRef("pk"), adopted_at__isnull=False))
    done = selfcheck.latest_exists()
    return Q(adopted) & Q(done) if done is not None else Q(pk__in=[])


def _one_star() -> Q:
    condition = Q()
    related = content.related_questions()
    for item in content.item_ids():
        confirmed = Q(Exists(ItemConfirmation.objects.filter(company_id=OuterRef("pk"), item_id=item)))
        questions = related.get(item) or []
        answers = [selfcheck.answered_yes_exists(q) for q in questions]
        if questions and all(a is not None for a in answers):
            by_selfcheck = Q()
            for answer in answers:
                by_selfcheck &= Q(answer)
            confirmed |= by_selfcheck
        condition &= confirmed
    return condition


def condition(value: str) -> Q:
    if value == TWO:
        return _two_star()
    if value == ONE:
        return _one_star() & ~_two_star()
    return ~_one_star() & ~_two_star()


FILTER = Filter("security_action", _("SECURITY ACTION"), _choices, condition)
