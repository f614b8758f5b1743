import os

import pytest
from django.core.cache import caches

from dxnavi.api import idempotency
from dxnavi.api.models import ApiToken, IdempotencyRecord
from tests.api import idem_api
from tests.api.helpers import call, make_token
from tests.conftest import require_service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    idem_api.CALLS.clear()
    return idem_api.CALLS


@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_replay_returns_stored_answer(client, calls):
    token = make_token(UserFactory(), scope="write")
    first = call(client, "post", "/t/notes", token, json={"text": "a"}, headers={"Idempotency-Key": "k1"})
    second = call(client, "post", "/t/notes", token, json={"text": "a"}, headers={"Idempotency-Key": "k1"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert calls == ["a"]


@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_same_key_different_body_422(client, calls):
    token = make_token(UserFactory(), scope="write")
    call(client, "post", "/t/notes", token, json={"text": "a"}, headers={"Idempotency-Key": "k1"})
    response = call(client, "post", "/t/notes", token, json={"text": "b"}, headers={"Idempotency-Key": "k1"})
    assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")
    assert calls == ["a"]


@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_concurrent_duplicate_409(client, calls):
    """A first request still running holds the record without a status: the repeat is refused."""
    token = make_token(UserFactory(), scope="write")
    body = b'{"text": "a"}'
    import hashlib

    IdempotencyRecord.objects.create(
        token=ApiToken.objects.get(), key="k1", method="POST", path="/t/notes", body_sha256=hashlib.sha256(body).hexdigest()
    )
    response = client.post("/t/notes", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="k1")
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_in_progress")
    assert calls == []


@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_without_key_runs_each_time(client, calls):
    token = make_token(UserFactory(), scope="write")
    call(client, "post", "/t/notes", token, json={"text": "a"})
    call(client, "post", "/t/notes", token, json={"text": "a"})
    assert calls == ["a", "a"]
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_server_error_leaves_no_record(client, calls):
    token = make_token(UserFactory(), scope="write")
    response = call(client, "post", "/t/boom", token, json={"text": "a"}, headers={"Idempotency-Key": "k2"})
    assert (response.status_code, response.json()["code"], response.json()["detail"]) == (
        500, "server_error", "サーバー側で問題が発生しました。しばらくしてからもう一度お試しください。")
    assert IdempotencyRecord.objects.count() == 0


def test_idempotency_purge_keeps_a_day():
    import datetime

    from django.utils import timezone

    make_token(UserFactory())
    token = ApiToken.objects.get()
    old = IdempotencyRecord.objects.create(token=token, key="old", method="POST", path="/", body_sha256="x", status=200)
    IdempotencyRecord.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(hours=25))
    IdempotencyRecord.objects.create(token=token, key="new", method="POST", path="/", body_sha256="x", status=200)
    assert idempotency.purge("2026-12-03") == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_idempotency_purge_registered_daily():
    from dxnavi.actions import registry

    assert idempotency.PURGE_JOB in registry.daily_jobs()


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    if request.param == "redis":
        url = require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


def test_rate_limit_per_token_429(client, settings, cache_backend):
    settings.API_RATE_READ_PER_MINUTE = 3
    user = UserFactory()
    token = make_token(user)
    other = make_token(user)
    responses = [call(client, "get", "/api/v1/me", token) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r["RateLimit-Remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert responses[0]["RateLimit-Limit"] == "3"
    assert 1 <= int(responses[3]["Retry-After"]) <= 60
    assert responses[3].json()["code"] == "rate_limited"
    assert call(client, "get", "/api/v1/me", other).status_code == 200  # per token


def test_rate_limit_writes_counted_apart(client, settings, cache_backend, world):
    settings.API_RATE_READ_PER_MINUTE = 100
    settings.API_RATE_WRITE_PER_MINUTE = 1
    token = make_token(world["owner"], scope="write")
    path = f"/api/v1/companies/{world['company'].pk}"
    statuses = [call(client, "patch", path, token, json={"representative": "甲"}).status_code for _ in range(2)]
    assert statuses == [200, 429]
    assert call(client, "get", path, token).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.api.idem_api")
def test_idempotency_concurrent_requests_second_gets_409_then_replay(calls):
    """Two real concurrent requests (threads, committed rows): the second is refused while the first runs."""
    import threading

    from django.db import connection
    from django.test import Client

    token = make_token(UserFactory(), scope="write")
    idem_api.GATE.update(entered=threading.Event(), release=threading.Event())
    results = {}

    def first():
        try:
            results["first"] = call(Client(), "post", "/t/slow", token, json={"text": "a"}, headers={"Idempotency-Key": "same"})
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert idem_api.GATE["entered"].wait(10)
    second = call(Client(), "post", "/t/slow", token, json={"text": "a"}, headers={"Idempotency-Key": "same"})
    idem_api.GATE["release"].set()
    thread.join(10)
    third = call(Client(), "post", "/t/slow", token, json={"text": "a"}, headers={"Idempotency-Key": "same"})
    assert (second.status_code, second.json()["code"]) == (409, "idempotency_in_progress")
    assert (results["first"].status_code, third.status_code, third["Idempotent-Replayed"]) == (201, 201, "true")
    assert calls == ["a"]


@pytest.mark.urls("tests.api.idem_api")
@pytest.mark.parametrize("persona, status", [("linked_adviser", 200), ("unlinked_adviser", 404), ("owner", 404), ("outsider", 404)])
def test_org_operation_members_only(client, world, persona, status):
    token = make_token(world[persona])
    response = call(client, "get", f"/t/orgs/{world['linked_org'].pk}/ping", token)
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"org": world["linked_org"].pk, "role": "editor"}


@pytest.mark.urls("tests.api.idem_api")
def test_org_operation_token_limits_and_scope(client, world):
    org = world["linked_org"]
    adviser = world["linked_adviser"]
    own = world["company"]
    limited_to_company = make_token(adviser, company=own)
    limited_to_org = make_token(adviser, organization=org, scope="write")
    read = make_token(adviser, scope="read")
    assert call(client, "get", f"/t/orgs/{org.pk}/ping", limited_to_company).status_code == 404
    assert call(client, "get", f"/t/orgs/{org.pk}/ping", limited_to_org).status_code == 200
    assert call(client, "post", f"/t/orgs/{org.pk}/edit", limited_to_org).status_code == 200
    response = call(client, "post", f"/t/orgs/{org.pk}/edit", read)
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
