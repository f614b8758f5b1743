"""PDF downloads of the demo: the first download (laid out) against repeat downloads (stored).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pdfjobs_bench .venv/bin/python bench/pdf_downloads.py [--runs 20]

Seeds the demo (``seed_demo``, idempotent), empties the stored PDFs, then GETs through Django's test
Client as the demo owner (whole middleware stack): the latest self-check's PDF, the DX maturity PDF
and the one-page summary, once laid out and then ``--runs`` times from the store; and the combined
report (作成する → the job in this thread → the stored file from ``summary:full_pdf``). Prints the
first download's time, p50/p95 of the repeats in ms, the queries per repeat, the layouts counted
and the stored bytes.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    _setup.setup(quiet=True)
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dxnavi.assessments import services as assessments
    from dxnavi.orgs.models import Company
    from dxnavi.reports import pdf
    from dxnavi.reports.models import RenderedDocument

    settings.ALLOWED_HOSTS = ["*"]
    settings.JOBS_BACKEND = "sync"
    call_command("seed_demo", stdout=io.StringIO())
    company = Company.objects.get(name="デモ精工株式会社")
    RenderedDocument.objects.filter(company=company).delete()
    client = Client()
    client.force_login(company.memberships.get(role="owner").user)
    layouts = []
    real = pdf.layout
    pdf.layout = lambda html: layouts.append(1) or real(html)

    urls = {
        "self-check PDF": reverse("assessments:pdf", args=[company.pk, assessments.latest_completed(company, "security_selfcheck").pk]),
        "DX maturity PDF": reverse("assessments:pdf", args=[company.pk, assessments.latest_completed(company, "dx_maturity").pk]),
        "one-page summary": reverse("summary:pdf", args=[company.pk]),
    }
    print(f"{_setup.server_version(connection)}; {args.runs} repeats each")
    for label, url in urls.items():
        before = len(layouts)
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(
            f"{label:18} first {first:7.0f} ms ({len(layouts) - before} layout) | repeat p50 {_setup.percentile(times, 50):6.1f} ms"
            f" p95 {_setup.percentile(times, 95):6.1f} ms, {len(queries)} queries, layouts during repeats: {len(layouts) - before - 1}"
        )
    before = len(layouts)
    start = time.perf_counter()
    client.post(reverse("summary:full_start", args=[company.pk]))
    made = (time.perf_counter() - start) * 1000
    full = reverse("summary:full_pdf", args=[company.pk])
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.get(full)
        assert response["Content-Type"] == "application/pdf"
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"{'combined report':18} job {made:7.0f} ms ({len(layouts) - before} layouts) | stored p50 {_setup.percentile(times, 50):6.1f} ms"
        f" p95 {_setup.percentile(times, 95):6.1f} ms, {len(response.content):,} bytes"
    )
    stored = RenderedDocument.objects.filter(company=company)
    print(f"stored documents: {stored.count()}, {sum(d.size for d in stored.only('size')):,} bytes")


if __name__ == "__main__":
    main()
