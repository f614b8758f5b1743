"""The stored SECURITY ACTION level (``secaction.levels``): every write that can change it refreshes it,
and it always equals ``services.status`` (what the client-list filter relies on)."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dxnavi.assessments.models import Assessment
from dxnavi.content import loaders
from dxnavi.orgs.models import Company
from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.secaction import content, levels, services
from dxnavi.secaction.models import BasicPolicy, DeclarableLevel, ItemConfirmation
from tests.assessments.helpers import all_answers, complete_with, load_pack
from tests.factories import CompanyFactory, UserFactory

from .conftest import confirm_all, make_policy

pytestmark = pytest.mark.django_db


def _access(company):
    return CompanyAccess(company=company, via="member", role="owner")


def _expected(company) -> int:
    return services.status(_access(company)).readiness.highest_level


def _stored(company) -> int | None:
    return DeclarableLevel.objects.filter(company=company).values_list("level", flat=True).first()


def test_level_tick_all_items_stores_one_star():
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    assert _stored(company) == 1


def test_level_untick_one_item_stores_none():
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    services.set_item_done(company, content.item_ids()[0], done=False, user=user)
    assert _stored(company) == 0


def test_level_adopt_policy_with_selfcheck_stores_two_stars():
    load_pack()
    company, user = CompanyFactory(), UserFactory()
    complete_with(company, all_answers("no"))
    policy = make_policy(company, user)
    assert _stored(company) == 0
    services.adopt_policy(policy, access=_access(company), user=user)
    assert _stored(company) == 2


def test_level_selfcheck_completed_with_all_yes_stores_one_star():
    load_pack()
    company = CompanyFactory()
    complete_with(company, all_answers("yes"))
    assert _stored(company) == 1


def test_level_assessment_deleted_stores_none():
    load_pack()
    company = CompanyFactory()
    assessment = complete_with(company, all_answers("yes"))
    assessment.delete()
    assert _stored(company) == 0


def test_level_latest_assessment_deleted_falls_back_to_the_previous_one():
    load_pack()
    company = CompanyFactory()
    complete_with(company, all_answers("yes"))
    latest = complete_with(company, all_answers("no"))
    assert _stored(company) == 0
    latest.delete()
    assert (_stored(company), _expected(company)) == (1, 1)


def test_level_company_deleted_removes_its_row():
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    company_id = company.pk
    company.delete()
    assert DeclarableLevel.objects.filter(company_id=company_id).count() == 0


def test_level_content_reload_recomputes_every_company(monkeypatch):
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    assert _stored(company) == 1
    items = content.item_ids()
    monkeypatch.setattr(content, "item_ids", lambda: (*items, "SA1-NEW"))
    monkeypatch.setattr(content, "related_questions", lambda: {})
    lines = loaders.load_all()
    assert _stored(company) == 0
    assert "SECURITY ACTION declarable levels: 1 companies recomputed" in lines


def test_level_refresh_command_check_reports_a_difference_and_rebuild_fixes_it():
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    DeclarableLevel.objects.filter(company=company).update(level=2)  # e.g. a bulk load without the ORM
    out = StringIO()
    with pytest.raises(CommandError, match="1 stored SECURITY ACTION levels differ"):
        call_command("refresh_security_action_levels", "--check", stdout=out)
    assert f"company {company.pk}: stored 2, expected 1" in out.getvalue()
    call_command("refresh_security_action_levels", stdout=StringIO())
    out = StringIO()
    call_command("refresh_security_action_levels", "--check", stdout=out)
    assert out.getvalue().startswith("stored SECURITY ACTION levels are exact")
    assert _stored(company) == 1


def test_level_check_missing_row_of_a_ready_company_is_a_difference():
    company, user = CompanyFactory(), UserFactory()
    confirm_all(company, user)
    DeclarableLevel.objects.filter(company=company).delete()
    assert levels.check() == {company.pk: (0, 1)}


def test_level_company_without_data_has_no_row_and_counts_as_none():
    company = CompanyFactory()
    assert (_stored(company), levels.check()) == (None, {})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_level_random_writes_stored_equals_status(seed):
    load_pack()
    rng = random.Random(seed)
    user = UserFactory()
    companies = [CompanyFactory(name=f"社{n}") for n in range(2)]
    items = content.item_ids()
    related = content.related_questions()

    def tick(company):
        services.set_item_done(company, rng.choice(items), done=rng.random() < 0.85, user=user)

    def selfcheck(company):
        answers = all_answers("no")
        for item in items:
            if rng.random() < 0.6:
                for question in related[item]:
                    answers[question] = "yes"
        complete_with(company, answers)

    def policy(company):
        make_policy(company, user, adopted_by=user if rng.random() < 0.5 else None)

    def adopt(company):
        draft = BasicPolicy.objects.filter(company=company, adopted_at__isnull=True).first()
        if draft is not None:
            services.adopt_policy(draft, access=_access(company), user=user)

    def delete_assessment(company):
        rows = list(Assessment.objects.filter(company=company, status=Assessment.Status.COMPLETED).order_by("pk"))
        if rows:
            rng.choice(rows).delete()

    def delete_policy(company):
        rows = list(BasicPolicy.objects.filter(company=company).order_by("pk"))
        if rows:
            rng.choice(rows).delete()

    operations = [tick, tick, tick, tick, tick, selfcheck, selfcheck, policy, adopt, delete_assessment, delete_policy]
    seen = set()
    for _step in range(40):
        rng.choice(operations)(rng.choice(companies))
        stored = {c.name: _stored(c) or 0 for c in companies}
        assert stored == {c.name: _expected(c) for c in companies}
        seen.update(stored.values())
    assert levels.check() == {}
    assert seen >= {0, 1}  # the sequence reached declarable levels, not only "none"


def test_level_refresh_skips_deleted_companies():
    company = CompanyFactory()
    gone = company.pk
    company.delete()
    assert levels.refresh([gone]) == {}
    assert Company.objects.filter(pk=gone).count() == 0
    assert ItemConfirmation.objects.filter(company_id=gone).count() == 0


def test_level_generate_synthetic_stores_a_row_for_every_loaded_company():
    load_pack()
    out = StringIO()
    call_command("generate_synthetic", companies=30, assessments=60, seed=7, stdout=out)
    assert "SECURITY ACTION levels stored: 30 companies" in out.getvalue()
    assert DeclarableLevel.objects.filter(company__name__startswith="合成").count() == 30
    assert levels.check() == {}


def test_level_draft_started_or_deleted_runs_no_refresh():
    load_pack()
    company, user = CompanyFactory(), UserFactory()
    complete_with(company, all_answers("yes"))
    from dxnavi.assessments import services as assessment_services
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as started:
        draft = assessment_services.start_or_resume(company, "security_selfcheck", user, _access(company))
    with CaptureQueriesContext(connection) as deleted:
        draft.delete()
    touched = [q["sql"] for q in started.captured_queries + deleted.captured_queries if "secaction_" in q["sql"]]
    assert touched == []
    assert _stored(company) == 1
