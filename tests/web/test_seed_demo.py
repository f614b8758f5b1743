"""manage.py seed_demo: the demo company shows every instrument in use, with demo peers, idempotently."""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dxnavi.accounts.models import User
from dxnavi.actions.models import Action
from dxnavi.assessments import services as assessments
from dxnavi.assessments.domain.peers import MIN_GROUP
from dxnavi.assessments.models import Assessment
from dxnavi.orgs.models import Company, SupportLink
from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.plans.models import Plan
from dxnavi.secaction import services as secaction
from dxnavi.secaction.models import BasicPolicy
from dxnavi.subsidies.models import SavedEstimate

pytestmark = pytest.mark.django_db

DEMO = "デモ精工株式会社"


@pytest.fixture
def seeded(capsys, django_capture_on_commit_callbacks):
    call_command("load_content", stdout=StringIO())
    started = time.process_time()  # CPU time: other processes on a busy machine do not count
    with django_capture_on_commit_callbacks(execute=True):  # the action lists are regenerated after commit
        call_command("seed_demo")
    elapsed = time.process_time() - started
    return {"out": capsys.readouterr().out, "elapsed": elapsed, "company": Company.objects.get(name=DEMO)}


def _counts():
    return {
        "companies": Company.objects.count(),
        "assessments": Assessment.objects.count(),
        "policies": BasicPolicy.objects.count(),
        "estimates": SavedEstimate.objects.count(),
        "plans": Plan.objects.count(),
        "actions": Action.objects.count(),
        "users": User.objects.count(),
    }


def test_seed_demo_fills_every_instrument_with_peers_and_prints_logins(seeded):
    _prints_logins_and_links_the_adviser(seeded)
    _three_improving_selfchecks_months_apart(seeded)
    _both_dx_diagnoses_policy_estimate_and_plan(seeded)
    _peers_reach_the_minimum_group_and_cannot_log_in(seeded)
    assert seeded["elapsed"] < 10  # about 3 s of CPU


def _prints_logins_and_links_the_adviser(seeded):
    out = seeded["out"]
    assert "owner@demo.dxnavi.jp" in out
    assert "adviser@demo.dxnavi.jp" in out
    assert "demo-pass-2026" in out
    assert User.objects.get(email="owner@demo.dxnavi.jp").check_password("demo-pass-2026") is True
    assert SupportLink.objects.get(company=seeded["company"]).status == SupportLink.Status.ACCEPTED


def test_seed_demo_twice_creates_nothing_more(seeded):
    before = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == before


def _three_improving_selfchecks_months_apart(seeded):
    checks = list(
        Assessment.objects.filter(company=seeded["company"], pack_family="security_selfcheck", status="completed").order_by(
            "completed_at"
        )
    )
    assert len(checks) == 3
    scores = [a.total_score for a in checks]
    assert scores == sorted(scores) and len(set(scores)) == 3
    gaps = [(b.completed_at - a.completed_at).days for a, b in zip(checks, checks[1:])]
    assert min(gaps) >= 60
    assert [a.is_latest for a in checks] == [False, False, True]


def _both_dx_diagnoses_policy_estimate_and_plan(seeded):
    company = seeded["company"]
    access = CompanyAccess(company=company, via="member", role="owner")
    assert assessments.latest_completed(company, "dx_stage") is not None
    assert assessments.latest_completed(company, "dx_maturity") is not None
    readiness = secaction.status(access).readiness
    assert (readiness.one_star, readiness.two_star) == (True, True)
    assert SavedEstimate.objects.filter(company=company).count() == 1
    assert Plan.objects.get(company=company).rows.count() == 3
    assert Action.objects.filter(company=company).exists()


def _peers_reach_the_minimum_group_and_cannot_log_in(seeded):
    company = seeded["company"]
    peers = Company.objects.filter(name__startswith="デモ同業社")
    assert peers.count() == MIN_GROUP - 1
    assert not peers.filter(memberships__isnull=False).exists()
    assert set(peers.values_list("industry_major", "size_band", "prefecture")) == {
        (company.industry_major, company.size_band, company.prefecture)
    }
    for pack_id in ("security_selfcheck", "dx_stage", "dx_maturity"):
        result = assessments.peer_comparison(assessments.latest_completed(company, pack_id))
        assert (pack_id, result.shown, result.level) == (pack_id, True, "industry_size_prefecture")


def test_seed_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
