"""Reading the text of a checked document into ``index.Piece``s that say where each passage is.

``extract(kind, content)`` → ``Extracted(pages, pieces)``. Paragraphs are merged into passages of about 200–``MAX``
characters (a longer paragraph is cut at sentence ends), never across a page, slide,
sheet or heading:

* PDF: per page (pypdf ``extract_text``); ``page`` = page number, ``position`` = passage number on it;
* DOCX: paragraphs and tables in reading order under the nearest heading (Heading/Title styles), page None;
* XLSX: per sheet (``page`` = sheet number, ``heading`` = sheet name), each row one line
  「見出し: 値 / 見出し: 値」 (the first row's texts as the column names when it is a header row, else
  「A列」…), lines grouped into passages;
* PPTX: per slide (``page`` = slide number, ``heading`` = the title), text frames, tables and notes;
* TXT / MD: paragraphs (blank lines); Markdown headings (``#``…) become the heading.
No OCR: a scanned PDF gives no pieces.
"""

import io
import re
from dataclasses import dataclass, field

from .documents import decode_text
from .index import Piece

MAX = 600
CLOSE = 400  # a passage this long takes no further paragraph
_SENTENCE = re.compile(r"(?<=[。．！？!?])|(?<=\.\s)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class Extracted:
    pages: int = 0
    pieces: list = field(default_factory=list)


def _cut(paragraph: str) -> list[str]:
    """A paragraph longer than MAX, cut at sentence ends (or hard every MAX characters)."""
    if len(paragraph) <= MAX:
        return [paragraph]
    parts, current = [], ""
    for sentence in (s for s in _SENTENCE.split(paragraph) if s):
        while len(sentence) > MAX:
            if current:
                parts.append(current)
                current = ""
            parts.append(sentence[:MAX])
            sentence = sentence[MAX:]
        if len(current) + len(sentence) > MAX:
            parts.append(current)
            current = ""
        current += sentence
    if current:
        parts.append(current)
    return parts


def merge(paragraphs, *, separator: str = "\n") -> list[str]:
    """Paragraphs → passages: joined until the passage reaches ``CLOSE`` characters or the next one would pass MAX."""
    passages, current = [], ""
    for paragraph in paragraphs:
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        for part in _cut(paragraph):
            if current and (len(current) >= CLOSE or len(current) + len(separator) + len(part) > MAX):
                passages.append(current)
                current = ""
            current = f"{current}{separator}{part}" if current else part
    if current:
        passages.append(current)
    return passages


def _pieces(paragraphs, *, page=None, heading="", start=1) -> list[Piece]:
    return [Piece(text=text, page=page, position=number, heading=heading) for number, text in enumerate(merge(paragraphs), start=start)]


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a block without blank lines is split at its lines only when long."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))]
    result = []
    for block in blocks:
        if not block:
            continue
        if len(block) <= MAX:
            result.append(block)
        else:
            result.extend(line.strip() for line in block.split("\n") if line.strip())
    return result


# --- PDF ---------------------------------------------------------------------------------------


def _pdf(content: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content), strict=False)
    result = Extracted(pages=len(reader.pages))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        result.pieces += _pieces(_paragraphs(text), page=number)
    return result


# --- DOCX --------------------------------------------------------------------------------------


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith(("Heading", "見出し")) or name in ("Title", "表題")


def _docx(content: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(content))
    result = Extracted()
    heading, block, position = "", [], 1

    def flush():
        nonlocal block, position
        pieces = _pieces(block, heading=heading, start=position)
        result.pieces.extend(pieces)
        position += len(pieces)
        block = []

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            if _is_heading(item):
                flush()
                heading = text
                continue
            block.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    block.append(" / ".join(cells))
    flush()
    return result


# --- XLSX --------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat(sep=" ") if hasattr(value, "hour") and (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    return str(value).strip()


def _xlsx(content: bytes) -> Extracted:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    result = Extracted()
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            result.pages = number
            rows = [list(row) for row in sheet.iter_rows(values_only=True) if any(_cell(v) for v in row)]
            if not rows:
                continue
            names = None
            if len(rows) > 1 and all(isinstance(v, str) for v in rows[0] if v is not None):
                names = [_cell(v) for v in rows.pop(0)]
            lines = []
            for row in rows:
                parts = []
                for index, value in enumerate(_cell(v) for v in row):
                    if not value:
                        continue
                    label = names[index] if names and index < len(names) and names[index] else f"{_column_letter(index)}列"
                    parts.append(f"{label}: {value}")
                lines.append(" / ".join(parts))
            result.pieces += _pieces(lines, page=number, heading=sheet.title)
    finally:
        workbook.close()
    return result


# --- PPTX --------------------------------------------------------------------------------------


def _shape_texts(shapes, title_id):
    for shape in shapes:
        if shape.shape_id == title_id:
            continue
        if shape.shape_type == 6 and hasattr(shape, "shapes"):  # a group
            yield from _shape_texts(shape.shapes, title_id)
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
                if cells:
                    yield " / ".join(cells)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = "\n".join(p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip())
            if text:
                yield text


def _pptx(content: bytes) -> Extracted:
    import pptx

    presentation = pptx.Presentation(io.BytesIO(content))
    result = Extracted(pages=len(presentation.slides))
    for number, slide in enumerate(presentation.slides, start=1):
        title_shape = slide.shapes.title
        title = title_shape.text.strip() if title_shape is not None and title_shape.has_text_frame else ""
        texts = list(_shape_texts(slide.shapes, title_shape.shape_id if title_shape is not None else None))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                texts.append(f"ノート: {notes.text.strip()}")
        if not texts and title:
            texts = [title]
        result.pieces += _pieces(texts, page=number, heading=title.replace("\n", " "))
    return result


# --- text and Markdown -------------------------------------------------------------------------


def _text(content: bytes, markdown: bool) -> Extracted:
    decoded = decode_text(content)
    text = decoded[0] if decoded else content.decode("utf-8", "replace")
    result = Extracted()
    if not markdown:
        result.pieces = _pieces(_paragraphs(text))
        return result
    heading, lines, position = "", [], 1

    def flush():
        nonlocal lines, position
        pieces = _pieces(_paragraphs("\n".join(lines)), heading=heading, start=position)
        result.pieces.extend(pieces)
        position += len(pieces)
        lines = []

    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _MD_HEADING.match(line)
        if match:
            flush()
            heading = match.group(2)
        else:
            lines.append(line)
    flush()
    return result


def extract(kind: str, content: bytes) -> Extracted:
    if kind == "pdf":
        return _pdf(content)
    if kind == "docx":
        return _docx(content)
    if kind == "xlsx":
        return _xlsx(content)
    if kind == "pptx":
        return _pptx(content)
    return _text(content, markdown=kind == "md")
