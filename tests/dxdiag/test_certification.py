"""DX certification readiness: the plain function, the pack's mapping, and the company's real security status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.dxdiag import services
from dxnavi.dxdiag.domain import certification
from dxnavi.dxdiag.domain.certification import SecurityStatus
from tests.assessments.helpers import answers_for_total, complete_with, member_access
from tests.dxdiag.helpers import MATURITY_PACK, complete, maturity_answers
from tests.factories import CompanyFactory, member

SAFE = SecurityStatus(selfcheck_total=80, two_star=True)
REQUIREMENTS = [
    "cert_vision_bm", "cert_strategy", "cert_strategy_org", "cert_strategy_it", "cert_indicators", "cert_publication", "cert_top_message", "cert_top_analysis", "cert_cybersecurity",
]  # fmt: skip


@pytest.fixture
def spec(dx_packs):
    return dx_packs[1].spec


def _readiness(spec, answers, security=SAFE):
    levels = services.current_levels(spec, answers)
    questions = {q["id"]: q for q in spec.questions}
    return certification.readiness(spec.definition["certification"], levels, questions, security)


def _missing(readiness):
    return {r.requirement["id"]: [(c.kind, c.actual, c.required) for c in r.missing] for r in readiness.missing}


def test_certification_all_items_at_2_with_safe_security_is_ready(spec):
    readiness = _readiness(spec, maturity_answers(default=(2, 3)))
    assert [r.requirement["id"] for r in readiness.requirements] == REQUIREMENTS
    assert (readiness.ready, readiness.ready_count, readiness.total, _missing(readiness)) == (True, 9, 9, {})


def test_certification_items_below_threshold_are_listed_with_level(spec):
    readiness = _readiness(spec, maturity_answers(default=(2, 3), DM02=(1, 3), DM13=(0, 2), DM16=(1, 2)))
    assert readiness.ready is False
    assert readiness.ready_count == 6
    assert _missing(readiness) == {
        "cert_vision_bm": [("item", 1, 2)],
        "cert_indicators": [("item", 0, 2)],
        "cert_publication": [("item", 1, 2)],
    }
    vision = readiness.missing[0]
    assert vision.missing[0].question["id"] == "DM02"
    assert "取締役会" in vision.requirement["todo"]["ja"]  # what to write or do comes with it


def test_certification_items_not_counted_for_requirements_are_ignored(spec):
    # DM05 (budget), DM07, DM09 and DM17 support maturity but are not part of any requirement here.
    readiness = _readiness(spec, maturity_answers(default=(2, 3), DM05=(0, 1), DM07=(0, 1), DM09=(0, 1), DM17=(0, 1)))
    assert readiness.ready is True


@pytest.mark.parametrize(
    "security, missing",
    [
        (SecurityStatus(selfcheck_total=None, two_star=False), [("item", 2, 2), ("selfcheck", None, 70), ("secaction_two_star", 0, None)]),
        (SecurityStatus(selfcheck_total=69, two_star=True), [("selfcheck", 69, 70)]),
        (SecurityStatus(selfcheck_total=70, two_star=True), []),
        (SecurityStatus(selfcheck_total=100, two_star=None), [("secaction_two_star", None, None)]),
    ],
    ids=["nothing_done", "selfcheck_69", "selfcheck_70", "secaction_unavailable"],
)
def test_certification_cybersecurity_needs_item_selfcheck_and_two_star(spec, security, missing):
    answers = maturity_answers(default=(2, 3))
    if missing and missing[0][0] == "item":
        answers["DM12"]["current"] = 1
        missing = [("item", 1, 2), *missing[1:]]
    readiness = _readiness(spec, answers, security)
    assert _missing(readiness).get("cert_cybersecurity", []) == missing
    assert readiness.ready is (missing == [])


def test_certification_unanswered_item_is_missing(spec):
    answers = maturity_answers(default=(2, 3))
    del answers["DM14"]
    assert _missing(_readiness(spec, answers)) == {"cert_top_analysis": [("item", None, 2)]}


def test_certification_content_never_claims_certification(spec):
    section = spec.definition["certification"]
    assert "認定されることを示すものではありません" in section["note"]["ja"]
    assert "does not mean you would be certified" in section["note"]["en"]
    assert "独自" in section["threshold_note"]["ja"] and "own" in section["threshold_note"]["en"]
    for requirement in section["requirements"]:
        assert requirement["source"] and requirement["as_of"] and requirement["threshold"]


# --- through the services: the company's real security status ---------------------------------


def _adopt_policy(company, user):
    from dxnavi.secaction import services as secaction

    policy = secaction.create_policy(
        company, company_name=company.name, representative="代表 太郎", policy_date=datetime.date(2026, 11, 26), language="ja", user=user
    )
    policy.adopted_at, policy.adopted_by = timezone.now(), user
    policy.save()


def test_certification_security_status_from_selfcheck_and_secaction(dx_packs):
    company = CompanyFactory()
    owner = member(company)
    access = member_access(company)
    assert services.security_status(access) == SecurityStatus(selfcheck_total=None, two_star=False)
    complete_with(company, answers_for_total(72), user=owner)
    assert services.security_status(access) == SecurityStatus(selfcheck_total=72, two_star=False)
    _adopt_policy(company, owner)
    assert services.security_status(access) == SecurityStatus(selfcheck_total=72, two_star=True)


def test_certification_security_status_without_secaction_app(dx_packs, monkeypatch):
    from django.apps import apps

    company = CompanyFactory()
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: False if name == "dxnavi.secaction" else real(name))
    assert services.security_status(member_access(company)).two_star is None


def test_certification_readiness_for_latest_maturity_result(dx_packs):
    company = CompanyFactory()
    owner = member(company)
    complete_with(company, answers_for_total(80), user=owner)
    _adopt_policy(company, owner)
    done = complete(company, MATURITY_PACK, maturity_answers(default=(2, 3), DM15=(1, 3)), user=owner)
    readiness = services.readiness_for(done, member_access(company))
    assert (readiness.ready_count, _missing(readiness)) == (8, {"cert_top_message": [("item", 1, 2)]})


def test_certification_page_lists_missing_items_and_what_to_do(client, dx_packs):
    company = CompanyFactory()
    owner = member(company)
    complete(company, MATURITY_PACK, maturity_answers(default=(2, 3), DM13=(0, 2)), user=owner)
    client.force_login(owner)
    body = client.get(reverse("dxdiag:certification", args=[company.pk])).content.decode()
    assert "DX認定の申請に向けた準備状況" in body
    assert "9項目のうち7項目が準備できています" in body
    assert "項目13（DX戦略の達成度を測る成果指標（KPI）を決め、定期的に自己評価していますか？）：現在レベル0です。レベル2以上が必要です。" in body
    assert "情報セキュリティ自社診断：まだ受けていません。70点以上が必要です。" in body
    assert "SECURITY ACTION★★：まだ宣言できる状態ではありません" in body
    assert "書くこと・やること：" in body
    assert "認定されることを示すものではありません" in body
    assert reverse("assessments:start", args=[company.pk, "security_selfcheck"]) in body
    assert reverse("secaction:readiness", args=[company.pk]) in body


def test_certification_page_without_maturity_result_invites_to_start(client, dx_packs):
    company = CompanyFactory()
    client.force_login(member(company))
    body = client.get(reverse("dxdiag:certification", args=[company.pk])).content.decode()
    assert "まず診断を受けてください" in body
    assert reverse("assessments:start", args=[company.pk, MATURITY_PACK]) in body
