"""manage.py generate_synthetic: counts, one latest per company, real scores, purge touches only synthetic rows."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from dxnavi.assessments import services
from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.orgs.domain.size import size_band
from dxnavi.orgs.models import Company
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
