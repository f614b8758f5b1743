"""Each instrument's candidates, and the regeneration hooked into their completion services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.actions import registry, services
from dxnavi.actions.models import Action
from dxnavi.assessments import action_source as selfcheck_source
from dxnavi.dxdiag import action_source as dx_source
from dxnavi.secaction import action_source as secaction_source
from dxnavi.secaction import services as secaction_services
from dxnavi.subsidies import action_source as subsidy_source
from dxnavi.subsidies import loader as subsidy_loader
from dxnavi.subsidies import services as subsidy_services
from tests.assessments.helpers import all_answers, complete_with, load_pack, member_access
from tests.dxdiag import helpers as dx
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_sources_registered_in_order():
    assert [s.key for s in registry.sources()][:4] == ["selfcheck", "secaction", "dxdiag", "subsidies"]


def test_selfcheck_candidates_no_and_unknown_with_advice():
    load_pack()
    company = CompanyFactory()
    done = complete_with(company, {**all_answers("yes"), "SC01": "no", "SC02": "unknown", "SC03": "partial"})
    candidates = selfcheck_source.collect(company)
    assert [(c.key, c.topic, c.priority) for c in candidates] == [
        ("selfcheck:SC01", "security:SC01", registry.PRIORITY_HIGH),
        ("selfcheck:SC02", "security:SC02", registry.PRIORITY_NORMAL),
    ]
    first, second = candidates
    spec = done.pack.spec
    assert first.detail == spec.question("SC01")["advice"]
    assert second.detail["ja"].startswith("「わからない」と答えた項目です。")
    assert first.due == timezone.localdate(done.completed_at) + datetime.timedelta(days=30)
    assert first.link == reverse("assessments:result", args=[company.pk, done.pk]) + "#q-SC01"


def test_selfcheck_candidates_none_without_result():
    assert selfcheck_source.collect(CompanyFactory()) == []


def test_secaction_candidates_unconfirmed_items_and_two_star_steps():
    company = CompanyFactory()
    for item_id in ("SA1-2", "SA1-3", "SA1-4", "SA1-5"):
        secaction_services.set_item_done(company, item_id, done=True, user=None)
    candidates = secaction_source.collect(company)
    assert [(c.key, c.topic) for c in candidates] == [
        ("secaction:SA1-1", "security:SC01"), ("secaction:selfcheck", ""), ("secaction:policy", "")
    ]
    assert candidates[0].link == reverse("secaction:checklist", args=[company.pk]) + "#item-SA1-1"


def test_selfcheck_and_secaction_same_topic_one_action():
    load_pack()
    company = CompanyFactory()
    complete_with(company, {**all_answers("yes"), "SC01": "no"})
    services.regenerate(company)
    action = Action.objects.get(company=company, key="security:SC01")
    assert [o[0] for o in action.origins] == ["selfcheck", "secaction"]
    assert Action.objects.filter(company=company, key__startswith="secaction:SA1-1").count() == 0


def test_dxdiag_candidates_stage_gaps_and_maturity_gaps():
    dx.load_packs()
    company = CompanyFactory()
    dx.complete(company, dx.STAGE_PACK, dx.stage_answers("stage2", yes=("paperless", "website")))
    dx.complete(company, dx.MATURITY_PACK, dx.maturity_answers(default=(2, 3), DM05=(0, 4), DM08=dx.level(1, 4, action="研修を計画")))
    candidates = dx_source.collect(company)
    stage = [c for c in candidates if c.key.startswith("dxstage:")]
    maturity = [c for c in candidates if c.key.startswith("dxmaturity:")]
    assert len(stage) >= 1 and all(c.detail.get("ja") for c in stage)
    assert [c.key for c in maturity[:2]] == ["dxmaturity:DM05", "dxmaturity:DM08"]
    assert len(maturity) == dx_source.MATURITY_LIMIT
    assert maturity[1].detail["ja"].startswith("研修を計画")
    assert maturity[0].title["ja"].endswith("（成熟度 0→4）")


def test_subsidy_candidates_checks_not_ok():
    subsidy_loader.load()
    company = CompanyFactory()
    access = member_access(company)
    estimate = subsidy_services.save_estimate(
        access, user=None, catalog=subsidy_services.current_catalog(),
        items=[{"kind": "software", "description": "会計ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )
    candidates = subsidy_source.collect(company)
    keys = [c.key for c in candidates]
    assert "subsidies:self_funding" in keys and "subsidies:eligible_costs" not in keys
    frame = subsidy_source.chosen_frame(estimate)
    assert candidates[0].link.startswith(reverse("subsidies:checklist", args=[company.pk, estimate.pk, frame["frame_id"]]))


def test_completing_selfcheck_regenerates_after_commit(django_capture_on_commit_callbacks):
    load_pack()
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complete_with(company, {**all_answers("yes"), "SC07": "no"})
    assert Action.objects.get(company=company, key="security:SC07").status == "todo"


def test_new_selfcheck_resolves_fixed_item_keeps_edited(django_capture_on_commit_callbacks):
    load_pack()
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complete_with(company, {**all_answers("yes"), "SC07": "no", "SC08": "no"})
    edited = Action.objects.get(key="security:SC08")
    services.update_action(edited, user=None, access=member_access(company), owner="佐藤", status="doing")
    with django_capture_on_commit_callbacks(execute=True):
        complete_with(company, all_answers("yes"))
    actions = Action.objects.filter(key__in=["security:SC07", "security:SC08"])
    rows = {a.key: (a.status, a.source_present, a.owner) for a in actions}
    assert rows == {"security:SC07": ("done", False, ""), "security:SC08": ("doing", False, "佐藤")}
