"""htmx endpoint of the company form's dependent 業種 select boxes (see ``industry_selects``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from .forms import CompanyForm


@login_required
@require_safe
def industry_choices(request):
    """The refreshed 中分類 box (and a reset 小分類 box, out of band) after the 大分類 changed, or
    the refreshed 小分類 box after the 中分類 changed. Public reference data: no company involved."""
    major = request.GET.get("industry_major", "")
    middle = request.GET.get("industry_middle", "")
    if request.GET.get("changed") == "major":
        form = CompanyForm(initial={"industry_major": major})
        minor = form["industry_minor"].as_widget(attrs={"hx-swap-oob": "true"})
        return HttpResponse(format_html("{}{}", form["industry_middle"], minor))
    form = CompanyForm(initial={"industry_major": major, "industry_middle": middle})
    return HttpResponse(str(form["industry_minor"]))
