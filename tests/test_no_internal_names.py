"""No internal names on any page or download of the demo (issue #10 item 2).

The demo (``manage.py seed_demo`` on the real content) is visited as the demo owner and the demo
adviser, in Japanese and in English: every URL pattern (company pages with the kwargs of
``tests/isolation_cases.py``, the rest as the fuzz crawler builds them), then every internal link and
htmx GET on the pages reached, starting from the dashboard. Every download (PDF, XLSX, DOCX, CSV,
ZIP, SVG) is opened and its text read. The word "seed" (the source documents' internal file names)
must appear nowhere a user can read it.
"""

import io
import re
import zipfile
from html import unescape
from urllib.parse import urljoin, urlsplit

import lxml.html
import pypdf
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import Resolver404, resolve, reverse

from tests.fuzz.crawl import ADMIN_PAGES, PARAM_KWARGS, SKIP_NAMESPACES, fuzzable_patterns
from tests.isolation_cases import CASES, ORG_CASES

INTERNAL = re.compile(r"\bseed\b", re.IGNORECASE)
MAX_LINKS_PER_NAME = 6  # distinct link targets followed per URL name (parts, formats, languages)
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "value", "content")


def readable_text(response) -> tuple[str, str]:
    """(kind, the text a user can read) of one response."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ctype = response.get("Content-Type", "").split(";")[0].strip()
    if ctype == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(body))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return "pdf", meta + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)
    if body[:2] == b"PK":  # XLSX, DOCX, ZIP: every text part of the archive
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = []
            for name in archive.namelist():
                data = archive.read(name)
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    continue
                parts.append(unescape(re.sub(r"<[^>]+>", " ", text)) if name.endswith((".xml", ".rels")) else text)
        return ctype.rsplit(".", 1)[-1].rsplit("/", 1)[-1] or "zip", "\n".join(parts)
    text = body.decode("utf-8-sig", errors="replace")
    if ctype == "text/html" and text.strip():
        doc = lxml.html.fromstring(text)
        for element in doc.xpath("//script|//style"):
            element.drop_tree()
        shown = [doc.text_content()]
        for attribute in SHOWN_ATTRIBUTES:
            shown += doc.xpath(f"//@{attribute}")
        return "html", "\n".join(shown)
    return ctype or "text", text


def _view_name(path):
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _skipped(name):
    return name is None or (name.split(":")[0] in SKIP_NAMESPACES and name not in ADMIN_PAGES)


def links_on(html, page_path):
    """Internal <a href> and hx-get targets of a page, query strings kept (download formats, languages)."""
    doc = lxml.html.fromstring(html)
    found = []
    for href in doc.xpath("//a/@href|//*/@hx-get"):
        parts = urlsplit(urljoin(page_path, href))
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and parts.path.startswith("/"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.fixture
def demo(db):
    """The demo instance: the real content and ``manage.py seed_demo``."""
    from dxnavi.accounts.models import User
    from dxnavi.orgs.models import AdviserMembership, Company, CompanyMembership, Role

    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    owner_membership = CompanyMembership.objects.select_related("company", "user").get(
        user__email="owner@demo.dxnavi.jp", role=Role.OWNER
    )
    adviser = User.objects.get(email="adviser@demo.dxnavi.jp")
    org = AdviserMembership.objects.get(user=adviser).organization
    company = owner_membership.company
    return {
        "company": company,
        "owner": owner_membership.user,
        "linked_adviser": adviser,
        "linked_org": org,
        "unlinked_org": org,  # the crawler's kwargs name one; the demo has only its own
        "other_company": Company.objects.exclude(pk=company.pk).first() or company,
    }


def pattern_urls(world, persona):
    """(url name, paths) of every pattern, built once for the demo's own company and organization."""
    built = []
    for name, _route, params in fuzzable_patterns():
        if not params:
            paths = [reverse(name)]
        elif name in CASES:
            paths = [reverse(name, kwargs={"company_id": world["company"].pk, **CASES[name].kwargs(world)})]
        elif name in ORG_CASES and name not in PARAM_KWARGS:
            paths = [reverse(name, kwargs={"org_id": world["linked_org"].pk, **ORG_CASES[name].kwargs(world)})]
        else:
            paths = [reverse(name, kwargs=kwargs) for kwargs in PARAM_KWARGS[name](world, persona)]
        built.append((name, paths))
    return built


def read_everything(client, world, persona, language, tally, found):
    """Visit every pattern, then the links from the dashboard onwards; record each text containing the word."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    dashboard = reverse("web:company_dashboard", kwargs={"company_id": world["company"].pk})
    queue = [dashboard]
    for name, paths in pattern_urls(world, persona):
        tally["patterns"].add(name)
        queue += paths
    if persona == "owner" and language == "ja":
        # The combined report is made by a job (作成する, run here after the commit) and then served from
        # the store by summary:full_pdf, which the crawl reads. Once: laying it out takes seconds.
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("summary:full_start", kwargs={"company_id": world["company"].pk}))
    seen, per_name = set(), {}
    while queue:
        path = queue.pop(0)
        name = _view_name(path)
        if path in seen or _skipped(name) or per_name.get(name, 0) >= MAX_LINKS_PER_NAME + 1:
            continue
        seen.add(path)
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(path, follow=True)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # a logout/login page may have reset it
        if response.status_code != 200:
            continue
        kind, text = readable_text(response)
        tally["pages" if kind == "html" else "downloads"] += 1
        if name == "summary:full_pdf" and kind == "pdf":
            tally["full_reports"] += 1
        for match in INTERNAL.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", " ")
            found.append(f"{persona} {language} {kind} {path}: …{context}…")
        if kind == "html":
            queue += [link for link in links_on(response.content.decode(), response.request["PATH_INFO"]) if link not in seen]


@pytest.mark.django_db
def test_no_internal_names_on_any_demo_page_or_download(demo, capsys):
    tally, found = {"patterns": set(), "pages": 0, "downloads": 0, "full_reports": 0}, []
    for persona in ("owner", "linked_adviser"):
        user = demo[persona]
        for language in ("ja", "en"):
            user.language = language
            user.save(update_fields=["language"])
            client = Client()
            client.force_login(user)
            read_everything(client, demo, persona, language, tally, found)
    summary = f"{len(tally['patterns'])} URL patterns, {tally['pages']} pages and {tally['downloads']} downloads read"
    with capsys.disabled():
        print(f"\nno internal names: {summary}, {len(found)} mentions of 'seed'")
    assert tally["downloads"] >= 8, summary  # the PDFs, spreadsheets and documents were reached
    assert tally["full_reports"] >= 1, summary  # the stored combined report was served and read
    assert found == [], f"{summary}; internal names shown:\n" + "\n".join(found[:60])


def test_readable_text_reads_a_pdf_with_the_word():
    """The PDF reader finds the word (guards against a check that reads nothing)."""
    from django.http import HttpResponse
    from weasyprint import HTML

    pdf = HTML(string="<p>出典：seed 004</p>").write_pdf()
    kind, text = readable_text(HttpResponse(pdf, content_type="application/pdf"))
    assert (kind, bool(INTERNAL.search(text))) == ("pdf", True)


def test_readable_text_ignores_scripts_but_reads_titles():
    from django.http import HttpResponse

    html = '<html><body><script>var seed = 1;</script><abbr title="seed 001">出典</abbr></body></html>'
    kind, text = readable_text(HttpResponse(html, content_type="text/html"))
    assert (kind, INTERNAL.findall(text)) == ("html", ["seed"])
