#!/usr/bin/env python
"""Print the response headers dxnavi sends in the production profile.

    .venv/bin/python scripts/show_headers.py

Boots the production settings (DXNAVI_PROFILE=production; a throw-away secret key and host
unless given) on a private in-memory SQLite database, never the configured DATABASE_URL,
creates a demo owner with a finished security self-check, and requests, over HTTPS as seen
behind the reverse proxy: the logged-in company dashboard, the result PDF download and the
language switch (for its cookie flags). Used by tests/platform/test_production_headers.py.
"""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ["DXNAVI_PROFILE"] = "production"
os.environ.setdefault("DXNAVI_SECRET_KEY", "show-headers-throw-away-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DXNAVI_ALLOWED_HOSTS", "dxnavi.example.jp")
os.environ["DATABASE_URL"] = "sqlite://:memory:"  # SQLite keeps an in-memory database open for us
os.environ.pop("REDIS_URL", None)  # jobs in-process, cache in memory
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnavi.settings")

warnings.filterwarnings("ignore", "No directory at")  # whitenoise: no collectstatic needed to show headers
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

HOST = settings.ALLOWED_HOSTS[0]
HTTPS = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}  # as the proxy forwards it (SECURE_PROXY_SSL_HEADER)


def show(label, method, path, response):
    print(f"== {label}: {method} https://{HOST}{path} -> {response.status_code}")
    for name, value in sorted(response.headers.items()):
        print(f"{name}: {value}")
    for cookie in response.cookies.values():
        print(f"Set-Cookie: {cookie.output(header='').strip()}")
    print()


def main():
    call_command("migrate", verbosity=0)
    from dxnavi.accounts.models import User
    from dxnavi.assessments import loader, services
    from dxnavi.orgs import services as org_services
    from dxnavi.orgs.models import Company, CompanyMembership
    from dxnavi.orgs.scoping import CompanyAccess

    loader.load_questionnaires()
    user = User.objects.create_user(email="owner@example.jp", password="show-headers-password-2026", name="見本 太郎")
    company = Company(name="見本工業株式会社", industry_major="E", prefecture="13", employees=18, capital_yen=10_000_000)
    org_services.refresh_derived(company)
    company.save()
    CompanyMembership.objects.create(company=company, user=user, role="owner")
    access = CompanyAccess(company=company, via="member", role="owner")
    assessment = services.start_or_resume(company, "security_selfcheck", user, access)
    services.save_answers(assessment, {f"SC{n:02d}": "yes" for n in range(1, 26)}, user, access)
    done = services.complete(assessment, user, access)

    client = Client()
    client.force_login(user)
    dashboard = reverse("web:company_dashboard", args=[company.pk])
    show("logged-in page", "GET", dashboard, client.get(dashboard, **HTTPS))
    pdf = reverse("assessments:pdf", args=[company.pk, done.pk])
    show("PDF download", "GET", pdf, client.get(pdf, **HTTPS))
    switch = reverse("set_language")
    show("language switch", "POST", switch, client.post(switch, {"language": "en", "next": dashboard}, **HTTPS))


if __name__ == "__main__":
    # The manifest storage needs `collectstatic` first; which storage names the files changes no header.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        main()
