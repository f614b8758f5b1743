"""No request leaves the machine at runtime: pages load scripts, styles, fonts and images only from us."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# src=, srcset=, <link href=>, CSS url() and @import pointing at another host.
EXTERNAL = re.compile(
    r"""(?:\bsrc(?:set)?\s*=\s*["']?\s*(?:https?:)?//)|(?:<link[^>]+href\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?(?:https?:)?//)|(?:@import\s+["'](?:https?:)?//)""",
    re.IGNORECASE,
)


def _asset_files():
    for pattern in ("dxnavi/**/templates/**/*.html", "dxnavi/**/static/**/*.css", "dxnavi/**/static/**/*.js"):
        yield from ROOT.glob(pattern)


@pytest.mark.parametrize("path", sorted(_asset_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_assets_reference_no_external_host(path):
    assert EXTERNAL.findall(path.read_text(encoding="utf-8")) == []


def test_htmx_served_from_our_static(client, db):
    page = client.get(reverse("web:landing")).content.decode()
    assert re.search(r'<script src="/static/vendor/htmx/htmx\.min\.js"', page)
