from django.contrib import admin

from .models import Action, SentReminder


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read-only: actions are derived from the instruments and edited by the company in the app."""

    list_display = ["company", "key", "origin", "status", "owner", "due", "source_present", "updated"]
    list_filter = ["status", "origin", "source_present"]
    list_select_related = ["company"]
    search_fields = ["company__name", "key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Which reminder went to whom: read-only evidence that each was sent once."""

    list_display = ["company", "user", "kind", "event", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["company", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
