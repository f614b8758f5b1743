"""NUL and other control characters in any input are refused with 400 before they reach the database (issue #8)."""

import json

import pytest
from django.urls import reverse

from dxnavi.orgs.models import AdviserMembership
from tests.dxdiag.helpers import MATURITY_PACK, draft, load_packs
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db

MESSAGE = "入力に使えない制御文字"


def _adviser(client):
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    link(CompanyFactory(), org)
    client.force_login(adviser)
    return org


def _autosave_free_text(client):
    load_packs()
    company = CompanyFactory()
    owner = member(company, role="owner")
    assessment = draft(company, MATURITY_PACK)
    client.force_login(owner)
    url = reverse("assessments:answer", args=[company.pk, assessment.pk])
    data = {"question": "DM01", "q-DM01-current": "1", "q-DM01-target": "3", "q-DM01-evidence": "紙\x00の台帳", "q-DM01-action": ""}
    return client.post(url, data, HTTP_HX_REQUEST="true")


def _client_search(client):
    org = _adviser(client)
    return client.get(reverse("orgs:adviser_org", args=[org.pk]), {"q": "テスト\x00"})


def _client_export(client):
    org = _adviser(client)
    return client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk]), {"q": "\x00"})


def _invitation_token(client):
    return client.get("/invite/abc%00def/")


@pytest.mark.parametrize("request_with_nul", [_autosave_free_text, _client_search, _client_export, _invitation_token])
def test_nul_byte_in_input_gives_400(client, request_with_nul):
    response = request_with_nul(client)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_control_character_in_form_value_gives_400(client, character):
    response = client.post(reverse("accounts:login"), {"email": f"a{character}@example.test", "password": "x"})
    assert response.status_code == 400


def test_control_character_in_form_field_name_gives_400(client):
    response = client.post(reverse("accounts:login"), {"email\x00": "a@example.test", "password": "x"})
    assert response.status_code == 400


def test_control_character_in_json_body_gives_400(client):
    body = json.dumps({"answers": [{"text": "ok"}, {"text": "bad\u0000"}]})
    response = client.post(reverse("accounts:login"), body, content_type="application/json")
    assert response.status_code == 400


def test_control_character_in_session_cookie_gives_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get(reverse("accounts:login")).status_code == 400


@pytest.mark.parametrize("text", ["改行\r\nあり", "タブ\tあり", "全角　スペース"])
def test_tab_and_line_breaks_in_form_value_accepted(client, text):
    response = client.post(reverse("accounts:login"), {"email": "a@example.test", "password": text})
    assert response.status_code == 200


def test_english_message_for_english_user(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"), {"next": "/\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_control_character_nested_in_json_body_gives_400(client):
    body = "[" * 900 + json.dumps({"text": "x\u0001"}) + "]" * 900
    response = client.post(reverse("accounts:login"), body, content_type="application/json")
    assert response.status_code == 400


def test_json_body_too_deep_to_parse_left_to_the_view(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(reverse("accounts:login"), body, content_type="application/json")
    assert response.status_code == 200
