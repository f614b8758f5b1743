"""The client list's status counts, column headers and pager built in Python (``orgs.results_html``) equal
the template markup they replaced, in both languages; the organization page's URLs equal ``reverse``;
the filter fields kept per process (``filter_form.cached_fields_html``) equal the ones built each time."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dxnavi.orgs import filter_form, results_html
from dxnavi.orgs.client_filters import UNASSIGNED, ClientQuery, all_filters, all_sorts
from dxnavi.orgs.client_views import RESULTS_ID, _header
from tests.orgs.test_client_filters import load_packs

STATUS_NAV = """{% load i18n %}<nav class="status-counts" aria-label="{% translate 'Clients by status' %}"><ul>{% for key, title, n, href in counts %}
  <li><a href="{{ href }}"{% if query.status == key %} aria-current="true"{% endif %}>{{ title }} <strong>{{ n }}</strong></a></li>{% endfor %}</ul></nav>"""
HEADER_ROW = """{% for h in headers %}<th{% if h.aria_sort %} aria-sort="{{ h.aria_sort }}"{% endif %}>{% if h.href %}<a href="{{ h.href }}" hx-get="{{ h.href }}" hx-target="#{{ results_id }}" hx-select="#{{ results_id }}" hx-swap="outerHTML" hx-push-url="true">{{ h.title }}{% if h.current %}<span aria-hidden="true">{% if query.descending %} ▼{% else %} ▲{% endif %}</span>{% endif %}</a>{% else %}{{ h.title }}{% endif %}</th>{% endfor %}"""


def _render(source, context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("params", ["", "status=draft&sort=-name", "status=none&q=<&>", "sort=employees&prefecture=13"])
def test_status_nav_and_header_row_equal_the_former_template(language, params):
    with translation.override(language):
        query = ClientQuery.from_params(QueryDict(params), [7])
        counts = [
            ("all", "すべて", 12, "?" + query.encoded(status="", page="")),
            ("draft", "未完了 <質問票>", 0, "?" + query.encoded(status="draft", page="")),
            ("none", "担当者なし", 3, "?" + query.encoded(status="none", page="")),
        ]
        headers = [_header(query, "name", "会社"), _header(query, "employees", "従業員 & 人数"), {"title": "中小企業"}]
        headers.append(_header(query, "assignee", "担当者"))
        assert results_html.status_nav(counts, query.status) == _render(STATUS_NAV, {"counts": counts, "query": query})
        expected = _render(HEADER_ROW, {"headers": headers, "results_id": RESULTS_ID, "query": query})
        assert results_html.header_row(headers, RESULTS_ID, query.descending) == expected


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("count, number", [(0, 1), (40, 1), (120, 1), (120, 2), (120, 3)])
@pytest.mark.parametrize("query_string", ["", "sort=-name&q=%3C%26"])
def test_pager_equals_the_pager_template(language, count, number, query_string):
    page = Paginator(range(count), 50).get_page(number)
    with translation.override(language):
        expected = render_to_string("orgs/_pager.html", {"page": page, "query_string": query_string})
        assert results_html.pager(page, query_string) == expected


def test_pager_without_a_page_is_the_templates_line_break():
    assert results_html.pager(None, "") == "\n"


def test_org_urls_equal_reverse():
    urls = results_html.org_urls(42)
    assert urls == {key: reverse(name, args=[42]) for key, name in results_html.ORG_URLS.items()}
    assert results_html.saved_filter_urls(42, 7) == (
        reverse("orgs:adviser_filter_apply", args=[42, 7]),
        reverse("orgs:adviser_filter_delete", args=[42, 7]),
    )


MEMBERS = [("7", "山田 太郎"), ("9", "佐藤 <花子> & 子")]


@pytest.mark.django_db
@pytest.mark.parametrize("params", ["", "sort=-security_selfcheck", "industry=E&sme=small", f"assignee={UNASSIGNED}", "assignee=9"])
def test_cached_filter_fields_equal_the_built_ones(params):
    load_packs()
    for language in ("ja", "en", "ja"):
        with translation.override(language):
            memo = {}
            query = ClientQuery.from_params(QueryDict(params), [7, 9], memo)
            built = filter_form.fields_html(
                [(f, query.values.get(f.key, ""), f.choices(memo)) for f in all_filters()], query, MEMBERS, UNASSIGNED,
                [(s.key, s.title) for s in all_sorts()],
            )  # fmt: skip
            for _ in range(2):  # built, then from the process's store
                assert filter_form.cached_fields_html(all_filters(), query, {}, MEMBERS, UNASSIGNED, all_sorts()) == built


@pytest.mark.django_db
def test_cached_filter_fields_follow_the_members_and_the_packs():
    from dxnavi.assessments.models import QuestionnairePack

    load_packs()
    query = ClientQuery()
    with translation.override("ja"):
        first = filter_form.cached_fields_html(all_filters(), query, {}, MEMBERS, UNASSIGNED, all_sorts())
        renamed = filter_form.cached_fields_html(all_filters(), query, {}, [("7", "山田 次郎")], UNASSIGNED, all_sorts())
        assert "山田 次郎" in renamed and "山田 次郎" not in first
        # A new version of a pack (another row) is another key: its choices are read again.
        pack = QuestionnairePack.objects.filter(pack_id="security_selfcheck").order_by("-pk").first()
        spec = dict(pack.definition)
        bands = spec["scoring"]["bands"]
        spec["scoring"] = {**spec["scoring"], "bands": [{**b, "label": {"ja": f"新{b['id']}", "en": b["id"]}} for b in bands]}
        QuestionnairePack.objects.create(pack_id=pack.pack_id, version=pack.version + ".1", definition=spec, checksum="x")
        newer = filter_form.cached_fields_html(all_filters(), query, {}, MEMBERS, UNASSIGNED, all_sorts())
        assert newer != first
        assert f"新{bands[0]['id']}" in newer
