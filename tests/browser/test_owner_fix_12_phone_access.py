"""Issue #10 item 12: trying dxnavi from a phone on the same network.

The phone reaches the computer by a name that is not loopback (here `dxnavi-phone.test`, mapped
to the live server by Chromium's resolver, as a LAN address or `mypc.local` would be). With the
default plan (127.0.0.1 only) Django refuses that host; with the plan `scripts/dev.sh serve`
makes for HOST=<that name> the phone opens it, logs in with the README's demo logins (the POST
passes the CSRF origin check on that host) and sees the demo company without sideways scroll —
for the owner (社長) and for the adviser (支援者)."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dxnavi.ops import devserver
from dxnavi.web.management.commands.seed_demo import ADVISER_EMAIL, DEMO_PASSWORD, OWNER_EMAIL
from tests.assessments.helpers import load_pack

from .conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from .test_security_selfcheck import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ALIAS = "dxnavi-phone.test"
DEMO_COMPANY = "デモ精工株式会社"


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def lan_browser(browser):
    """Chromium that resolves ALIAS to this machine, like a phone resolving the computer's name."""
    other = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {ALIAS} 127.0.0.1"], headless=True
    )
    yield other
    other.close()


def phone_on(lan_browser, base_url):
    context = lan_browser.new_context(viewport=PHONE, locale="ja-JP", base_url=base_url)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_phone_access_over_a_lan_name_with_the_dev_server_plan(lan_browser, live_server, settings):
    load_pack()
    call_command("seed_demo", stdout=io.StringIO())
    port = urlsplit(live_server.url).port
    alias_url = f"http://{ALIAS}:{port}"

    # The default: 127.0.0.1:8000 only, so a request for the LAN name is refused (400).
    loopback = devserver.plan({"PORT": str(port)}, lan_addresses=lambda: [])
    assert loopback.local_only is True
    settings.ALLOWED_HOSTS = [*loopback.allowed_hosts, "localhost"]  # localhost: the live server's own name
    context, phone = phone_on(lan_browser, alias_url)
    assert phone.goto("/accounts/login/").status == 400
    context.close()

    # HOST=<the name the phone uses>: that name is allowed for the development server.
    lan = devserver.plan({"HOST": ALIAS, "PORT": str(port)}, lan_addresses=lambda: [])
    assert lan.local_only is False
    assert lan.urls == [f"{alias_url}/"]
    settings.ALLOWED_HOSTS = [*lan.allowed_hosts, "localhost"]

    # 社長: the demo owner's logins from the README, on the phone.
    context, phone = phone_on(lan_browser, alias_url)
    assert phone.goto(lan.urls[0]).status == 200
    log_in(phone, OWNER_EMAIL, DEMO_PASSWORD)
    expect(phone).to_have_url(re.compile(rf"^{re.escape(alias_url)}/c/\d+/$"))
    expect(phone.get_by_role("heading", level=1)).to_contain_text(DEMO_COMPANY)
    expect(phone.locator("#company-switcher summary")).to_contain_text(DEMO_COMPANY)
    assert no_horizontal_scroll(phone) is True
    # The demo's self-check score, inside the phone's width.
    score = phone.locator("[aria-labelledby=card-security_selfcheck] .card-score .big")
    expect(score).to_have_text(re.compile(r"^\d+$"))
    box = score.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()

    # 支援者: the demo adviser sees the demo company in the client list, on the same address.
    context, phone = phone_on(lan_browser, alias_url)
    phone.goto("/")
    log_in(phone, ADVISER_EMAIL, DEMO_PASSWORD)
    expect(phone).to_have_url(re.compile(rf"^{re.escape(alias_url)}/adviser/o/\d+/$"))
    client = phone.get_by_role("link", name=DEMO_COMPANY).first
    expect(client).to_be_visible()
    assert no_horizontal_scroll(phone) is True
    client.click()
    expect(phone).to_have_url(re.compile(rf"^{re.escape(alias_url)}/c/\d+/$"))
    expect(phone.locator("#company-switcher summary")).to_contain_text(DEMO_COMPANY)
    assert no_horizontal_scroll(phone) is True
    context.close()
