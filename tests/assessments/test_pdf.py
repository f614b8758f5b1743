"""The result as an A4 PDF: Japanese text extractable, fonts embedded, the total on it."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.assessments.helpers import answers_for_total, complete_with
from tests.factories import CompanyFactory, member


@pytest.fixture
def pdf(client, pack):
    company = CompanyFactory(name="PDF検証株式会社")
    owner = member(company)
    done = complete_with(company, {**answers_for_total(73), "SC25": "unknown"}, user=owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:pdf", args=[company.pk, done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)), done, pack, response


def _text(reader):
    # Lines wrap inside long Japanese sentences: compare without whitespace.
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_result_pdf_contains_japanese_question_text_and_total(pdf):
    reader, _done, pack, _response = pdf
    text = _text(reader)
    question = pack.spec.question("SC01")["text"]["ja"]
    assert question in text
    assert "73/100点" in text
    assert "PDF検証株式会社" in text
    assert "あと一歩" in text  # the band label
    assert "確認が必要な項目" in text


def test_result_pdf_embeds_fonts(pdf):
    reader, *_ = pdf
    embedded, names = [], set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
            embedded.append(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert embedded and all(embedded)
    assert "IPAexGothic" in names


def test_result_pdf_is_a_download_with_japanese_filename(pdf):
    *_, response = pdf
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''" in response["Content-Disposition"]
