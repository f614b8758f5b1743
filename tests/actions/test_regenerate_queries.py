"""Regeneration's cost: a fixed number of queries, whatever the number of actions; unchanged rows are not written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.actions import services
from dxnavi.actions.models import Action
from dxnavi.subsidies import loader as subsidy_loader
from dxnavi.subsidies import services as subsidy_services
from tests.assessments.helpers import all_answers, complete_with, load_pack, member_access
from tests.dxdiag import helpers as dx
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

# Company lock, latest results + their answers (every instrument), ★ confirmations, adopted
# policy, subsidy estimate, project tasks, incident response (contacts, last drill and incident tasks in one
# query), the attack-surface check's latest runs, the generative-AI checklist's 「まだ」 answers, existing actions;
# one INSERT (or UPDATE); the dashboard's data stamp.
MAX_QUERIES = 13


def _company_with_every_instrument(selfcheck_answers):
    company = CompanyFactory()
    complete_with(company, selfcheck_answers)
    dx.complete(company, dx.STAGE_PACK, dx.stage_answers("stage2", yes=("paperless", "website")))
    dx.complete(company, dx.MATURITY_PACK, dx.maturity_answers(default=(2, 3), DM05=(0, 4)))
    subsidy_services.save_estimate(
        member_access(company), user=None, catalog=subsidy_services.current_catalog(),
        items=[{"kind": "software", "description": "会計ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )  # fmt: skip
    return company


def _regenerate_counting(company) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.regenerate(company)
    return len([q for q in queries.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))])


@pytest.fixture
def packs():
    load_pack()
    dx.load_packs()
    subsidy_loader.load()


def test_regenerate_queries_same_for_few_and_many_actions(packs):
    few = _company_with_every_instrument({**all_answers("yes"), "SC01": "no"})
    many = _company_with_every_instrument(all_answers("no"))
    counts = (_regenerate_counting(few), _regenerate_counting(many))
    assert Action.objects.filter(company=many).count() > Action.objects.filter(company=few).count() + 20
    assert counts[0] == counts[1]
    assert counts[1] <= MAX_QUERIES


def test_regenerate_unchanged_list_writes_nothing(packs):
    company = _company_with_every_instrument({**all_answers("yes"), "SC01": "no", "SC02": "unknown"})
    summary = services.regenerate(company)
    before = {a.key: (a.updated, a.title, a.status) for a in Action.objects.filter(company=company)}
    with CaptureQueriesContext(connection) as queries:
        again = services.regenerate(company)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith(("UPDATE", "INSERT"))]
    after = {a.key: (a.updated, a.title, a.status) for a in Action.objects.filter(company=company)}
    assert (writes, again.created, again.updated, after) == ([], 0, 0, before)
    assert summary.created == len(before)


def test_regenerate_after_new_selfcheck_writes_changed_columns_only_for_changed_rows(packs):
    company = _company_with_every_instrument({**all_answers("yes"), "SC01": "no", "SC02": "no"})
    services.regenerate(company)
    untouched = {a.key: a.updated for a in Action.objects.filter(company=company).exclude(origin="selfcheck")}
    newer = complete_with(company, {**all_answers("yes"), "SC01": "no"})
    summary = services.regenerate(company)
    rows = {a.key: a for a in Action.objects.filter(company=company)}
    assert rows["security:SC01"].link.split("#")[0] == reverse("assessments:result", args=[company.pk, newer.pk])
    assert rows["security:SC01"].origins[0] == ["selfcheck", rows["security:SC01"].link]
    assert (rows["security:SC02"].status, rows["security:SC02"].source_present) == ("done", False)
    assert {k: a.updated for k, a in rows.items() if k in untouched} == untouched
    assert (summary.updated, summary.resolved) == (2, 1)
