"""docs/api_client_example.py against the running test server (pytest-django ``live_server``), so the example
cannot rot: listing through every cursor page with a filter, the CSV download, problem details, the 429 retry,
and — once the assessment endpoints exist in the schema — the whole self-check."""

import csv
import importlib.util
import io
import json
import urllib.request
from pathlib import Path

import pytest

from dxnavi.orgs import client_list
from dxnavi.orgs.client_filters import ClientQuery
from dxnavi.orgs.models import AdviserMembership, AuditEvent
from tests.api.helpers import make_token
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "api_client_example.py"
SELFCHECK_PATHS = {
    ("post", "/api/v1/companies/{company_id}/assessments"),
    ("patch", "/api/v1/companies/{company_id}/assessments/{assessment_id}/answers"),
    ("post", "/api/v1/companies/{company_id}/assessments/{assessment_id}/complete"),
    ("get", "/api/v1/companies/{company_id}/assessments/{assessment_id}/result"),
}


def _example():
    spec = importlib.util.spec_from_file_location("api_client_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def adviser_org(transactional_db):
    organization = AdviserOrganizationFactory(name="例示商工会")
    adviser = UserFactory(email="example@org.test")
    AdviserMembership.objects.create(organization=organization, user=adviser, role="editor")
    for i, prefecture in enumerate(["13", "13", "27", "13", "13", "01", "13"]):
        link(CompanyFactory(name=f"顧客{i}", prefecture=prefecture), organization)
    link(CompanyFactory(name='=cmd|" /C calc"!A0', prefecture="13"), organization)
    organization.adviser = adviser
    return organization


def _web_ids(organization, prefecture):
    query = ClientQuery(values={"prefecture": prefecture})
    return list(client_list.clients(organization.adviser, organization, query).values_list("pk", flat=True))


def test_example_client_lists_every_page_and_downloads_the_csv(live_server, adviser_org):
    example = _example()
    client = example.Client(live_server.url, make_token(adviser_org.adviser))
    assert [(o["id"], o["role"]) for o in example.list_organizations(client)] == [(adviser_org.pk, "editor")]
    items = example.list_clients(client, adviser_org.pk, {"prefecture": "13"}, limit=2)  # 6 clients: 3 pages
    assert [item["id"] for item in items] == _web_ids(adviser_org, "13")
    content = example.download_clients_csv(client, adviser_org.pk, {"prefecture": "13"})
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 6
    assert "'=cmd|\" /C calc\"!A0" in [row[0] for row in rows]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, organization=adviser_org).count() == 6


def test_example_client_shows_problem_details(live_server, adviser_org):
    example = _example()
    client = example.Client(live_server.url, make_token(adviser_org.adviser))
    with pytest.raises(example.ApiError) as raised:
        example.list_clients(client, adviser_org.pk, {"security_action": "5"})
    assert raised.value.status == 422
    described = raised.value.describe()
    assert "security_action（SECURITY ACTION）" in described and "「5」" in described
    with pytest.raises(example.ApiError) as missing:
        example.list_clients(client, adviser_org.pk + 1000)
    assert (missing.value.status, missing.value.problem["code"]) == (404, "not_found")


def test_example_client_waits_retry_after_on_429(live_server, adviser_org, settings):
    example = _example()
    settings.API_RATE_READ_PER_MINUTE = 1
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        settings.API_RATE_READ_PER_MINUTE = 600  # the window "passed"

    client = example.Client(live_server.url, make_token(adviser_org.adviser), sleep=sleep)
    assert len(example.list_organizations(client)) == 1
    assert len(example.list_organizations(client)) == 1  # the second read is over the limit: waited, retried
    assert len(waits) == 1 and 1 <= waits[0] <= 60


def test_example_client_runs_a_selfcheck(live_server, transactional_db):
    with urllib.request.urlopen(f"{live_server.url}/api/v1/openapi.json") as response:
        paths = json.loads(response.read())["paths"]
    present = {(method, path) for path, item in paths.items() for method in item}
    if not SELFCHECK_PATHS <= present:
        pytest.skip("the assessment endpoints are not in the API's schema yet (built on another branch)")
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    company = CompanyFactory()
    owner = member(company, role="owner")
    example = _example()
    client = example.Client(live_server.url, make_token(owner, scope="write"))
    result = example.run_selfcheck(client, company.pk)
    assert result
