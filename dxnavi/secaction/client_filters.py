"""SECURITY ACTION status as a filter of the adviser's client list (none / ★ / ★★).

The same rules as ``domain.readiness`` and ``domain.confirmed_items`` (the level a company could
declare now: ★★ when the self-check is done and a basic policy adopted, else ★ when every principle
is ticked or covered by the latest self-check's 「実施している」 answers), written as one SQL
condition on the company so that the whole list is filtered in the database. ``tests/secaction/
test_client_filter.py`` compares it with ``services.status`` company by company.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
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
    """Every ★ principle confirmed: ticked, or all its related questions answered 「実施している」 in the
    latest self-check; two scalar subqueries per company (bit masks of the items), each from an index."""
    items = content.item_ids()
    if not items:
        return Q()
    related = content.related_questions()
    bit = {item: 1 << n for n, item in enumerate(items)}
    ticked = (
        ItemConfirmation.objects.filter(company_id=OuterRef("pk"), item_id__in=items).order_by().values("company_id")
        .annotate(mask=Sum(Case(*(When(item_id=item, then=Value(b)) for item, b in bit.items()), default=Value(0))))
        .values("mask")[:1]
    )  # fmt: skip
    mask = Coalesce(Subquery(ticked, output_field=IntegerField()), Value(0))
    with_questions = {item: (bit[item], related[item]) for item in items if related.get(item)}
    covered = selfcheck.covered_mask(with_questions) if with_questions else None
    if covered is not None:
        mask = mask.bitor(covered)
    return Q(Exact(mask, sum(bit.values())))


def condition(value: str) -> Q:
    if value == TWO:
        return _two_star()
    if value == ONE:
        return _one_star() & ~_two_star()
    return ~_one_star() & ~_two_star()


FILTER = Filter("security_action", _("SECURITY ACTION"), _choices, condition)
