"""Schemathesis against the app in-process (WSGI, same thread, so the ``db`` fixture's transaction is seen):
every operation of the OpenAPI description is exercised with a read and a write token of the demo owner
and of a linked adviser; 0 server errors, every answer conforms to the description (status code, content
type, headers, body schema). A new operation is covered without changing this file: the set of exercised
operations must equal the set in the description. Paths with {company_id}/{org_id} get the demo's ids
(other generated ids only reach 404s), other path parameters are generated unless ``PATH_VALUES`` names them.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dxnavi.wsgi import application
from tests.api.helpers import make_token

MAX_EXAMPLES = 12

# Not run: ``positive_data_acceptance`` (a schema-valid but random ``cursor`` is rightly a 400: cursors are signed).
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
    response_schema_conformance,
]

# Path parameters with meaningful values (world → value); a resource that needs its own ids adds them here.
PATH_VALUES = {
    "company_id": lambda w: w["company"].pk,
    "org_id": lambda w: w["linked_org"].pk,
    "pack_id": lambda w: "security_selfcheck",
}
PATH_VALUES["item_id"] = lambda w: "SA1-1"


def _estimate_id(world):
    """A fresh saved estimate of the world's company (after load_content), for each operation that needs one."""
    from dxnavi.subsidies.models import SavedEstimate, SubsidyCatalog

    catalog = SubsidyCatalog.objects.order_by("-fiscal_year", "-loaded_at", "-pk").first()
    return SavedEstimate.objects.create(company=world["company"], catalog=catalog, title="試算").pk


PATH_VALUES["estimate_id"] = _estimate_id


def _isolation_id(helper: str, name: str, *args):
    """plans and actions: the world's project (with a KPI) and action, made by the isolation cases' helpers."""
    def value(world):
        from tests import isolation_cases

        return getattr(isolation_cases, helper)(world, *args)[name]

    return value


PATH_VALUES["project_id"] = _isolation_id("_project", "project_id")
PATH_VALUES["kpi_id"] = _isolation_id("_project_with", "kpi_id", "kpi")
PATH_VALUES["action_id"] = _isolation_id("_action", "action_id")


def _selfcheck_draft(world):
    """A half-answered self-check draft of the world's company (the answers, complete and result operations)."""
    from tests.assessments.helpers import QUESTION_IDS, draft_with, load_pack

    load_pack()
    return draft_with(world["company"], dict.fromkeys(QUESTION_IDS[:10], "yes")).pk


PATH_VALUES["assessment_id"] = _selfcheck_draft
PATH_VALUES["incident_id"] = _isolation_id("_incident", "incident_id")
PATH_VALUES["domain_id"] = _isolation_id("_surface_run", "domain_id")
PATH_VALUES["document_id"] = _isolation_id("_knowledge_document", "document_id")


def _article_id(world):
    from dxnavi.knowledge import content

    return content.articles()[0]["id"]


PATH_VALUES["article_id"] = _article_id


@pytest.fixture
def schema(db):
    # As Django's test client does: a request must not close the test's connection (its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
def test_schemathesis_every_operation_conforms(schema, world):
    call_command("load_content", verbosity=0)
    tokens = [make_token(world["owner"], scope="write"), make_token(world["owner"], scope="read"),
              make_token(world["linked_adviser"], scope="write")]
    exercised = set()
    for operation in _operations(schema):
        names = {p.name for p in operation.path_parameters}
        fixed = {name: PATH_VALUES[name](world) for name in names if name in PATH_VALUES}

        @given(case=operation.as_strategy(), token=st.sampled_from(tokens), real_ids=st.booleans())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case, token, real_ids):
            if fixed and (real_ids or len(fixed) < len(names)):
                case.path_parameters = {**(case.path_parameters or {}), **fixed}
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        run()
        exercised.add(f"{operation.method.upper()} {operation.path}")
    described = {
        f"{method.upper()} {path}"
        for path, item in application_schema().items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert exercised == described
    assert len(described) >= 6


def application_schema():
    from dxnavi.api.v1 import api

    return api.get_openapi_schema()["paths"]
