"""The company's re-check interval: "a year after the last self-check, or as the company chose".

The re-check reminder itself is the self-check's (``assessments.action_source.recheck_events``, sent by
``actions.reminders`` with the per-member opt-out); this module only stores the company's choice of
3, 6 or 12 months and gives it to ``actions.registry.recheck_intervals`` (registered in ``apps``).
"""

from django.db import transaction

from dxnavi.actions.registry import DEFAULT_RECHECK_MONTHS, RECHECK_MONTH_CHOICES

from .models import RecheckInterval


def intervals(company_ids) -> dict:
    """{company id: months} of the companies that chose an interval (one query)."""
    return dict(RecheckInterval.objects.filter(company_id__in=list(company_ids)).values_list("company_id", "months"))


def months_for(company) -> int:
    return intervals([company.pk]).get(company.pk, DEFAULT_RECHECK_MONTHS)


@transaction.atomic
def set_months(company, months: int, user) -> None:
    if months not in RECHECK_MONTH_CHOICES:
        raise ValueError(months)
    RecheckInterval.objects.update_or_create(company=company, defaults={"months": months, "updated_by": user})
