"""The basic policy as a Word file (python-docx): title, preamble, numbered sections, closing.

Word picks the font for Japanese characters from the East Asian slot (w:eastAsia) of each
style, and the default template points it at a theme font that may not contain Japanese
glyphs on every system; we name a Japanese font explicitly and drop the theme reference,
which would otherwise win over the explicit name.
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils.encoding import iri_to_uri

from . import services

FONT = "IPAexGothic"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_STYLES = ("Normal", "Title", "Heading 1")
_LANG_TAG = {"ja": "ja-JP", "en": "en-GB"}


def _set_fonts(style, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), FONT)
        rfonts.attrib.pop(qn(f"w:{slot}Theme"), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _LANG_TAG.get(language, "ja-JP"))
    lang.set(qn("w:eastAsia"), "ja-JP")


def build_docx(policy) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    for name in _STYLES:
        _set_fonts(doc.styles[name], policy.language)
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
