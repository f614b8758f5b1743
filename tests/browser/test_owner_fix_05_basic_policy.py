"""Issue #10 item 5 on a phone: an owner edits the ★★ basic policy's text, saves versions, sees
them, downloads the A4 DOCX, publishes it and opens the public page without logging in."""

import io

import pytest

from dxnavi.orgs.models import Company
from dxnavi.secaction.models import BasicPolicy, PolicyPublication

from .test_onboarding import register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "基本方針工業株式会社"


def inside_viewport(page, locator):
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_owner_fix_05_edit_version_download_and_publish_policy(phone, browser, live_server):
    from docx import Document
    from docx.shared import Twips

    signup(phone, email="hoshin@example.test")
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)

    # The overview no longer points at a template "below" that is not there.
    phone.goto(f"/c/{company.pk}/security-action/")
    assert "下のひな形" not in phone.locator("main").inner_text()
    phone.get_by_role("link", name="基本方針を開く").click()
    phone.locator("main").get_by_role("link", name="基本方針を作成する").click()

    # Edit the text: a required section rewritten, one section of our own added.
    phone.get_by_label("代表者").fill("代表取締役 基本 花子")
    phone.get_by_label("従業員の取組み").fill("全員が年に1回、情報セキュリティの研修を受けます。")
    phone.get_by_label("独自の項目1の見出し").fill("個人情報の取扱い")
    phone.get_by_label("独自の項目1の本文").fill("お客様の個人情報は、必要な範囲でだけ扱います。")
    assert inside_viewport(phone, phone.get_by_label("従業員の取組み")) is True
    assert no_horizontal_scroll(phone) is True

    # Emptying a required section is refused with its name, and nothing is saved.
    phone.get_by_label("経営者の責任").fill("")
    phone.get_by_role("button", name="新しい版として保存").click()
    assert "「経営者の責任」の本文が空です。本文を入力してください。" in phone.locator("main").inner_text()
    assert BasicPolicy.objects.filter(company=company).count() == 0
    phone.get_by_label("経営者の責任").fill("社長が先頭に立って取り組みます。")
    phone.get_by_role("button", name="新しい版として保存").click()
    phone.wait_for_url(f"**/c/{company.pk}/security-action/policy/*/")
    main = phone.locator("main").inner_text()
    assert "基本方針の第1版を保存しました。" in main
    assert "6. 個人情報の取扱い" in main and "全員が年に1回、情報セキュリティの研修を受けます。" in main

    # Adopt it, then save a second version from it.
    phone.get_by_role("button", name="この方針を採択する").click()
    phone.get_by_role("link", name="この版の文章をもとに編集する").click()
    assert phone.get_by_label("独自の項目1の見出し").input_value() == "個人情報の取扱い"
    phone.get_by_label("社内体制の整備").fill("情報セキュリティの担当者を総務課に置きます。")
    phone.get_by_role("button", name="新しい版として保存").click()
    phone.wait_for_url(f"**/c/{company.pk}/security-action/policy/*/")
    assert "基本方針の第2版を保存しました。" in phone.locator("main").inner_text()

    # What changed, and the list of versions.
    phone.get_by_role("link", name="ほかの版と比べる").click()
    assert phone.locator("ins").first.inner_text() != ""
    assert no_horizontal_scroll(phone) is True
    phone.goto(f"/c/{company.pk}/security-action/policy/")
    versions = phone.locator("main table").inner_text()
    assert "第2版" in versions and "第1版" in versions and "山田 一郎" in versions

    # Download the DOCX of version 1: A4 paper, Japanese font, black headings.
    v1 = BasicPolicy.objects.get(company=company, version=1)
    phone.goto(f"/c/{company.pk}/security-action/policy/{v1.pk}/")
    with phone.expect_download() as info:
        phone.get_by_role("link", name="Word（DOCX）をダウンロード").click()
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    assert (doc.sections[0].page_width, doc.sections[0].page_height) == (Twips(11906), Twips(16838))
    assert doc.styles["Heading 1"].font.color.rgb == (0, 0, 0)
    assert "6. 個人情報の取扱い" in [p.text for p in doc.paragraphs]

    # Publish: turn the public page on, open it without logging in.
    phone.goto(f"/c/{company.pk}/security-action/policy/publish/")
    phone.get_by_role("button", name="公開ページを始める").click()
    url = phone.get_by_label("公開ページのリンク").input_value()
    assert PolicyPublication.objects.get(company=company).enabled is True
    assert "&lt;h3&gt;6. 個人情報の取扱い&lt;/h3&gt;" in phone.content()

    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    try:
        visitor = anonymous.new_page()
        visitor.goto(url)
        text = visitor.locator("main").inner_text()
        assert "情報セキュリティ基本方針" in text and "個人情報の取扱い" in text
        assert "代表取締役 基本 花子" in text
        assert visitor.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
        assert inside_viewport(visitor, visitor.locator("#policy-title")) is True
        assert no_horizontal_scroll(visitor) is True

        # Turned off, the same link is a 404.
        phone.get_by_role("button", name="公開ページを止める").click()
        assert visitor.goto(url).status == 404
    finally:
        anonymous.close()
