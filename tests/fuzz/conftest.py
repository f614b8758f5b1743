"""The fuzz world (the isolation world plus something on every page) and the run's tally."""

from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.test import Client

PERSONAS = ["owner", "linked_adviser", "unlinked_adviser", "outsider", "anonymous"]
PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory's


@dataclass
class Tally:
    """Counted over the whole session and printed at its end (pytest_terminal_summary)."""

    examples: str = ""  # per pair, e.g. "10 generated + 10 explicit per variant"
    forms: set = field(default_factory=set)  # endpoint url names
    pairs: set = field(default_factory=set)  # (url name, persona) answered with something other than 404
    personas: set = field(default_factory=set)
    requests: int = 0
    server_errors: int = 0
    half_written: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    url_patterns: set = field(default_factory=set)  # test_fuzz_urls: fuzzed URL patterns
    url_personas: set = field(default_factory=set)
    url_requests: int = 0
    url_server_errors: int = 0


TALLY = Tally()


def pytest_terminal_summary(terminalreporter):
    from django.db import connection

    t = TALLY
    if t.url_requests:
        terminalreporter.write_line(
            f"fuzz urls ({connection.vendor}): {len(t.url_patterns)} URL patterns × {len(t.url_personas)} roles"
            f" = {t.url_requests} requests, server errors: {t.url_server_errors}"
        )
    if not t.requests:
        return
    terminalreporter.write_line(
        f"fuzz ({connection.vendor}): {len(t.forms)} forms × {len(t.personas)} roles ({len(t.pairs)} pairs reachable)"
        f" × {t.examples} examples = {t.requests} requests in {t.seconds:.0f} s,"
        f" server errors: {t.server_errors}, half-written: {t.half_written}"
    )
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(t.statuses.items()))
    terminalreporter.write_line(f"fuzz status codes: {statuses}")


@pytest.fixture
def fuzz_world(world):
    """The isolation world, with a draft of every questionnaire, a second member, a pending adviser request,
    an adviser-organization owner (the unlinked adviser) and a user with two-step login (the outsider)."""
    from dxnavi.accounts import services as account_services
    from dxnavi.orgs.models import AdviserMembership, CompanyMembership, SupportLink
    from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, draft, load_packs
    from tests.factories import AdviserOrganizationFactory, member

    load_packs()
    for pack_id in (STAGE_PACK, MATURITY_PACK):
        draft(world["company"], pack_id, user=world["owner"])
    member(world["company"], role="editor")  # someone the owner can remove
    pending_org = AdviserOrganizationFactory(name="申請中の支援機関")
    SupportLink.objects.create(company=world["company"], organization=pending_org, status=SupportLink.Status.PENDING)
    membership = AdviserMembership.objects.get(user=world["unlinked_adviser"])
    membership.role = "owner"
    membership.save()
    device = account_services.device_for_setup(world["outsider"])
    account_services.confirm_device(device)
    other = CompanyMembership.objects.get(user=world["outsider"]).company
    return {**world, "unlinked_org": membership.organization, "other_company": other}


def persona_client(world, persona) -> Client:
    """A client with CSRF checks on, logged in as the persona. The anonymous client has passed the
    password step of the outsider's two-step login, so the code page is reachable too."""
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(world[persona])
        return client
    import lxml.html
    from django.urls import reverse

    page = client.get(reverse("accounts:login"))
    token = lxml.html.fromstring(page.content.decode()).xpath("string(//input[@name='csrfmiddlewaretoken']/@value)")
    response = client.post(
        reverse("accounts:login"), {"email": world["outsider"].email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login_totp")
    return client
