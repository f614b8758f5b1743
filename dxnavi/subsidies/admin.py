"""Operators correct the catalog here; the YAML stays the source (see models.py for precedence)."""

import json

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dxnavi.orgs import data_stamp
from dxnavi.orgs.admin_audit import OperatorAuditMixin

from . import jgrants_import
from .domain.rules import RuleError, parse_rules
from .models import Frame, JGrantsCandidate, Program, SavedEstimate, SubsidyCatalog


class FrameForm(forms.ModelForm):
    official_url = forms.URLField(max_length=300, assume_scheme="https")

    class Meta:
        model = Frame
        fields = ["name", "summary", "official_url", "source", "as_of", "verified", "estimable", "note", "rules"]

    def clean_rules(self):
        rules = self.cleaned_data["rules"]
        rounding = self.instance.program.rounding if self.instance.pk else "yen"
        try:
            parse_rules(rules, rounding=rounding)
        except RuleError as error:
            # The same check as the YAML loader: a broken edit never reaches an estimate.
            raise forms.ValidationError(_("The rules are not valid: %(error)s") % {"error": error}) from None
        return rules

    def clean(self):
        data = super().clean()
        for key in ("name", "summary"):
            value = data.get(key)
            if not isinstance(value, dict) or not all(
                isinstance(value.get(lang), str) and value[lang].strip() for lang in ("ja", "en")
            ):
                self.add_error(key, _('Give the text in both ja and en, e.g. {"ja": "通常枠", "en": "Standard frame"}.'))
        if data.get("verified") is False and not (data.get("note") or {}).get("ja"):
            self.add_error("note", _("Say in the note what is not verified (ja and en)."))
        return data


@admin.register(Frame)
class FrameAdmin(admin.ModelAdmin):
    form = FrameForm
    list_display = ("__str__", "catalog_label", "verified", "estimable", "locally_modified", "modified_by", "modified_at")
    list_filter = ("program__catalog", "verified", "locally_modified")
    readonly_fields = ("program", "frame_id", "locally_modified", "modified_by", "modified_at", "rules_pretty")
    actions = ["use_yaml_again"]

    @admin.display(description=_("catalog"))
    def catalog_label(self, obj):
        return str(obj.program.catalog)

    @admin.display(description=_("rules (as stored)"))
    def rules_pretty(self, obj):
        return json.dumps(obj.rules, ensure_ascii=False, indent=2)

    def has_add_permission(self, request):
        return False  # frames come from the YAML; the admin corrects them

    def save_model(self, request, obj, form, change):
        obj.locally_modified = True
        obj.modified_by = request.user
        obj.modified_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Use the YAML again at the next reload"))
    def use_yaml_again(self, request, queryset):
        count = queryset.update(locally_modified=False, content_hash="")
        data_stamp.bump_global()
        self.message_user(
            request,
            ngettext(
                "%(count)d frame will be overwritten by the YAML at the next load.",
                "%(count)d frames will be overwritten by the YAML at the next load.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class ProgramInline(admin.TabularInline):
    model = Program
    fields = ("program_id", "official_url", "rounding", "as_of")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(SubsidyCatalog)
class SubsidyCatalogAdmin(admin.ModelAdmin):
    list_display = ("__str__", "as_of", "loaded_at")
    readonly_fields = ("fiscal_year", "version", "as_of", "title", "source", "note", "loaded_at")
    inlines = [ProgramInline]

    def has_add_permission(self, request):
        return False


@admin.register(SavedEstimate)
class SavedEstimateAdmin(OperatorAuditMixin, admin.ModelAdmin):
    list_display = ("__str__", "company", "catalog", "created_by", "on_behalf_org", "created_at")
    list_select_related = ("company", "catalog", "created_by", "on_behalf_org")
    readonly_fields = [f.name for f in SavedEstimate._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(JGrantsCandidate)
class JGrantsCandidateAdmin(admin.ModelAdmin):
    """The review queue filled by ``manage.py import_jgrants``: accept into the finder, or reject."""

    list_display = ("title", "status", "kind", "program_id", "acceptance_window", "changes", "fetched_at", "reviewed_by")
    list_filter = ("status", "kind", "program_id")
    list_select_related = ("reviewed_by",)
    search_fields = ("title", "jgrants_id", "name")
    fields = ("title", "jgrants_id", "name", "status", "kind", "program_id", "parsed_pretty", "diff_pretty", "accepted_pretty",
              "raw_pretty", "fetched_at", "reviewed_by", "reviewed_at")
    readonly_fields = tuple(f for f in fields if f != "program_id")
    actions = ["accept_selected", "reject_selected"]

    def has_add_permission(self, request):
        return False  # rows come from the importer

    @admin.display(description=_("application window"))
    def acceptance_window(self, obj):
        return f"{obj.parsed.get('acceptance_start') or '?'} – {obj.parsed.get('acceptance_end') or '?'}"

    @admin.display(description=_("changes"))
    def changes(self, obj):
        return ", ".join(d["field"] for d in obj.diff) or "—"

    @staticmethod
    def _pretty(value):
        return json.dumps(value, ensure_ascii=False, indent=2)

    @admin.display(description=_("parsed fields"))
    def parsed_pretty(self, obj):
        return self._pretty(obj.parsed)

    @admin.display(description=_("diff"))
    def diff_pretty(self, obj):
        return self._pretty(obj.diff)

    @admin.display(description=_("accepted fields"))
    def accepted_pretty(self, obj):
        return self._pretty(obj.accepted)

    @admin.display(description=_("raw payload"))
    def raw_pretty(self, obj):
        return self._pretty(obj.raw)

    @admin.action(description=_("Accept into the finder"))
    def accept_selected(self, request, queryset):
        for candidate in queryset:
            jgrants_import.accept(candidate, request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d program was accepted into the finder.", "%(count)d programs were accepted into the finder.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject"))
    def reject_selected(self, request, queryset):
        for candidate in queryset:
            jgrants_import.reject(candidate, request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d program was rejected.", "%(count)d programs were rejected.", count) % {"count": count},
            messages.SUCCESS,
        )
