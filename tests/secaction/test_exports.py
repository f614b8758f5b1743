"""PDF and DOCX downloads of a saved basic policy."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from .conftest import make_policy

SECTION_TITLES_JA = ["経営者の責任", "社内体制の整備", "従業員の取組み", "法令及び契約上の要求事項の遵守", "違反及び事故への対応"]


@pytest.fixture
def policy(world):
    return make_policy(world["company"], world["owner"], company_name="株式会社みどり商事", representative="代表取締役 佐藤 花子")


def _download(client, world, policy, kind):
    return client.get(reverse(f"secaction:policy_{kind}", args=[world["company"].pk, policy.pk]))


def _pdf_fonts(reader):
    """(BaseFont, embedded file key) for every font of every page, descendants included."""
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            for desc in filter(None, descriptors):
                desc = desc.get_object()
                embedded = next((k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc), None)
                found.append((str(font.get("/BaseFont")), embedded))
    return found


def test_policy_pdf_contains_company_and_sections(owner_client, world, policy):
    from pypdf import PdfReader

    response = _download(owner_client, world, policy, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "株式会社みどり商事" in text
    assert "情報セキュリティ基本方針" in text
    for title in SECTION_TITLES_JA:
        assert title in text
    assert "代表者：代表取締役佐藤花子" in text
    assert "2026年11月26日" in text


def test_policy_pdf_embeds_japanese_font(owner_client, world, policy):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_download(owner_client, world, policy, "pdf").content))
    fonts = _pdf_fonts(reader)
    assert fonts
    assert all(embedded is not None for _name, embedded in fonts), fonts
    assert any("IPAex" in name for name, _embedded in fonts), fonts


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_policy_pdf_fonts_embedded_per_pdffonts(owner_client, world, policy, tmp_path):
    path = tmp_path / "policy.pdf"
    path.write_bytes(_download(owner_client, world, policy, "pdf").content)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    # columns: name type encoding emb sub uni object ID — "emb" is the 4th from the right
    assert [line.split()[-5] for line in lines] == ["yes"] * len(lines)


def test_policy_docx_reads_back(owner_client, world, policy):
    from docx import Document

    response = _download(owner_client, world, policy, "docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert doc.paragraphs[0].text == "情報セキュリティ基本方針"
    assert headings == [f"{n}. {title}" for n, title in enumerate(SECTION_TITLES_JA, start=1)]
    assert "株式会社みどり商事" in paragraphs
    assert "代表者：代表取締役 佐藤 花子" in paragraphs
    assert paragraphs[1].startswith("株式会社みどり商事（以下「当社」）は")


def test_policy_docx_sets_east_asian_font(owner_client, world, policy):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(_download(owner_client, world, policy, "docx").content))
    for name in ("Normal", "Title", "Heading 1"):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        fonts = [rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")]
        assert fonts == ["游ゴシック"] * 4, name
        themes = [rfonts.get(qn(f"w:{t}")) for t in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
        assert themes == [None] * 4, name
        assert doc.styles[name].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"


def test_policy_docx_is_a4_portrait_with_25mm_margins(owner_client, world, policy):
    from docx import Document
    from docx.shared import Mm, Twips

    doc = Document(io.BytesIO(_download(owner_client, world, policy, "docx").content))
    section = doc.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # EMU
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert (section.page_width, section.page_height) != (Twips(12240), Twips(15840))  # not US Letter
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m / Mm(1), 1) for m in margins] == [25.0] * 4  # stored in twips: 1417 ≈ 25 mm


def test_policy_docx_headings_black_not_theme_blue(owner_client, world, policy):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    doc = Document(io.BytesIO(_download(owner_client, world, policy, "docx").content))
    for name in ("Title", "Heading 1", "Normal"):
        color = doc.styles[name].element.rPr.find(qn("w:color"))
        assert color.get(qn("w:val")) == "000000", name
        assert color.get(qn("w:themeColor")) is None, name
        assert doc.styles[name].font.color.rgb == RGBColor(0, 0, 0)
    assert doc.styles["Title"].element.pPr.find(qn("w:pBdr")) is None  # no blue rule under the title
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(run.font.color.rgb in (None, RGBColor(0, 0, 0)) for p in headings for run in p.runs)


def test_policy_docx_font_table_describes_yu_gothic(owner_client, world, policy):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    doc = Document(io.BytesIO(_download(owner_client, world, policy, "docx").content))
    table = etree.fromstring(doc.part.part_related_by(RT.FONT_TABLE).blob)
    fonts = {f.get(qn("w:name")): f for f in table.findall(qn("w:font"))}
    yu = fonts["游ゴシック"]
    assert yu.find(qn("w:altName")).get(qn("w:val")) == "Yu Gothic"
    assert yu.find(qn("w:charset")).get(qn("w:val")) == "80"  # Shift_JIS: a Japanese substitute is chosen


def test_policy_docx_has_edited_text_and_own_section(owner_client, world):
    from docx import Document

    from dxnavi.secaction import services

    policy = make_policy(world["company"], world["owner"])
    sections = [dict(s) for s in services.split_parts(policy.parts)["sections"]]
    sections[0]["body"] = "社長が自ら取り組みます。"
    sections.append({"id": "own-1", "title": "個人情報の取扱い", "body": "個人情報は必要な範囲でのみ扱います。"})
    edited = services.save_policy_version(
        world["company"], world["owner"], company_name=policy.company_name, representative=policy.representative,
        policy_date=policy.policy_date, language="ja", preamble="前文です。", sections=sections,
    )
    doc = Document(io.BytesIO(_download(owner_client, world, edited, "docx").content))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "6. 個人情報の取扱い"
    assert "社長が自ら取り組みます。" in paragraphs and "前文です。" in paragraphs


def test_policy_downloads_by_adviser_are_audited(adviser_client, world, policy):
    from dxnavi.orgs.models import AuditEvent

    for kind in ("pdf", "docx"):
        assert _download(adviser_client, world, policy, kind).status_code == 200
    assert AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).count() == 2


def test_policy_pdf_in_policy_language_whatever_the_ui(owner_client, world):
    from pypdf import PdfReader

    policy = make_policy(world["company"], world["owner"], language="en", company_name="Midori Trading Co., Ltd.")
    reader = PdfReader(io.BytesIO(_download(owner_client, world, policy, "pdf").content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Information Security Basic Policy" in text
    assert "Management responsibility" in text
    assert "Midori Trading Co., Ltd." in text
