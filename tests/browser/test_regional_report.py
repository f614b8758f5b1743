"""An adviser, on a phone, computes the clients' aggregate report: 再集計 → the organization's job page
→ the report with its age, charts inside the screen, no serious accessibility problem."""

import pytest

from dxnavi.orgs.models import AdviserMembership
from tests.factories import AdviserOrganizationFactory, UserFactory
from tests.regional.helpers import clients, packs, result

from .axe import record, run_axe
from .owner_fix_helpers import inside_viewport, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_adviser_computes_the_aggregate_report_on_a_phone(phone):
    packs()
    organization = AdviserOrganizationFactory(name="集計確認商工会")
    adviser = UserFactory(email="aggregate@fix.test")
    AdviserMembership.objects.create(organization=organization, user=adviser, role="viewer")
    for industry, n in (("E", 14), ("I", 4)):
        for company in clients(organization, n, industry=industry):
            result(company, "security_selfcheck", "full", {"basic": 20, "employee": 40, "organization": 40})
    page = phone
    log_in(page, adviser)
    page.goto(f"/adviser/o/{organization.pk}/aggregate/")
    button = page.get_by_role("button", name="集計する")
    assert inside_viewport(page, button) is True
    button.click()
    page.get_by_role("link", name="集計レポートを開く").click()
    page.wait_for_url(f"**/adviser/o/{organization.pk}/aggregate/")
    assert "集計日時：" in page.content()
    assert page.get_by_role("button", name="再集計").count() == 1
    charts = page.get_by_role("img")
    assert charts.count() >= 2
    assert inside_viewport(page, charts.first) is True
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True
    result_ = run_axe(page)
    record("regional:org_report", "adviser", "ja", result_)
    assert (result_.count("critical"), result_.count("serious")) == (0, 0), result_.describe()
