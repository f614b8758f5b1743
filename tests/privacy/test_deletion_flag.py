"""``Company.deletion_pending`` alone answers "is a deletion pending?" (#11: no query on every dashboard)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from dxnavi.orgs.models import Company, Role
from dxnavi.privacy import services
from dxnavi.privacy.models import DeletionRecord
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("dxnavi.privacy.migrations.0002_backfill_deletion_pending").backfill


def open_record(company, **kwargs):
    return DeletionRecord.objects.create(
        company_ref=company.pk, scheduled_for=timezone.now() + timedelta(days=30), requested_by_role=Role.OWNER, **kwargs
    )


def test_pending_deletion_without_the_flag_costs_no_query(django_assert_num_queries):
    company = CompanyFactory()

    with django_assert_num_queries(0):
        assert services.pending_deletion(company) is None


def test_deletion_backfill_flags_companies_with_an_open_record_only():
    flagged, cancelled, untouched = CompanyFactory(), CompanyFactory(), CompanyFactory()
    record = open_record(flagged)
    open_record(cancelled, cancelled_at=timezone.now())

    backfill(apps, None)

    assert list(Company.objects.filter(deletion_pending=True).values_list("pk", flat=True)) == [flagged.pk]
    assert services.pending_deletion(Company.objects.get(pk=flagged.pk)) == record
    assert services.pending_deletion(Company.objects.get(pk=untouched.pk)) is None
