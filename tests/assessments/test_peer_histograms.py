"""Peer histograms: exact after completions, deletions and rebuilds; peer_comparison equals the COUNT query."""

import functools
import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxnavi.assessments import peer_histograms, services
from dxnavi.assessments.models import Assessment, PeerHistogram
from dxnavi.orgs.domain.size import size_band
from dxnavi.orgs.models import Company, Role
from dxnavi.orgs.services import refresh_derived
from tests.assessments.helpers import PACK_ID, answers_for_total, complete_with
from tests.assessments.peer_reference import counted_peer_comparison
from tests.factories import CompanyFactory

SAME = {"industry_major": "E", "employees": 18, "prefecture": "13"}  # 製造業, 6-20人, 東京都


@functools.lru_cache(maxsize=None)
def answers(total: int) -> dict[str, str]:
    return answers_for_total(total)


def complete(company, total):
    return complete_with(company, dict(answers(total)))


def buckets(company_or_assessment, score):
    """{level: count} of the buckets of the given keys and score (0 when missing)."""
    found = {}
    for level, keys in peer_histograms.group_keys(company_or_assessment):
        row = PeerHistogram.objects.filter(pack_family=PACK_ID, level=level, total_score=score, **keys).first()
        found[level] = row.count if row else 0
    return found


ALL_LEVELS = ("industry_size_prefecture", "industry_size", "industry", "all")


def each_level(n):
    return dict.fromkeys(ALL_LEVELS, n)


# --- bucket updates --------------------------------------------------------------------


def test_histogram_first_completion_adds_one_to_each_level(pack):
    first = complete(CompanyFactory(**SAME), 50)
    assert buckets(first, 50) == each_level(1)
    assert PeerHistogram.objects.count() == 4
    assert peer_histograms.check() == {}


def test_histogram_new_completion_moves_company_to_new_score(pack):
    company = CompanyFactory(**SAME)
    older = complete(company, 50)
    complete(CompanyFactory(**SAME), 50)
    latest = complete(company, 80)
    assert buckets(older, 50) == each_level(1)  # the other company stays
    assert buckets(latest, 80) == each_level(1)
    assert peer_histograms.check() == {}


def test_histogram_same_score_again_changes_nothing(pack):
    company = CompanyFactory(**SAME)
    complete(company, 50)
    latest = complete(company, 50)
    assert buckets(latest, 50) == each_level(1)


def test_histogram_completion_after_profile_change_moves_groups_snapshot(pack):
    company = CompanyFactory(**SAME)
    older = complete(company, 50)
    Company.objects.filter(pk=company.pk).update(prefecture="27")
    company.refresh_from_db()
    latest = complete(company, 50)
    assert (older.prefecture, latest.prefecture) == ("13", "27")
    assert buckets(older, 50) == {**each_level(1), "industry_size_prefecture": 0}  # wider groups: the same company
    assert buckets(latest, 50) == each_level(1)
    assert peer_histograms.check() == {}


def test_histogram_profile_change_alone_changes_nothing(pack):
    first = complete(CompanyFactory(**SAME), 50)
    Company.objects.filter(pk=first.company_id).update(industry_major="I")
    assert buckets(first, 50) == each_level(1)  # keys were copied at completion
    assert peer_histograms.check() == {}


def test_histogram_draft_counts_nowhere(pack):
    from tests.assessments.helpers import draft_with

    draft_with(CompanyFactory(**SAME), dict(answers(100)))
    assert PeerHistogram.objects.exclude(count=0).count() == 0


# --- deletions -------------------------------------------------------------------------


def test_histogram_company_deletion_removes_its_latest_result(pack):
    company = CompanyFactory(**SAME)
    complete(company, 30)
    latest = complete(company, 60)
    stays = complete(CompanyFactory(**SAME), 60)
    company.delete()  # cascades to the assessments: pre_delete per row
    assert buckets(latest, 60) == each_level(1)
    assert buckets(latest, 30) == each_level(0)
    assert peer_histograms.check() == {}
    assert services.peer_comparison(stays).shown is False


def test_histogram_privacy_purge_keeps_histogram_exact(pack):
    from dxnavi.privacy import services as privacy
    from dxnavi.privacy.models import DeletionRecord

    company = CompanyFactory(**SAME)
    complete(company, 40)
    complete(CompanyFactory(**SAME), 40)
    record = DeletionRecord.objects.create(
        company_ref=company.pk, scheduled_for=timezone.now() - timedelta(days=1), requested_by_role=Role.OWNER
    )
    assert privacy.purge_company(record.pk) is not None
    assert not Company.objects.filter(pk=company.pk).exists()
    assert buckets(SimpleNamespace(**{k: getattr(company, k) for k in ("industry_major", "size_band", "prefecture")}), 40) == (
        each_level(1)
    )
    assert peer_histograms.check() == {}


def test_histogram_deleting_an_older_result_changes_nothing(pack):
    company = CompanyFactory(**SAME)
    older = complete(company, 30)
    latest = complete(company, 60)
    older.delete()
    assert buckets(latest, 60) == each_level(1)
    assert peer_histograms.check() == {}


def test_histogram_deleting_the_latest_result_empties_its_buckets(pack):
    latest = complete(CompanyFactory(**SAME), 60)
    Assessment.objects.filter(pk=latest.pk).delete()
    assert buckets(latest, 60) == each_level(0)
    assert peer_histograms.check() == {}


# --- rebuild, check, migration ---------------------------------------------------------


def test_rebuild_repairs_changes_that_bypassed_the_services(pack):
    for total in (10, 10, 50):
        complete(CompanyFactory(**SAME), total)
    Assessment.objects.filter(total_score=50).update(total_score=70)  # behind the histogram's back
    assert set(peer_histograms.check().values()) == {(1, 0), (0, 1)}
    assert peer_histograms.rebuild() == 8  # 2 scores × 4 levels
    assert peer_histograms.check() == {}
    assert buckets(Assessment.objects.get(total_score=70), 70) == each_level(1)


def test_rebuild_of_one_pack_family_keeps_the_others(pack):
    complete(CompanyFactory(**SAME), 10)
    PeerHistogram.objects.create(pack_family="other", level="all", total_score=3, count=7)
    peer_histograms.rebuild(PACK_ID)
    assert PeerHistogram.objects.get(pack_family="other").count == 7


def test_rebuild_command_check_fails_on_difference_then_rebuild_fixes(pack):
    complete(CompanyFactory(**SAME), 10)
    PeerHistogram.objects.filter(level="all").update(count=5)
    with pytest.raises(CommandError):
        call_command("rebuild_peer_histograms", "--check", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("rebuild_peer_histograms", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert peer_histograms.check() == {}


def test_migration_builds_histograms_for_existing_results(pack):
    from django.apps import apps

    for total in (10, 10, 50):
        complete(CompanyFactory(**SAME), total)
    PeerHistogram.objects.all().delete()
    migration = importlib.import_module("dxnavi.assessments.migrations.0004_build_peer_histograms")
    migration.build(apps, SimpleNamespace(connection=connection))
    assert peer_histograms.check() == {}
    assert PeerHistogram.objects.count() == 8


def test_generate_synthetic_and_purge_leave_histograms_exact(pack):
    out = open("/dev/null", "w")  # noqa: SIM115
    complete(CompanyFactory(**SAME), 50)  # real data stays counted
    call_command("generate_synthetic", companies=30, assessments=60, seed=3, answers="none", stdout=out)
    assert Assessment.objects.filter(is_latest=True).count() > 1
    assert peer_histograms.check() == {}
    call_command("generate_synthetic", purge=True, stdout=out)
    assert peer_histograms.check() == {}
    assert PeerHistogram.objects.filter(level="all").exclude(count=0).count() == 1


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("group", [10, 30])
def test_peer_comparison_query_count_does_not_grow_with_group(pack, group, django_assert_num_queries):
    for n in range(group - 1):
        complete(CompanyFactory(**SAME), n % 7 * 10)
    company = CompanyFactory(**SAME)
    older = complete(company, 35)
    latest = complete(company, 45)
    older.refresh_from_db()
    with django_assert_num_queries(1):
        result = services.peer_comparison(latest)
    assert result.shown
    with django_assert_num_queries(2):  # + the company's latest result
        services.peer_comparison(older)


def test_peer_comparison_equals_count_query_on_fixed_case(pack):
    for total in (30, 30, 30, 50, 80, 80, 80, 80, 80):
        complete(CompanyFactory(**SAME), total)
    company = CompanyFactory(**SAME)
    older = complete(company, 50)
    latest = complete(company, 90)
    older.refresh_from_db()
    assert services.peer_comparison(older) == counted_peer_comparison(older)
    assert services.peer_comparison(latest) == counted_peer_comparison(latest)
    assert services.peer_comparison(latest).percentile == 95


# --- property: histogram == COUNT query after any history -----------------------------

# Group profiles (industry, employees, prefecture): a big narrow group and its neighbours,
# so the narrow level, each widening step and "not shown" all occur.
PROFILES = [("E", 18, "13"), ("E", 18, "27"), ("E", 200, "13"), ("I", 18, "13"), ("I", 200, "27")]
MIDDLE = {"E": "26", "I": "56"}
POOL = [0] * 11 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 3  # profile index of each pool company
SCORES = st.sampled_from([-3, 0, 20, 50, 51, 80, 100])

operation = st.one_of(
    st.tuples(st.just("complete"), st.integers(0, len(POOL) - 1), SCORES),
    st.tuples(st.just("move"), st.integers(0, len(POOL) - 1), st.integers(0, len(PROFILES) - 1)),
    st.tuples(st.just("delete_latest"), st.integers(0, len(POOL) - 1), st.just(0)),
    st.tuples(st.just("delete_company"), st.integers(0, len(POOL) - 1), st.just(0)),
)
# Per pool company: (has a latest result, its score, its group profile: -1 = the company's own, older result too).
# Per pool company: (has a latest result, its score, its group profile: -1 = the company's own, older result too);
# the share of companies with a result varies per example (none, half, three in four, all).
initial = st.integers(0, 3).flatmap(
    lambda density: st.lists(
        st.tuples(
            st.sampled_from([True] * density + [False] * (density < 3)),
            SCORES,
            st.sampled_from([-1] * 4 + list(range(len(PROFILES)))),
            st.booleans(),
        ),
        min_size=len(POOL),
        max_size=len(POOL),
    )
)


class _Rollback(Exception):
    pass


@pytest.fixture
def pool(pack):
    """The companies of every example (each example's changes are rolled back), in pk order."""
    companies = []
    for index in POOL:
        industry, employees, prefecture = PROFILES[index]
        companies.append(
            CompanyFactory(industry_major=industry, industry_middle=MIDDLE[industry], employees=employees, prefecture=prefecture)
        )
    return companies


def _load_initial(pack, companies, start):
    """Latest results written directly (a bulk load), with an older result where asked, then rebuilt."""
    now = timezone.now()
    rows = []
    for index, (company, spec) in enumerate(zip(companies, start)):
        has_latest, score, profile, with_older = spec
        if not has_latest:
            continue
        profile = POOL[index] if profile < 0 else profile
        industry, _employees, prefecture = PROFILES[profile]
        keys = {"industry_major": industry, "size_band": size_band(PROFILES[profile][1]), "prefecture": prefecture}
        common = {"company": company, "pack": pack, "pack_family": PACK_ID, "status": Assessment.Status.COMPLETED}
        if with_older:
            rows.append(Assessment(**common, **keys, completed_at=now - timedelta(days=90), total_score=score + 7))
        rows.append(Assessment(**common, **keys, completed_at=now - timedelta(days=30), total_score=score, is_latest=True))
    Assessment.objects.bulk_create(rows)
    peer_histograms.rebuild()


def _run(companies, op, target, value):
    company = companies[target]
    if company is None:
        return
    if op == "complete":
        complete(company, value)
    elif op == "move":  # the company's profile changes; only its next completion moves groups
        industry, employees, prefecture = PROFILES[value]
        company.industry_major, company.employees, company.prefecture = industry, employees, prefecture
        company.industry_middle = MIDDLE[industry]
        refresh_derived(company)
        company.save()
    elif op == "delete_latest":
        Assessment.objects.filter(company=company, is_latest=True).delete()
    else:
        company.delete()
        companies[target] = None


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(start=initial, operations=st.lists(operation, max_size=14))
def test_property_histogram_comparison_equals_count_query(pack, pool, start, operations):
    try:
        with transaction.atomic():
            companies = list(Company.objects.filter(pk__in=[c.pk for c in pool]).order_by("pk"))
            _load_initial(pack, companies, start)
            for op, target, value in operations:
                _run(companies, op, target, value)
            assert peer_histograms.check() == {}
            for assessment in Assessment.objects.filter(status=Assessment.Status.COMPLETED).select_related("company"):
                assert services.peer_comparison(assessment) == counted_peer_comparison(assessment), assessment.pk
            raise _Rollback
    except _Rollback:
        pass


# --- concurrency (PostgreSQL: real concurrent transactions) -----------------------------


@pytest.mark.django_db(transaction=True)
def test_histogram_concurrent_completions_stay_exact(db):
    import threading

    from django.db import connections

    from tests.assessments.helpers import draft_with, load_pack

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    load_pack()
    drafts = []
    for n in range(8):
        company = CompanyFactory(**SAME)
        complete(company, (20, 80)[n % 2])  # an older latest result to move out of its bucket
        drafts.append(draft_with(company, dict(answers((80, 20, 51, 52)[n % 4]))))  # new buckets (51, 52) race
    barrier, errors = threading.Barrier(len(drafts)), []

    def finish(draft):
        try:
            barrier.wait(timeout=30)
            services.complete(draft, None, None)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finish, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert peer_histograms.check() == {}
    assert buckets(drafts[0].company, 51) == each_level(2)


def test_histogram_rescored_latest_result_moves_bucket(pack):
    latest = complete(CompanyFactory(**SAME), 60)
    Assessment.objects.filter(pk=latest.pk).update(total_score=10)  # as if scored by an older rule
    peer_histograms.rebuild()
    latest.refresh_from_db()
    services.recompute(latest)
    assert latest.total_score == 60
    assert (buckets(latest, 60), buckets(latest, 10)) == (each_level(1), each_level(0))
    assert peer_histograms.check() == {}
