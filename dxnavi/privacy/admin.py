from django.contrib import admin

from .models import DeletionRecord


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin):
    """The deletion trail, read-only: operators can see what was deleted when, never edit it."""

    list_display = ("company_ref", "requested_at", "scheduled_for", "cancelled_at", "executed_at", "requested_by_role")
    list_filter = ("executed_at", "cancelled_at")
    readonly_fields = [f.name for f in DeletionRecord._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
