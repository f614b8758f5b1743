"""Result, print view, history, dashboard card: what the company sees after answering."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.assessments import services
from dxnavi.assessments.domain import results
from tests.assessments.helpers import PACK_ID, adviser_access, all_answers, answers_for_total, complete_with, draft_with
from tests.factories import CompanyFactory, member


@pytest.fixture
def company(pack):
    return CompanyFactory()


@pytest.fixture
def owner(company):
    return member(company)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def _result_url(a):
    return reverse("assessments:result", args=[a.company_id, a.pk])


def test_weakest_items_lowest_points_first_ties_by_number(company):
    answers = {
        **all_answers("yes"),
        "SC20": "no",
        "SC03": "no",
        "SC11": "unknown",
        "SC07": "partial",
        "SC02": "partial",
        "SC09": "no",
    }
    done = complete_with(company, answers)
    r = services.result(done)
    assert [(i.number, i.points) for i in r.weakest] == [(11, -1), (3, 0), (9, 0), (20, 0), (2, 2)]
    assert [i.number for i in r.to_check] == [11]


def test_weakest_is_empty_when_everything_is_full(company):
    assert services.result(complete_with(company, all_answers("yes"))).weakest == []


def test_to_check_lists_every_dont_know_in_order(company):
    answers = {**all_answers("yes"), "SC25": "unknown", "SC01": "unknown", "SC13": "unknown"}
    r = services.result(complete_with(company, answers))
    assert [i.id for i in r.to_check] == ["SC01", "SC13", "SC25"]


def test_diff_against_previous_completed_check(company):
    first = complete_with(company, {**all_answers("partial"), "SC01": "no", "SC02": "yes", "SC03": "unknown"})
    second = complete_with(company, {**all_answers("partial"), "SC01": "yes", "SC02": "no", "SC03": "unknown", "SC10": "yes"})
    r = services.result(second)
    assert r.previous.pk == first.pk
    assert [(c.after.id, c.before.points, c.after.points) for c in r.diff.improved] == [("SC01", 0, 4), ("SC10", 2, 4)]
    assert [(c.after.id, c.delta) for c in r.diff.worsened] == [("SC02", -4)]
    assert (first.total_score, second.total_score, r.diff.total_delta) == (47, 49, 2)
    assert services.result(first).previous is None


def test_diff_domain_skips_questions_missing_in_one_version(pack):
    spec = pack.spec
    before = results.items(spec, {"SC01": "no", "SC02": "no"})
    after = results.items(spec, {"SC01": "yes"})
    assert [c.after.id for c in results.diff(before, 0, after, 4).improved] == ["SC01"]


def test_result_page_shows_score_band_chart_and_advice(owner_client, company):
    done = complete_with(company, answers_for_total(72))
    response = owner_client.get(_result_url(done))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="big">72</span>' in body
    assert "あと一歩" in body and "多くの対策はできていますが" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in body
    assert "<title id=" in body and "100点中72点（72%）" in body  # text alternative inside the SVG
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "まずはここから" in body
    weakest_advice = services.result(done).weakest[0].question["advice"]["ja"]
    assert weakest_advice in body
    assert "今回がはじめての診断です。" in body


def test_result_page_lists_dont_know_and_change(owner_client, company):
    complete_with(company, answers_for_total(40))
    done = complete_with(company, {**answers_for_total(72), "SC25": "unknown"})
    body = owner_client.get(_result_url(done)).content.decode()
    assert "確認が必要な項目（「わからない」と答えた質問）" in body
    assert "前回（" in body and f"今回：{done.total_score}点" in body
    assert "良くなった項目" in body


def test_result_of_draft_redirects_to_answering(owner_client, company):
    draft = draft_with(company, {"SC01": "yes"})
    response = owner_client.get(_result_url(draft))
    assert response["Location"] == reverse("assessments:part", args=[company.pk, draft.pk, "basic"])


def test_print_view_has_all_answers_and_print_css(owner_client, company):
    done = complete_with(company, answers_for_total(60))
    body = owner_client.get(reverse("assessments:print", args=[company.pk, done.pk])).content.decode()
    assert "すべての回答" in body and body.count("<tr><td>") >= 25
    assert "assessments/assessments.css" in body
    assert 'role="img"' in body


def test_history_lists_completed_checks_newest_first(owner_client, company, owner):
    complete_with(company, answers_for_total(30), user=owner)
    latest = complete_with(company, answers_for_total(85), user=owner)
    draft_with(company, {"SC01": "yes"})
    response = owner_client.get(reverse("assessments:history", args=[company.pk, PACK_ID]))
    body = response.content.decode()
    table = body.split("<table")[1]  # the trend chart above it lists the results oldest first
    assert table.index(">85<") < table.index(">30<")
    assert body.count(reverse("assessments:result", args=[company.pk, latest.pk])) == 1
    assert "早急な対策が必要" in body and "あと一歩" in body
    assert owner.display_name in body
    assert "回答中の診断を続ける" in body


def test_history_query_count_does_not_grow_with_rows(client, company, owner, django_assert_max_num_queries):
    for total in range(30, 100, 10):
        complete_with(company, answers_for_total(total), user=owner)
    client.force_login(owner)
    url = reverse("assessments:history", args=[company.pk, PACK_ID])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_result_page_query_count(client, company, owner, django_assert_max_num_queries):
    for _ in range(3):
        complete_with(CompanyFactory(), answers_for_total(55))
    complete_with(company, answers_for_total(40), user=owner)
    done = complete_with(company, answers_for_total(70), user=owner)
    client.force_login(owner)
    with django_assert_max_num_queries(20):
        assert client.get(_result_url(done)).status_code == 200


# --- dashboard card ------------------------------------------------------------------------


def test_dashboard_card_empty_state_offers_start(owner_client, company):
    body = owner_client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert "まず5分の自社診断から" in body
    assert reverse("assessments:start", args=[company.pk, PACK_ID]) in body
    assert "診断を始める" in body


def test_dashboard_card_shows_latest_and_resume_link(owner_client, company):
    done = complete_with(company, answers_for_total(72))
    draft = draft_with(company, {f"SC{n:02d}": "yes" for n in range(1, 10)})
    body = owner_client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert ">72</span> / 100" in body and "あと一歩" in body
    assert f"最新の診断：{timezone.localdate(done.completed_at):%Y-%m-%d}" in body
    assert reverse("assessments:part", args=[company.pk, draft.pk, "employee"]) in body
    assert "続きから回答する（9/25）" in body
    assert "まず5分の自社診断から" not in body


def test_dashboard_card_hidden_without_pack(client, db):
    from dxnavi.assessments.cards import security_selfcheck_card
    from tests.assessments.helpers import member_access

    company = CompanyFactory()
    assert security_selfcheck_card(member_access(company)) is None


def test_dashboard_card_visible_to_linked_adviser(client, world, pack):
    company = world["company"]
    access = adviser_access(company, world["linked_org"])
    complete_with(company, answers_for_total(50), user=world["linked_adviser"], access=access)
    client.force_login(world["linked_adviser"])
    body = client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert ">50</span> / 100" in body and "対策が不十分" in body
