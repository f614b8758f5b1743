"""Checking an uploaded document: what it really is (from its bytes, not its name), and that it opens.

``check(content, filename, max_bytes)`` returns a ``Checked`` (kind, content type) or raises ``Refused``
with one Japanese message naming the problem. Nothing here touches the database. The checks, in order:
empty; larger than the limit; the kind from the content — ``%PDF-`` header = PDF; a ZIP whose
``[Content_Types].xml`` names the main part of a Word, Excel or PowerPoint file = DOCX / XLSX / PPTX
(another ZIP is an archive); an OLE2 compound file where a modern Office file is expected = a
password-protected Office file or an old .doc/.xls/.ppt; text = UTF-8, UTF-8 with BOM or CP932
without NUL bytes (Markdown rather than text only by the name ``.md``/``.markdown``); anything else
is named with puremagic's guess —; a name whose extension says another kind (a ZIP named ``.pdf``)
is refused as disguised, saying what the file really is; finally the file is opened with the library
that will read its text (pypdf, python-docx, openpyxl read-only, python-pptx): an encrypted PDF or a
file that fails to open is refused.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF-"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
# The main part's content type in [Content_Types].xml → kind (macro-enabled variants are not accepted).
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx",
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}  # fmt: skip
_OLD_OFFICE = {".doc", ".xls", ".ppt", ".docm", ".xlsm", ".pptm"}
_OVERRIDE = re.compile(rb'<Override\b[^>]*?PartName="([^"]+)"[^>]*?ContentType="([^"]+)"|<Override\b[^>]*?ContentType="([^"]+)"[^>]*?PartName="([^"]+)"')


class Refused(Exception):
    """The file is not accepted; the message says why, in the user's language."""


@dataclass(frozen=True)
class Checked:
    kind: str  # DocumentKind value
    content_type: str
    encoding: str = ""  # for text: utf-8, utf-8-sig or cp932


def _describe(kind: str) -> str:
    return {
        "pdf": _("a PDF file"),
        "docx": _("a Word document (DOCX)"),
        "xlsx": _("an Excel workbook (XLSX)"),
        "pptx": _("a PowerPoint presentation (PPTX)"),
        "txt": _("a text file"),
        "md": _("a text file"),
        "zip": _("a ZIP archive"),
        "ole": _("an old-format or password-protected Office file"),
    }[kind]


def decode_text(content: bytes) -> tuple[str, str] | None:
    """(text, encoding) of a text file in UTF-8, UTF-8 with BOM or CP932; None for anything else."""
    if b"\x00" in content:
        return None
    encodings = ("utf-8-sig",) if content.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp932")
    for encoding in encodings:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


# An Office file is a ZIP: its unpacked size is checked before any reader opens it (a small upload must not
# unpack to gigabytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def _ooxml_kind(content: bytes) -> str:
    """docx / xlsx / pptx from the ZIP's [Content_Types].xml; "zip" for another archive; Refused if broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise Refused(_("This file would take more than 200 MB when unpacked, so it was not read. Split it into smaller files."))
            try:
                types = archive.read("[Content_Types].xml")
            except KeyError:
                return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise Refused(
            _("This file is damaged (a broken ZIP container) and could not be opened. Save it again in the program that made it and upload it again.")
        ) from None
    for match in _OVERRIDE.finditer(types):
        content_type = (match.group(2) or match.group(3)).decode("ascii", "replace")
        if content_type in _MAIN_PARTS:
            return _MAIN_PARTS[content_type]
    return "zip"


def _guess(content: bytes) -> str:
    """A short name of an unsupported file's type (puremagic), or ''."""
    try:
        import puremagic

        matches = puremagic.magic_string(content[:4096])
    except Exception:  # puremagic raises on content it knows nothing about
        return ""
    for match in matches:
        if match.name:
            return match.name
    return ""


def _real_kind(content: bytes) -> tuple[str, str]:
    """(kind, encoding): pdf, docx, xlsx, pptx, zip, ole, text, or "other"."""
    if content.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(_PDF):  # readers accept a little junk before the header
        return "pdf", ""
    if content.startswith(_ZIP):
        return _ooxml_kind(content), ""
    if content.startswith(_OLE):
        return "ole", ""
    decoded = decode_text(content)
    if decoded is not None:
        return "text", decoded[1]
    return "other", ""


def _supported() -> str:
    return _("Upload a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), text (.txt) or Markdown (.md) file.")


def check(content: bytes, filename: str, max_bytes: int) -> Checked:
    if not content:
        raise Refused(_("The file is empty."))
    if len(content) > max_bytes:
        raise Refused(_("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": max_bytes // 1024 // 1024})
    extension = PurePath(filename or "").suffix.lower()
    named = EXTENSIONS.get(extension)
    real, encoding = _real_kind(content)
    if real == "ole":
        raise Refused(
            _(
                "This file is protected with a password or is an old Office file (.doc, .xls, .ppt). Remove the password, "
                "or save it as .docx, .xlsx or .pptx, and upload it again."
            )
        )
    if real == "other":
        what = _guess(content)
        if named:
            if what:
                raise Refused(
                    _("The file name ends in %(ext)s but the file is not %(kind)s: it looks like %(what)s.")
                    % {"ext": extension, "kind": _describe(named), "what": what}
                )
            raise Refused(_("The file name ends in %(ext)s but the file is not %(kind)s.") % {"ext": extension, "kind": _describe(named)})
        if what:
            raise Refused(_("This type of file (%(what)s) cannot be read here. %(supported)s") % {"what": what, "supported": _supported()})
        raise Refused(_("This type of file cannot be read here. %(supported)s") % {"supported": _supported()})
    if real == "text":
        if named and named not in ("txt", "md"):
            raise Refused(
                _("The file name ends in %(ext)s but the file is really %(real)s.") % {"ext": extension, "real": _describe("txt")}
            )
        if not named:
            raise Refused(_("Text files are read only when their name ends in .txt or .md. %(supported)s") % {"supported": _supported()})
        return Checked(named, CONTENT_TYPES[named], encoding)
    if real == "zip":
        if named:
            raise Refused(
                _("The file name ends in %(ext)s but the file is really %(real)s.") % {"ext": extension, "real": _describe("zip")}
            )
        raise Refused(_("ZIP archives cannot be read here: upload the files in it one by one."))
    if named and named != real:
        raise Refused(_("The file name ends in %(ext)s but the file is really %(real)s.") % {"ext": extension, "real": _describe(real)})
    if not named and extension:
        if extension in _OLD_OFFICE:
            raise Refused(_("The file name ends in %(ext)s but the file is really %(real)s.") % {"ext": extension, "real": _describe(real)})
        raise Refused(_("This type of file cannot be read here. %(supported)s") % {"supported": _supported()})
    _open(real, content)
    return Checked(real, CONTENT_TYPES[real])


def _damaged(kind: str) -> Refused:
    return Refused(
        _("This file is damaged and could not be opened as %(kind)s. Open it in the program that made it, save it again and upload it again.")
        % {"kind": _describe(kind)}
    )


def _open(kind: str, content: bytes) -> None:
    """Open the file with the library that will read it; Refused when it is encrypted or does not open."""
    if kind == "pdf":
        _open_pdf(content)
        return
    try:
        if kind == "docx":
            import docx

            docx.Document(io.BytesIO(content))
        elif kind == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                workbook.sheetnames  # noqa: B018 — reads the workbook part
            finally:
                workbook.close()
        elif kind == "pptx":
            import pptx

            len(pptx.Presentation(io.BytesIO(content)).slides)
    except Exception:  # the readers raise many kinds on a broken part (KeyError, XMLSyntaxError, ValueError…)
        raise _damaged(kind) from None


def _open_pdf(content: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = len(reader.pages)
    except Exception:
        raise _damaged("pdf") from None
    if encrypted:
        raise Refused(
            _("This PDF is protected with a password (encrypted). Save a copy without the password and upload it again.")
        )
    if pages == 0:
        raise _damaged("pdf")
