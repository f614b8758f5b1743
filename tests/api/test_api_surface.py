"""API: the attack-surface check — domains with status and the latest run's counts (equal to
``services.latest_run`` per domain, one query for any number of runs), the verification token only for the
company's own members, the latest result's findings in ja/en as ``presenters.finding_rows``, adviser audit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dxnavi.orgs.models import AuditEvent
from dxnavi.surface import presenters, services
from dxnavi.surface.models import CheckRun, Domain
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc


def _url(world, suffix=""):
    return f"/api/v1/companies/{world['company'].pk}/surface/domains{suffix}"


def _domain(company, name):
    return Domain.objects.create(company=company, name=name, display_name=name, token="ab" * 16)


def _run(domain, day, status="done", **counts):
    findings = [{"id": "dmarc_missing", "severity": "medium", "params": {}}] if counts.get("medium") else []
    return CheckRun.objects.create(domain=domain, company=domain.company, trigger="manual", status=status,
                                   started=datetime.datetime(2026, 11, day, tzinfo=UTC), findings=findings, **counts)


def test_latest_runs_equal_latest_run_per_domain(world):
    a, b, c = (_domain(world["company"], n) for n in ("a.jp", "b.jp", "c.jp"))
    _run(a, 1, medium=1)
    _run(a, 2, status="failed")  # a failed newer run: the older done one is the latest result
    _run(b, 1, status="failed")
    _run(b, 3, status="failed")
    runs = services.latest_runs([a, b, c])
    assert {k: v.pk for k, v in runs.items()} == {d.pk: services.latest_run(d).pk for d in (a, b)}


def test_domains_list_fields_and_counts(client, world):
    domain = _domain(world["company"], "world.jp")
    run = _run(domain, 2, high=1, medium=1, low=3)
    _domain(CompanyFactory(name="他社"), "other.jp")
    item = call(client, "get", _url(world), make_token(world["owner"])).json()["items"]
    assert [(i["id"], i["name"], i["status"], i["latest_run_status"], i["counts"]) for i in item] == [
        (domain.pk, "world.jp", "pending", "done", {"high": 1, "medium": 1, "low": 3})]
    assert item[0]["latest_run_at"] == run.started.isoformat().replace("+00:00", "Z")
    with translation.override("ja"):
        assert item[0]["status_label"]["ja"] == presenters.status_label(domain)


def test_domains_token_only_for_members(client, world):
    domain = _domain(world["company"], "world.jp")
    member = call(client, "get", _url(world), make_token(world["owner"])).json()["items"][0]["verification"]
    adviser = call(client, "get", _url(world), make_token(world["linked_adviser"])).json()["items"][0]["verification"]
    assert (member["value"], adviser) == (presenters.instructions(domain)["value"], None)
    assert domain.token in member["value"]


def test_domains_query_count_does_not_grow(client, world):
    token = make_token(world["owner"])
    first = _domain(world["company"], "d0.jp")
    _run(first, 1)
    call(client, "get", _url(world), token)  # the token's first use is written once
    with CaptureQueriesContext(connection) as few:
        call(client, "get", _url(world), token)
    for n in range(1, 6):
        domain = _domain(world["company"], f"d{n}.jp")
        _run(domain, 1, medium=1)
        _run(domain, 2, status="failed")
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", _url(world), token).json()["items"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_result_equals_result_page_rows(client, world):
    domain = _domain(world["company"], "world.jp")
    _run(domain, 1)
    run = _run(domain, 2, medium=1)
    body = call(client, "get", _url(world, f"/{domain.pk}/result"), make_token(world["owner"])).json()
    with translation.override("ja"):
        ja = presenters.finding_rows(run, world["company"].pk)["problems"]
    with translation.override("en"):
        en = presenters.finding_rows(run, world["company"].pk)["problems"]
    assert body["run_id"] == run.pk
    assert [(f["id"], f["severity"], f["title"], f["fix"]) for f in body["problems"]] == [
        (j["id"], j["severity"], {"ja": j["title"], "en": e["title"]}, {"ja": j["fix"], "en": e["fix"]}) for j, e in zip(ja, en)]
    assert body["problems"][0]["title"]["ja"] != body["problems"][0]["title"]["en"]


def test_result_without_run_is_empty(client, world):
    domain = _domain(world["company"], "world.jp")
    body = call(client, "get", _url(world, f"/{domain.pk}/result"), make_token(world["owner"])).json()
    assert (body["run_id"], body["problems"], body["good"], body["domain"]["counts"]) == (None, [], [], None)


def test_result_of_another_company_is_404(client, world):
    other = _domain(CompanyFactory(name="他社"), "other.jp")
    assert call(client, "get", _url(world, f"/{other.pk}/result"), make_token(world["owner"])).status_code == 404


def test_adviser_reads_audited(client, world):
    domain = _domain(world["company"], "world.jp")
    token = make_token(world["linked_adviser"])
    call(client, "get", _url(world), token)
    call(client, "get", _url(world, f"/{domain.pk}/result"), token)
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).order_by("pk")
                  .values_list("action", "outcome"))
    assert events == [("view", "done"), ("view", "done")]
