"""A new owner on a phone takes the 25-question security self-check, stops half-way, comes back
later (new browser, logged in again) with nothing lost, sees score, band and advice, and downloads
the PDF: Japanese text is extractable, the total is on it and its fonts are embedded.

Expected values (total, band, weakest question's advice) are computed here from the content
pack itself (content/questionnaires/security_selfcheck.yaml), not copied from the app.

Set DXNAVI_SCREENSHOT_DIR to keep a screenshot of a question page and of the result page.
"""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from dxnavi.assessments import loader
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.orgs.models import Company

from .test_onboarding import register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "自社診断ブラウザ試験株式会社"
EMAIL = "selfcheck@example.test"
PASSWORD = "kaisha-no-pass-2026"
ANSWERED_BEFORE_LEAVING = 12

# One answer per question, SC01..SC25, mixing every option (two "don't know").
PLAN = [
    "no", "yes", "partial", "yes", "unknown",  # basic (5)
    "yes", "yes", "partial", "no", "yes", "yes", "partial",  # employee: the first 7 before leaving ...
    "yes", "no", "yes", "yes", "partial", "no",  # ... and the other 6 after coming back
    "yes", "unknown", "yes", "partial", "no", "yes", "no",  # organization (7)
]  # fmt: skip


def read_pack():
    with open(Path(settings.CONTENT_DIR) / "questionnaires" / "security_selfcheck.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def expected_from_pack(pack):
    """Questions in order with the planned option, the total, the band and the weakest question."""
    questions = [q for part in pack["parts"] for q in part["questions"]]
    assert len(questions) == len(PLAN) == 25
    rows = []
    for question, option_id in zip(questions, PLAN, strict=True):
        options = {o["id"]: o for o in question.get("options", pack["options"])}
        best = max(o["points"] for o in options.values())
        rows.append({"q": question, "option": options[option_id], "points": options[option_id]["points"], "max": best})
    total = sum(r["points"] for r in rows)
    band = next(b for b in pack["scoring"]["bands"] if b["min"] <= total <= b["max"])
    weakest = min((r for r in rows if r["points"] < r["max"]), key=lambda r: (r["points"], r["q"]["number"]))
    return rows, total, band, weakest


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def question_group(page, row):
    # A fieldset whose legend names it: the accessible role "group" with the question as its name.
    return page.get_by_role("group", name=f"{row['q']['number']}. {row['q']['text']['ja']}")


def assert_fieldsets_with_legends(page):
    """Every radio sits in a fieldset whose first child is a non-empty legend."""
    problems = page.evaluate(
        """() => [...document.querySelectorAll('input[type=radio]')].filter(radio => {
            const fieldset = radio.closest('fieldset');
            const legend = fieldset && fieldset.querySelector(':scope > legend');
            return !legend || !legend.textContent.trim() || fieldset.firstElementChild !== legend;
        }).map(radio => radio.name)"""
    )
    assert page.locator("input[type=radio]").count() > 0
    assert problems == []


def answer(page, row, answered_so_far):
    """Tap the answer's label like a person, then wait for the autosave confirmation."""
    group = question_group(page, row)
    label = row["option"]["label"]["ja"]
    tap_target = group.locator("label.choice").filter(has=page.get_by_text(label, exact=True))
    box = tap_target.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 200, f"tap target of {label!r} too small: {box}"
    with page.expect_response(lambda r: r.url.endswith("/answer/") and r.request.method == "POST") as saved:
        tap_target.click()
    assert saved.value.status == 200
    expect(group.get_by_role("status")).to_contain_text("保存しました")
    expect(group.get_by_role("radio", name=label, exact=True)).to_be_checked()
    expect(page.locator("#answered-count")).to_have_text(f"25問中 {answered_so_far}問に回答済み")


def assert_answers_kept(page, rows, answered):
    for row in rows:
        group = question_group(page, row)
        if row["q"]["number"] <= answered:
            expect(group.get_by_role("radio", name=row["option"]["label"]["ja"], exact=True)).to_be_checked()
            assert group.locator("input[type=radio]:checked").count() == 1
        else:
            assert group.locator("input[type=radio]:checked").count() == 0


def assert_part_page(page, step, part):
    expect(page.locator(".progress-block .step")).to_have_text(f"ステップ {step}/3: {part['title']['ja']}")
    expect(page.get_by_role("progressbar", name="進み具合")).to_have_attribute("max", "25")
    assert page.locator("fieldset.question").count() == len(part["questions"])
    assert_fieldsets_with_legends(page)
    assert no_horizontal_scroll(page) is True


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード", exact=True).fill(password)
    page.get_by_role("button", name="ログイン").click()


def screenshot(page, name):
    directory = os.environ.get("DXNAVI_SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=str(Path(directory) / name), full_page=True)


def pdf_fonts_embedded(reader):
    """(base font name, embedded?) for every font on every page, through the descendant CID fonts."""
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


def test_security_selfcheck_new_user_stops_half_way_resumes_and_downloads_pdf(phone, browser, live_server, tmp_path):
    loader.load_questionnaires()
    pack = read_pack()
    rows, total, band, weakest = expected_from_pack(pack)
    parts = pack["parts"]
    title = pack["title"]["ja"]

    signup(phone, email=EMAIL, password=PASSWORD)
    register_company(phone, name=COMPANY)
    expect(phone).to_have_url(re.compile(r"/c/\d+/$"))
    company = Company.objects.get(name=COMPANY)
    assert phone.url.endswith(f"/c/{company.pk}/")

    # Dashboard card -> introduction -> part 1.
    card = phone.get_by_role("article", name=title)
    expect(card).to_contain_text("まず5分の自社診断から")
    card.get_by_role("link", name="診断を始める").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    phone.get_by_role("button", name="診断を始める").click()
    assert_part_page(phone, 1, parts[0])
    expect(phone.locator("#answered-count")).to_have_text("25問中 0問に回答済み")

    # Answer the first 12 questions: all of part 1, then the first 7 of part 2.
    for n, row in enumerate(rows[:5], start=1):
        answer(phone, row, n)
    assert no_horizontal_scroll(phone) is True
    phone.locator("#q-SC03").scroll_into_view_if_needed()
    screenshot(phone, "selfcheck_question.png")
    phone.get_by_role("button", name="保存して次へ進む").click()
    assert_part_page(phone, 2, parts[1])
    for n, row in enumerate(rows[5:ANSWERED_BEFORE_LEAVING], start=6):
        answer(phone, row, n)
    assert no_horizontal_scroll(phone) is True
    assessment = Assessment.objects.get(company=company)
    assert assessment.answers.count() == ANSWERED_BEFORE_LEAVING

    # Close the browser entirely (cookies gone): everything that survives is on the server.
    phone.context.close()
    context = browser.new_context(
        viewport=phone.viewport_size, locale="ja-JP", accept_downloads=True, base_url=live_server.url
    )
    try:
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in(page, EMAIL, PASSWORD)
        expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))  # the only company's dashboard
        page.get_by_role("article", name=title).get_by_role("link", name="続きから回答する（12/25）").click()

        # Back on the first part with an open question; the 12 answers are still chosen.
        assert_part_page(page, 2, parts[1])
        expect(page.locator("#answered-count")).to_have_text("25問中 12問に回答済み")
        assert_answers_kept(page, rows[5:18], ANSWERED_BEFORE_LEAVING)
        page.get_by_role("button", name="戻る").click()
        assert_part_page(page, 1, parts[0])
        assert_answers_kept(page, rows[:5], ANSWERED_BEFORE_LEAVING)
        expect(page.locator("#answered-count")).to_have_text("25問中 12問に回答済み")

        # Finish the other 13.
        page.get_by_role("button", name="保存して次へ進む").click()
        assert_part_page(page, 2, parts[1])
        for n, row in enumerate(rows[ANSWERED_BEFORE_LEAVING:18], start=ANSWERED_BEFORE_LEAVING + 1):
            answer(page, row, n)
        page.get_by_role("button", name="保存して次へ進む").click()
        assert_part_page(page, 3, parts[2])
        for n, row in enumerate(rows[18:], start=19):
            answer(page, row, n)
        assert no_horizontal_scroll(page) is True
        page.get_by_role("button", name="保存して結果を見る").click()

        # The result: exactly the total computed from the pack, its band and the weakest question's advice.
        expect(page.get_by_role("heading", level=2, name="診断結果")).to_be_visible()
        summary = page.get_by_role("region", name="診断結果")
        expect(summary.locator(".score-line .big")).to_have_text(str(total))
        expect(summary.locator(".score-line")).to_contain_text("/ 100点")
        expect(summary.locator(".badge")).to_have_text(band["label"]["ja"])
        expect(summary).to_contain_text(band["message"]["ja"])
        advice = page.get_by_role("region", name="まずはここから")
        expect(advice).to_contain_text(weakest["q"]["text"]["ja"])
        expect(advice.locator(".advice").first).to_have_text(weakest["q"]["advice"]["ja"])
        unknown_label = next(o for o in pack["options"] if o["id"] == "unknown")["label"]["ja"]
        to_check = page.get_by_role("region", name="確認が必要な項目（「わからない」と答えた質問）")
        for row in rows:
            if row["option"]["label"]["ja"] == unknown_label:
                expect(to_check).to_contain_text(row["q"]["text"]["ja"])
        assert no_horizontal_scroll(page) is True
        screenshot(page, "selfcheck_result.png")
        completed = Assessment.objects.get(company=company)
        assert completed.is_completed and completed.total_score == total
        assert Answer.objects.filter(assessment=completed).count() == 25

        # The PDF.
        with page.expect_download(timeout=60_000) as download_info:
            page.get_by_role("link", name="PDFをダウンロード").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        pdf_path = tmp_path / "selfcheck.pdf"
        download.save_as(pdf_path)
        reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
        assert rows[0]["q"]["text"]["ja"] in text  # SC01's question, as Japanese text
        assert f"{total}/100点" in text
        assert band["label"]["ja"] in text
        assert COMPANY in text
        fonts = pdf_fonts_embedded(reader)
        assert fonts and all(embedded for _name, embedded in fonts), fonts
        if shutil.which("pdffonts"):
            listing = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
            font_lines = listing.splitlines()[2:]  # after the header and the dashes
            assert font_lines and all(line.split()[-5] == "yes" for line in font_lines), listing

        # The dashboard card now shows the latest result.
        page.get_by_role("link", name=f"← {COMPANY}").click()
        card = page.get_by_role("article", name=title)
        expect(card.locator(".card-score .big")).to_have_text(str(total))
        expect(card.locator(".badge")).to_have_text(band["label"]["ja"])
        expect(card.get_by_role("link", name="もう一度診断する")).to_be_visible()
    finally:
        context.close()
