"""The basic policy as a Word file (python-docx): A4, title, preamble, numbered sections, closing.

Fonts: a DOCX names one font per slot (w:ascii, w:hAnsi, w:eastAsia, w:cs), not a list. We name
游ゴシック (Yu Gothic), which Windows (8.1 and later) and macOS both have, in every slot of the
styles we use, and drop the theme references that would otherwise win over the explicit name.
The document's font table describes 游ゴシック (alternative name "Yu Gothic", Japanese
character set, sans-serif family), so a Word that lacks it substitutes another Japanese
sans-serif font such as Meiryo or Hiragino Sans instead of a Latin one.

Paper: python-docx's default template is US Letter with blue theme-coloured headings; we set
A4 (Word's own A4 numbers: 11906 × 16838 twips) with 25 mm margins, and black headings.
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils.encoding import iri_to_uri

from . import services

FONT = "游ゴシック"
FONT_ALT_NAME = "Yu Gothic"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_STYLES = ("Normal", "Title", "Heading 1")
_LANG_TAG = {"ja": "ja-JP", "en": "en-GB"}
A4_WIDTH_TWIPS = 11906
A4_HEIGHT_TWIPS = 16838
MARGIN_MM = 25
_SIZES_PT = {"Normal": 10.5, "Title": 18, "Heading 1": 13}


def _set_fonts(style, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{theme}"), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _LANG_TAG.get(language, "ja-JP"))
    lang.set(qn("w:eastAsia"), "ja-JP")
    style.font.color.rgb = RGBColor(0, 0, 0)  # also removes Word's theme colour (blue headings)
    style.font.size = Pt(_SIZES_PT[style.name if style.name in _SIZES_PT else "Normal"])


def _plain_title(style) -> None:
    """Drop the default Title style's blue bottom border."""
    from docx.oxml.ns import qn

    ppr = style.element.pPr
    border = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)


def _describe_font(doc) -> None:
    """Put 游ゴシック into the font table with the hints Word uses to substitute it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    part = doc.part.part_related_by(RT.FONT_TABLE)  # a plain part of the default template
    root = etree.fromstring(part.blob)
    for existing in root.findall(qn("w:font")):
        if existing.get(qn("w:name")) == FONT:
            root.remove(existing)
    font = etree.SubElement(root, qn("w:font"), {qn("w:name"): FONT})
    for tag, value in (
        ("altName", FONT_ALT_NAME), ("panose1", "020B0400000000000000"), ("charset", "80"), ("family", "swiss"),
        ("pitch", "variable"),
    ):
        etree.SubElement(font, qn(f"w:{tag}"), {qn("w:val"): value})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _a4(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Twips

    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Twips(A4_WIDTH_TWIPS)
        section.page_height = Twips(A4_HEIGHT_TWIPS)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)


def build_docx(policy) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _a4(doc)
    for name in _STYLES:
        _set_fonts(doc.styles[name], policy.language)
    _plain_title(doc.styles["Title"])
    _describe_font(doc)
    doc.core_properties.title = policy.title
    doc.core_properties.author = policy.company_name
    doc.core_properties.language = _LANG_TAG.get(policy.language, "ja-JP")

    parts = services.split_parts(policy.parts)
    doc.add_heading(policy.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(parts["preamble"]["body"])
    for number, section in enumerate(parts["sections"], start=1):
        doc.add_heading(f"{number}. {section['title']}", level=1)
        doc.add_paragraph(section["body"])
    doc.add_paragraph()
    for line in parts["closing"]["body"].splitlines():
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_response(data: bytes, filename: str) -> HttpResponse:
    # Same header shape as reports.pdf.pdf_response: ASCII fallback plus the UTF-8 name.
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"basic-policy.docx\"; filename*=UTF-8''{iri_to_uri(filename)}"
    return response
