"""The demo owner, on a phone, makes the combined report: 作成する → the job page's progress bar
(polled by htmx, the job on a background thread as on the embedded default) → the download."""

from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from dxnavi.jobs.models import TrackedJob
from dxnavi.orgs.models import Company

from .axe import record, run_axe
from .test_owner_fix_10_demo_data import inside_viewport, log_in_as_demo_owner

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_owner_makes_and_downloads_the_full_report_on_a_phone(phone, settings):
    settings.JOBS_BACKEND = "inprocess"
    call_command("load_content", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    company = Company.objects.get(name="デモ精工株式会社")

    page = phone
    log_in_as_demo_owner(page)
    page.wait_for_url(f"**/c/{company.pk}/")
    page.goto(f"/c/{company.pk}/summary/")
    button = page.get_by_role("button", name="作成する")
    assert inside_viewport(page, button) is True
    button.click()
    job = TrackedJob.objects.get(company=company)
    page.wait_for_url(f"**/c/{company.pk}/jobs/{job.pk}/")
    progress = page.get_by_role("progressbar")
    assert progress.count() == 1
    assert progress.get_attribute("max") == "100"
    download_link = page.get_by_role("link", name="ダウンロード")
    download_link.wait_for(timeout=60_000)  # the poll swaps the download in when the job is done
    assert page.locator("#job-progress[hx-trigger]").count() == 0  # polling stopped
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True
    result = run_axe(page)
    record("jobs:detail (done)", "owner", "ja", result)
    assert (result.count("critical"), result.count("serious")) == (0, 0), result.describe()

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.path())
    assert len(reader.pages) > 7  # the summary and every instrument's report
    assert "デモ精工株式会社" in reader.pages[0].extract_text()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 8, 8)
