"""The plan page's row forms built in Python (``presenters.row_forms_html``, ``_row_fields_html``) are
exactly what the former template markup rendered (kept here as the reference)."""

import pytest
from django.template import engines
from django.utils import translation

from dxnavi.plans import presenters
from dxnavi.plans.models import PlanRow
from dxnavi.plans.views import _plan_context
from tests.factories import CompanyFactory, UserFactory, member
from tests.plans.helpers import built_plan

pytestmark = pytest.mark.django_db

# The former ``plans/_row_fields.html``.
ROW_FIELDS = (
    '{% load i18n %}{% with values=editor.values %}<div class="fields">\n'
    '  <label>{% translate "Priority" %} <input type="number" name="priority" value="{{ values.priority|d'
    'efault:1 }}" min="1" max="99" inputmode="numeric" required></label>\n'
    '  <label>{% translate "Management goal" %} <input type="text" name="goal_text" value="{{ values.goal'
    '_text|default:\'\' }}" maxlength="200" required></label>\n'
    '  <label>{% translate "Business viewpoint" %} <input type="text" name="viewpoint_text" value="{{ val'
    'ues.viewpoint_text|default:\'\' }}" maxlength="200" required></label>\n'
    '  <label>{% translate "What to do" %} <input type="text" name="activity" value="{{ values.activity|d'
    'efault:\'\' }}" maxlength="200" required></label>\n'
    '  <label>{% translate "IT solution" %} <input type="text" name="solution" value="{{ values.solution|'
    'default:\'\' }}" maxlength="120"></label>\n'
    '  <label>{% translate "Kind of tool" %} <select name="tool_category"><option value="">—</option>\n'
    '    {{ editor.tool_options }}</select></label>\n'
    '</div>\n'
    '<div class="fields phases">\n'
    '  {% for p in editor.phases %}\n'
    '  <label>{{ p.label }} <select name="phase_{{ p.index }}"><option value="">—</option>\n'
    '    {{ p.options }}</select></label>\n'
    '  {% endfor %}\n'
    '</div>{% endwith %}\n'
)

# The former row-form loop of ``plans/_plan_body.html`` (with the fields as above).
ROW_FORMS = (
    "{% load i18n %}"
    '{% translate "Save this row" as save_label %}{% translate "Move up" as up_label %}{% translate "Move'
    ' down" as down_label %}{% translate "Delete this row?" as delete_question %}{% translate "Delete" as'
    ' delete_label %}{% for t in editors %}{% with urls=t.editor.urls %}\n'
    '  <form method="post" action="{{ urls.save }}" class="row-card{% if error_row == t.row.pk %} has-err'
    'or{% endif %}" id="row-{{ t.row.pk }}"\n'
    '        hx-post="{{ urls.save }}" hx-target="#plan-body" hx-swap="outerHTML">{% csrf_token %}\n'
    '    <h3>{{ t.number }}. {{ t.row.activity }}</h3>\n'
    '    {{ t.editor.fields }}\n'
    '    <div class="row-actions">\n'
    '      <button class="btn" type="submit">{{ save_label }}</button>\n'
    '      <button class="btn btn-secondary" type="submit" name="direction" value="up" formaction="{{ url'
    's.move }}"\n'
    '              hx-post="{{ urls.move }}" {% if forloop.first %}disabled{% endif %}>{{ up_label }}</bu'
    'tton>\n'
    '      <button class="btn btn-secondary" type="submit" name="direction" value="down" formaction="{{ u'
    'rls.move }}"\n'
    '              hx-post="{{ urls.move }}" {% if forloop.last %}disabled{% endif %}>{{ down_label }}</b'
    'utton>\n'
    '      <button class="btn btn-danger" type="submit" formaction="{{ urls.delete }}"\n'
    '              hx-post="{{ urls.delete }}" hx-confirm="{{ delete_question }}">{{ delete_label }}</but'
    'ton>\n'
    '    </div>\n'
    '  </form>\n'
    '  {% endwith %}{% endfor %}'
)

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'


def _render(source, **context):
    return engines["django"].from_string(source).render({**context, "csrf_token": "TOKEN"})


def _context(language, error_row=None):
    company = CompanyFactory()
    owner = member(company, role="owner", user=UserFactory())
    plan = built_plan(company, owner)
    PlanRow.objects.create(plan=plan, position=99, priority=0, goal_text='<b>"目標"</b> & co', viewpoint_text="v'", activity="<i>",
                           solution="", tool_category="nope")
    access = type("Access", (), {"company": company, "can_edit": True, "is_adviser": False, "company_id": company.pk})()
    with translation.override(language):
        return _plan_context(access, plan, error_row=error_row)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_row_fields_html_equals_the_former_template(language):
    context = _context(language)
    with translation.override(language):
        editors = [t["editor"] for t in context["editors"]] + [context["new_editor"]]
        expected = [_render(ROW_FIELDS, editor=e) for e in editors]
    assert [str(e["fields"]) for e in editors] == expected
    assert len(editors) >= 3


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("error", [False, True])
def test_row_forms_html_equals_the_former_template(language, error):
    context = _context(language)
    first = context["editors"][0]["row"].pk
    error_row = first if error else None
    with translation.override(language):
        expected = _render(ROW_FORMS, editors=context["editors"], error_row=error_row)
        built = "".join(head + CSRF + tail for head, tail in presenters.row_forms_html(context["editors"], error_row))
    assert built == expected
    assert ("has-error" in built) == error


# The former row loop of ``plans/_plan_table.html`` (the page and the PDF).
TABLE_ROWS = (
    "{% for t in table %}<tr>\n"
    "    <td>{{ t.row.priority }}</td><td>{{ t.row.goal_text }}</td><td>{{ t.row.viewpoint_text }}</td>"
    "<td>{{ t.row.activity }}</td><td>{{ t.solution }}</td>\n"
    "    {% for cell in t.cells %}<td class=\"period phase-{{ cell.phase|default:'none' }}\">{{ cell.label }}</td>{% endfor %}\n"
    "  </tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_plan_table_rows_html_equals_the_former_template(language):
    context = _context(language)
    with translation.override(language):
        expected = _render(TABLE_ROWS, table=context["table"])
        built = presenters.plan_table_rows_html(context["table"])
    assert str(built) == expected
    assert built.count("<tr>") == len(context["table"]) >= 3
