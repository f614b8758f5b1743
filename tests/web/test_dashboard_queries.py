"""The company dashboard reads what its cards show in a fixed number of queries (issue #11).

However many results, drafts, actions, plan rows or policy versions the company has, the page
runs the same queries: every questionnaire's latest result and draft in one query, the answers
the cards need in one more, the SECURITY ACTION status once for its card and DX readiness.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.actions.models import Action
from dxnavi.dxdiag import services as dxdiag_services
from dxnavi.web.dashboard import DashboardView, cards_for
from tests.assessments.helpers import all_answers, answers_for_total, complete_with, draft_with, member_access
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, draft, load_packs, maturity_answers, stage_answers
from tests.factories import CompanyFactory, member
from tests.plans.helpers import built_plan

pytestmark = pytest.mark.django_db

# Session, user, company with the user's access, the header's switcher and advice requests: 5 (pending
# deletion only when the company's flag is set); the cards: packs, latest results and drafts, their
# answers, ★ ticks, the adopted and latest policy (one read), the saved estimate, action counts, next due,
# map version, plan, projects, the attack-surface check's domains: 13.
MAX_QUERIES = 18


def _fill(company, owner, rounds):
    for i in range(rounds):
        complete_with(company, answers_for_total(40 + 10 * i), user=owner)
        complete(company, STAGE_PACK, stage_answers("stage2", yes=["paperless"]), user=owner)
        complete(company, MATURITY_PACK, maturity_answers(default=(1 + i % 3, 4)), user=owner)
    draft_with(company, {"SC01": "yes"}, user=owner)
    draft(company, STAGE_PACK, {"DS01": "stage3"}, user=owner)
    today = datetime.date.today()
    Action.objects.bulk_create(
        Action(company=company, key=f"k{i}", origin="selfcheck", origins=[], title={"ja": f"対策{i}"},
               due=today + datetime.timedelta(days=i))
        for i in range(5 * rounds)
    )  # fmt: skip
    built_plan(company, owner)


def _dashboard_queries(client, company, owner):
    client.force_login(owner)
    url = reverse("web:company_dashboard", args=[company.pk])
    client.get(url)  # the session's first read settles
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_dashboard_queries_fixed_whatever_the_company_has(client, django_assert_max_num_queries):
    load_packs()
    small, large = CompanyFactory(name="少ない工業"), CompanyFactory(name="多い工業")
    small_owner, large_owner = member(small), member(large)
    _fill(small, small_owner, rounds=1)
    _fill(large, large_owner, rounds=4)
    small_count, _html = _dashboard_queries(client, small, small_owner)
    large_count, html = _dashboard_queries(client, large, large_owner)
    assert large_count == small_count
    assert "続きから回答する" in html and 'id="plans-card"' in html
    client.force_login(large_owner)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("web:company_dashboard", args=[large.pk]))


def test_dashboard_cards_share_one_read_of_the_latest_results(django_assert_max_num_queries):
    load_packs()
    company = CompanyFactory()
    owner = member(company)
    complete_with(company, all_answers("yes"), user=owner)
    done = complete(company, MATURITY_PACK, maturity_answers(default=(2, 3)), user=owner)
    # The cards alone: packs, results+drafts, answers, ★ ticks, 1 policy read, estimate,
    # action counts, next due, map version, plan, projects, the attack-surface check's domains.
    with django_assert_max_num_queries(12):
        cards = cards_for(member_access(company))
    maturity = next(c for c in cards if c["template"] == "dxdiag/_card_maturity.html")
    # The same readiness as the result page's, which reads everything itself.
    assert maturity["readiness"] == dxdiag_services.readiness_for(done, member_access(company))
    assert maturity["readiness"].ready_count == 8  # ★★ is not ready: no basic policy adopted


def test_dashboard_view_computes_each_value_once():
    view = DashboardView(access=None)
    calls = []
    assert [view.once("k", lambda: calls.append(1) or len(calls)) for _ in range(3)] == [1, 1, 1]
    assert calls == [1]
