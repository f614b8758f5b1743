"""The result page's cached fragments (assessments/fragments.py) and the pages' query budgets (issue #11)."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from dxnavi.assessments import fragments, services, trends
from dxnavi.assessments.models import Assessment
from tests.assessments.helpers import all_answers, answers_for_total, complete_with, member_access
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

TEMPLATES = Path(__file__).resolve().parents[2] / "dxnavi" / "assessments" / "templates"


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


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_result_page_second_view_is_identical_and_served_from_the_cache(owner_client, company, owner):
    complete_with(company, answers_for_total(40), user=owner)
    done = complete_with(company, {**answers_for_total(70), "SC05": "unknown"}, user=owner)
    first = _page(owner_client, _result_url(done))
    key = fragments.fragment_key(done, services.previous_completed(done))
    from django.core.cache.utils import make_template_fragment_key

    assert cache.get(make_template_fragment_key("result.answers", [key])) is not None
    assert cache.get(make_template_fragment_key("result.parts", [key])) is not None
    assert _page(owner_client, _result_url(done)) == first


def test_result_print_view_matches_the_page_after_the_cache_is_filled(owner_client, company, owner):
    done = complete_with(company, answers_for_total(70), user=owner)
    url = reverse("assessments:print", args=[company.pk, done.pk])
    uncached = _page(owner_client, url)
    _page(owner_client, _result_url(done))  # fills the fragments
    assert _page(owner_client, url) == uncached


def test_result_page_renamed_user_is_shown_although_the_rest_is_cached(owner_client, company, owner):
    done = complete_with(company, answers_for_total(70), user=owner)
    _page(owner_client, _result_url(done))
    owner.name = "改名 後子"
    owner.save()
    assert "改名 後子" in _page(owner_client, _result_url(done))


def test_result_page_adviser_wording_after_the_owner_filled_the_cache(client, owner_client, company, owner):
    done = complete_with(company, {**all_answers("yes"), "SC03": "no"}, user=owner)
    assert "自社の回答：" in _page(owner_client, _result_url(done))
    adviser = UserFactory()
    link(company, AdviserOrganizationFactory(), adviser=adviser)
    client.force_login(adviser)
    body = _page(client, _result_url(done))
    assert f"{company.name}の回答" in body and "自社の回答：" not in body


def test_result_page_in_english_after_japanese_is_cached(owner_client, company, owner):
    done = complete_with(company, answers_for_total(70), user=owner)
    assert "すべての回答" in _page(owner_client, _result_url(done))
    owner_client.cookies["django_language"] = "en"
    body = _page(owner_client, _result_url(done))
    assert "Score by part" in body and "分野ごとの点数" not in body


def test_fragment_key_names_result_previous_language_and_rendering(company, owner):
    first = complete_with(company, answers_for_total(40), user=owner)
    second = complete_with(company, answers_for_total(70), user=owner)
    with translation.override("ja"):
        ja = fragments.fragment_key(second, first)
        assert fragments.fragment_key(second, None) != ja
        assert fragments.fragment_key(first, None) != fragments.fragment_key(second, None)
    with translation.override("en"):
        assert fragments.fragment_key(second, first) != ja
    assert ja.startswith(fragments.rendering_digest() + ":ja:")


def test_fragment_key_changes_when_the_previous_result_changes(company, owner):
    """A result completed (or dated) before this one becomes its previous: another key, another rendering."""
    first = complete_with(company, answers_for_total(40), user=owner)
    second = complete_with(company, answers_for_total(70), user=owner)
    before = fragments.fragment_key(second, services.previous_completed(second))
    Assessment.objects.filter(pk=first.pk).update(completed_at=second.completed_at.replace(year=second.completed_at.year - 1))
    first.refresh_from_db()
    assert fragments.fragment_key(second, services.previous_completed(second)) != before


def test_previous_result_changed_shows_the_new_change_section(owner_client, company, owner):
    first = complete_with(company, answers_for_total(40), user=owner)
    second = complete_with(company, answers_for_total(70), user=owner)
    assert "前回（" in _page(owner_client, _result_url(second)).split('id="change-title"')[1]
    Assessment.objects.filter(pk=first.pk).delete()
    assert "今回がはじめての診断です" in _page(owner_client, _result_url(second)).split('id="change-title"')[1]


def test_rendering_digest_covers_every_template_with_a_cached_block():
    with_blocks = sorted(
        str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html") if "{% resultcache" in path.read_text()
    )
    assert [name for name in with_blocks if name not in fragments.CACHED_TEMPLATES] == []
    # Included inside cached blocks: part of the digest too.
    assert {"assessments/_chart.html", "assessments/results/_radar.html"} <= set(fragments.CACHED_TEMPLATES)


def test_resultcache_without_a_key_renders_every_time(company, owner):
    from django.template.loader import render_to_string

    done = complete_with(company, answers_for_total(70), user=owner)
    r = services.result(done, with_peers=False)
    context = {"r": r, "assessment": done, "spec": r.spec}
    html = render_to_string("assessments/_answers_table.html", context)
    r.items = r.items[::-1]  # shows only if the table is rendered again
    assert render_to_string("assessments/_answers_table.html", context) != html


# --- answers read once ---------------------------------------------------------------------


def test_answers_of_completed_assessment_reads_once(company, owner, django_assert_num_queries):
    done = Assessment.objects.get(pk=complete_with(company, answers_for_total(70), user=owner).pk)
    with django_assert_num_queries(1):
        first = services.answers_of(done)
        assert services.answers_of(done) == first
    assert len(first) == 25


def test_prefetch_answers_reads_both_results_in_one_query(company, owner, django_assert_num_queries):
    first = complete_with(company, answers_for_total(40), user=owner)
    second = complete_with(company, answers_for_total(70), user=owner)
    a, b = (Assessment.objects.get(pk=x.pk) for x in (first, second))
    with django_assert_num_queries(1):
        services.prefetch_answers(a, b)
        assert (services.answers_of(a), services.answers_of(b)) == (answers_for_total(40), answers_for_total(70))


def test_recompute_scores_the_stored_answers_not_the_read_once_copy(company, owner):
    done = complete_with(company, all_answers("yes"), user=owner)
    assert services.answers_of(done)["SC01"] == "yes"
    done.answers.filter(question_id="SC01").update(option_id="no")
    assert services.recompute(done).total_score == 96


# --- query budgets -------------------------------------------------------------------------


def test_result_page_query_budget(owner_client, company, owner, django_assert_max_num_queries):
    for _ in range(3):
        complete_with(CompanyFactory(), answers_for_total(55))
    complete_with(company, answers_for_total(40), user=owner)
    done = complete_with(company, answers_for_total(70), user=owner)
    with django_assert_max_num_queries(RESULT_QUERIES):
        assert owner_client.get(_result_url(done)).status_code == 200


def test_history_query_budget_and_trend_from_the_page_rows(owner_client, company, owner, django_assert_max_num_queries):
    for total in range(30, 100, 10):
        complete_with(company, answers_for_total(total), user=owner)
    url = reverse("assessments:history", args=[company.pk, "security_selfcheck"])
    with django_assert_max_num_queries(HISTORY_QUERIES):
        response = owner_client.get(url)
    points = services.trend_results(member_access(company), "security_selfcheck", trends.MAX_POINTS)
    assert response.context["trend"] == trends.trend(response.context["spec"], points)


def test_history_second_page_trend_is_still_the_latest_results(owner_client, company, owner, monkeypatch):
    from dxnavi.assessments import views

    monkeypatch.setattr(views, "HISTORY_PAGE_SIZE", 2)
    for total in (30, 50, 70):
        complete_with(company, answers_for_total(total), user=owner)
    url = reverse("assessments:history", args=[company.pk, "security_selfcheck"])
    first = owner_client.get(url).context["trend"]
    second = owner_client.get(url + "?page=2").context["trend"]
    assert [p.value_label for p in second.points] == ["30", "50", "70"]
    assert second == first


# session, user, company, membership, nav (2), the assessment, the previous one, both answer sets (1),
# peers (up to 3 levels while the groups are small, as here; see services.peer_comparison).
RESULT_QUERIES = 13
# session, user, company, membership, nav (2), current pack, draft, count, the page (its trend included).
HISTORY_QUERIES = 10


def test_result_page_renders_when_the_cache_is_unreachable(owner_client, company, owner, monkeypatch):
    done = complete_with(company, answers_for_total(70), user=owner)
    expected = _page(owner_client, _result_url(done))

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    assert _page(owner_client, _result_url(done)) == expected
