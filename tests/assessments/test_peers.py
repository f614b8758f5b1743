"""Peer comparison: minimum group size, widening order, latest-only, percentile arithmetic."""

import pytest
from django.urls import reverse

from dxnavi.assessments import services
from dxnavi.assessments.domain import peers
from dxnavi.assessments.domain.peers import Counts, PeerResult, percentile_rank, replace_own, size_bucket
from tests.assessments.helpers import PACK_ID, answers_for_total, complete_with
from tests.factories import CompanyFactory, member

SAME = {"industry_major": "E", "employees": 18, "prefecture": "13"}  # 製造業, 6-20人, 東京都
OTHER_PREFECTURE = {**SAME, "prefecture": "27"}
OTHER_SIZE = {**SAME, "employees": 200}
OTHER_INDUSTRY = {**SAME, "industry_major": "I", "industry_middle": "56"}


def company_with(total, **profile):
    company = CompanyFactory(**{**SAME, **profile})
    return complete_with(company, answers_for_total(total))


def peers_of(subject_total, same_count, extra_profiles=(), same_total=60):
    for _ in range(same_count):
        company_with(same_total)
    for profile in extra_profiles:
        company_with(same_total, **profile)
    return company_with(subject_total)


# --- pure arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize(
    "below, equal, n, expected",
    [(0, 1, 10, 5), (9, 1, 10, 95), (3, 2, 10, 40), (1, 0, 8, 13), (0, 10, 10, 50), (5, 1, 11, 50), (2, 1, 16, 16)],
)
def test_percentile_rank_math_with_ties_and_rounding(below, equal, n, expected):
    assert percentile_rank(below, equal, n) == expected


@pytest.mark.parametrize(
    "n, bucket", [(9, None), (10, 10), (49, 10), (50, 50), (99, 50), (100, 100), (499, 100), (500, 500), (5000, 1000)]
)
def test_size_bucket_hides_exact_count(n, bucket):
    assert size_bucket(n) == bucket


def test_replace_own_swaps_latest_for_viewed_score():
    # Group holds the company's latest (80) and one peer at 50; viewing an older 50 counts 50 instead of 80.
    assert replace_own(Counts(n=10, below=4, equal=1), 50, 80) == Counts(n=10, below=4, equal=2)
    # Counts are relative to the viewed score (90): the latest (50) is one of the 6 below; it leaves, 90 joins.
    assert replace_own(Counts(n=10, below=6, equal=1), 90, 50) == Counts(n=10, below=5, equal=2)
    assert replace_own(Counts(n=10, below=4, equal=2), 50, 50) == Counts(n=10, below=4, equal=2)
    assert replace_own(Counts(n=9, below=4, equal=0), 50, None) == Counts(n=10, below=4, equal=1)


def test_choose_group_stops_at_first_level_with_min_group():
    counted = []

    def levels():
        for name, keys in peers.LEVELS:
            counted.append(name)
            yield name, keys, Counts(n={"industry_size_prefecture": 9, "industry_size": 10}.get(name, 50), below=4, equal=1)

    result = peers.choose_group(levels())
    assert result == PeerResult(
        shown=True, level="industry_size", keys=("industry_major", "size_band"), percentile=45, size_bucket=10
    )
    assert counted == ["industry_size_prefecture", "industry_size"]  # wider groups not even counted


# --- through the database --------------------------------------------------------------


def test_peers_group_of_10_is_shown(pack):
    subject = peers_of(50, same_count=9)
    result = services.peer_comparison(subject)
    assert (result.shown, result.level, result.size_bucket) == (True, "industry_size_prefecture", 10)


def test_peers_group_of_9_is_widened(pack):
    subject = peers_of(50, same_count=8, extra_profiles=[OTHER_PREFECTURE])
    result = services.peer_comparison(subject)
    assert (result.shown, result.level, result.size_bucket) == (True, "industry_size", 10)


@pytest.mark.parametrize(
    "same_count, extras, level",
    [
        (9, [], "industry_size_prefecture"),
        (8, [OTHER_PREFECTURE], "industry_size"),
        (8, [OTHER_SIZE], "industry"),
        (8, [OTHER_INDUSTRY], "all"),
        (7, [OTHER_PREFECTURE, OTHER_SIZE], "industry"),
        (7, [OTHER_SIZE, OTHER_INDUSTRY], "all"),
    ],
    ids=["narrow", "industry_size", "industry", "all", "industry_two_steps", "all_two_steps"],
)
def test_peers_widening_order(pack, same_count, extras, level):
    subject = peers_of(50, same_count=same_count, extra_profiles=extras)
    assert services.peer_comparison(subject).level == level


def test_peers_all_below_10_is_hidden(pack):
    subject = peers_of(50, same_count=7, extra_profiles=[OTHER_INDUSTRY])
    assert services.peer_comparison(subject) == PeerResult(shown=False)


def test_peers_only_latest_assessment_of_each_company_counts(pack):
    # 8 peers + the subject = 9 companies, although one peer completed twice (10 assessments).
    twice = CompanyFactory(**SAME)
    complete_with(twice, answers_for_total(100))
    complete_with(twice, answers_for_total(0))
    subject = peers_of(50, same_count=7)
    assert services.peer_comparison(subject) == PeerResult(shown=False)


def test_peers_older_result_of_a_peer_is_ignored_in_percentile(pack):
    flip = CompanyFactory(**SAME)
    complete_with(flip, answers_for_total(100))  # older: above the subject
    complete_with(flip, answers_for_total(0))  # latest: below the subject
    subject = peers_of(50, same_count=8, same_total=80)
    # below = 1 (flip's latest 0), equal = 1 (subject), n = 10 -> (1 + 0.5) / 10 = 15
    assert services.peer_comparison(subject).percentile == 15


def test_peers_percentile_with_ties(pack):
    for total in (30, 30, 30, 50, 80, 80, 80, 80, 80):
        company_with(total)
    subject = company_with(50)
    # below 3, equal 2 (the subject and one peer), n 10 -> (3 + 1) / 10 = 40
    assert services.peer_comparison(subject).percentile == 40


def test_peers_older_result_of_the_company_is_compared_as_itself(pack):
    for total in (30, 30, 30, 50, 80, 80, 80, 80, 80):
        company_with(total)
    company = CompanyFactory(**SAME)
    older = complete_with(company, answers_for_total(50))
    latest = complete_with(company, answers_for_total(90))
    older.refresh_from_db()
    assert services.peer_comparison(older).percentile == 40  # as if 50 were its result: 10 companies
    assert services.peer_comparison(latest).percentile == 95  # 9 below, itself equal


def test_peers_any_version_of_the_pack_counts(pack):
    from dxnavi.assessments.models import Assessment, QuestionnairePack

    for _ in range(9):
        company_with(60)
    old_version = QuestionnairePack.objects.create(
        pack_id=PACK_ID, version="2023.1", definition=pack.definition, checksum="0" * 64, source_file="old.yaml"
    )
    Assessment.objects.filter(pk__in=Assessment.objects.values("pk")[:3]).update(pack=old_version)
    subject = company_with(50)
    assert services.peer_comparison(subject).level == "industry_size_prefecture"


def test_peers_drafts_are_not_counted(pack):
    from tests.assessments.helpers import draft_with

    for _ in range(8):
        company_with(60)
    company_with(60, **OTHER_PREFECTURE)
    draft_with(CompanyFactory(**SAME), answers_for_total(100))
    subject = company_with(50)
    assert services.peer_comparison(subject).level == "industry_size"  # the draft does not make the narrow group 10


def test_result_page_says_which_group_and_nothing_about_single_companies(client, pack):
    names = [company_with(60 + i).company.name for i in range(9)]
    subject = company_with(50)
    owner = member(subject.company)
    client.force_login(owner)
    body = client.get(reverse("assessments:result", args=[subject.company.pk, subject.pk])).content.decode()
    assert "このグループの企業のうち、およそ5%の企業より高い点数です。" in body
    assert "業種: 製造業" in body and "規模: 従業員6〜20人" in body and "都道府県: 東京都" in body
    assert "グループの規模：10社以上" in body
    assert not any(name in body for name in names)
    assert "最高" not in body and "最低" not in body


def test_result_page_hides_comparison_below_10(client, pack):
    subject = company_with(50)
    client.force_login(member(subject.company))
    body = client.get(reverse("assessments:result", args=[subject.company.pk, subject.pk])).content.decode()
    assert (
        "この診断を終えた企業がまだ少ないため、公平に比べることができません。10社以上が診断を終えると、比較を表示します。" in body
    )
    assert "パーセンタイル" not in body and "グループの規模" not in body
