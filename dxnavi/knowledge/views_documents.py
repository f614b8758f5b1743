"""The company's own documents (``c/<company_id>/knowledge/documents/…``, every one through ``company_view``).

Read: everyone with access (members, linked advisers — audited; a download is audited as an export).
Upload and delete: members and linked advisers with edit rights; a viewer's POST is refused (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view

from . import documents, presenters, services
from .forms import DocumentUploadForm


def _base(access, **extra):
    return {"company": access.company, "access": access, "can_edit": access.can_edit, **extra}


def _rows(access):
    rows = list(services.document_list(access))
    return rows, any(row.status in services.PENDING for row in rows)


@company_view()
def document_list(request, access):
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                if uploaded.size > services.max_bytes():  # refused before reading it
                    raise documents.Refused(
                        _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": services.max_bytes() // 1024 // 1024}
                    )
                document = services.upload(
                    access, request.user, filename=uploaded.name or "", content=uploaded.read(), title=form.cleaned_data["title"]
                )
            except documents.Refused as refused:
                form.add_error("file", str(refused))
            else:
                messages.success(request, _("「%(title)s」 was uploaded. Its text is being read.") % {"title": document.title})
                return redirect("knowledge:documents", access.company.pk)
    else:
        form = DocumentUploadForm()
    rows, pending = _rows(access)
    context = _base(access, form=form, rows=presenters.document_rows(rows), pending=pending, max_mb=services.max_bytes() // 1024 // 1024)
    if request.headers.get("HX-Request") and request.GET.get("part") == "rows":
        return render(request, "knowledge/_document_rows.html", context)
    return render(request, "knowledge/documents.html", context)


@company_view()
def document_detail(request, access, document_id):
    row = services.document(access, document_id)
    query = request.GET.get("q", "").strip()[:100]
    passages = [presenters.passage(row, p, query) for p in services.passages(row)]
    return render(request, "knowledge/document.html", _base(access, document=presenters.document_row(row), passages=passages, query=query))


@require_POST
@company_view(need="edit")
def document_delete(request, access, document_id):
    row = services.document(access, document_id, "title")
    services.delete(row)
    messages.success(request, _("「%(title)s」 was deleted with its search index.") % {"title": row.title})
    return redirect("knowledge:documents", access.company.pk)


@company_view()
def document_file(request, access, document_id):
    row = services.document(access, document_id, "filename", "kind", "content")
    response = HttpResponse(bytes(row.content), content_type=documents.CONTENT_TYPES[row.kind])
    response["Content-Disposition"] = content_disposition_header(True, row.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
