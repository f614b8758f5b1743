"""Issue #10 item 7: dependent 業種 select boxes, the duplicate 法人番号 warning, no literal "None" label."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from dxnavi.content import reference
from dxnavi.orgs.forms import CompanyForm
from dxnavi.orgs.models import Company
from tests.factories import CompanyFactory, UserFactory, member

from .test_company_views import VALID

pytestmark = pytest.mark.django_db

OTHER_NUMBER = "2000012010019"  # a valid check digit, not the factories' default number


def _values(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', html)


def _text(response) -> str:
    return response.content.decode()


def test_company_form_middle_list_only_children_of_chosen_major():
    form = CompanyForm(initial={"industry_major": "E"})
    assert _values(str(form["industry_middle"])) == ["", *[code for code, _ in reference.jsic_middle_choices("E")]]
    assert len(_values(str(form["industry_middle"]))) == 1 + 24


def test_company_form_middle_list_grouped_by_major_when_none_chosen():
    html = str(CompanyForm()["industry_middle"])
    assert len(_values(html)) == 1 + 99
    assert html.count("<optgroup") == 20


def test_company_form_minor_list_empty_without_a_middle_that_needs_one():
    assert _values(str(CompanyForm()["industry_minor"])) == [""]
    assert _values(str(CompanyForm(initial={"industry_major": "E", "industry_middle": "09"})["industry_minor"])) == [""]


def test_company_form_minor_list_only_under_chosen_middle():
    html = str(CompanyForm(initial={"industry_major": "E", "industry_middle": "19"})["industry_minor"])
    assert _values(html) == ["", "190", "191", "1911", "1919", "192", "193", "1931", "1932", "1933", "199"]


def test_company_form_bound_values_drive_the_lists():
    form = CompanyForm(data={**VALID, "industry_major": "L", "industry_middle": "75"})
    assert form.is_valid() is False
    with translation.override("ja"):
        assert form.errors["industry_middle"] == ["この中分類は、選択した大分類に含まれていません。"]
    # The wrong choice stays selected (so the user sees what was refused) next to L's own 中分類.
    assert _values(str(form["industry_middle"])) == ["", *[c for c, _ in reference.jsic_middle_choices("L")], "75"]


def test_company_create_middle_outside_major_names_field_in_japanese(client):
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), {**VALID, "industry_major": "A", "industry_middle": "19"})
    assert response.status_code == 200
    assert "この中分類は、選択した大分類に含まれていません。" in _text(response)
    assert 'aria-invalid="true" aria-describedby="id_industry_middle_helptext id_industry_middle_error"' in _text(response)
    assert Company.objects.count() == 0


def test_industry_choices_major_changed_returns_middle_and_reset_minor(client):
    client.force_login(UserFactory())
    response = client.get(reverse("orgs:industry_choices"), {"changed": "major", "industry_major": "B", "industry_middle": "19"})
    html = _text(response)
    assert response.status_code == 200
    middle, minor = html.split('<select name="industry_minor"')
    assert _values(middle) == ["", "03", "04"]
    assert 'hx-swap-oob="true"' in minor and _values(minor) == [""]


def test_industry_choices_middle_changed_returns_minors(client):
    client.force_login(UserFactory())
    response = client.get(reverse("orgs:industry_choices"), {"changed": "middle", "industry_major": "G", "industry_middle": "39"})
    assert _values(_text(response)) == ["", "390", "391", "392", "3921", "3922", "3923", "3929"]


def test_industry_choices_unknown_codes_give_blank_or_full_lists(client):
    client.force_login(UserFactory())
    url = reverse("orgs:industry_choices")
    assert _values(_text(client.get(url, {"changed": "middle", "industry_middle": "zz"}))) == [""]
    assert len(_values(_text(client.get(url, {"changed": "major", "industry_major": "ZZ"})))) == 1 + 99 + 1


def test_industry_choices_requires_login(client):
    response = client.get(reverse("orgs:industry_choices"), {"changed": "major", "industry_major": "E"})
    assert response.status_code == 302


def test_company_create_duplicate_number_warns_without_naming_company(client):
    CompanyFactory(name="秘密の既存株式会社", corporate_number=OTHER_NUMBER)
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), {**VALID, "corporate_number": OTHER_NUMBER, "employees": ""})
    html = _text(response)
    assert "この法人番号はすでに別の会社として登録されています。" in html  # even with another field in error
    assert "招待を受けてください" in html
    assert "秘密の既存株式会社" not in html
    assert Company.objects.count() == 1


def test_company_edit_changed_to_number_of_another_company_needs_confirmation(client):
    CompanyFactory(name="秘密の既存株式会社", corporate_number=OTHER_NUMBER)
    company = CompanyFactory(name="自社株式会社")
    client.force_login(member(company, role="owner"))
    url = reverse("orgs:company_edit", args=[company.pk])
    data = {**VALID, "name": "自社株式会社", "corporate_number": OTHER_NUMBER}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "この法人番号はすでに別の会社として登録されています。" in _text(response)
    assert "秘密の既存株式会社" not in _text(response)
    company.refresh_from_db()
    assert company.corporate_number == "7000012050002"
    assert client.post(url, {**data, "confirm_duplicate": "1"}).status_code == 302
    company.refresh_from_db()
    assert company.corporate_number == OTHER_NUMBER


def test_company_edit_unchanged_number_shared_with_another_company_saves_without_asking(client):
    CompanyFactory(name="同じ番号株式会社")  # the factories' default number, as the company below
    company = CompanyFactory(name="自社株式会社")
    client.force_login(member(company, role="owner"))
    response = client.post(reverse("orgs:company_edit", args=[company.pk]), {**VALID, "corporate_number": company.corporate_number})
    assert response.status_code == 302


def test_subsidy_invoice_functions_option_labels_have_no_literal_none():
    from dxnavi.subsidies.forms import StatusForm

    with translation.override("ja"):
        labels = [str(label) for _, label in StatusForm().fields["invoice_functions"].choices]
    assert labels[0] == "0（なし）"
    assert "None" not in labels
