"""Search pages: ``knowledge:search`` (the guidance library, for everyone logged in) and
``knowledge:company_search`` (the guidance and the company's own documents, through ``scoping.company_view``).

A GET form (``q``, source, document type, topic); with htmx (``HX-Request``) only the results are rendered.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxnavi.orgs.scoping import company_view

from . import content, library, presenters, search
from .models import DocumentKind

LIMIT = 20
MAX_QUERY = 200
SOURCES = (
    ("all", gettext_lazy("Guidance and our documents")),
    ("guidance", gettext_lazy("Guidance only")),
    ("documents", gettext_lazy("Our documents only")),
)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search words"), max_length=MAX_QUERY, required=False)
    source = forms.ChoiceField(label=gettext_lazy("Search in"), choices=SOURCES, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("File type"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("Subject area"), required=False)

    def __init__(self, *args, documents: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All subject areas")), *((t, library.TOPIC_LABELS.get(t, t)) for t in content.TOPICS)]
        if documents:
            self.fields["kind"].choices = [("", _("All file types")), *DocumentKind.choices]
        else:
            del self.fields["source"], self.fields["kind"]

    def scope(self, company_id) -> search.Scope:
        data = self.cleaned_data
        source = data.get("source") or "all"
        return search.Scope(
            company_id=company_id, include_guidance=source != "documents", include_documents=source != "guidance",
            kinds=(data["kind"],) if data.get("kind") else (), topics=(data["topic"],) if data.get("topic") else (),
            language=(translation.get_language() or "ja")[:2],
        )  # fmt: skip


def _rows(result):
    return [{"hit": hit, "location": presenters.hit_location(hit), "snippet": search.snippet(hit)} for hit in result.hits]


def _page(request, company_id, action, extra):
    form = SearchForm(request.GET or None, documents=company_id is not None)
    result, query = None, ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            result = search.search(query, form.scope(company_id), limit=LIMIT)
    context = {
        **extra, "form": form, "query": query, "result": result, "rows": _rows(result) if result else [],
        "action": action, "with_documents": company_id is not None,
    }  # fmt: skip
    template = "knowledge/_search_results.html" if request.headers.get("HX-Request") else "knowledge/search.html"
    return render(request, template, context)


@login_required
def guidance_search(request):
    return _page(request, None, reverse("knowledge:search"), {})


@company_view()
def company_search(request, access):
    action = reverse("knowledge:company_search", args=[access.company.pk])
    return _page(request, access.company.pk, action, {"company": access.company, "access": access})
