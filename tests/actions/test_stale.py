"""With the RQ backend the submission does not wait for the list: pages regenerate it while the job is pending."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dxnavi import jobs
from dxnavi.actions import registry
from dxnavi.actions.models import Action
from tests.assessments.helpers import all_answers, complete_with, load_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def rq_queue(settings, monkeypatch):
    """JOBS_BACKEND "rq" with a queue that only records (the worker never runs in these tests)."""
    settings.JOBS_BACKEND = "rq"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stale-tests"}}
    cache.clear()
    queued = []

    class Queue:
        def enqueue(self, run, path, *args, **kwargs):
            queued.append((path, args))

    monkeypatch.setattr(jobs, "queue", lambda name="default": Queue())
    return queued


@pytest.fixture
def owner_client(client, world):
    client.force_login(world["owner"])
    return client


def test_submission_with_rq_enqueues_and_list_page_regenerates(owner_client, world, rq_queue, django_capture_on_commit_callbacks):
    load_pack()
    company = world["company"]
    with django_capture_on_commit_callbacks(execute=True):
        complete_with(company, {**all_answers("yes"), "SC09": "no"})
    assert (rq_queue, Action.objects.filter(company=company).count(), registry.is_stale(company.pk)) == (
        [("dxnavi.actions.services.regenerate_by_id", (company.pk,))], 0, True
    )
    page = owner_client.get(reverse("actions:list", args=[company.pk])).content.decode()
    assert Action.objects.get(company=company, key="security:SC09").title["ja"] in page
    assert registry.is_stale(company.pk) is False


def test_go_link_after_submission_with_rq_finds_the_new_action(owner_client, world, rq_queue, django_capture_on_commit_callbacks):
    load_pack()
    company = world["company"]
    with django_capture_on_commit_callbacks(execute=True):
        complete_with(company, {**all_answers("yes"), "SC07": "no"})
    response = owner_client.get(reverse("actions:go", args=[company.pk]), {"key": "security:SC07"})
    action = Action.objects.get(company=company, key="security:SC07")
    assert response["Location"] == reverse("actions:detail", args=[company.pk, action.pk])


def test_not_stale_list_page_does_not_regenerate(owner_client, world, rq_queue):
    load_pack()
    company = world["company"]
    complete_with(company, {**all_answers("yes"), "SC09": "no"})  # no on_commit: nothing marked
    owner_client.get(reverse("actions:list", args=[company.pk]))
    assert Action.objects.filter(company=company).count() == 0
