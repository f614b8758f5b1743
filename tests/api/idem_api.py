"""A test-only API (own namespace) with a POST operation, to test ``@idempotent`` and the finisher."""

from django.urls import include, path
from ninja import Router, Schema
from ninja.responses import Status

from dxnavi.api import idempotency, problems
from dxnavi.api.access import org_operation
from dxnavi.api.auth import bearer
from dxnavi.api.v1 import DxnaviAPI, finish

CALLS = []

api = DxnaviAPI(title="test", version="test", urls_namespace="api-test", auth=bearer, docs_url=None)
problems.install(api)
api.add_exception_handler(idempotency.Replay, idempotency.replay_response)
router = Router()


class Note(Schema):
    text: str


@router.post("/notes", response={201: dict})
@idempotency.idempotent
def create_note(request, payload: Note):
    CALLS.append(payload.text)
    return Status(201, {"n": len(CALLS), "text": payload.text})


@router.post("/boom")
@idempotency.idempotent
def boom(request, payload: Note):
    CALLS.append("boom")
    raise RuntimeError("boom")


GATE = {"entered": None, "release": None}


@router.post("/slow", response={201: dict})
@idempotency.idempotent
def slow(request, payload: Note):
    GATE["entered"].set()
    GATE["release"].wait(10)
    CALLS.append(payload.text)
    return Status(201, {"text": payload.text})


@router.get("/orgs/{org_id}/ping")
@org_operation(need="view")
def org_ping(request, access):
    return {"org": access.organization.pk, "role": access.role}


@router.post("/orgs/{org_id}/edit")
@org_operation(need="edit")
def org_edit(request, access):
    return {"org": access.organization.pk}


api.add_router("", router)
patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = finish(pattern.callback)

urlpatterns = [path("t/", include((patterns, app_name), namespace=namespace))]
