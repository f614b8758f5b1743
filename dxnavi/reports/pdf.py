"""A4 PDF rendering with WeasyPrint.

Japanese text uses the IPAex fonts installed by the setup command (Debian's
fonts-ipaexfont-*); WeasyPrint embeds the subset it uses, so the PDF opens anywhere.
Only our own static files may be fetched while rendering: no request leaves the machine.
"""

import mimetypes

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify

STATIC_PREFIX = "dxnavi-static:/"


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves our static files and data: URLs; refuses everything else (no network)."""

        def fetch(self, url, headers=None):
            if url.startswith(STATIC_PREFIX):
                path = finders.find(url[len(STATIC_PREFIX) :].lstrip("/"))
                if path:
                    with open(path, "rb") as fh:
                        body = fh.read()
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"PDF rendering may not fetch {url!r}")

    return StaticOnlyFetcher(allowed_protocols={"data", "dxnavi-static"})


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template (extending reports/base_a4.html) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_fetcher()).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "report"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.pdf\"; filename*=UTF-8''{iri_to_uri(filename)}"
    )
    return response
