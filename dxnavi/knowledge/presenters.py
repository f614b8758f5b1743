"""What the document pages show: sizes, status, where a passage is (「3ページ・2番目」, 「シート『売上』」,
「スライド4」) and the passage text with the ``?q=`` words marked."""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import search
from .models import DocumentStatus


@dataclass(frozen=True)
class DocumentRow:
    document: object
    kind: str
    size: str
    status: str
    pending: bool
    uploader: str


def document_row(row) -> DocumentRow:
    uploader = row.uploaded_by.name or row.uploaded_by.email if row.uploaded_by_id and row.uploaded_by else ""
    return DocumentRow(
        document=row, kind=row.get_kind_display(), size=filesizeformat(row.size), status=row.get_status_display(),
        pending=row.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING), uploader=uploader,
    )  # fmt: skip


def document_rows(rows) -> list[DocumentRow]:
    return [document_row(row) for row in rows]


def location(kind: str, page, position: int, heading: str) -> str:
    """Where a passage is, as the page shows it."""
    if kind == "pdf" and page:
        return _("page %(page)s, passage %(position)s") % {"page": page, "position": position}
    if kind == "xlsx":
        return _("sheet 『%(sheet)s』") % {"sheet": heading} if heading else _("sheet %(page)s") % {"page": page}
    if kind == "pptx" and page:
        return _("slide %(page)s") % {"page": page}
    return _("passage %(position)s") % {"position": position}


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with the words of ``query`` in ``<mark>`` — matched as the search matches them."""
    return search.mark(text, search.query_terms(query))


def hit_location(hit) -> str:
    """Where a search hit or a citation is: the section heading for guidance (「用語集」 for a glossary term), else
    the document place of ``location`` followed by the passage's heading (a sheet's name is already in it)."""
    if hit.source == "guidance":
        return hit.heading or (_("Glossary") if hit.article_id == "glossary" else "")
    where = location(hit.doc_kind, hit.page, hit.position or 1, hit.heading)
    return f"{where}・{hit.heading}" if hit.heading and hit.doc_kind != "xlsx" else where


@dataclass(frozen=True)
class PassageView:
    ordinal: int
    location: str
    heading: str
    text: SafeString


def passage(document, row, query: str = "") -> PassageView:
    heading = "" if document.kind == "xlsx" else row.heading
    return PassageView(row.ordinal, location(document.kind, row.page, row.position, row.heading), heading, highlight(row.text, query))
