"""axe-core on every main page (tests/browser/a11y_pages.py), as the owner and as the linked
adviser (and the public pages anonymously), in Japanese and in English, on the phone viewport:
no serious and no critical violation. The counts per page are printed at the end of the run."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .a11y_pages import ADVISER, ANONYMOUS, OWNER, PAGES
from .axe import record, run_axe
from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

USERS = {OWNER: "owner", ADVISER: "linked_adviser"}


def open_context(browser, live_server, user, lang):
    """A phone context logged in as ``user`` (session made by Django's test client) in ``lang``."""
    context = browser.new_context(viewport=PHONE, locale="ja-JP" if lang == "ja" else "en-US", base_url=live_server.url)
    context.set_default_timeout(15_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "domain": host, "path": "/"}]
    if user is not None:
        user.language = lang
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "domain": host, "path": "/"})
    context.add_cookies(cookies)
    return context


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("role", [OWNER, ADVISER, ANONYMOUS])
def test_main_pages_have_no_serious_or_critical_axe_violations(browser, live_server, world, role, lang):
    pages = [p for p in PAGES if role in p.roles]
    context = open_context(browser, live_server, world[USERS[role]] if role in USERS else None, lang)
    page = context.new_page()
    failures, checked = [], 0
    try:
        for spec in pages:
            url = reverse(spec.name, kwargs=spec.url_kwargs(world)) + spec.query
            response = page.goto(url)
            assert response.status == 200, f"{spec.name} ({url}) as {role}: HTTP {response.status}"
            assert "/accounts/login/" not in page.url or role == ANONYMOUS, f"{spec.name}: sent to the login page"
            assert page.locator("html").get_attribute("lang") == (spec.fixed_lang or lang)
            result = run_axe(page)
            label = spec.label or spec.name
            record(label, role, lang, result)
            if result.violations:  # moderate/minor too: shown with `pytest -s` or `-rP`
                print(f"{label} [{role}, {lang}] {url}\n{result.describe()}")
            checked += 1
            if result.count("critical") or result.count("serious"):
                failures.append(f"{label} {url}:\n{result.describe(('critical', 'serious'))}")
    finally:
        context.close()
    assert checked == len(pages)
    assert failures == [], f"axe-core serious/critical violations as {role} in {lang}:\n" + "\n".join(failures)
