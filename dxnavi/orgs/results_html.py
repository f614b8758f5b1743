"""The repeated parts of the client list's results (``orgs/_client_results.html``) built in Python: the
status counts, the sortable column headers and the pager. Rendered with template loops, ``{% if %}``s and
``{% translate %}``s they were a third of that partial's CPU (issue #11's floor). The markup is exactly
what the template rendered (``tests/orgs/test_results_html.py`` compares them in both languages).

Also the organization page's fixed URLs, reversed once per process (``org_urls``).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .client_columns import UrlPattern


def status_nav(counts, current: str) -> SafeString:
    """``counts``: [(key, title, n, href)] as the view builds them; ``current``: the query's status."""
    parts = [f'<nav class="status-counts" aria-label="{escape(_("Clients by status"))}"><ul>']
    for key, title, n, href in counts:
        mark = ' aria-current="true"' if current == key else ""
        parts.append(f'\n  <li><a href="{escape(href)}"{mark}>{escape(str(title))} <strong>{n}</strong></a></li>')
    parts.append("</ul></nav>")
    return mark_safe("".join(parts))


def header_row(headers, results_id: str, descending: bool) -> SafeString:
    """The ``<th>``s of the client table: ``headers`` as ``client_views._header`` builds them."""
    arrow = " ▼" if descending else " ▲"
    target = escape(f"#{results_id}")
    parts = []
    for h in headers:
        aria = f' aria-sort="{escape(h["aria_sort"])}"' if h.get("aria_sort") else ""
        title = escape(str(h["title"]))
        href = h.get("href")
        if href:
            href = escape(href)
            current = f'<span aria-hidden="true">{arrow}</span>' if h.get("current") else ""
            parts.append(
                f'<th{aria}><a href="{href}" hx-get="{href}" hx-target="{target}" hx-select="{target}" hx-swap="outerHTML"'
                f' hx-push-url="true">{title}{current}</a></th>'
            )
        else:
            parts.append(f"<th{aria}>{title}</th>")
    return mark_safe("".join(parts))


def pager(page, query_string: str) -> SafeString:
    """What ``orgs/_pager.html`` renders for ``page`` (a ``Page``) and the list's query string."""
    if page is None or not page.has_other_pages():
        return mark_safe("\n")  # the template file's last line break
    prefix = f"?{escape(query_string)}&amp;" if query_string else "?"
    parts = [f'<nav aria-label="{escape(_("Pages"))}" class="pager">\n  ']
    if page.has_previous():
        parts.append(f'<a href="{prefix}page={page.previous_page_number()}">{escape(_("Previous"))}</a>')
    text = _("Page %(n)s of %(total)s") % {"n": page.number, "total": page.paginator.num_pages}
    parts.append(f"\n  <span>{escape(text)}</span>\n  ")
    if page.has_next():
        parts.append(f'<a href="{prefix}page={page.next_page_number()}">{escape(_("Next"))}</a>')
    parts.append("\n</nav>\n")
    return mark_safe("".join(parts))


def _pattern(name: str, args: int) -> UrlPattern:
    return UrlPattern(name, args)  # reversed once per process


# The organization page's links to other pages of the organization (one id: the organization's).
ORG_URLS = {
    "page": "orgs:adviser_org",
    "register_client": "orgs:adviser_register_client",
    "import": "onboarding:upload",
    "filter_save": "orgs:adviser_filter_save",
    "xlsx": "orgs:adviser_clients_xlsx",
    "records": "support:org_records",
    "report": "regional:org_report",
    "invitations": "orgs:adviser_invitations",
    "comparison": "orgs:adviser_comparison",
    "members": "orgs:adviser_org_members",
    "leave": "orgs:adviser_org_leave",
}


def org_urls(organization_id: int) -> dict:
    """{name: URL} of ``ORG_URLS`` for the organization: each reversed once per process, then formatted."""
    return {key: _pattern(name, 1)(organization_id) for key, name in ORG_URLS.items()}


def saved_filter_urls(organization_id: int, filter_id: int) -> tuple[str, str]:
    """(apply, delete) URLs of a saved filter."""
    return (
        _pattern("orgs:adviser_filter_apply", 2)(organization_id, filter_id),
        _pattern("orgs:adviser_filter_delete", 2)(organization_id, filter_id),
    )
