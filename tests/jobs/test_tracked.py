"""Tracked jobs (``dxnavi.jobs.tracked``): lifecycle, failure messages, the progress partial, RQ."""

import os

import pytest
from django.urls import reverse

from dxnavi.jobs import tracked
from dxnavi.jobs.models import Status, TrackedJob
from tests.conftest import require_service
from tests.factories import CompanyFactory, member

SEEN = []


def steps(job, progress):
    """A job of three steps that records what its page would have shown at each step."""
    for number in range(3):
        SEEN.append(TrackedJob.objects.values_list("status", "done", "total").get(pk=job.pk))
        progress(number + 1, 3, f"step {number + 1}")
    return {"answer": job.arguments["question"] * 2}


def broken(job, progress):
    progress(1, 2, "half")
    raise RuntimeError("internal detail that must not be shown")


def refused(job, progress):
    raise tracked.JobError("権限がありません。")


@pytest.fixture
def owner_company(db):
    company = CompanyFactory()
    return company, member(company, role="owner")


def _start(path, company, user, django_capture_on_commit_callbacks, **arguments):
    with django_capture_on_commit_callbacks(execute=True):
        job = tracked.start(path, company=company, user=user, kind="test", arguments=arguments)
        assert TrackedJob.objects.get(pk=job.pk).status == Status.QUEUED  # nothing runs before the commit
    job.refresh_from_db()
    return job


def test_tracked_job_goes_from_queued_through_running_to_done(owner_company, django_capture_on_commit_callbacks):
    company, owner = owner_company
    SEEN.clear()
    job = _start("tests.jobs.test_tracked.steps", company, owner, django_capture_on_commit_callbacks, question=21)
    assert SEEN == [("running", 0, 0), ("running", 1, 3), ("running", 2, 3)]
    assert (job.status, job.done, job.total, job.percent, job.result) == ("done", 3, 3, 100, {"answer": 42})
    assert job.started_at <= job.finished_at


def test_tracked_job_failure_shows_a_japanese_message(owner_company, client, django_capture_on_commit_callbacks):
    company, owner = owner_company
    job = _start("tests.jobs.test_tracked.broken", company, owner, django_capture_on_commit_callbacks)
    assert (job.status, job.done, job.total) == ("failed", 1, 2)
    assert job.error == "作成できませんでした。もう一度お試しください。繰り返し失敗する場合はお問い合わせください。"
    client.force_login(owner)
    html = client.get(reverse("jobs:detail", args=[company.pk, job.pk])).content.decode()
    assert job.error in html
    assert "internal detail" not in html
    assert "hx-trigger" not in html  # polling stops


def test_tracked_job_error_of_the_function_is_shown_as_written(owner_company, django_capture_on_commit_callbacks):
    company, owner = owner_company
    job = _start("tests.jobs.test_tracked.refused", company, owner, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == ("failed", "権限がありません。")


def test_tracked_job_unknown_function_fails_in_caller(owner_company):
    company, owner = owner_company
    with pytest.raises(AttributeError):
        tracked.start("tests.jobs.test_tracked.no_such_job", company=company, user=owner, kind="test")
    assert TrackedJob.objects.count() == 0


def test_progress_partial_polls_while_running_and_offers_the_download_when_done(owner_company, client):
    from dxnavi.reports.models import RenderedDocument

    company, owner = owner_company
    job = TrackedJob.objects.create(
        company=company, user=owner, kind="summary_full", function="x.y", status=Status.RUNNING, done=2, total=8,
        message="診断のレポート",
    )
    client.force_login(owner)
    url = reverse("jobs:progress", args=[company.pk, job.pk])
    html = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s"' in html
    assert '<progress max="100" value="25" aria-labelledby="job-progress-label">' in html
    assert "8段階中2段階が終わりました" in html
    assert "<strong>作成中</strong>：診断のレポート" in html
    assert reverse("jobs:download", args=[company.pk, job.pk]) not in html

    document = RenderedDocument.objects.create(company=company, kind="summary_full", object_id=company.pk, key="k", content=b"%PDF-1", size=6)
    TrackedJob.objects.filter(pk=job.pk).update(status=Status.DONE, done=8, document=document, result={"filename": "全体.pdf"})
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html
    assert '<progress max="100" value="100"' in html
    assert reverse("jobs:download", args=[company.pk, job.pk]) in html
    response = client.get(reverse("jobs:download", args=[company.pk, job.pk]))
    assert (response.status_code, response.content) == (200, b"%PDF-1")
    assert "filename*=UTF-8''%E5%85%A8%E4%BD%93.pdf" in response["Content-Disposition"]


def test_download_of_an_unfinished_job_goes_to_its_page(owner_company, client):
    company, owner = owner_company
    job = TrackedJob.objects.create(company=company, user=owner, kind="summary_full", function="x.y")
    client.force_login(owner)
    response = client.get(reverse("jobs:download", args=[company.pk, job.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("jobs:detail", args=[company.pk, job.pk]))


def test_job_of_another_company_is_not_found_under_ones_own(owner_company, client):
    company, owner = owner_company
    other = CompanyFactory()
    job = TrackedJob.objects.create(company=other, user=None, kind="summary_full", function="x.y")
    client.force_login(owner)
    for name in ("jobs:detail", "jobs:progress", "jobs:download"):
        assert client.get(reverse(name, args=[company.pk, job.pk])).status_code == 404


def test_jobs_are_deleted_with_the_company(owner_company):
    company, owner = owner_company
    TrackedJob.objects.create(company=company, user=owner, kind="test", function="x.y")
    company.delete()
    assert TrackedJob.objects.count() == 0


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_tracked_job_on_rq_runs_in_the_worker(settings):
    from rq import SimpleWorker

    from dxnavi import jobs

    settings.REDIS_URL = require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))
    settings.JOBS_BACKEND = "rq"
    queue = jobs.queue()
    queue.empty()
    company = CompanyFactory()
    owner = member(company, role="owner")
    job = tracked.start("tests.jobs.test_tracked.steps", company=company, user=owner, kind="test", arguments={"question": 5})
    assert (queue.count, TrackedJob.objects.get(pk=job.pk).status) == (1, "queued")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result) == ("done", 3, 3, {"answer": 10})


@pytest.mark.django_db(transaction=True)
def test_tracked_job_inprocess_runs_on_a_thread(settings):
    import time

    settings.JOBS_BACKEND = "inprocess"
    company = CompanyFactory()
    owner = member(company, role="owner")
    job = tracked.start("tests.jobs.test_tracked.steps", company=company, user=owner, kind="test", arguments={"question": 1})
    for _attempt in range(100):  # waits for the thread, not a timing measurement
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.05)
    assert (job.status, job.result) == ("done", {"answer": 2})


def test_job_unfinished_for_too_long_stops_polling_and_says_so(owner_company, client):
    from django.utils import timezone

    from dxnavi.jobs.models import STALL_AFTER

    company, owner = owner_company
    job = TrackedJob.objects.create(
        company=company, user=owner, kind="summary_full", function="x.y", status=Status.RUNNING,
        created_at=timezone.now() - STALL_AFTER - STALL_AFTER / 10,
    )
    client.force_login(owner)
    html = client.get(reverse("jobs:progress", args=[company.pk, job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert "時間がかかりすぎています。途中で止まった可能性があります。もう一度作成してください。" in html


# An adviser organization's jobs (bulk imports, regional reports): its members only, outcome as a page.


def to_result_page(job, progress):
    progress(1, 1, "one")
    return {"url": "/adviser/somewhere/", "label": "取込結果を見る"}


@pytest.fixture
def org_member(db):
    from dxnavi.orgs.models import AdviserMembership
    from tests.factories import AdviserOrganizationFactory, UserFactory

    organization = AdviserOrganizationFactory()
    user = UserFactory()
    AdviserMembership.objects.create(organization=organization, user=user, role="editor")
    return organization, user


def test_tracked_job_of_an_organization_shows_its_result_link(org_member, client, django_capture_on_commit_callbacks):
    organization, user = org_member
    with django_capture_on_commit_callbacks(execute=True):
        job = tracked.start("tests.jobs.test_tracked.to_result_page", organization=organization, user=user, kind="test")
    job.refresh_from_db()
    assert (job.company_id, job.organization_id, job.status) == (None, organization.pk, "done")
    client.force_login(user)
    page = client.get(reverse("jobs:org_detail", args=[organization.pk, job.pk]))
    assert page.status_code == 200
    assert '<a class="btn" href="/adviser/somewhere/">取込結果を見る</a>' in page.content.decode()
    partial = client.get(reverse("jobs:org_progress", args=[organization.pk, job.pk])).content.decode()
    assert "hx-trigger" not in partial


def test_tracked_job_of_an_organization_polls_its_own_progress_url_while_running(org_member, client):
    organization, user = org_member
    job = TrackedJob.objects.create(organization=organization, user=user, kind="test", function="x.y", status=Status.RUNNING)
    client.force_login(user)
    partial = client.get(reverse("jobs:org_progress", args=[organization.pk, job.pk])).content.decode()
    assert f'hx-get="/adviser/o/{organization.pk}/jobs/{job.pk}/progress/"' in partial


def test_tracked_job_of_another_organization_is_not_found(org_member, client):
    from tests.factories import AdviserOrganizationFactory

    organization, user = org_member
    other = AdviserOrganizationFactory()
    job = TrackedJob.objects.create(organization=other, user=None, kind="test", function="x.y")
    client.force_login(user)
    assert client.get(reverse("jobs:org_detail", args=[organization.pk, job.pk])).status_code == 404


def test_tracked_job_needs_exactly_one_owner(org_member, owner_company):
    organization, user = org_member
    company, _owner = owner_company
    with pytest.raises(ValueError):
        tracked.start("tests.jobs.test_tracked.steps", user=user, kind="test")
    with pytest.raises(ValueError):
        tracked.start("tests.jobs.test_tracked.steps", company=company, organization=organization, user=user, kind="test")


def test_tracked_job_row_with_both_owners_is_refused_by_the_database(org_member, owner_company):
    from django.db import IntegrityError, transaction

    organization, user = org_member
    company, _owner = owner_company
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedJob.objects.create(company=company, organization=organization, kind="test", function="x.y")
