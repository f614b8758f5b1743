"""「データの書き出しと削除」: owner-only pages (``company_view(need="owner")``: advisers get 404,
other members 403). The rules live in ``services``."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view

from . import dataset, services
from .forms import DeletionForm
from .models import DataExport


def _page_url(request, access) -> str:
    return request.build_absolute_uri(reverse("privacy:index", args=[access.company.pk]))


def _context(access, form=None):
    exports = services.recent_exports(access)
    return {
        "company": access.company,
        "access": access,
        "exports": exports,
        "preparing": any(e.status == DataExport.Status.PENDING for e in exports),
        "sections": dataset.SECTIONS,
        "deletion": services.pending_deletion(access.company),
        "grace_days": services.grace_days(),
        "valid_days": settings.EXPORT_VALID_DAYS,
        "deletion_date": timezone.now() + timedelta(days=services.grace_days()),
        "form": form or DeletionForm(),
    }


@company_view(need="owner")
def index(request, access):
    context = _context(access)
    if request.headers.get("HX-Request"):
        return render(request, "privacy/_exports.html", context)  # status polling while preparing
    return render(request, "privacy/index.html", context)


@require_POST
@company_view(need="owner")
def export_request(request, access):
    services.request_export(access, request.user)
    messages.success(request, _("The export is being prepared. It appears below when it is ready."))
    return redirect("privacy:index", access.company.pk)


@company_view(need="owner")
def export_download(request, access, export_id):
    export = get_object_or_404(services.exports_for(access), pk=export_id)
    path = services.download_path(export)
    if path is None:
        raise Http404
    response = FileResponse(
        open(path, "rb"), as_attachment=True, filename=services.download_name(export), content_type="application/zip"
    )
    return response


@require_POST
@company_view(need="owner")
def deletion_request(request, access):
    form = DeletionForm(request.POST)
    if form.is_valid():
        try:
            record = services.request_deletion(
                access, request.user, confirm_name=form.cleaned_data["confirm_name"], url=_page_url(request, access)
            )
        except ValidationError as error:
            form.add_error("confirm_name", error)
        else:
            messages.warning(
                request,
                _("The company will be deleted on %(date)s. Advisers can no longer see its data. You can cancel until then.")
                % {"date": timezone.localtime(record.scheduled_for).strftime("%Y-%m-%d")},
            )
            return redirect("privacy:index", access.company.pk)
    return render(request, "privacy/index.html", _context(access, form), status=400)


@require_POST
@company_view(need="owner")
def deletion_cancel(request, access):
    try:
        services.cancel_deletion(access, url=_page_url(request, access))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The deletion was cancelled. Advisers with an active support link can see the data again."))
    return redirect("privacy:index", access.company.pk)
