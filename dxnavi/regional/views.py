"""The aggregate report pages: an adviser organization's (members only, ``org_view``) and the
operators' prefecture reports (``access.operator_view``). They only show stored, protected reports;
computing is a job (``services``)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from dxnavi.content.reference import prefecture_choices
from dxnavi.orgs.scoping import org_view
from dxnavi.reports.pdf import pdf_response, render_pdf
from dxnavi.reports.spreadsheets import xlsx_response

from . import exporters, presenters, services
from .access import operator_view


def _context(stored, *, title: str, urls: dict, pending) -> dict:
    context = {"title": title, "stored": stored, "pending": pending, **urls}
    if stored is not None:
        context.update(
            sections=presenters.sections(stored.data),
            computed_at=timezone.localtime(stored.computed_at),
            age=presenters.age(stored.computed_at),
            data=stored.data,
        )
    return context


def _org_urls(org_id: int) -> dict:
    return {
        "recompute_url": reverse("regional:org_recompute", args=[org_id]),
        "xlsx_url": reverse("regional:org_xlsx", args=[org_id]),
        "pdf_url": reverse("regional:org_pdf", args=[org_id]),
        "back_url": reverse("orgs:adviser_org", args=[org_id]),
    }


@org_view()
def org_report(request, org):
    organization = org.organization
    stored = services.latest(organization=organization)
    context = _context(
        stored, title=presenters.scope_title(organization=organization), urls=_org_urls(organization.pk),
        pending=services.pending(organization=organization),
    )  # fmt: skip
    return render(request, "regional/report.html", {**context, "organization": organization})


@require_POST
@org_view()
def org_recompute(request, org):
    job = services.start_org_report(org.organization, request.user, get_language())
    return redirect("jobs:org_detail", org.organization.pk, job.pk)


def _download(stored, title: str, kind: str):
    if stored is None:
        raise Http404
    if kind == "xlsx":
        return xlsx_response(exporters.workbook(stored, title), ascii_name="aggregate-report", filename=f"{title}.xlsx")
    context = _context(stored, title=title, urls={}, pending=None)
    return pdf_response(render_pdf("regional/report_pdf.html", context), f"{title}.pdf")


@org_view()
def org_xlsx(request, org):
    organization = org.organization
    return _download(services.latest(organization=organization), presenters.scope_title(organization=organization), "xlsx")


@org_view()
def org_pdf(request, org):
    organization = org.organization
    return _download(services.latest(organization=organization), presenters.scope_title(organization=organization), "pdf")


# --- operators ------------------------------------------------------------------------------


@operator_view
def operator_index(request):
    return render(request, "regional/operator_index.html", {"prefectures": prefecture_choices()})


def _pref_urls(prefecture: str) -> dict:
    return {
        "recompute_url": reverse("regional:prefecture_recompute", args=[prefecture]),
        "xlsx_url": reverse("regional:prefecture_xlsx", args=[prefecture]),
        "pdf_url": reverse("regional:prefecture_pdf", args=[prefecture]),
        "back_url": reverse("regional:operator_index"),
    }


@operator_view
def prefecture_report(request, prefecture):
    pending = services.pending(prefecture=prefecture)
    context = _context(
        services.latest(prefecture=prefecture), title=presenters.scope_title(prefecture=prefecture),
        urls=_pref_urls(prefecture), pending=pending,
    )  # fmt: skip
    return render(request, "regional/report.html", context)


@require_POST
@operator_view
def prefecture_recompute(request, prefecture):
    if services.pending(prefecture=prefecture) is None:
        services.start_prefecture_report(prefecture, request.user)
    return redirect("regional:prefecture_report", prefecture)


@operator_view
def prefecture_xlsx(request, prefecture):
    return _download(services.latest(prefecture=prefecture), presenters.scope_title(prefecture=prefecture), "xlsx")


@operator_view
def prefecture_pdf(request, prefecture):
    return _download(services.latest(prefecture=prefecture), presenters.scope_title(prefecture=prefecture), "pdf")
