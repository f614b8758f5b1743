"""Operators correct frames in the admin: edits are validated, recorded, and survive a reload."""

import json

import pytest
from django.urls import reverse

from dxnavi.accounts.models import User
from dxnavi.subsidies import loader
from dxnavi.subsidies.models import Frame


@pytest.fixture
def operator(client, catalogs):
    user = User.objects.create_superuser("operator@example.com", "operator-pass-2026")
    client.force_login(user)
    return user


def _frame():
    return Frame.objects.select_related("program").get(program__catalog__fiscal_year=2024, frame_id="it_security")


def _post(client, frame, **changes):
    data = {
        "name": json.dumps(frame.name, ensure_ascii=False),
        "summary": json.dumps(frame.summary, ensure_ascii=False),
        "official_url": frame.official_url,
        "source": frame.source,
        "as_of": frame.as_of,
        "verified": "on" if frame.verified else "",
        "estimable": "on" if frame.estimable else "",
        "note": json.dumps(frame.note, ensure_ascii=False),
        "rules": json.dumps(frame.rules, ensure_ascii=False),
    }
    data.update(changes)
    return client.post(reverse("admin:subsidies_frame_change", args=[frame.pk]), {k: v for k, v in data.items() if v != ""})


def test_admin_edit_marks_the_frame_locally_modified(client, operator):
    frame = _frame()
    rules = {**frame.rules, "pools": [{**frame.rules["pools"][0], "max": 1_200_000}]}
    response = _post(client, frame, rules=json.dumps(rules))
    assert response.status_code == 302
    frame.refresh_from_db()
    assert (frame.locally_modified, frame.modified_by, frame.rules["pools"][0]["max"]) == (True, operator, 1_200_000)
    assert frame.modified_at is not None


def test_admin_edit_survives_a_reload(client, operator):
    frame = _frame()
    rules = {**frame.rules, "pools": [{**frame.rules["pools"][0], "max": 1_200_000}]}
    _post(client, frame, rules=json.dumps(rules))
    loader.load()
    frame.refresh_from_db()
    assert frame.rules["pools"][0]["max"] == 1_200_000


def test_admin_refuses_invalid_rules(client, operator):
    frame = _frame()
    rules = {**frame.rules, "pools": [{**frame.rules["pools"][0], "rate": "3/2"}]}
    response = _post(client, frame, rules=json.dumps(rules))
    assert response.status_code == 200
    assert "pools[0].rate: 3/2 must be above 0 and at most 1" in response.content.decode()
    frame.refresh_from_db()
    assert (frame.locally_modified, frame.rules["pools"][0]["rate"]) == (False, "1/2")


def test_admin_unverified_frame_needs_a_note(client, operator):
    frame = _frame()
    response = _post(client, frame, verified="", note=json.dumps({}))
    assert response.status_code == 200
    assert Frame.objects.get(pk=frame.pk).verified is True


def test_admin_action_hands_the_frame_back_to_the_yaml(client, operator):
    frame = _frame()
    Frame.objects.filter(pk=frame.pk).update(locally_modified=True, rules={**frame.rules, "min_subsidy": 1})
    client.post(reverse("admin:subsidies_frame_changelist"), {"action": "use_yaml_again", "_selected_action": [frame.pk]})
    loader.load()
    frame.refresh_from_db()
    assert (frame.locally_modified, "min_subsidy" in frame.rules) == (False, False)


def test_admin_frame_list_loads(client, operator):
    assert client.get(reverse("admin:subsidies_frame_changelist")).status_code == 200
    assert client.get(reverse("admin:subsidies_subsidycatalog_changelist")).status_code == 200
