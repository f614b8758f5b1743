"""RFC 9457 problem details for every error of the API (``application/problem+json``).

Fields: ``type`` (``/api/v1/problems/<code>``, a short human-readable page served by ``views.problem_page``),
``title``, ``status``, ``detail`` (in the request's language: Japanese by default, English with
``Accept-Language: en``), ``instance`` (the request path), ``code`` (stable, for programs), and for
validation errors ``errors``: one entry per field with its name, Japanese label and message in both
languages.
"""

import json
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("dxnavi.api")

CONTENT_TYPE = "application/problem+json"

# code → (status, title)
PROBLEMS = {
    "bad_request": (400, gettext_lazy("Bad request")),
    "invalid_cursor": (400, gettext_lazy("Invalid cursor")),
    "too_many_rows": (400, gettext_lazy("Too many rows for one file")),
    "unauthorized": (401, gettext_lazy("Authentication required")),
    "forbidden": (403, gettext_lazy("Not allowed")),
    "insufficient_scope": (403, gettext_lazy("The token's scope does not allow this")),
    "not_found": (404, gettext_lazy("Not found")),
    "method_not_allowed": (405, gettext_lazy("Method not allowed")),
    "idempotency_in_progress": (409, gettext_lazy("The same request is still being processed")),
    "conflict": (409, gettext_lazy("Conflict")),
    "precondition_failed": (412, gettext_lazy("Precondition failed")),
    "validation_error": (422, gettext_lazy("The input is not valid")),
    "idempotency_key_reused": (422, gettext_lazy("The Idempotency-Key was used for a different request")),
    "rate_limited": (429, gettext_lazy("Too many requests")),
    "server_error": (500, gettext_lazy("Server error")),
}

DETAILS = {
    "unauthorized": gettext_lazy("Send a valid, unexpired API token: Authorization: Bearer dxn_…"),
    "not_found": gettext_lazy("There is nothing here, or this token may not see it."),
    "server_error": gettext_lazy("Something went wrong on our side. Please try again later."),
    "rate_limited": gettext_lazy("This token sent too many requests. Wait until Retry-After seconds have passed."),
    "method_not_allowed": gettext_lazy("This method is not allowed on this path."),
}


class Problem(Exception):
    """Raise anywhere in an API operation to answer with a problem."""

    def __init__(self, code: str, detail: str = "", *, errors: list | None = None, headers: dict | None = None):
        super().__init__(code)
        self.code = code
        self.detail = str(detail) if detail else ""
        self.errors = errors
        self.headers = headers or {}


def type_uri(code: str) -> str:
    return f"/api/v1/problems/{code}"


def problem_response(request, code: str, detail: str = "", *, errors=None, headers=None) -> HttpResponse:
    status, title = PROBLEMS[code]
    body = {
        "type": type_uri(code),
        "title": str(title),
        "status": status,
        "detail": str(detail or DETAILS.get(code, title)),
        "instance": request.path,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="dxnavi"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- validation errors -------------------------------------------------------------------------
# Japanese and English messages for the common pydantic error types.
_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_too_long": gettext_lazy("Enter at most %(max_length)s characters."),
    "string_too_short": gettext_lazy("Enter at least %(min_length)s characters."),
    "string_type": gettext_lazy("Enter a text value."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "greater_than_equal": gettext_lazy("Enter a value of at least %(ge)s."),
    "less_than_equal": gettext_lazy("Enter a value of at most %(le)s."),
    "greater_than": gettext_lazy("Enter a value greater than %(gt)s."),
    "less_than": gettext_lazy("Enter a value less than %(lt)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "model_attributes_type": gettext_lazy("Send a JSON object."),
    "dict_type": gettext_lazy("Send a JSON object."),
    "extra_forbidden": gettext_lazy("This field is not accepted."),
    "list_type": gettext_lazy("Send a list."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
}
_FALLBACK = gettext_lazy("This value is not valid.")

# Field names every resource shares; a schema field's own ``title`` wins (see ``field_label``).
LABELS_JA = {
    "body": "リクエスト本文",
    "limit": "件数",
    "cursor": "カーソル",
    "format": "形式",
}


def both(message, params=None) -> tuple[str, str]:
    """A lazy message in Japanese and English."""
    out = []
    for language in ("ja", "en"):
        with translation.override(language):
            text = str(message)
            if params:
                try:
                    text = text % params
                except (KeyError, TypeError, ValueError):
                    pass
            out.append(text)
    return out[0], out[1]


def _field_path(loc) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def _japanese(text) -> bool:
    return isinstance(text, str) and any(ord(ch) > 0x2E7F for ch in text)


def schema_labels(schema: dict) -> dict[str, str]:
    """Field name → its Japanese ``title`` (``Field(title="…")``), from the OpenAPI description: the
    properties of every component schema and every operation's parameters. Pydantic's generated
    titles ("Pack Id") are not Japanese and are skipped; the first Japanese title of a name wins."""
    labels: dict[str, str] = {}
    for component in (schema.get("components", {}).get("schemas") or {}).values():
        for name, prop in (component.get("properties") or {}).items():
            if _japanese(prop.get("title")):
                labels.setdefault(name, prop["title"])
    for operations in (schema.get("paths") or {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters") or ():
                title = parameter.get("title") or (parameter.get("schema") or {}).get("title")
                if _japanese(title):
                    labels.setdefault(parameter.get("name"), title)
    return labels


def field_label(field_path: str, labels: dict) -> str:
    last = field_path.rsplit(".", 1)[-1].split("[", 1)[0]
    return labels.get(field_path) or labels.get(last) or LABELS_JA.get(last) or last


def validation_errors(raw_errors, labels: dict | None = None) -> list[dict]:
    labels = labels or {}
    errors = []
    for error in raw_errors:
        loc = list(error.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path", "header", "cookie", "form", "file") and len(loc) > 1:
            loc = loc[1:]
            if loc and loc[0] == "payload" and len(loc) > 1:
                loc = loc[1:]
        path = _field_path(loc) or "body"
        params = dict(error.get("ctx") or {})
        message = _MESSAGES.get(error.get("type"), _FALLBACK)
        ja, en = both(message, params)
        errors.append({"field": path, "field_ja": field_label(path, labels), "message": en, "message_ja": ja})
    return errors


# --- handlers ----------------------------------------------------------------------------------
def install(api) -> None:
    labels_memo: dict[str, dict] = {}

    def labels() -> dict:
        # Built once per process from the description (the schemas' Japanese field titles).
        if "labels" not in labels_memo:
            labels_memo["labels"] = schema_labels(api.get_openapi_schema())
        return labels_memo["labels"]

    @api.exception_handler(Problem)
    def _problem(request, exc: Problem):
        return problem_response(request, exc.code, exc.detail, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return problem_response(request, "validation_error", errors=validation_errors(exc.errors, labels()))

    @api.exception_handler(AuthenticationError)
    def _auth(request, exc):
        return problem_response(request, "unauthorized")

    @api.exception_handler(Http404)
    def _404(request, exc):
        return problem_response(request, "not_found")

    @api.exception_handler(PermissionDenied)
    def _403(request, exc):
        return problem_response(request, "forbidden", str(exc) if str(exc) else "")

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                409: "conflict", 412: "precondition_failed", 422: "validation_error", 429: "rate_limited"}.get(
            exc.status_code, "bad_request")
        return problem_response(request, code)

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return problem_response(request, "server_error")


def not_found_view(request, *args, **kwargs):
    """Any other path under /api/v1/: a 404 problem, not the site's HTML page."""
    return problem_response(request, "not_found")
