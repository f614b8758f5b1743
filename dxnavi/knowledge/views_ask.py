"""相談する (``c/<company_id>/knowledge/ask/``): a question answered with numbered citations.

GET shows the form; GET with ``q`` answers from the passages (extractive, nothing leaves the server);
POST answers too and, when an answer server is configured (``llm.enabled()``), asks it for a generated
answer — the form posts only then. Nothing is stored. The scope is the company in ``access``: the
answer reads the guidance library and this company's documents only.
"""

from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language

from dxnavi.orgs.scoping import company_view

from . import answers, llm, search
from .forms_ask import AskForm


@company_view()
def ask(request, access):
    data = request.POST if request.method == "POST" else (request.GET if "q" in request.GET else None)
    form = AskForm(data)
    result, search_url = None, ""
    if data is not None and form.is_valid():
        question = form.cleaned_data["q"]
        language = (get_language() or "ja")[:2]
        scope = search.Scope(company_id=access.company.pk, language=language)
        result = answers.answer(question, scope, language=language, generate=request.method == "POST")
        search_url = answers.page_url("knowledge:company_search", access.company.pk)
        search_url = f"{search_url}?{urlencode({'q': question})}" if search_url else ""
    context = {
        "company": access.company, "access": access, "form": form, "result": result, "search_url": search_url,
        "llm_on": llm.enabled(), "help": answers.help_links() if result is not None and not result.found else None,
    }  # fmt: skip
    return render(request, "knowledge/ask.html", context)
