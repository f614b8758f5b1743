"""The client import pages of an adviser organization (editors and owners): upload, preview, commit, template."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.accounts.decorators import verified_email_required
from dxnavi.orgs.scoping import org_view
from dxnavi.ratelimit import mail_rate_limited
from dxnavi.reports import spreadsheets

from . import presenters, reading, services, template_file
from .forms import UploadForm
from .models import ImportBatch

ROWS_PER_PAGE = 100
ERRORS_SHOWN = 500


def _batch(org, batch_id, *fields) -> ImportBatch:
    batches = ImportBatch.objects.filter(organization=org.organization)
    return get_object_or_404(batches.only("pk", "organization_id", *fields) if fields else batches, pk=batch_id)


@org_view(need="edit")
@verified_email_required
def upload(request, org):
    organization = org.organization
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        content = uploaded.read(reading.MAX_BYTES + 1)
        try:
            batch = services.upload(
                organization=organization, user=request.user, filename=uploaded.name or "", content=content,
                site_url=request.build_absolute_uri("/"), language=get_language() or "",
            )
        except reading.FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            if batch.job_id:
                return redirect("jobs:org_detail", organization.pk, batch.job_id)
            return redirect(services.preview_url(batch))
    recent = ImportBatch.objects.filter(organization=organization).only(
        "pk", "filename", "status", "counts", "error_count", "created", "organization_id"
    )[:10]
    return render(request, "onboarding/upload.html", {"organization": organization, "org": org, "form": form, "recent": recent})


@org_view(need="edit")
def template(request, org, fmt):
    if fmt == "csv":
        return spreadsheets.csv_response(template_file.csv_rows(), ascii_name="client_import.csv", filename="顧客一括登録.csv")
    return spreadsheets.xlsx_response(template_file.xlsx(), ascii_name="client_import.xlsx", filename="顧客一括登録.xlsx")


@org_view(need="edit")
def preview(request, org, batch_id):
    batch = _batch(org, batch_id)
    if batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.COMMITTING) and batch.job_id:
        return redirect("jobs:org_detail", org.organization.pk, batch.job_id)
    show_errors = request.GET.get("show") == "errors"
    rows = [row for row in batch.rows if row["outcome"] == "error"] if show_errors else batch.rows
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    errors = presenters.error_lines(batch.rows, limit=ERRORS_SHOWN)
    error_total = sum(len(row["errors"]) for row in batch.rows)
    return render(
        request, "onboarding/preview.html",
        {
            "organization": org.organization, "org": org, "batch": batch, "page": page, "show_errors": show_errors,
            "rows": presenters.row_lines(page.object_list), "errors": errors, "errors_hidden": error_total - len(errors),
            "counts": batch.counts, "earlier": services.already_imported(batch), "refusal": services.refusal(batch),
        },
    )


@require_POST
@org_view(need="edit")
@verified_email_required
@mail_rate_limited
def commit(request, org, batch_id):
    batch = _batch(org, batch_id, "status")  # request_commit reads the rows under its lock
    try:
        batch = services.request_commit(batch, user=request.user)
    except services.CommitRefused as refused:
        messages.error(request, str(refused))
        return redirect(services.preview_url(batch))
    if batch.status == ImportBatch.Status.COMMITTING:
        return redirect("jobs:org_detail", org.organization.pk, batch.job_id)
    if batch.status == ImportBatch.Status.COMMITTED:
        messages.success(
            request,
            _("Imported: %(invited)s new clients invited, %(requested)s link requests sent. Nothing else was changed.")
            % {"invited": batch.counts.get("invited", 0), "requested": batch.counts.get("requested", 0)},
        )
    else:
        messages.error(request, _("Some rows can no longer be imported (see below). Nothing was imported."))
    return redirect(reverse("onboarding:preview", args=[org.organization.pk, batch.pk]))
