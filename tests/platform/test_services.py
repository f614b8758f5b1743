"""Cache and job queue against the real Redis server (the test command starts one if absent)."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from tests.conftest import require_service

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_url():
    return require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))


def test_redis_cache_roundtrip(redis_url):
    cache = RedisCache(redis_url, {})
    key = f"dxnavi-test-{uuid.uuid4()}"
    cache.set(key, {"score": 72}, timeout=30)
    assert cache.get(key) == {"score": 72}
    cache.delete(key)
    assert cache.get(key) is None


def _record(path):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("ran\n")


@pytest.mark.django_db(transaction=True)
def test_rq_job_enqueued_and_run_by_worker(redis_url, settings, tmp_path):
    from rq import SimpleWorker

    from dxnavi import jobs

    settings.REDIS_URL = redis_url
    settings.JOBS_BACKEND = "rq"
    queue = jobs.queue()
    queue.empty()
    marker = tmp_path / "marker.txt"
    jobs.enqueue("tests.platform.test_services._record", str(marker))  # no transaction: on_commit runs now
    assert queue.count == 1
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert marker.read_text() == "ran\n"


@pytest.mark.django_db(transaction=True)
def test_inprocess_job_runs_immediately(settings, tmp_path):
    from dxnavi import jobs

    settings.JOBS_BACKEND = "inprocess"
    marker = tmp_path / "marker.txt"
    jobs.enqueue("tests.platform.test_services._record", str(marker))
    assert marker.read_text() == "ran\n"


def test_enqueue_unknown_function_fails_in_caller(settings):
    from dxnavi import jobs

    with pytest.raises(AttributeError):
        jobs.enqueue("dxnavi.jobs.no_such_function")
