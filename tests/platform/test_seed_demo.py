import pytest
from django.core.management import CommandError, call_command

from dxnavi.accounts.models import User
from dxnavi.assessments.models import Assessment
from dxnavi.orgs.models import Company, SupportLink

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_linked_company_with_selfcheck_and_prints_logins(capsys):
    call_command("load_content")
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    out = capsys.readouterr().out
    company = Company.objects.get(name="デモ精工株式会社")
    assert "owner@demo.dxnavi.jp" in out
    assert "adviser@demo.dxnavi.jp" in out
    assert User.objects.get(email="owner@demo.dxnavi.jp").check_password("demo-pass-2026") is True
    assert SupportLink.objects.get(company=company).status == SupportLink.Status.ACCEPTED
    assessments = Assessment.objects.filter(company=company, status="completed")
    assert assessments.count() == 1
    assert assessments.get().total_score == 52


def test_seed_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
