"""manage.py generate_synthetic: counts, one latest per company, real scores, purge touches only synthetic rows."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max

from dxnavi.accounts.models import User
from dxnavi.assessments import services
from dxnavi.assessments.management.commands import generate_synthetic
from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.ops.deferred_indexes import schema
from dxnavi.orgs.domain.size import size_band
from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company, SupportLink
from dxnavi.orgs.scoping import adviser_companies
from tests.assessments.helpers import all_answers, complete_with
from tests.factories import CompanyFactory


def generate(**options):
    out = StringIO()
    call_command("generate_synthetic", stdout=out, **options)
    return out.getvalue()


def synthetic_assessments():
    return Assessment.objects.filter(company__name__startswith=SYNTHETIC_PREFIX)


def test_generates_counts_latest_flags_and_real_scores(pack):
    output = generate(companies=30, assessments=90, seed=7)
    assert "created 30 companies, 90 assessments, 2,250 answers" in output

    companies = Company.objects.filter(name__startswith=SYNTHETIC_PREFIX)
    assert companies.count() == 30
    assessments = synthetic_assessments()
    assert assessments.count() == 90
    assert assessments.filter(status=Assessment.Status.COMPLETED, completed_at__isnull=False).count() == 90
    assert Answer.objects.filter(assessment__in=assessments).count() == 90 * 25

    # Exactly one latest per company, and it is the company's newest result.
    per_company = companies.annotate(n=Count("assessments"), newest=Max("assessments__completed_at"))
    assert all(c.n >= 1 for c in per_company)
    latest = {a.company_id: a for a in assessments.filter(is_latest=True)}
    assert len(latest) == 30
    assert all(latest[c.pk].completed_at == c.newest for c in per_company)

    # Derived company fields come from the domain function; peer keys are the company's.
    for company in companies:
        assert company.size_band == size_band(company.employees)
    for assessment in assessments.select_related("company"):
        company = assessment.company
        assert (assessment.industry_major, assessment.size_band, assessment.prefecture) == (
            company.industry_major,
            company.size_band,
            company.prefecture,
        )

    # Stored scores are exactly what the service's own recompute derives from the stored answers.
    stored = {a.pk: (a.total_score, a.band_id, a.part_scores) for a in assessments}
    for assessment in assessments.select_related("pack"):
        services.recompute(assessment)
        assessment.refresh_from_db()
        assert (assessment.total_score, assessment.band_id, assessment.part_scores) == stored[assessment.pk]
    assert len({total for total, _band, _parts in stored.values()}) > 5  # scores spread, not one value


def test_latest_answers_only_and_no_answers(pack):
    generate(companies=10, assessments=25, answers="latest")
    assert Answer.objects.count() == 10 * 25
    assert set(Answer.objects.values_list("assessment__is_latest", flat=True)) == {True}
    generate(companies=5, assessments=3, answers="none", purge=True)
    assert synthetic_assessments().count() == 3
    assert Answer.objects.count() == 0


def test_purge_deletes_only_synthetic_data(pack):
    real = CompanyFactory(name="本物の会社株式会社")
    real_result = complete_with(real, all_answers("yes"))
    generate(companies=8, assessments=20)
    with pytest.raises(CommandError, match="already exist"):
        generate(companies=8, assessments=20)

    output = generate(purge=True)

    assert "purged synthetic data: 8 companies, 20 assessments, 500 answers" in output
    assert not Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).exists()
    assert list(Company.objects.all()) == [real]
    assert list(Assessment.objects.all()) == [real_result]
    assert Answer.objects.count() == 25


def test_refused_in_production(pack, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        generate(companies=3, assessments=3)
    assert not Company.objects.exists()


def test_adviser_clients_are_accepted_links_of_synthetic_companies(pack):
    output = generate(companies=12, assessments=12, adviser_clients=5)

    org = AdviserOrganization.objects.get(name=generate_synthetic.ADVISER_ORG_NAME)
    user = User.objects.get(email=generate_synthetic.ADVISER_EMAIL)
    assert user.check_password(generate_synthetic.ADVISER_PASSWORD) is True
    assert list(AdviserMembership.objects.filter(organization=org).values_list("user", "role")) == [(user.pk, "owner")]
    first_five = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).order_by("pk")[:5])
    assert sorted(adviser_companies(user, org), key=lambda c: c.pk) == first_five
    assert SupportLink.objects.filter(organization=org, status=SupportLink.Status.ACCEPTED).count() == 5
    assert "adviser organization 合成データ支援機関: 5 clients" in output

    generate(purge=True)
    assert not AdviserOrganization.objects.filter(name=generate_synthetic.ADVISER_ORG_NAME).exists()
    assert not User.objects.filter(email=generate_synthetic.ADVISER_EMAIL).exists()


def test_adviser_clients_more_than_companies_refused(pack):
    with pytest.raises(CommandError, match="adviser-clients"):
        generate(companies=3, assessments=3, adviser_clients=4)
    assert not Company.objects.exists()


LOADED_TABLES = ["orgs_company", "assessments_assessment", "assessments_answer"]


@pytest.mark.django_db(transaction=True)
def test_indexes_after_generation_equal_the_migrations(pack):
    """Outside a transaction (as from the shell) PostgreSQL loads without the indexes and rebuilds them."""
    migrated = schema(LOADED_TABLES)

    output = generate(companies=20, assessments=60, answers="latest")

    assert schema(LOADED_TABLES) == migrated
    assert "created 20 companies, 60 assessments, 500 answers" in output
    if connection.vendor == "postgresql":
        assert "indexes built after loading" in output
        dropped = sum(len(migrated.indexes[t]) + len(migrated.constraints[t]) for t in LOADED_TABLES)
        assert f"{dropped} dropped before loading, {dropped} built after it" in output
        assert "assessment_peer_idx" in migrated.indexes["assessments_assessment"]
        assert "uniq_answer_question" in migrated.constraints["assessments_answer"]
    assert Assessment.objects.filter(is_latest=True).count() == 20


@pytest.mark.django_db(transaction=True)
def test_failed_load_rolls_back_rows_and_keeps_indexes(pack, monkeypatch):
    migrated = schema(LOADED_TABLES)
    real_load = generate_synthetic.Command._load

    def load_then_fail(self, *args):
        real_load(self, *args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(generate_synthetic.Command, "_load", load_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(companies=6, assessments=6)

    assert schema(LOADED_TABLES) == migrated
    if connection.vendor == "postgresql":  # one transaction: nothing of the failed load stays
        assert Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).count() == 0


def test_keep_indexes_loads_in_chunks(pack):
    output = generate(companies=4, assessments=8, keep_indexes=True)
    assert "indexes built after loading" not in output
    assert synthetic_assessments().count() == 8
