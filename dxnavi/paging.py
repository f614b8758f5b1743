"""``Paginator.get_page`` without its COUNT query when the whole list fits on the first page (issue #11).

Most lists (a company's results, its actions) are shorter than a page: the first page is read with
one row more than it holds, and when that extra row is not there the total is the number of rows
read, so no COUNT is needed. A longer list, or any other page, is paginated exactly as Django does.
"""

from django.core.paginator import Page, Paginator


def get_page(queryset, per_page: int, number) -> Page:
    """``Paginator(queryset, per_page).get_page(number)``, with one query instead of two for a short list."""
    paginator = Paginator(queryset, per_page)
    if number not in (None, "", "1", 1):
        return paginator.get_page(number)
    rows = list(queryset[: per_page + 1])
    if len(rows) <= per_page:
        paginator.count = len(rows)  # a cached_property: no COUNT query
    # else: a long list, ``paginator.count`` runs the COUNT when the page numbers are shown
    return Page(rows[:per_page], 1, paginator)
