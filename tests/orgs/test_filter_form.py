"""The client list's filter fields built in Python (``orgs.filter_form``) equal the template markup they
replaced, for several queries, in both languages."""

import pytest
from django.template import engines
from django.utils import translation

from dxnavi.orgs import filter_form
from dxnavi.orgs.client_filters import UNASSIGNED, ClientQuery, all_filters, all_sorts
from tests.orgs.test_client_filters import load_packs

FORMER = """{% load i18n %}  {% for f, value, choices in filters %}<div class="field"><label for="filter-{{ f.key }}">{{ f.title }}</label><select id="filter-{{ f.key }}" name="{{ f.key }}"><option value="">{% translate "Any" %}</option>{% for v, label in choices %}<option value="{{ v }}"{% if v|stringformat:"s" == value %} selected{% endif %}>{{ label }}</option>{% endfor %}</select></div>
  {% endfor %}<div class="field"><label for="filter-assignee">{% translate "Person in charge" %}</label><select id="filter-assignee" name="assignee"><option value="">{% translate "Any" %}</option><option value="{{ unassigned }}"{% if query.assignee == unassigned %} selected{% endif %}>{% translate "Unassigned" %}</option>{% for v, name in member_choices %}<option value="{{ v }}"{% if v == query.assignee %} selected{% endif %}>{{ name }}</option>{% endfor %}</select></div>
  <div class="field"><label for="filter-sort">{% translate "Sort by" %}</label><select id="filter-sort" name="sort">{% for key, title in sorts %}<option value="{{ key }}"{% if query.sort == key and not query.descending %} selected{% endif %}>{% blocktranslate %}{{ title }} (ascending){% endblocktranslate %}</option><option value="-{{ key }}"{% if query.sort == key and query.descending %} selected{% endif %}>{% blocktranslate %}{{ title }} (descending){% endblocktranslate %}</option>{% endfor %}</select></div>"""

MEMBERS = [("7", "山田 太郎"), ("9", "佐藤 <花子> & 子")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    "params",
    ["", "sort=-security_selfcheck", "industry=E&prefecture=13&sme=small", f"assignee={UNASSIGNED}&sort=name", "assignee=9&sort=-name"],
)
def test_filter_form_fields_equal_the_former_template(language, params):
    from django.http import QueryDict

    load_packs()
    with translation.override(language):
        memo = {}
        query = ClientQuery.from_params(QueryDict(params), [7, 9], memo)
        filters = [(f, query.values.get(f.key, ""), f.choices(memo)) for f in all_filters()]
        sorts = [(s.key, s.title) for s in all_sorts()]
        expected = engines["django"].from_string(FORMER).render(
            {"filters": filters, "query": query, "member_choices": MEMBERS, "unassigned": UNASSIGNED, "sorts": sorts}
        )
        # The template indents the first field; the page template keeps that indent before {{ filter_fields }}.
        assert "  " + filter_form.fields_html(filters, query, MEMBERS, UNASSIGNED, sorts) == expected
