"""Wording of the results (issue #10 item 8): one numbering in the advice list (page and PDF), the
viewer-neutral 「…の回答」 for an adviser, and plain words instead of jargon, details behind a disclosure."""

import io
import re

import lxml.html
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.assessments.helpers import answers_for_total, complete_with
from tests.dxdiag.helpers import STAGE_PACK, complete, load_packs, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

DOUBLE_NUMBER = re.compile(r"(?<![\d.])\d+\.\s*\d+\.\s")  # 「1. 23. 質問」
JARGON = ("チェックデジット", "パーセンタイル", "確率", "ベイズ")


@pytest.fixture
def world(db):
    load_packs()
    company = CompanyFactory(name="文言確認株式会社")
    owner = member(company)
    adviser = UserFactory()
    link(company, AdviserOrganizationFactory(name="文言商工会"), adviser=adviser)
    return company, owner, adviser


def _page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _main_text(html):
    doc = lxml.html.fromstring(html)
    return doc.xpath("//main")[0].text_content()


def test_wording_advice_list_has_one_numbering_on_the_page(client, world):
    company, owner, _adviser = world
    done = complete_with(company, answers_for_total(40), user=owner)
    doc = lxml.html.fromstring(_page(client, owner, "assessments:result", company.pk, done.pk))
    items = doc.xpath("//section[@aria-labelledby='weakest-title']//li")
    lists = doc.xpath("//section[@aria-labelledby='weakest-title']/*[self::ol or self::ul]")
    assert [(el.tag, el.get("class")) for el in lists] == [("ul", "weakest by-question")]
    numbers = [re.match(r"\s*(\d+)\. ", li.xpath("string(.//strong)")).group(1) for li in items]
    assert len(numbers) == len(items) and len(items) >= 3
    assert DOUBLE_NUMBER.search(_main_text(lxml.html.tostring(doc, encoding="unicode"))) is None


def test_wording_advice_list_has_one_numbering_in_the_pdf(client, world):
    company, owner, _adviser = world
    done = complete_with(company, answers_for_total(40), user=owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:pdf", args=[company.pk, done.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "まずはここから" in text
    assert DOUBLE_NUMBER.findall(text) == []


def test_wording_answer_label_is_neutral_for_an_adviser(client, world):
    company, owner, adviser = world
    done = complete_with(company, answers_for_total(40), user=owner)
    adviser_text = _main_text(_page(client, adviser, "assessments:result", company.pk, done.pk))
    owner_text = _main_text(_page(client, owner, "assessments:result", company.pk, done.pk))
    assert ("あなたの回答" in adviser_text, "文言確認株式会社の回答：" in adviser_text) == (False, True)
    assert ("あなたの回答" in owner_text, "自社の回答：" in owner_text, "文言確認株式会社の回答：" in owner_text) == (
        False, True, False,
    )


def test_wording_adviser_reads_the_company_name_in_english(client, world):
    company, owner, adviser = world
    done = complete_with(company, answers_for_total(40), user=owner)
    client.cookies["django_language"] = "en"
    text = _main_text(_page(client, adviser, "assessments:result", company.pk, done.pk))
    assert ("Your answer:" in text, "文言確認株式会社's answer:" in text) == (False, True)


def test_wording_stage_result_uses_plain_words_with_details_in_a_disclosure(client, world):
    company, owner, _adviser = world
    done = complete(company, STAGE_PACK, stage_answers("stage3", yes=["paperless", "website", "web_meetings"]), user=owner)
    doc = lxml.html.fromstring(_page(client, owner, "assessments:result", company.pk, done.pk))
    main = doc.xpath("//main")[0]
    disclosures = main.xpath(".//details")
    method = [d for d in disclosures if "推定のしくみ" in d.xpath("string(summary)")]
    assert len(method) == 1 and "ベイズ" in method[0].text_content()
    for details in disclosures:
        details.drop_tree()
    shown = main.text_content()
    assert [word for word in JARGON if word in shown] == []
    assert re.search(r"当てはまり度 約\d+%", shown) is not None


def test_wording_corporate_number_error_has_no_jargon():
    from django.core.exceptions import ValidationError

    from dxnavi.orgs.domain.corporate_number import validate_corporate_number

    with pytest.raises(ValidationError) as caught:
        validate_corporate_number("8000012050002")  # 7000012050002 is valid
    assert [word for word in JARGON if word in " ".join(caught.value.messages)] == []
