"""The API instance (``/api/v1/``). Resources are routers in ``routers/<resource>.py`` (``PREFIX`` and
``router``), found and added by ``add_routers``.

``finish`` wraps every operation's Django view: idempotency records, rate-limit and pagination
headers, the caching rule and ETags (``etag.apply``), and 405 as a problem.
"""

import importlib
import pkgutil

from django.http import HttpResponseNotAllowed
from ninja import NinjaAPI

from . import etag, idempotency, problems
from .auth import bearer
from .schemas import Problem as ProblemSchema

DESCRIPTION = """dxnavi の公開API（JSON）。認証は個人アクセストークン（アカウント設定の「APIトークン」）:
`Authorization: Bearer dxn_…`。エラーは RFC 9457 の problem details（`application/problem+json`）。
See docs/api.md: tokens, errors, cursor pagination, idempotency keys, rate limits, ETags, CSV."""

# Documented on every operation (Schemathesis checks every answer against the description).
ERROR_RESPONSES = {
    400: "Bad request (e.g. a forged cursor)",
    401: "No valid token",
    403: "Not allowed (role or token scope)",
    404: "Not found, or not visible to this token",
    409: "Conflict",
    422: "Validation error",
    429: "Rate limit reached",
}


class DxnaviAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = ProblemSchema.model_json_schema(ref_template="#/components/schemas/{model}")
        components["schemas"].update(ProblemSchema.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {}))
        components["schemas"]["Problem"].pop("$defs", None)
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                for code, description in ERROR_RESPONSES.items():
                    responses[code] = {"description": description, "content": problem}
                if operation.pop("x-dxnavi-csv", False):
                    responses[200]["content"]["text/csv"] = {"schema": {"type": "string"}}
                if method == "get":
                    responses[304] = {"description": "Not modified (If-None-Match matched the ETag)"}
        return schema


api = DxnaviAPI(
    title="dxnavi API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=bearer,
    docs_url=None,  # our own page (views.docs): ninja's template would need a JSON <script> block
    servers=[{"url": "/", "description": "this server"}],
)
problems.install(api)
api.add_exception_handler(idempotency.Replay, idempotency.replay_response)


def finish(view):
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allow = response["Allow"]
            response = problems.problem_response(request, "method_not_allowed", headers={"Allow": allow})
        idempotency.finish(request, response)
        quota = getattr(request, "dxnavi_api_quota", None)
        if quota is not None and not response.has_header("RateLimit-Limit"):
            for name, value in quota.headers().items():
                response[name] = value
        for name, value in getattr(request, "dxnavi_api_headers", {}).items():
            response[name] = value
        return etag.apply(request, response)

    wrapper.csrf_exempt = True
    for attr in ("api_company_scoped",):
        if hasattr(view, attr):
            setattr(wrapper, attr, getattr(view, attr))
    return wrapper


def add_routers() -> None:
    """Every module ``dxnavi/api/routers/<resource>.py`` with ``PREFIX`` and ``router`` is added, in name
    order: a new resource is a new file, no line to add anywhere else."""
    from . import routers

    for info in sorted(pkgutil.iter_modules(routers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routers.__name__}.{info.name}")
        if hasattr(module, "router") and hasattr(module, "PREFIX"):
            api.add_router(module.PREFIX, module.router)


def urlpatterns():
    add_routers()
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = finish(pattern.callback)
    return patterns, app_name, namespace


def operations():
    """(method, path, view function) of every operation, e.g. ("GET", "/api/v1/companies/{company_id}", f)."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method, f"/api/v1{prefix}{path}", operation.view_func
