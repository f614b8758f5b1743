from django.contrib import admin

from dxnavi.orgs.admin_audit import OperatorAuditMixin

from .models import BasicPolicy, ItemConfirmation, PolicyPublication


@admin.register(ItemConfirmation)
class ItemConfirmationAdmin(OperatorAuditMixin, admin.ModelAdmin):
    """Read-only: confirmations are the company's own declarations, made in the app."""

    list_display = ["company", "item_id", "confirmed_by", "organization", "confirmed_at"]
    list_select_related = ["company"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BasicPolicy)
class BasicPolicyAdmin(OperatorAuditMixin, admin.ModelAdmin):
    list_display = ["company", "version", "adopted_at"]
    list_select_related = ["company"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PolicyPublication)
class PolicyPublicationAdmin(OperatorAuditMixin, admin.ModelAdmin):
    """Read-only, without the token: the public link is the company's to hand out."""

    list_display = ["company", "enabled", "changed_at"]
    list_select_related = ["company"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
