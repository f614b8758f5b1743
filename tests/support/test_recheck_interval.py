"""The company's re-check interval: the self-check re-check reminder comes 3 (default), 6 or 12 months on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.actions import reminders
from dxnavi.support import recheck
from dxnavi.support.models import RecheckInterval
from tests.assessments.helpers import all_answers, complete_with, load_pack
from tests.factories import CompanyFactory, UserFactory, member


@pytest.fixture
def company(db):
    company = CompanyFactory()
    member(company, user=UserFactory(email="owner@example.test"), role="owner")
    load_pack()
    done = complete_with(company, all_answers("yes"))
    done.completed_at = timezone.make_aware(datetime.datetime(2026, 3, 10, 10, 0))
    done.save(update_fields=["completed_at"])
    return company


def test_default_interval_is_a_year(company, mailoutbox):
    """Issue #12: "a year after the last self-check, or as the company chose"."""
    assert recheck.months_for(company) == 12
    assert reminders.send_due_reminders(datetime.date(2026, 6, 10)) == 0
    assert reminders.send_due_reminders(datetime.date(2027, 3, 10)) == 1
    assert "から12か月たちました。" in mailoutbox[0].body


def test_three_months_chosen_reminds_after_three_months(company, mailoutbox):
    recheck.set_months(company, 3, None)
    assert reminders.send_due_reminders(datetime.date(2026, 6, 9)) == 0
    assert reminders.send_due_reminders(datetime.date(2026, 6, 10)) == 1
    assert "から3か月たちました。" in mailoutbox[0].body


def test_twelve_months_chosen_waits_a_year(company, mailoutbox):
    recheck.set_months(company, 12, None)
    assert reminders.send_due_reminders(datetime.date(2026, 6, 10)) == 0
    assert reminders.send_due_reminders(datetime.date(2027, 3, 9)) == 0
    assert reminders.send_due_reminders(datetime.date(2027, 3, 10)) == 1
    assert reminders.send_due_reminders(datetime.date(2027, 3, 11)) == 0
    assert "前回の情報セキュリティ自社診断（2026年3月10日）から12か月たちました。" in mailoutbox[0].body


def test_six_months_in_english(company, mailoutbox):
    company.memberships.get().user.__class__.objects.filter(email="owner@example.test").update(language="en")
    recheck.set_months(company, 6, None)
    assert reminders.send_due_reminders(datetime.date(2026, 9, 9)) == 0
    assert reminders.send_due_reminders(datetime.date(2026, 9, 10)) == 1
    assert "6 months have passed since your last security self-check (2026-03-10)." in mailoutbox[0].body


def test_owner_chooses_interval_on_page(client, company):
    owner = company.memberships.get().user
    client.force_login(owner)
    url = reverse("support:recheck_interval", args=[company.pk])
    assert client.post(url, {"months": "12"}).status_code == 302
    assert RecheckInterval.objects.get(company=company).months == 12
    page = client.get(url).content.decode()
    assert '<input type="radio" name="months" value="12" checked>' in page


def test_wrong_interval_named_in_japanese(client, company):
    client.force_login(company.memberships.get().user)
    response = client.post(reverse("support:recheck_interval", args=[company.pk]), {"months": "5"})
    assert response.status_code == 200
    assert "再診断の間隔：3か月・6か月・12か月から選んでください。" in response.content.decode()
    assert RecheckInterval.objects.count() == 0


def test_viewer_reads_but_cannot_change(client, company):
    viewer = member(company, role="viewer")
    client.force_login(viewer)
    url = reverse("support:recheck_interval", args=[company.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"months": "6"}).status_code == 403
    assert RecheckInterval.objects.count() == 0


def test_linked_adviser_gets_404(client, world):
    client.force_login(world["linked_adviser"])
    url = reverse("support:recheck_interval", args=[world["company"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"months": "6"}).status_code == 404
