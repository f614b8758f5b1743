"""The list page's cards built in Python (``actions.list_html``) are exactly what ``_action.html`` renders."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from dxnavi.actions import list_html
from dxnavi.actions.models import Action
from dxnavi.actions.views import row
from tests.factories import AdviserOrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _variety(company):
    """Actions covering every branch of a card: statuses, badges, dates, notes, origins, who changed it."""
    person = UserFactory(name="山田 <太郎>")
    nameless = UserFactory(name="", email="anon&co@example.test")
    org = AdviserOrganizationFactory(name="商工会 \"A\"")
    variants = [
        {"status": "todo", "priority": 1, "owner": "<b>鈴木</b> & Co", "due": datetime.date(2026, 3, 9),
         "note": "一行目\r\n<二行目>\rthree"},
        {"status": "doing", "priority": 1, "source_present": False, "updated_by": person, "updated_by_org": org},
        {"status": "done", "priority": 1, "auto_resolved": True, "updated_by": nameless, "detail": {}},
        {"status": "na", "due": datetime.date(2027, 12, 31), "updated_by": person, "title": {"ja": "ja 'only'"}},
        {"status": "todo", "origins": [["security_selfcheck", "/x/?a=1&b=2"], ["unknown_source", ""], ["dx_maturity", "/m/"]]},
    ]
    for n, fields in enumerate(variants):
        defaults = {"origin": "security_selfcheck", "origins": [["security_selfcheck", "/r/"]],
                    "title": {"ja": f"対策{n}「<x>」", "en": f"Fix {n} & 'y'"}, "detail": {"ja": "助言\n次の行", "en": "Advice <now>"}}
        Action.objects.create(company=company, key=f"k{n}", **{**defaults, **fields})


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_cards_html_equals_the_card_template(world, language, can_edit):
    company = world["company"]
    _variety(company)
    access = SimpleNamespace(company=company, can_edit=can_edit, is_adviser=False, company_id=company.pk)
    with translation.override(language):
        actions = list(Action.objects.filter(company=company).select_related("updated_by", "updated_by_org").order_by("pk"))
        expected = "".join(
            render_to_string("actions/_action.html", {"r": row(a), "access": access, "status_choices": Action.Status.choices})
            for a in actions
        )
        rows = Action.objects.filter(company=company).order_by("pk").values_list(*list_html.FIELDS, named=True)
        built = list_html.cards_html(list(rows), can_edit=can_edit)
    assert len(actions) == 5
    assert str(built) == expected


def test_cards_html_of_no_rows_is_empty():
    assert str(list_html.cards_html([], can_edit=True)) == ""
