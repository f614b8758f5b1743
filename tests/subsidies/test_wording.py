"""An estimate is never a promise: no page says the company will receive / get an amount.

Checked in the templates, the Japanese catalog and the rendered pages (ja and en).
"""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .test_views import save

APP = Path(__file__).resolve().parents[2] / "dxnavi" / "subsidies"
FORBIDDEN = re.compile(r"will receive|you get|guarantee|受け取れ|もらえ|受給でき|必ず採択|確実に", re.IGNORECASE)


def test_templates_and_catalog_never_promise_money():
    files = [*APP.glob("templates/subsidies/*.html"), APP / "locale" / "ja" / "LC_MESSAGES" / "django.po"]
    found = [(f.name, m.group(0)) for f in files for m in FORBIDDEN.finditer(f.read_text(encoding="utf-8"))]
    assert found == []


def test_result_pages_say_selection_is_competitive(client, world, catalogs):
    client.force_login(world["owner"])
    estimate = save(client, world, catalogs)
    company = world["company"].pk
    urls = [
        reverse("subsidies:estimate_detail", args=[company, estimate.pk]),
        reverse("subsidies:checklist", args=[company, estimate.pk, "it_invoice"]),
        reverse("subsidies:index", args=[company]),
    ]
    for language, word in (("ja", "採択されるとは限りません"), ("en", "not every one is selected")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            page = client.get(url).content.decode()
            main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
            assert word in main, (language, url)
            assert FORBIDDEN.search(main) is None, (language, url)
