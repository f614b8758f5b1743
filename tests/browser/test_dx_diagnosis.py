"""A new owner on a phone answers both DX diagnoses, sees stage, radar and readiness, and downloads the PDF."""

import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from dxnavi.assessments import loader
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.orgs.models import Company

from .test_onboarding import register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "DX診断工業株式会社"
YES = {"DS02", "DS03", "DS04"}  # paperless, website, web meetings
# (current, target) per maturity item; DM13 carries evidence and a next action typed by the owner.
LEVELS = {f"DM{n:02d}": (2, 3) for n in range(1, 18)} | {"DM02": (1, 3), "DM13": (0, 2), "DM16": (1, 3)}
SHOTS = os.environ.get("DXNAVI_SCREENSHOTS")  # a directory: save screenshots there while developing


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def no_horizontal_scroll(page):
    # A click that navigates returns once the URL has changed; the new document may not exist yet.
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def saved(page, question_id):
    page.locator(f"#saved-{question_id}").get_by_text("保存しました").wait_for()
    # A second change may still be queued behind the first response: let every autosave finish
    # (also before the test reads the database, which the live server shares).
    page.wait_for_load_state("networkidle")


def answer_stage_check(page):
    page.get_by_label("段階3：業務効率化やデータ分析に取り組んでいる").check()
    saved(page, "DS01")
    assert no_horizontal_scroll(page) is True
    shot(page, "stage_self")
    page.get_by_role("button", name="保存して次へ進む").click()
    for n in range(2, 15):
        qid = f"DS{n:02d}"
        page.locator(f"#q-{qid}").get_by_label("している" if qid in YES else "していない", exact=True).check()
    saved(page, "DS14")
    page.get_by_role("button", name="保存して結果を見る").click()


def answer_maturity_check(page, assessment_id):
    while True:
        qids = []
        for fieldset in page.locator("fieldset.level-question").all():
            qid = fieldset.get_attribute("id")[2:]
            qids.append(qid)
            current, target = LEVELS[qid]
            fieldset.locator(f"input[name='q-{qid}-current'][value='{current}']").check()
            fieldset.locator(f"input[name='q-{qid}-target'][value='{target}']").check()
            if qid == "DM13":
                fieldset.get_by_label("根拠（なぜこのレベルと判断したか）").fill("売上の数字は見ているが、DXの指標はない")
                fieldset.get_by_label("次にやること").fill("受注処理時間を毎月測る")
                fieldset.get_by_label("次にやること").blur()
            saved(page, qid)
        if "DM13" in qids:
            # Autosave alone (no button pressed yet) stored the whole item, texts included.
            answer = Answer.objects.get(assessment_id=assessment_id, question_id="DM13")
            assert answer.value == {"current": 0, "target": 2, "evidence": "売上の数字は見ているが、DXの指標はない", "action": "受注処理時間を毎月測る"}
            assert no_horizontal_scroll(page) is True
            shot(page, "maturity_part")
        next_button = page.get_by_role("button", name="保存して次へ進む")
        if next_button.count():
            next_button.click()
        else:
            page.get_by_role("button", name="保存して結果を見る").click()
            return


def test_dx_diagnosis_new_user_stage_maturity_readiness_and_pdf(phone, tmp_path):
    loader.load_questionnaires()
    signup(phone, email="dx@example.test")
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)

    # Dashboard: both DX cards beside the security score, each with a "what next" link.
    main = phone.locator("main")
    assert main.locator("#dx-stage-card").is_visible() and main.locator("#dx-maturity-card").is_visible()
    phone.locator("#dx-stage-card").get_by_role("link", name="次にやること：段階診断を受ける（約3分）").click()
    phone.get_by_role("button", name="診断を始める").click()
    answer_stage_check(phone)

    # Stage: both views side by side, reconciled, with the estimate from the white-paper table.
    text = main.inner_text()
    assert "デジタル化の段階：二つの見方" in text
    assert "当てはまり度 約69%" in text
    assert "自社の見立ては段階3で、推定（段階2）より高くなっています。" in text
    assert "段階3の企業の45.6%が行っています（段階2では27.2%）。" in text
    assert "中小企業白書2024 第1-4-46図" in text
    assert no_horizontal_scroll(phone) is True
    shot(phone, "stage_result")

    # Maturity: from the dashboard's card, 7 pillars of level questions.
    phone.goto(f"/c/{company.pk}/")
    phone.locator("#dx-maturity-card").get_by_role("link", name="次にやること：成熟度診断を受ける（約20分）").click()
    phone.get_by_role("button", name="診断を始める").click()
    draft = Assessment.objects.get(company=company, pack_family="dx_maturity")
    answer_maturity_check(phone, draft.pk)

    # Result: radar chart (with its text alternative), gaps, and DX certification readiness.
    radar = phone.locator("figure.radar-chart svg[role=img]")
    assert radar.is_visible()
    assert radar.locator("polygon.radar-current").count() == 1 and radar.locator("polygon.radar-target").count() == 1
    assert "ビジョン: 現在 1.50、目標 3.00" in radar.locator("desc").text_content()
    text = main.inner_text()
    assert "DX成熟度（全体）" in text
    assert "次にやること：受注処理時間を毎月測る" in text
    readiness = phone.locator("#readiness")
    assert readiness.is_visible()
    readiness_text = readiness.inner_text()
    assert "DX認定の申請に向けた準備状況" in readiness_text
    assert "9項目のうち" in readiness_text and "情報セキュリティ自社診断：まだ受けていません。" in readiness_text
    assert no_horizontal_scroll(phone) is True
    shot(phone, "maturity_result")

    # The PDF: Japanese text extractable, fonts embedded.
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="PDFをダウンロード").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "dx.pdf"
    download.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for fragment in (COMPANY, "DX成熟度診断", "柱ごとの現状と3年後の目標", "DX認定の申請に向けた準備状況", "受注処理時間を毎月測る"):
        assert fragment in pdf_text, fragment
    embedded = []
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            embedded.append(any(k in target["/FontDescriptor"].get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert embedded and all(embedded)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        assert rows and all("yes" == row[-5] for row in rows)  # the "emb" column
        assert "IPAexGothic" in listing

    # Back on the dashboard: stage and maturity results with their "what next" links.
    phone.goto(f"/c/{company.pk}/")
    stage_card = phone.locator("#dx-stage-card").inner_text()
    assert "段階2" in stage_card and "自社の見立て：段階3" in stage_card
    assert phone.locator("#dx-stage-card").get_by_role("link", name="次にやること：次の段階に向けた取組").is_visible()
    maturity_card = phone.locator("#dx-maturity-card").inner_text()
    assert "/ 5" in maturity_card and "DX認定の申請準備：9項目中" in maturity_card
    shot(phone, "dashboard")
    phone.locator("#dx-maturity-card").get_by_role("link", name="次にやること：目標との差が大きい項目から").click()
    phone.wait_for_url(re.compile(r"#gaps$"))
    assert no_horizontal_scroll(phone) is True
