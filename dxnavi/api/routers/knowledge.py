"""The knowledge base (``dxnavi.knowledge``): the company's own documents — list (cursor, CSV), one document with
its passages (keyset on the passage number), upload through the web's ``services.upload`` (the same checks
of ``documents.check``; a refused file is a 422 naming ``file`` in Japanese and English, nothing stored) and
deletion. Search and ask: ``routers/knowledge_search.py``; the generative-AI checklist:
``routers/knowledge_genai.py``; the guidance library (articles, glossary): ``routers/knowledge_guide.py``."""

import datetime
import hashlib
from typing import Literal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from dxnavi.knowledge import documents, presenters, services
from dxnavi.knowledge.models import DocumentKind, DocumentStatus

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, paginate
from ..problems import Problem, both
from ..schemas import Text
from ..texts import choice_label, in_both

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["knowledge"])

DOCUMENTS = "/{company_id}/knowledge/documents"
ORDERING = ("-created", "-id")  # the web's list order (``services.document_list``)
MAX_PASSAGES = 500
FILE_LABEL_JA = "ファイル"




# --- the company's documents ----------------------------------------------------------------------
class DocumentItem(Schema):
    id: int
    title: str
    filename: str
    kind: Literal["pdf", "docx", "xlsx", "pptx", "txt", "md"]
    kind_label: Text
    size: int = Field(description="Bytes.")
    status: Literal["queued", "processing", "ready", "failed"]
    status_label: Text
    error: str = Field(description="Why the text could not be read, or a notice (no text found); empty otherwise.")
    pages: int = Field(description="PDF pages, slides or sheets; 0 for text.")
    passage_count: int
    uploaded_by: str = Field(description="The uploader's name (or e-mail); empty when unknown.")
    created: datetime.datetime
    indexed: datetime.datetime | None
    url: str = Field(description="The document's page on the web.")


class DocumentPage(Schema):
    items: list[DocumentItem]
    next_cursor: str | None


class DocumentFilters(Schema):
    status: Literal["queued", "processing", "ready", "failed"] | None = Field(None, title="状態", description="Only documents in this reading status.")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


def _uploader(row) -> str:
    user = row.uploaded_by if row.uploaded_by_id else None
    return (user.name or user.email) if user else ""


def document_item(row) -> dict:
    return {
        "id": row.pk, "title": row.title, "filename": row.filename, "kind": row.kind, "kind_label": choice_label(DocumentKind(row.kind)),
        "size": row.size, "status": row.status, "status_label": choice_label(DocumentStatus(row.status)), "error": row.error,
        "pages": row.pages, "passage_count": row.passage_count, "uploaded_by": _uploader(row), "created": row.created,
        "indexed": row.indexed, "url": reverse("knowledge:document", args=[row.company_id, row.pk]),
    }  # fmt: skip


CSV_COLUMNS = [
    Column("登録日時", lambda r: r.created.isoformat()),
    Column("タイトル", lambda r: r.title),
    Column("ファイル名", lambda r: r.filename),
    Column("種類", lambda r: choice_label(DocumentKind(r.kind))["ja"]),
    Column("サイズ（バイト）", lambda r: r.size),
    Column("状態", lambda r: choice_label(DocumentStatus(r.status))["ja"]),
    Column("段落数", lambda r: r.passage_count),
    Column("登録者", _uploader),
    Column("ID", lambda r: r.pk),
]


@router.get(DOCUMENTS, response=DocumentPage, summary="The company's own documents (社内文書), newest first",
            openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_knowledge_documents(request, access, filters: Query[DocumentFilters], page: Query[PageParams]):
    rows = services.document_list(access)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.format == "csv" or wants_csv(request):
        return csv_file(rows, ordering=ORDERING, columns=CSV_COLUMNS, name="knowledge_documents")
    return paginate(request, rows, ordering=ORDERING, page=page, item=document_item)


class PassageOut(Schema):
    ordinal: int = Field(description="1, 2, 3 … in reading order; the web page's anchor is #p-<ordinal>.")
    page: int | None = Field(description="PDF page, slide or sheet number (1-based); null for text.")
    position: int = Field(description="The passage's number within its page.")
    heading: str = Field(description="The nearest heading, sheet name or slide title.")
    location: Text = Field(description="Where the passage is, as the web page says it.")
    text: str


class DocumentOut(DocumentItem):
    passages: list[PassageOut] = Field(description="Passages after `after`, at most `limit`, in reading order.")
    next_after: int | None = Field(description="Send as `after` for the next passages; null after the last one.")


class PassageParams(Schema):
    after: int = Field(0, ge=0, le=10**9, title="以降", description="Passages with a larger number (`next_after` of the previous answer).")
    limit: int = Field(200, ge=1, le=MAX_PASSAGES, title="件数", description=f"Passages per answer (1–{MAX_PASSAGES}).")


def _document(access, document_id: int, *fields):
    check_id(document_id)
    return services.document(access, document_id, *fields)  # 404 (a problem) for another company's document


@router.get(DOCUMENTS + "/{document_id}", response=DocumentOut,
            summary="One document: metadata, reading status and its passages with page, position and heading")
@company_operation(need="view")
def get_knowledge_document(request, access, document_id: int, params: Query[PassageParams]):
    row = _document(access, document_id)
    rows = list(services.passages(row).filter(ordinal__gt=params.after)[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        **document_item(row),
        "passages": [{
            "ordinal": p.ordinal, "page": p.page, "position": p.position, "heading": p.heading, "text": p.text,
            "location": in_both(presenters.location, row.kind, p.page, p.position, p.heading),
        } for p in rows],
        "next_after": rows[-1].ordinal if more else None,
    }  # fmt: skip


def _refusal(access, filename: str, content_bytes: bytes) -> tuple[str, str]:
    """The refusal's message in Japanese and English: the checks again in each language (they are pure;
    the duplicate check only reads)."""
    out = []
    for language in ("ja", "en"):
        with translation.override(language):
            try:
                documents.check(content_bytes, filename, services.max_bytes())
                refused = services.already_uploaded(access, hashlib.sha256(content_bytes).hexdigest())
                message = str(refused) if refused else gettext("This file was already uploaded.")
            except documents.Refused as refused_error:
                message = str(refused_error)
        out.append(message)
    return out[0], out[1]


def _too_large() -> tuple[str, str]:
    return both(gettext_lazy("The file is larger than %(mb)s MB. Split it into smaller files."), {"mb": services.max_bytes() // 1024 // 1024})


@router.post(DOCUMENTS, response={201: DocumentItem},
             summary="Upload a document (multipart: `file`, optional `title`); its text is read in the background",
             openapi_extra=IDEMPOTENCY_OPENAPI)
@company_operation(need="edit")
@idempotent
def upload_knowledge_document(request, access, file: UploadedFile = File(..., title="ファイル", description="PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), text (.txt) or Markdown (.md)."),
                              title: str = Form("", max_length=200, title="タイトル", description="Without a title, the file name is used.")):
    name = file.name or ""
    if file.size > services.max_bytes():  # refused before reading it, as the web
        ja, en = _too_large()
    else:
        content_bytes = file.read()
        try:
            document = services.upload(access, request.auth.token.user, filename=name, content=content_bytes, title=title)
        except documents.Refused:
            ja, en = _refusal(access, name, content_bytes)
        else:
            return Status(201, document_item(services.document(access, document.pk)))
    detail = ja if (translation.get_language() or "ja").startswith("ja") else en
    raise Problem("validation_error", detail, errors=[{"field": "file", "field_ja": FILE_LABEL_JA, "message": en, "message_ja": ja}])


@router.delete(DOCUMENTS + "/{document_id}", response={204: None},
               summary="Delete a document with its passages and search index (owners and editors, write scope)")
@company_operation(need="edit")
def delete_knowledge_document(request, access, document_id: int):
    services.delete(_document(access, document_id, "title"))
    return Status(204, None)
