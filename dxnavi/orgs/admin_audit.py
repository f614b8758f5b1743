"""Operators' reads and changes of company data in /admin/ go to the company's access log.

Mix ``OperatorAuditMixin`` into every ModelAdmin of a company-owned model (before
``admin.ModelAdmin``). Change-form views are VIEW (GET) or CHANGE (POST, with its outcome),
deletions (one or "delete selected") are CHANGE "deleted", and a change list counts as a listing of each company on the
page (one row per company, operator and day, like the advisers' client list).
"""

from django.contrib.admin.utils import unquote

from .models import AuditEvent
from .scoping import audit_listed


def _record(request, company_id, action, outcome=AuditEvent.Outcome.DONE, detail=""):
    AuditEvent.objects.create(
        company_id=company_id, user=request.user, by_operator=True, action=action, outcome=outcome,
        path=request.get_full_path()[:500], detail=detail,
    )


def _post_outcome(response):
    # The admin redirects after a saved change; a form shown again (200) saved nothing.
    return AuditEvent.Outcome.DONE if 300 <= response.status_code < 400 else AuditEvent.Outcome.REJECTED


class OperatorAuditMixin:
    #: The ForeignKey to ``orgs.Company`` on the admin's model.
    audit_company_field = "company"

    def _audit_company_id(self, obj):
        return getattr(obj, f"{self.audit_company_field}_id")

    def _audit_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        return self._audit_company_id(obj) if obj is not None else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        company_id = self._audit_object(request, object_id)
        if company_id is not None:
            if request.method == "POST":
                _record(request, company_id, AuditEvent.Action.CHANGE, _post_outcome(response))
            else:
                _record(request, company_id, AuditEvent.Action.VIEW)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        company_id = self._audit_object(request, object_id)
        response = super().delete_view(request, object_id, extra_context)
        if company_id is not None:
            if request.method == "POST":
                _record(request, company_id, AuditEvent.Action.CHANGE, _post_outcome(response), detail="deleted")
            else:
                _record(request, company_id, AuditEvent.Action.VIEW)
        return response

    def delete_queryset(self, request, queryset):
        # The change list's "delete selected" action: one row per object, like delete_view.
        company_ids = [self._audit_company_id(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                company_id=company_id, user=request.user, by_operator=True, action=AuditEvent.Action.CHANGE,
                path=request.get_full_path()[:500], detail="deleted",
            )
            for company_id in company_ids
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            company_ids = [self._audit_company_id(obj) for obj in changelist.result_list]
            audit_listed(company_ids, request.user, path=request.get_full_path(), by_operator=True)
        return response
