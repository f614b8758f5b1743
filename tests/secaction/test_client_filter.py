"""The SECURITY ACTION filter of the adviser's client list: the SQL condition gives, company by company,
the level ``services.status`` computes (none / ★ / ★★)."""

import pytest

from dxnavi.orgs.models import Company
from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.secaction import client_filters, content, services
from tests.assessments.helpers import all_answers, complete_with, load_pack
from tests.factories import CompanyFactory, UserFactory

from .conftest import confirm_all, make_policy

pytestmark = pytest.mark.django_db


def _level(company) -> int:
    access = CompanyAccess(company=company, via="member", role="owner")
    return services.status(access).readiness.highest_level


def _sql_levels(companies) -> dict:
    ids = [c.pk for c in companies]
    return {
        value: sorted(Company.objects.filter(pk__in=ids).filter(client_filters.condition(value)).values_list("name", flat=True))
        for value in (client_filters.NONE, client_filters.ONE, client_filters.TWO)
    }


def test_security_action_filter_equals_the_readiness_rules():
    load_pack()
    user = UserFactory()
    nothing = CompanyFactory(name="0 何もなし")
    ticked = CompanyFactory(name="1 全部チェック")
    confirm_all(ticked, user)
    by_selfcheck = CompanyFactory(name="2 自社診断で全部実施")
    complete_with(by_selfcheck, all_answers("yes"))
    mixed = CompanyFactory(name="3 一部チェックと一部診断")
    items = content.item_ids()
    for item in items[:2]:
        services.set_item_done(mixed, item, done=True, user=user)
    answers = all_answers("no")
    for item in items[2:]:
        for question in content.related_questions()[item]:
            answers[question] = "yes"
    complete_with(mixed, answers)
    one_missing = CompanyFactory(name="4 一項目足りない")
    for item in items[1:]:
        services.set_item_done(one_missing, item, done=True, user=user)
    complete_with(one_missing, all_answers("partial"))
    two_star = CompanyFactory(name="5 二つ星")
    complete_with(two_star, all_answers("no"))
    make_policy(two_star, user, adopted_by=user)
    policy_only = CompanyFactory(name="6 方針だけ")
    make_policy(policy_only, user, adopted_by=user)
    confirm_all(policy_only, user)
    companies = [nothing, ticked, by_selfcheck, mixed, one_missing, two_star, policy_only]

    expected = {value: [] for value in (client_filters.NONE, client_filters.ONE, client_filters.TWO)}
    for company in companies:
        expected[str(_level(company))].append(company.name)
    assert _sql_levels(companies) == {k: sorted(v) for k, v in expected.items()}
    assert expected == {
        "0": ["0 何もなし", "4 一項目足りない"],
        "1": ["1 全部チェック", "2 自社診断で全部実施", "3 一部チェックと一部診断", "6 方針だけ"],
        "2": ["5 二つ星"],
    }
