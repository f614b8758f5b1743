"""Error pages in the site's layout: Japanese first (English when chosen), a way back, and
never an internal detail (exception text, CSRF reason, path of a template).

Templates: ``web/templates/errors/<code>.html`` (400, 403, 404, 429, 500) and ``errors/csrf.html``,
all extending ``errors/_layout.html``. Context: ``message`` (optional, replaces the page's
default explanation) and ``back_url`` (a same-site Referer, else no back link).
Other code answers with a designed page through ``error_response(request, status, message)``.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

TEMPLATES = {status: f"errors/{status}.html" for status in (400, 403, 404, 429, 500)}


def back_url(request) -> str:
    """The page the visitor came from, when it is on this site (a Referer is never trusted otherwise)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the 400 page itself must still render
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def error_response(request, status: int, message: str = "") -> HttpResponse:
    context = {"message": message, "back_url": back_url(request)}
    return render(request, TEMPLATES[status], context, status=status)


def bad_request(request, exception):
    return error_response(request, 400)


def permission_denied(request, exception):
    return error_response(request, 403)


def page_not_found(request, exception):
    return error_response(request, 404)


def server_error(request):
    # Plain context: no context processors, no database, no session, so nothing here can fail again.
    return HttpResponse(loader.get_template(TEMPLATES[500]).render({}), status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", {"back_url": back_url(request)}, status=403)
