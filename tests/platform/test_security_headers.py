"""Response headers of issue #8: CSP, Permissions-Policy, COOP, no-store for logged-in pages and downloads."""

import json
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import CompanyFactory, UserFactory, member

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def _directives(header):
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";"))


@pytest.mark.django_db
def test_csp_header_on_landing_page(client):
    response = client.get(reverse("web:landing"))
    assert response["Content-Security-Policy"] == EXPECTED_CSP


def test_csp_allows_no_inline_or_eval():
    from dxnavi.web.headers import CONTENT_SECURITY_POLICY

    assert CONTENT_SECURITY_POLICY == EXPECTED_CSP
    directives = _directives(CONTENT_SECURITY_POLICY)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_permissions_policy_denies_powerful_features(client):
    response = client.get(reverse("web:landing"))
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


@pytest.mark.django_db
def test_cross_origin_opener_policy_same_origin(client):
    response = client.get(reverse("web:landing"))
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_logged_in_page_is_not_stored(client):
    company = CompanyFactory()
    client.force_login(member(company))
    response = client.get(reverse("web:company_dashboard", args=[company.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_logged_in_redirect_is_not_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("web:landing"))
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_public_page_is_not_marked_no_store(client):
    response = client.get(reverse("web:landing"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [
        ("application/pdf", 'attachment; filename="r.pdf"'),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 'attachment; filename="p.docx"'),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 'attachment; filename="c.xlsx"'),
        ("text/csv", 'attachment; filename="c.csv"'),
        ("application/zip", 'attachment; filename="a.zip"'),
        ("application/pdf", 'inline; filename="r.pdf"'),
    ],
)
def test_attachment_download_is_not_stored_without_login(content_type, disposition):
    # Downloads are never cached, even if one were served to someone not logged in.
    def view(request):
        response = HttpResponse(b"data", content_type=content_type)
        response["Content-Disposition"] = disposition
        response["Cache-Control"] = "max-age=3600"
        return response

    from dxnavi.web.headers import SecurityHeadersMiddleware

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/download"))
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_pdf_download_is_not_stored(client):
    from tests.assessments.helpers import complete_with, load_pack, answers_for_total

    load_pack()
    company = CompanyFactory()
    owner = member(company)
    done = complete_with(company, answers_for_total(60), user=owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:pdf", args=[company.pk, done.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_static_file_keeps_its_caching_for_logged_in_user(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a fresh client builds its middleware chain with the settings above
    client.force_login(UserFactory())
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


# --- Templates: nothing inline that the CSP would block ----------------------------------

PDF_ONLY = "reports/base_a4.html"  # WeasyPrint renders these server-side; no browser CSP applies


def _browser_templates():
    for path in sorted(ROOT.glob("dxnavi/**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        if path.as_posix().endswith(PDF_ONLY) or PDF_ONLY in text.split("%}", 1)[0]:
            continue
        yield path, text


def test_templates_have_no_inline_script_style_or_handler():
    problems = []
    for path, text in _browser_templates():
        for pattern in (r"<script(?![^>]*\ssrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+\s*=", r"\shx-on", r"=\s*[\"']?\s*javascript:"):
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                problems.append(f"{path.relative_to(ROOT)}: {match.group(0)!r}")
    assert problems == []


def test_htmx_config_disables_inline_indicator_styles_and_eval():
    base = (ROOT / "dxnavi/web/templates/base.html").read_text(encoding="utf-8")
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
    assert match is not None
    assert json.loads(match.group(1)) == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    css = (ROOT / "dxnavi/static/css/app.css").read_text(encoding="utf-8")
    assert ".htmx-indicator" in css
