"""The dashboard's 「調べる・相談する」 card: links into the library and the company's knowledge pages.

It reads nothing from the database (links only), so the dashboard's query count does not change.
"""

from django.urls import reverse

from dxnavi.web.dashboard import view_for


def knowledge_card(view):
    company = view_for(view).access.company.pk
    return {
        "template": "knowledge/_card.html",
        "search_url": reverse("knowledge:company_search", args=[company]),
        "ask_url": reverse("knowledge:ask", args=[company]),
        "documents_url": reverse("knowledge:documents", args=[company]),
        "genai_url": reverse("knowledge:genai", args=[company]),
        "library_url": reverse("knowledge:index"),
    }
