"""WSGI entry point of bench/floor.py: the product plus the floor view, for the benchmark server only.

    gunicorn --pythonpath bench floor_wsgi:application

The product's URLconf and settings are untouched: this module sets ``ROOT_URLCONF`` to itself
before the WSGI application is built, and its ``urlpatterns`` are the product's
(``dxnavi.urls``) plus ``/__floor__/``. The floor is the least a page can cost in this stack:
the same middleware (session, auth, locale, CSRF, input guard, security headers), one indexed
lookup (ten companies by primary key) and a ten-row template with the same context processors.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnavi.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()  # django.setup() before the product's URLconf is imported below

from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

FLOOR_TEMPLATE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>floor</title></head>
<body><table>
{% for company in companies %}<tr><td>{{ company.pk }}</td><td>{{ company.name }}</td><td>{{ company.prefecture }}</td></tr>
{% endfor %}</table>{% if user.is_authenticated %}<p>{{ user.email }}</p>{% endif %}</body></html>
"""
_template = None


def floor(request):
    """Ten rows, one indexed lookup (primary-key range), rendered with the request's context processors."""
    global _template
    from dxnavi.orgs.models import Company

    if _template is None:
        _template = engines["django"].from_string(FLOOR_TEMPLATE)
    start = int(request.GET.get("from", "1")) if request.GET.get("from", "1").isdigit() else 1
    companies = list(Company.objects.filter(pk__gte=start).order_by("pk").only("pk", "name", "prefecture")[:10])
    return HttpResponse(_template.render({"companies": companies}, request))


urlpatterns = [
    path("__floor__/", floor, name="bench_floor"),
    path("", include("dxnavi.urls")),
]
handler400 = "dxnavi.web.errors.bad_request"
handler403 = "dxnavi.web.errors.permission_denied"
handler404 = "dxnavi.web.errors.page_not_found"
handler500 = "dxnavi.web.errors.server_error"
