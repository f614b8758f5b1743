"""Out-of-range numbers and separated 法人番号 on the company forms (issue #8)."""

import pytest
from django.urls import reverse

from dxnavi.orgs.models import Company
from tests.factories import UserFactory

from .test_company_views import VALID

pytestmark = pytest.mark.django_db


def _create(client, **overrides):
    client.force_login(UserFactory())
    return client.post(reverse("orgs:company_create"), {**VALID, **overrides})


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"employees": "2147483648"}, "従業員数は1,000,000人以下で入力してください。"),
        ({"employees": "1000001"}, "従業員数は1,000,000人以下で入力してください。"),
        ({"employees": "-1"}, "従業員数にマイナスの値は入力できません。"),
        ({"capital_yen": "1000000000000001"}, "資本金は1,000,000,000,000,000円以下で入力してください。"),
        ({"capital_yen": "99999999999999999999"}, "資本金は1,000,000,000,000,000円以下で入力してください。"),
        ({"capital_yen": "-1"}, "資本金にマイナスの値は入力できません。"),
    ],
)
def test_company_create_out_of_range_number_names_field_and_writes_nothing(client, overrides, message):
    response = _create(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Company.objects.count() == 0


def test_company_create_largest_allowed_numbers_saved(client):
    response = _create(client, employees="1000000", capital_yen="1000000000000000")
    company = Company.objects.get()
    assert response.status_code == 302
    assert (company.employees, company.capital_yen) == (1_000_000, 10**15)


@pytest.mark.parametrize(
    "typed",
    ["7-0000-1205-0002", "７０００－０１２０－５０００２", "７ ０００ ０１２０ ５０００２", "7000\u30000120\u300050002", "7000 0120 5000 2"],
)
def test_company_create_separated_corporate_number_normalised(client, typed):
    response = _create(client, corporate_number=typed)
    assert response.status_code == 302
    assert Company.objects.get().corporate_number == "7000012050002"


def test_company_create_separated_corporate_number_check_digit_still_checked(client):
    response = _create(client, corporate_number="7-0000-1205-0003")
    assert response.status_code == 200
    assert "法人番号が正しくないようです。13桁の数字に打ち間違いや写し間違いがないか、もう一度ご確認ください" in response.content.decode()
    assert Company.objects.count() == 0


def test_company_create_overlong_corporate_number_refused(client):
    response = _create(client, corporate_number="7" * 41)
    assert response.status_code == 200
    assert Company.objects.count() == 0
