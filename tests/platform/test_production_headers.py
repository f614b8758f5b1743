"""The production-profile headers of a logged-in page and of a PDF download, printed by
scripts/show_headers.py (run with `-s` to see them)."""

import os
import re
import subprocess
import sys

from tests.platform.test_settings import ROOT


def _sections(output):
    sections = {}
    for block in output.strip().split("\n\n"):
        lines = block.splitlines()
        label = re.match(r"== (.+?): ", lines[0]).group(1)
        headers = {}
        for line in lines[1:]:
            name, value = line.split(": ", 1)
            headers.setdefault(name, []).append(value)
        sections[label] = (lines[0], headers)
    return sections


def test_production_headers_of_logged_in_page_and_pdf_download(capsys):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DXNAVI_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "scripts/show_headers.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    with capsys.disabled():
        print("\n" + result.stdout)
    sections = _sections(result.stdout)
    page_line, page = sections["logged-in page"]
    pdf_line, pdf = sections["PDF download"]
    assert page_line.endswith("-> 200")
    assert pdf_line.endswith("-> 200")
    assert pdf["Content-Type"] == ["application/pdf"]
    for headers in (page, pdf):
        assert headers["Cache-Control"] == ["max-age=0, no-cache, no-store, must-revalidate, private"]
        assert headers["Strict-Transport-Security"] == ["max-age=31536000"]
        assert headers["Content-Security-Policy"][0].startswith("default-src 'self'; script-src 'self'; style-src 'self';")
        assert "camera=()" in headers["Permissions-Policy"][0]
        assert headers["Cross-Origin-Opener-Policy"] == ["same-origin"]
        assert headers["X-Frame-Options"] == ["DENY"]
        assert headers["X-Content-Type-Options"] == ["nosniff"]
        assert headers["Referrer-Policy"] == ["same-origin"]
    _, switch = sections["language switch"]
    assert switch["Set-Cookie"] == ["django_language=en; HttpOnly; Path=/; SameSite=Lax; Secure"]
