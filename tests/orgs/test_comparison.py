"""The adviser's comparison of clients (issue #12, part 8): the heat map's values are the instruments'
results, the percentile is the peer comparison's, and the page's queries do not grow with its rows."""

import pytest
from django.urls import reverse

from dxnavi.assessments import services as assessment_services
from dxnavi.assessments.domain.maturity import format_hundredths
from dxnavi.orgs import comparison
from dxnavi.orgs.models import AdviserMembership, AuditEvent
from dxnavi.secaction import services as secaction_services
from tests.assessments.helpers import all_answers, answers_for_total, complete_with, member_access
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, load_packs, maturity_answers, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

pytestmark = pytest.mark.django_db

SAME = {"industry_major": "E", "employees": 18, "prefecture": "13"}


def _org_with(companies, role="editor"):
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=org, user=adviser, role=role)
    for company in companies:
        link(company, org)
    return org, adviser


def _heat(org, adviser, query=""):
    heat = comparison.heatmap(adviser, org, query, 1)
    keys = [c.key for c in heat.columns]
    return heat, {company.pk: dict(zip(keys, cells)) for company, cells in heat.rows}


def test_heatmap_values_equal_the_instruments_results():
    load_packs()
    company = CompanyFactory(name="比較工業")
    security = complete_with(company, answers_for_total(63))
    stage = complete(company, STAGE_PACK, stage_answers("stage3", yes=["paperless", "website"]))
    maturity = complete(company, MATURITY_PACK, maturity_answers((2, 4), DM01=(4, 5)))
    empty = CompanyFactory(name="未回答商店")
    org, adviser = _org_with([company, empty])
    heat, cells = _heat(org, adviser)
    mine = cells[company.pk]
    assert mine["sc_total"].text == f"{security.total_score}/{security.spec.total_max} {security.band['label']['ja']}"
    for part in security.spec.parts:
        assert mine[f"sc_part:{part['id']}"].text == f"{security.part_scores[part['id']]}/{security.spec.part_max(part['id'])}"
    assert mine["dx_stage"].text == stage.spec.band(stage.score_details["stage"])["label"]["ja"]
    assert mine["mt_total"].text == f"{format_hundredths(maturity.total_score)} / 5"
    for part in maturity.spec.parts:
        assert mine[f"mt_part:{part['id']}"].text == format_hundredths(maturity.part_scores[part["id"]])
    ready = secaction_services.status(member_access(company)).readiness
    assert ready.two_star is False  # a self-check, but no adopted policy
    assert mine["secaction"].text == (
        "★の準備完了" if ready.one_star else f"5か条のうち{ready.total_items - len(ready.missing[0].items)}件"
    )
    assert mine["sc_total"].url == reverse("assessments:result", args=[company.pk, security.pk])
    # Nothing answered: only SECURITY ACTION's readiness (none of the principles), no results.
    assert {k for k, v in cells[empty.pk].items() if v is not None} == {"secaction"}
    assert cells[empty.pk]["secaction"].level == 0


def test_heatmap_levels_follow_the_scale():
    assert [comparison.level(v, 0, 100) for v in (0, 19, 20, 59, 60, 99, 100, 120, -5)] == [0, 0, 1, 2, 3, 4, 4, 4, 0]
    assert [comparison.level(v, 1, 4) for v in (1, 2, 3, 4)] == [0, 1, 3, 4]


def test_heatmap_percentile_equals_the_peer_comparison():
    load_packs()
    group = [CompanyFactory(**SAME) for _ in range(11)]
    for n, company in enumerate(group):
        complete_with(company, answers_for_total(30 + 5 * n))
    alone = CompanyFactory(industry_major="I", industry_middle="56", employees=400, prefecture="47")
    complete_with(alone, answers_for_total(40))
    clients = group[:4] + [alone]
    org, adviser = _org_with(clients)
    _heat_, cells = _heat(org, adviser)
    for company in clients:
        latest = assessment_services.latest_completed(company.pk, "security_selfcheck")
        expected = assessment_services.peer_comparison(latest)
        cell = cells[company.pk]["sc_peers"]
        if expected.shown:
            assert (cell.text, cell.note) == (str(expected.percentile), f"{expected.size_bucket}社以上の中で")
        else:
            assert (cell.text, cell.level) == ("同業の会社が少ないため非表示", None)
    # The whole instance holds 12 results, so even the lone company is compared with "all" (>= 10).
    assert assessment_services.peer_comparison(assessment_services.latest_completed(alone.pk, "security_selfcheck")).shown


def test_heatmap_percentile_hidden_below_the_minimum_group():
    load_packs()
    companies = [CompanyFactory(**SAME) for _ in range(3)]
    for company in companies:
        complete_with(company, all_answers("partial"))
    org, adviser = _org_with(companies)
    _heat_, cells = _heat(org, adviser)
    assert {cells[c.pk]["sc_peers"].text for c in companies} == {"同業の会社が少ないため非表示"}


def test_heatmap_shows_only_the_organizations_linked_clients_and_searches():
    load_packs()
    mine, pending, other = CompanyFactory(name="連携済み商事"), CompanyFactory(name="未承認商事"), CompanyFactory(name="他組織商事")
    org, adviser = _org_with([mine])
    link(pending, org, status="pending")
    other_org, _other = _org_with([other])
    heat, _cells = _heat(org, adviser)
    assert [company.name for company, _ in heat.rows] == ["連携済み商事"]
    assert [company.name for company, _ in _heat(org, adviser, query="他組織")[0].rows] == []


def test_comparison_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    load_packs()
    few = [CompanyFactory(**SAME) for _ in range(2)]
    many = [CompanyFactory(**SAME) for _ in range(30)]
    for n, company in enumerate(few + many):
        complete_with(company, answers_for_total(20 + n))
        complete(company, STAGE_PACK, stage_answers("stage2", yes=["paperless"]))
        complete(company, MATURITY_PACK, maturity_answers((1 + n % 3, 4)))
    org, adviser = _org_with(few)
    client.force_login(adviser)
    url = reverse("orgs:adviser_comparison", args=[org.pk])
    client.get(url)  # warm the per-process caches (packs, compiled statements)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    for company in many:
        link(company, org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('<th scope="row">') == 32
    assert AuditEvent.objects.filter(organization=org, action=AuditEvent.Action.LIST).count() == 32


def test_comparison_page_renders_values_as_text_with_a_legend(client):
    load_packs()
    company = CompanyFactory(name="表示確認商事")
    security = complete_with(company, all_answers("yes"))
    org, adviser = _org_with([company], role="viewer")
    client.force_login(adviser)
    html = client.get(reverse("orgs:adviser_comparison", args=[org.pk])).content.decode()
    assert f'<td class="heat-4"><a href="{reverse("assessments:result", args=[company.pk, security.pk])}">100/100' in html
    assert "heat-legend" in html and "表示確認商事" in html


def test_counts_for_many_equal_the_single_counts_in_one_query(django_assert_num_queries):
    from dxnavi.assessments import peer_histograms

    load_packs()
    latest = []
    for n in range(6):
        profile = SAME if n % 2 else {**SAME, "prefecture": "27", "employees": 200}
        latest.append(complete_with(CompanyFactory(**profile), answers_for_total(20 + 10 * (n % 3))))
    with django_assert_num_queries(1):
        many = peer_histograms.counts_by_level_many(latest)
    assert many == [peer_histograms.counts_by_level(a) for a in latest]
    assert peer_histograms.counts_by_level_many([]) == []


def test_security_action_cells_equal_the_readiness_of_each_company():
    import datetime

    from dxnavi.secaction import levels as secaction_levels
    from dxnavi.secaction import content

    load_packs()
    nothing, ticked, ready = CompanyFactory(), CompanyFactory(), CompanyFactory()
    for company in (ticked, ready):
        owner = UserFactory()
        for item in content.item_ids():
            secaction_services.set_item_done(company, item, done=True, user=owner)
    owner = UserFactory()
    complete_with(ready, all_answers("partial"))
    policy = secaction_services.create_policy(
        ready, company_name=ready.name, representative="代表 太郎", policy_date=datetime.date(2026, 11, 26), language="ja",
        user=owner,
    )
    secaction_services.adopt_policy(policy, access=member_access(ready), user=owner)
    found = secaction_levels.readiness_by_company([nothing.pk, ticked.pk, ready.pk])
    for company in (nothing, ticked, ready):
        assert found[company.pk] == secaction_services.status(member_access(company)).readiness
    org, adviser = _org_with([nothing, ticked, ready])
    _heat_, cells = _heat(org, adviser)
    texts = [cells[c.pk]["secaction"].text for c in (nothing, ticked, ready)]
    assert texts == ["5か条のうち0件", "★の準備完了", "★★の準備完了"]
