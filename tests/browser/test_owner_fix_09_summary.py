"""Issue #10 item 9: the demo owner, on a phone, opens the summary and downloads it: one A4 page."""

from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from dxnavi.orgs.models import Company

from .test_owner_fix_10_demo_data import inside_viewport, log_in_as_demo_owner

pytestmark = pytest.mark.django_db(transaction=True)

A4 = (595, 842)  # points, portrait


def test_demo_owner_downloads_the_one_page_summary_on_a_phone(phone):
    call_command("load_content", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    company = Company.objects.get(name="デモ精工株式会社")

    page = phone
    log_in_as_demo_owner(page)
    page.wait_for_url(f"**/c/{company.pk}/")
    page.locator("#summary-card").get_by_role("link", name="まとめを見る").click()
    page.wait_for_url(f"**/c/{company.pk}/summary/")
    for section in ("#summary-security", "#summary-stage", "#summary-maturity", "#summary-secaction", "#summary-plan", "#summary-subsidy"):
        figure = page.locator(section)
        assert figure.count() == 1, section
        assert inside_viewport(page, figure) is True, section
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True
    assert page.locator("#summary-security .big").inner_text() == "52"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="1枚のまとめ（PDF）をダウンロード").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.path())
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    assert "デモ精工株式会社" in reader.pages[0].extract_text()
