"""Read-only admin: packs come from content files and scores from services.recompute, never by hand."""

from django.contrib import admin

from dxnavi.orgs.admin_audit import OperatorAuditMixin

from .models import Answer, Assessment, QuestionnairePack


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuestionnairePack)
class QuestionnairePackAdmin(ReadOnlyAdmin):
    list_display = ("pack_id", "version", "checksum", "source_file", "loaded")
    list_filter = ("pack_id",)
    search_fields = ("pack_id", "version")
    ordering = ("pack_id", "-loaded")
    fields = ("pack_id", "version", "checksum", "source_file", "loaded", "definition")
    readonly_fields = fields


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question_id", "option_id", "value", "is_complete", "answered_by", "on_behalf_org", "updated")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("question_id",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(OperatorAuditMixin, ReadOnlyAdmin):
    list_display = (
        "company",
        "pack_family",
        "status",
        "total_score",
        "band_id",
        "completed_at",
        "is_latest",
        "answered_by",
        "on_behalf_org",
    )
    list_filter = ("status", "pack_family", "is_latest")
    search_fields = ("company__name",)
    # Not "pack": its definition is large and the family is enough in a list.
    list_select_related = ("company", "answered_by", "on_behalf_org")
    date_hierarchy = "completed_at"
    ordering = ("-started",)
    fields = (
        "company",
        "pack",
        "pack_family",
        "status",
        "started",
        "updated",
        "completed_at",
        "answered_by",
        "on_behalf_org",
        "total_score",
        "band_id",
        "part_scores",
        "score_details",
        "industry_major",
        "size_band",
        "prefecture",
        "is_latest",
    )
    readonly_fields = fields
    inlines = (AnswerInline,)
