"""Issue #14 on a phone (390 px), as the company owner: from the dashboard's 「調べる・相談する」 card, upload a PDF
and a DOCX through the real form (read by the extraction job), find a phrase of each on the search page and open
the passage, ask a question answered from the PDF and a guidance question (open the cited passage / article
section), read an article (table of contents, a glossary word) and answer the generative-AI checklist, whose
「まだ」 item appears in the action list. Every page is reached by the links a user sees.
axe-core: no serious or critical violation on each knowledge page; no page scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from dxnavi.actions.models import Action
from dxnavi.knowledge import action_source, content
from dxnavi.knowledge.models import Document
from tests.factories import CompanyFactory, UserFactory, member
from tests.knowledge import files

from .axe import record, run_axe
from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"
SAFE = "金庫の暗証番号は総務部長だけが管理します。"
DIARY = "テレワークの日は業務日報をチャットで提出します。"
PDF = files.pdf(pages=(("来客の受付", ["来客者は正面玄関の受付で名前を記入します。"]), ("金庫の管理", [SAFE])))
DOCX = files.docx_of("在宅勤務の決まり", ("在宅勤務は週二日までとします。", DIARY))


def _check(page, label):
    result = run_axe(page)
    record(label, "owner", "ja", result)
    assert result.count("critical") + result.count("serious") == 0, result.describe(("critical", "serious"))
    assert no_horizontal_scroll(page) is True


def _dashboard(page, company):
    page.get_by_role("link", name="dxnavi", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))
    return page.locator("#knowledge-card")


def _upload(page, name, mime, data, title):
    page.get_by_label("ファイル（").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_label(re.compile("^タイトル")).fill(title)
    page.get_by_role("button", name="アップロード").click()
    row = page.locator(".kdoc-item", has=page.get_by_role("link", name=title, exact=True))
    expect(row.locator(".kdoc-status")).to_have_text("検索できます", timeout=30_000)
    return row


def _search(page, words):
    page.get_by_label("検索する言葉").fill(words)
    page.get_by_role("button", name="検索", exact=True).click()
    return page.locator("#knowledge-results")


def _open_passage(page, company, link, passage_text):
    """Follow ``link`` to a document passage: the URL ends in ``#p-<n>`` and that passage shows the text."""
    link.click()
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/knowledge/documents/\d+/#p-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    passage = page.locator(f"[id='{anchor}']")
    expect(passage).to_contain_text(passage_text)
    expect(passage).to_be_in_viewport()


def test_knowledge_journey_on_phone_from_upload_to_checklist_action(phone):
    company = CompanyFactory(name="調べもの試験株式会社")
    owner = UserFactory(email="owner@knowledge.test")
    member(company, user=owner, role="owner")
    page = phone
    log_in(page, "owner@knowledge.test", PASSWORD)
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))

    # 1–2. The dashboard card → 自社の文書: upload a PDF and a DOCX; the extraction job makes them searchable.
    card = page.locator("#knowledge-card")
    expect(card.get_by_role("heading")).to_have_text("調べる・相談する")
    card.get_by_role("link", name="自社の文書").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("自社の文書")
    expect(page.locator("#kdoc-rows")).to_contain_text("まだ文書がアップロードされていません。")
    _check(page, "knowledge:documents (empty)")
    pdf_row = _upload(page, "soumu.pdf", "application/pdf", PDF, "総務の規程")
    expect(pdf_row).to_contain_text("2ページ")
    docx_row = _upload(page, "telework.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       DOCX, "在宅勤務規程")
    expect(docx_row).to_contain_text("Word")
    expect(pdf_row.locator(".kdoc-status")).to_have_text("検索できます")
    _check(page, "knowledge:documents")
    screenshot(page, "knowledge_documents.png")
    assert sorted(Document.objects.filter(company=company).values_list("kind", "status", "filename")) == [
        ("docx", "ready", "telework.docx"), ("pdf", "ready", "soumu.pdf"),
    ]

    # 3. Search (the card's 検索): each file's phrase, marked, with its place; the hit opens the passage.
    _dashboard(page, company).get_by_role("link", name="検索", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("解説記事と自社の文書を検索")
    _check(page, "knowledge:company_search")
    results = _search(page, "金庫の暗証番号")
    hit = results.locator(".ks-hit.ks-document", has=page.get_by_role("link", name="総務の規程", exact=True))
    expect(hit.locator(".ks-where")).to_have_text("自社の文書2ページ・1番目")
    expect(hit.locator(".ks-snippet mark").first).to_have_text(re.compile("金庫|暗証番号"))
    expect(hit.locator(".ks-snippet")).to_contain_text(SAFE)
    _check(page, "knowledge:company_search (PDF hit)")
    screenshot(page, "knowledge_search.png")
    _open_passage(page, company, hit.get_by_role("link", name="総務の規程", exact=True), SAFE)
    _check(page, "knowledge:document (PDF)")
    page.go_back()
    results = _search(page, "業務日報")
    hit = results.locator(".ks-hit.ks-document", has=page.get_by_role("link", name="在宅勤務規程", exact=True))
    expect(hit.locator(".ks-where")).to_have_text(re.compile(r"^自社の文書\d+番目"))
    expect(hit.locator(".ks-snippet mark").first).to_have_text("業務日報")
    _open_passage(page, company, hit.get_by_role("link", name="在宅勤務規程", exact=True), DIARY)
    _check(page, "knowledge:document (DOCX)")

    # 4. 相談する: the answer quotes the PDF with [1]; the citation opens the passage.
    _dashboard(page, company).get_by_role("link", name="相談する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("相談する")
    _check(page, "knowledge:ask")
    page.get_by_label("質問").fill("金庫の暗証番号は誰が管理していますか")
    page.get_by_role("button", name="質問する").click()
    answer = page.locator(".ask-answer")
    sentence = answer.locator(".ask-sentences li", has_text=SAFE)
    expect(sentence.get_by_role("link", name="[1]")).to_have_attribute("href", "#cite-1")
    _check(page, "knowledge:ask (document answer)")
    screenshot(page, "knowledge_ask.png")
    sentence.get_by_role("link", name="[1]").click()
    expect(page).to_have_url(re.compile("#cite-1$"))
    cited = page.locator("#cite-1")
    expect(cited).to_be_in_viewport()
    expect(cited.locator(".ask-source")).to_contain_text("自社の文書 ・ 2ページ・1番目")
    _open_passage(page, company, cited.get_by_role("link", name="[1] 総務の規程"), SAFE)

    page.go_back()
    page.get_by_label("質問").fill("PPAPの代わりにどうやってファイルを送ればいい？")
    page.get_by_role("button", name="質問する").click()
    first = page.locator(".ask-sentences li").first
    expect(first).to_contain_text("PPAP")
    first.locator(".ask-cite").first.click()
    cited = page.locator(".ask-citations li:target")
    expect(cited.locator(".ask-source")).to_contain_text("解説記事")
    _check(page, "knowledge:ask (guidance answer)")
    link = cited.locator("a.ask-citation-title")
    href = link.get_attribute("href")
    article_id, section_id = re.fullmatch(r"/knowledge/([-\w]+)/#([-\w]+)", href).groups()
    sections = content.article(article_id)["sections"]
    section_heading = next(s["heading"]["ja"] for s in sections if s["id"] == section_id)
    link.click()
    expect(page).to_have_url(re.compile(rf"/knowledge/{article_id}/#{section_id}$"))
    expect(page.locator(f"[id='{section_id}'] h2")).to_have_text(section_heading)
    expect(page.locator(f"[id='{section_id}'] h2")).to_be_in_viewport()

    # 5. The library from the card: an article's table of contents and a glossary word.
    _dashboard(page, company).get_by_role("link", name="解説ライブラリ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("解説ライブラリ")
    _check(page, "knowledge:index")
    article = content.article("ppap")
    page.get_by_role("link", name=article["title"]["ja"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article["title"]["ja"])
    _check(page, "knowledge:article")
    screenshot(page, "knowledge_article.png")
    last = article["sections"][-1]
    page.locator(".kn-toc").get_by_role("link", name=last["heading"]["ja"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/knowledge/ppap/#{last['id']}$"))
    expect(page.locator(f"[id='{last['id']}-h']")).to_be_in_viewport()
    term = page.locator(".kn-section a.kn-term").first
    term_href = term.get_attribute("href")
    term_id = re.fullmatch(r"/knowledge/glossary/#term-([-\w]+)", term_href).group(1)
    entry = next(t for t in content.glossary() if t["id"] == term_id)
    term.click()
    expect(page).to_have_url(re.compile(rf"/knowledge/glossary/#term-{term_id}$"))
    expect(page.locator(f"[id='term-{term_id}']")).to_have_text(entry["term"]["ja"])
    expect(page.locator(f"[id='term-{term_id}']")).to_be_in_viewport()
    _check(page, "knowledge:glossary")

    # The generative-AI checklist (from the library's company links): one item 「まだ」 → the action list.
    page.get_by_role("link", name="解説ライブラリ").first.click()
    page.locator(".kn-company-links").get_by_role("link", name="生成AI利用チェックリスト").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("生成AI利用チェックリスト")
    _check(page, "knowledge:genai")
    item = content.genai_checklist()["items"][0]
    page.locator(f"[id='item-{item['id']}']").get_by_label("まだ", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("生成AI利用チェックリストを保存しました")
    expect(page.locator(f"[id='item-{item['id']}'] .advice")).to_have_text(item["advice"]["ja"])
    _check(page, "knowledge:genai (saved)")
    screenshot(page, "knowledge_genai.png")
    todo = action_source.todo(item["text"])["ja"]
    page.get_by_role("link", name="対策リストを開く").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("対策リスト")
    expect(page.get_by_role("heading", level=2, name=todo)).to_be_visible()
    expect(page.get_by_role("link", name="生成AIの利用", exact=True)).to_have_attribute(
        "href", f"/c/{company.pk}/knowledge/genai/#item-{item['id']}"
    )
    _check(page, "actions:list (after the checklist)")
    assert list(Action.objects.filter(company=company, key__startswith="genai:").values_list("key", flat=True)) == [
        f"genai:{item['id']}"
    ]
