"""SECURITY ACTION status as a filter of the adviser's client list (none / ★ / ★★).

Reads the stored level (``models.DeclarableLevel``, written only by ``levels.refresh`` with the
rules of ``domain.readiness`` and ``domain.confirmed_items``): an indexed lookup per company. A
company without a row has level 0 (see ``levels``). ``tests/secaction/test_client_filter.py``
compares it with ``services.status`` company by company.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.client_columns import Filter

from .models import DeclarableLevel

NONE, ONE, TWO = "0", "1", "2"


def _choices(memo):
    return [(NONE, _("Not ready to declare")), (ONE, _("★ One star")), (TWO, _("★★ Two stars"))]


def _stored(level: int) -> Exists:
    return Exists(DeclarableLevel.objects.filter(company_id=OuterRef("pk"), level=level))


def condition(value: str) -> Q:
    if value == TWO:
        return Q(_stored(2))
    if value == ONE:
        return Q(_stored(1))
    # No row, or a row with level 0.
    return ~Q(Exists(DeclarableLevel.objects.filter(company_id=OuterRef("pk"), level__gt=0)))


FILTER = Filter("security_action", _("SECURITY ACTION"), _choices, condition)
