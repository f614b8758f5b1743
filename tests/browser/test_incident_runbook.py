"""On a phone (390 px): the owner opens 「何か起きた」 from the dashboard, reads the four steps, records the
emergency contacts, starts the incident log for a personal-data leak (the report deadlines appear), adds a
timeline entry and a task, and ends by downloading the incident report PDF. axe-core: no serious or
critical violation on the runbook pages; no page scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from dxnavi.incidents.models import Contact, Incident, IncidentTask, TimelineEntry
from tests.factories import CompanyFactory, UserFactory, member

from .axe import record, run_axe
from .plans_helpers import download, pdf_text
from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def _check(page, label):
    result = run_axe(page)
    record(label, "owner", "ja", result)
    assert result.count("critical") + result.count("serious") == 0, result.describe(("critical", "serious"))
    assert no_horizontal_scroll(page) is True


def test_incident_runbook_on_phone_ends_with_report_pdf(phone, tmp_path):
    company = CompanyFactory(name="初動試験株式会社")
    owner = UserFactory(email="owner@incident.test")
    member(company, user=owner, role="owner")
    page = phone
    log_in(page, "owner@incident.test", PASSWORD)
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))

    page.get_by_role("link", name="最初の対応を見る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("何か起きた")
    steps = page.locator(".runbook-step h2")
    expect(steps).to_have_count(4)
    expect(steps.first).to_contain_text("ネットワークから切り離す")
    expect(page.get_by_role("link", name="03-5978-7509 に電話する")).to_have_attribute("href", "tel:0359787509")
    _check(page, "incidents:runbook")
    screenshot(page, "incident_runbook.png")

    page.get_by_role("link", name="連絡先を編集する").click()
    page.get_by_label("社内の責任者：名前").fill("総務 花子")
    page.get_by_label("社内の責任者：電話番号").fill("090-1111-2222")
    page.get_by_label("ITベンダー：名前").fill("みどりITサービス")
    _check(page, "incidents:contacts")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("link", name="090-1111-2222 に電話する").first).to_have_attribute("href", "tel:09011112222")
    assert list(Contact.objects.order_by("role").values_list("role", "name")) == [("it_vendor", "みどりITサービス"), ("manager", "総務 花子")]

    page.locator("summary", has_text="個人データの漏えい").click()
    page.get_by_role("link", name="報告の期限を確認する").click()
    page.get_by_label("漏えいを知った日").fill("2026-01-31")
    page.get_by_label(re.compile("不正アクセスや持ち出し")).check()
    page.get_by_role("button", name="期限を表示する").click()
    expect(page.locator("#leak-reports")).to_contain_text("確報：2026-04-01 まで（60日以内）")
    _check(page, "incidents:leak_check")

    page.goto(f"/c/{company.pk}/incidents/log/new/?kind=data_leak")
    page.get_by_label("タイトル").fill("顧客名簿の誤送信")
    page.get_by_label("発見日時").fill("2026-11-30T18:00")
    page.get_by_label(re.compile("1,000人を超えますか")).check()
    _check(page, "incidents:new")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("顧客名簿の誤送信")
    expect(page.locator("#leak-reports")).to_contain_text("確報：2026-12-30 まで（30日以内）")

    page.get_by_label("起きたこと・決めたこと").fill("誤送信先に削除を依頼した")
    page.get_by_label("誰が").fill("営業 次郎")
    page.get_by_role("button", name="経過に追加する").click()
    expect(page.locator(".timeline")).to_contain_text("誤送信先に削除を依頼した")
    page.get_by_label("やること", exact=True).fill("個人情報保護委員会に速報する")
    page.get_by_label("担当者").fill("総務 花子")
    page.get_by_role("button", name="やることを追加する").click()
    expect(page.locator(".task-list")).to_contain_text("個人情報保護委員会に速報する")
    _check(page, "incidents:detail")
    screenshot(page, "incident_detail.png")

    incident = Incident.objects.get()
    assert (incident.kind, incident.leak_over_1000, TimelineEntry.objects.count(), IncidentTask.objects.get().owner) == (
        "data_leak", True, 1, "総務 花子"
    )
    name, data = download(page, "報告書をダウンロード（PDF）", tmp_path / "incident.pdf")
    text = pdf_text(data)
    assert name.endswith(".pdf")
    for expected in ("顧客名簿の誤送信", "誤送信先に削除を依頼した", "個人情報保護委員会に速報する", "確報：2026-12-30まで（30日以内）"):
        assert expected in text
