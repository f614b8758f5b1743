"""The dashboard card: the one-page summary (preview, PDF) and the combined report."""

from django.urls import reverse

from dxnavi.web.dashboard import view_for


def summary_card(view) -> dict:
    access = view_for(view).access
    company = access.company.pk
    return {
        "template": "summary/_card.html",
        "preview_url": reverse("summary:preview", args=[company]),
        "pdf_url": reverse("summary:pdf", args=[company]),
        "full_url": reverse("summary:full_pdf", args=[company]),
    }
