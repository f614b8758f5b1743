"""Sample documents built in code (no binary fixtures): PDF (WeasyPrint, Japanese text, one page per
``pages`` item), DOCX (python-docx), XLSX (openpyxl), PPTX (python-pptx), text and Markdown, an encrypted
PDF (pypdf), the header of an OLE2 compound file (a password-protected Office file) and damaged copies.
Fast enough for every test and the browser test; each file is built once per process (the same bytes
every call: DOCX/XLSX/PPTX carry their creation time).
"""

import functools
import html
import io

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

PDF_PAGES = (
    ("情報セキュリティ基本方針", ["当社は、お客様からお預かりした個人情報を適切に管理します。", "パスワードは十二文字以上とし、使い回しを禁止します。"]),
    ("バックアップ手順", ["会計データは毎日、外付けディスクとクラウドの二か所に保存します。"]),
)


@functools.lru_cache(maxsize=8)
def _pdf(pages: tuple) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<section style='page-break-after: always'><h1>{html.escape(title)}</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</section>"
        for title, paragraphs in pages
    )
    page_html = (
        "<html lang='ja'><head><meta charset='utf-8'><style>@page { size: A5; margin: 15mm }"
        " body { font-family: 'IPAexGothic', 'IPAGothic', sans-serif; font-size: 10pt } section:last-child { page-break-after: auto }"
        f"</style></head><body>{body}</body></html>"
    )
    return HTML(string=page_html).write_pdf()


def pdf(pages=PDF_PAGES) -> bytes:
    """A PDF with one page per (title, [paragraphs])."""
    return _pdf(tuple((title, tuple(paragraphs)) for title, paragraphs in pages))


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF without any text (like a scanned document)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=420, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading("経費精算の手順", level=1)
    document.add_paragraph("領収書は受け取った日から一週間以内に経理担当へ提出します。")
    document.add_paragraph("交通費は乗換案内の画面を印刷して添付します。")
    document.add_heading("承認の流れ", level=2)
    document.add_paragraph("五万円を超える精算は社長の承認が必要です。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "金額", "承認者"
    table.cell(1, 0).text, table.cell(1, 1).text = "五万円以下", "部長"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "売上"
    sheet.append(["月", "商品", "金額"])
    sheet.append(["4月", "ネジ", 120000])
    sheet.append(["5月", "ボルト", 98000])
    other = workbook.create_sheet("在庫")
    other.append([1, "ナット", 300])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def pptx() -> bytes:
    import pptx as python_pptx
    from pptx.util import Inches

    presentation = python_pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "テレワークの規程"
    slide.placeholders[1].text = "社外で業務を行う場合は会社支給のパソコンを使います。"
    slide.notes_slide.notes_text_frame.text = "全社員に周知すること"
    second = presentation.slides.add_slide(presentation.slide_layouts[5])
    second.shapes.title.text = "連絡先一覧"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "担当", "電話"
    table.cell(1, 0).text, table.cell(1, 1).text = "総務", "03-0000-0000"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def text(encoding: str = "utf-8") -> bytes:
    body = "社内ルール\n\n私用のUSBメモリは業務用パソコンに接続しません。\n\n不審なメールは開かずに情報システム担当へ転送します。\n"
    return body.encode(encoding)


def markdown() -> bytes:
    return "# 入退室管理\n\nサーバー室の鍵は総務部で保管します。\n\n## 来客\n\n来客者は受付で名簿に記入します。\n".encode()


def plain_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("memo.txt", "メモ")
    return out.getvalue()


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def truncated(content: bytes, keep: float = 0.5) -> bytes:
    """The first part of a file, like an interrupted download."""
    return content[: max(8, int(len(content) * keep))]


@functools.lru_cache(maxsize=4)
def docx_of(title: str, paragraphs: tuple[str, ...]) -> bytes:
    """A DOCX with one heading and the given paragraphs (the browser test's own phrases)."""
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
