"""A4 PDF rendering with WeasyPrint.

Japanese text uses the IPAex fonts installed by the setup command (Debian's
fonts-ipaexfont-*); WeasyPrint embeds the subset it uses, so the PDF opens anywhere.
Only our own static files may be fetched while rendering: no request leaves the machine.

``cached_pdf`` keeps every laid-out document (``models.RenderedDocument``): the key is a digest of
the document's kind and object, the language, the template version (every template and static
file, hashed once per process, so a deployed template change cannot serve an old layout) and the
HTML itself. The HTML is cheap to make; the layout is what takes 0.5–8 s. Because the HTML is in the
key, a result whose document also shows changing data (peer percentiles, DX認定 readiness, the live
plan, the summary) is laid out again exactly when what it shows changed, and never served stale.
"""

import functools
import hashlib
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify

STATIC_PREFIX = "dxnavi-static:/"
KEEP_PER_OBJECT = 4  # stored layouts kept per document (languages, owner's and adviser's view)


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


def layout(html: str) -> bytes:
    """HTML → PDF bytes with WeasyPrint (the slow part; tests count calls to it)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template (extending reports/base_a4.html) to PDF bytes, not stored."""
    return layout(render_to_string(template_name, context, request=request))


@functools.cache
def template_version() -> str:
    """Digest of every template and static file of the project (computed once per process)."""
    from django.conf import settings

    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR) / "dxnavi"
    for path in sorted(root.glob("*/templates/**/*")) + sorted(root.glob("*/static/**/*.css")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(*parts) -> str:
    from django.utils import translation

    text = "\x1f".join(str(p) for p in (*parts, translation.get_language() or "", template_version()))
    return hashlib.sha256(text.encode()).hexdigest()


def stored(company_id: int, kind: str, object_id: int, key: str, make) -> bytes:
    """The stored document under ``key``, or ``make()``'s bytes, stored. Only the newest few of one
    object are kept (its other languages / viewers); older layouts are deleted."""
    from django.db import IntegrityError, transaction

    from .models import RenderedDocument

    found = RenderedDocument.objects.filter(key=key).values_list("content", flat=True).first()
    if found is not None:
        return bytes(found)
    pdf = make()
    try:
        with transaction.atomic():
            RenderedDocument.objects.create(
                company_id=company_id, kind=kind, object_id=object_id, key=key, content=pdf, size=len(pdf)
            )
            same = RenderedDocument.objects.filter(company_id=company_id, kind=kind, object_id=object_id)
            old = list(same.order_by("-created_at", "-pk").values_list("pk", flat=True)[KEEP_PER_OBJECT:])
            if old:
                RenderedDocument.objects.filter(pk__in=old).delete()
    except IntegrityError:  # the same document stored meanwhile by another request
        pass
    return pdf


def find(key: str):
    """The stored document with this key, or None."""
    from .models import RenderedDocument

    return RenderedDocument.objects.filter(key=key).first()


class PreparedPdf:
    """A document's HTML and key, before any layout: ``key`` tells whether it is stored, ``get()`` the bytes."""

    def __init__(self, company_id: int, kind: str, object_id: int, html: str):
        self.company_id, self.kind, self.object_id, self.html = company_id, kind, object_id, html
        self.key = cache_key(kind, company_id, object_id, hashlib.sha256(html.encode()).hexdigest())

    def get(self) -> bytes:
        return stored(self.company_id, self.kind, self.object_id, self.key, lambda: layout(self.html))


def prepared_pdf(company_id: int, kind: str, object_id: int, template_name: str, context: dict, request=None):
    return PreparedPdf(company_id, kind, object_id, render_to_string(template_name, context, request=request))


def cached_pdf(company_id: int, kind: str, object_id: int, template_name: str, context: dict, request=None) -> bytes:
    """PDF of a company's document, laid out only when this exact document was never stored."""
    return prepared_pdf(company_id, kind, object_id, template_name, context, request=request).get()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "report"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.pdf\"; filename*=UTF-8''{iri_to_uri(filename)}"
    )
    return response
