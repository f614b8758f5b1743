"""The company's own documents: upload (checked by ``documents.check``, nothing stored when refused),
the extraction job (``extract_document``: queued → processing → ready/failed), reads through ``scoping``
and deletion.

Who may write is decided by the views (``company_view``; uploads and deletions need edit rights).
Document saves and deletions bump the company's data stamp through the signal receivers; passages and
postings are derived (``web.data_stamp.UNWATCHED``) and written only by ``index.index_document``.
"""

import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from dxnavi import jobs
from dxnavi.orgs.scoping import scoped

from . import documents, extraction, index
from .models import Document, DocumentStatus, Passage

logger = logging.getLogger(__name__)

LIST_FIELDS = (
    "pk", "company_id", "title", "filename", "kind", "size", "status", "error", "pages", "passage_count",
    "uploaded_by_id", "uploaded_by__name", "uploaded_by__email", "created", "indexed",
)  # fmt: skip
PENDING = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


def max_bytes() -> int:
    return settings.KNOWLEDGE_MAX_UPLOAD_MB * 1024 * 1024


def default_title(filename: str) -> str:
    stem = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return (stem.strip() or _("Untitled document"))[:200]


def already_uploaded(access, digest) -> documents.Refused | None:
    earlier = scoped(Document.objects, access).filter(sha256=digest).only("pk", "title", "created", "company_id").first()
    if earlier is None:
        return None
    return documents.Refused(
        _("This file was already uploaded on %(date)s as 「%(title)s」.")
        % {"date": formats.date_format(timezone.localtime(earlier.created), "SHORT_DATE_FORMAT"), "title": earlier.title}
    )


def upload(access, user, *, filename: str, content: bytes, title: str = "") -> Document:
    """Check the file and store it (queued for extraction); ``documents.Refused`` stores nothing."""
    checked = documents.check(content, filename, max_bytes())
    digest = hashlib.sha256(content).hexdigest()
    refused = already_uploaded(access, digest)
    if refused is not None:
        raise refused
    try:
        with transaction.atomic():
            document = Document.objects.create(
                company=access.company, title=(title or "").strip()[:200] or default_title(filename),
                filename=(filename or "")[-255:] or f"document.{checked.kind}", kind=checked.kind, size=len(content),
                sha256=digest, content=content, uploaded_by=user,
            )  # fmt: skip
            jobs.enqueue("dxnavi.knowledge.services.extract_document", document.pk)
    except IntegrityError:  # the same file uploaded at the same moment
        raise already_uploaded(access, digest) or documents.Refused(_("This file was already uploaded.")) from None
    return document


def _notice_no_text() -> str:
    return _("No text was found in this file (a scanned document or images only?). It is kept, but it cannot be searched: text recognition (OCR) is not done.")


def extract_document(document_id: int) -> None:
    """The job: read the text into passages and index them. Messages are stored in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        document = Document.objects.filter(pk=document_id).first()
        if document is None or document.status not in PENDING:
            return
        document.status = DocumentStatus.PROCESSING
        document.save(update_fields=["status"])
        try:
            extracted = extraction.extract(document.kind, bytes(document.content))
        except Exception:
            logger.exception("knowledge: could not extract document %s", document_id)
            document.status = DocumentStatus.FAILED
            document.error = _("The text of this file could not be read. Open it, save it again and upload it again.")
            document.save(update_fields=["status", "error"])
            return
        with transaction.atomic():
            if not Document.objects.filter(pk=document_id).exists():  # deleted meanwhile
                return
            count = index.index_document(document, extracted.pieces)
            document.status = DocumentStatus.READY
            document.pages = extracted.pages
            document.passage_count = count
            document.error = "" if count else _notice_no_text()
            document.indexed = timezone.now()
            document.save(update_fields=["status", "pages", "passage_count", "error", "indexed"])


def document_list(access):
    return scoped(Document.objects, access).select_related("uploaded_by").only(*LIST_FIELDS).order_by("-created", "-pk")


def document(access, document_id, *fields) -> Document:
    rows = scoped(Document.objects, access)
    rows = rows.only("pk", "company_id", *fields) if fields else rows.select_related("uploaded_by").defer("content")
    return get_object_or_404(rows, pk=document_id)


def passages(document_row):
    return Passage.objects.filter(document=document_row, company_id=document_row.company_id).order_by("ordinal").only(
        "pk", "ordinal", "page", "position", "heading", "text", "document_id"
    )


@transaction.atomic
def delete(document_row) -> None:
    """The document with its passages and postings (cascade)."""
    document_row.delete()
