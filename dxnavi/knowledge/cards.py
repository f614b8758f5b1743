"""The dashboard's 「調べる・相談する」 card: links into the library and the company's knowledge pages.

It reads nothing from the database (links only), so the dashboard's query count does not change.
"""

from django.urls import NoReverseMatch, reverse

from dxnavi.web.dashboard import view_for


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a part of the knowledge app not installed yet
        return ""


def knowledge_card(view):
    company = view_for(view).access.company.pk
    return {
        "template": "knowledge/_card.html",
        "search_url": _url("knowledge:company_search", company),
        "ask_url": _url("knowledge:ask", company),
        "documents_url": _url("knowledge:documents", company),
        "genai_url": reverse("knowledge:genai", args=[company]),
        "library_url": reverse("knowledge:index"),
    }
