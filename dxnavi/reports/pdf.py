"""A4 PDF rendering with WeasyPrint.

Japanese text uses the IPAex fonts installed by the setup command (Debian's
fonts-ipaexfont-*); WeasyPrint embeds the subset it uses, so the PDF opens anywhere.
Only our own static files may be fetched while rendering: no request leaves the machine.

``cached_pdf`` keeps every laid-out document (``models.RenderedDocument``): the key is a digest of
the document's kind and object, the language, the rendering version (every template, static CSS,
translation catalog, content file and the project's Python code, hashed once per process, so a
deploy cannot serve an old layout) and either

- the HTML itself (``prepared_pdf``): the document is laid out again exactly when what it shows
  changed; the HTML (context + template) is still built on every download; or
- the inputs of everything the document prints (``keyed_pdf``): the app computes them with a few
  light queries (e.g. a completed result: its id and stamps, the previous result, the names shown,
  the viewer kind, the peer comparison), and a repeat download is key → stored bytes, without
  building the context or the HTML. Each app's ``documents.py`` lists the inputs beside its
  template, with one test per input that changes the printed content.

Tests switch on ``VERIFY_KEYS`` (``tests/conftest.py``): every ``keyed_pdf`` then also renders its HTML
and fails when one key has stood for two different HTML documents — a missed input, i.e. a stale
download, fails any test that changes it.
"""

import functools
import hashlib
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
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
    """Digest of what a document is made with besides its data (computed once per process): every
    template and static CSS file, the translation catalogs, the content files (national figures,
    plan content…) and the project's Python code (presenters, chart geometry), plus the versions of
    Django and WeasyPrint and the time zone dates are printed in. A deploy that changes any of them
    lays every document out again."""
    from importlib.metadata import version

    import django
    from django.conf import settings

    digest = hashlib.sha256(f"{django.__version__}\x1f{version('weasyprint')}\x1f{settings.TIME_ZONE}".encode())
    base = Path(settings.BASE_DIR)
    root = base / "dxnavi"
    paths = (
        sorted(root.glob("*/templates/**/*"))
        + sorted(root.glob("*/static/**/*.css"))
        + sorted(root.glob("*/locale/*/LC_MESSAGES/*.mo"))
        + sorted(root.glob("**/*.py"))
        + sorted((base / "content").glob("**/*"))
    )
    for path in paths:
        if path.is_file() and "migrations" not in path.parts:
            digest.update(str(path.relative_to(base)).encode())
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


# Tests set this (tests/conftest.py): keyed documents then check that no key stands for two different HTMLs.
VERIFY_KEYS = False
_verified: dict[str, str] = {}  # key -> sha256 of the HTML first made under it (only with VERIFY_KEYS)


class StaleKeyError(AssertionError):
    """One key of a keyed document stood for two different HTML documents: an input is missing from the key."""


class KeyedPdf:
    """A document named by the inputs of what it prints: ``key`` needs no HTML; the context and the
    HTML are built (once) only when the document is laid out. Same interface as ``PreparedPdf``."""

    def __init__(self, company_id: int, kind: str, object_id: int, key_parts, template_name: str, context, request=None):
        self.company_id, self.kind, self.object_id = company_id, kind, object_id
        self.key = cache_key(kind, company_id, object_id, "inputs", *key_parts)
        self._template_name, self._context, self._request = template_name, context, request
        self._language = translation.get_language()  # the key's language: the HTML is made in it, whenever

    @functools.cached_property
    def html(self) -> str:
        with translation.override(self._language):
            return render_to_string(self._template_name, self._context(), request=self._request)

    def get(self) -> bytes:
        if VERIFY_KEYS:
            digest = hashlib.sha256(self.html.encode()).hexdigest()
            if _verified.setdefault(self.key, digest) != digest:
                raise StaleKeyError(f"{self.kind} {self.object_id}: the same key for a different document")
        return stored(self.company_id, self.kind, self.object_id, self.key, lambda: layout(self.html))


def digest(*values) -> str:
    """A short digest of JSON-able values (e.g. an immutable row's printed fields) for a key."""
    import json

    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def keyed_pdf(company_id: int, kind: str, object_id: int, key_parts, template_name: str, context, request=None):
    """A document keyed by ``key_parts`` (everything it prints besides the language and the rendering
    version); ``context`` is a callable, called only when the document has to be laid out."""
    return KeyedPdf(company_id, kind, object_id, tuple(key_parts), template_name, context, request=request)


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
