"""The site's URLs and error handlers plus views that fail, for tests/platform/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from dxnavi.urls import handler400, handler403, handler404, handler500  # noqa: F401  (the site's own handlers)
from dxnavi.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied("internal: user 7 lacks role owner on company 3")


def bad(request):
    raise SuspiciousOperation("internal: header X-Evil rejected")


def boom(request):
    raise RuntimeError("internal: database password is hunter2")


urlpatterns = [
    *site_urlpatterns,
    path("test-errors/forbidden/", forbidden),
    path("test-errors/bad/", bad),
    path("test-errors/boom/", boom),
]
