"""The generative-AI checklist of a company (``c/<company_id>/knowledge/genai/``, ``scoping.company_view``).

GET: the cautions, and each item with the company's answer and its article. POST (edit rights; a viewer
gets 403): all answers saved in one transaction; items answered 「まだ」 become actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick
from dxnavi.orgs.scoping import company_view

from . import content, links
from .forms_genai import GenAIForm, field_name
from .genai import genai_answers, save_genai_answers


def _cautions(form, answers):
    data = content.genai_checklist()
    by_caution = {c["id"]: {"id": c["id"], "title": pick(c["title"]), "items": []} for c in data["cautions"]}
    for item in data["items"]:
        by_caution[item["caution"]]["items"].append({
            "id": item["id"], "text": pick(item["text"]), "advice": pick(item["advice"]),
            "field": form[field_name(item["id"])], "answer": answers.get(item["id"], ""),
            "article_url": links.explain_url(f"genai:{item['id']}")
            or reverse("knowledge:article", args=[item["article"]]),
        })  # fmt: skip
    return [c for c in by_caution.values() if c["items"]]


@company_view()
def genai(request, access):
    items = content.genai_checklist()["items"]
    answers = genai_answers(access)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        form = GenAIForm(items, request.POST)
        if form.is_valid():
            save_genai_answers(access, request.user, form.answers())
            messages.success(request, _("The generative AI checklist was saved."))
            return redirect("knowledge:genai", access.company.pk)
    else:
        form = GenAIForm(items, initial={field_name(k): v for k, v in answers.items()})
    context = {
        "company": access.company, "access": access, "can_edit": access.can_edit, "form": form,
        "cautions": _cautions(form, answers),
        "done": sum(1 for v in answers.values() if v in ("yes", "na")), "total": len(items),
    }  # fmt: skip
    return render(request, "knowledge/genai.html", context)
