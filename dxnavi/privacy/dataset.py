"""What the company data export contains: every model that belongs to a company, found by
walking foreign keys, and for each one an explicit decision — exported as a section of
``company.json`` or excluded with a reason.

``company_models()`` discovers the models (a foreign key to Company, directly or through
another company-owned model such as Answer → Assessment → Company). The test
``tests/privacy/test_coverage.py`` fails when a discovered model is neither in ``SECTIONS``
nor in ``EXCLUDED``, so a new model cannot be silently left out of the export.

Format (``FORMAT`` / ``FORMAT_VERSION``; raise the version on any incompatible change)::

    {"format": "dxnavi.company-export", "format_version": 1, "exported_at": ISO 8601,
     "company_id": 12,
     "sections": {"answers": {"model": "assessments.answer", "description": "...",
                              "rows": [{"id": 1, "assessment": 3, "question_id": "SC01", ...}]}, ...},
     "excluded": {"privacy.dataexport": "reason", ...}}

Values: dates and times in ISO 8601; a reference to a user is that user's e-mail address; a
reference to another exported row is its ``id``; any other reference is the referenced
object's name (adviser organization, questionnaire pack and version, subsidy catalog).
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMAT = "dxnavi.company-export"
FORMAT_VERSION = 1
COMPANY_LABEL = "orgs.company"


@dataclass(frozen=True)
class Section:
    key: str  # the key in company.json's "sections"
    label: str  # the model, as app_label.modelname
    description: str
    omit: tuple[str, ...] = ()  # fields never exported (secrets)
    as_files: tuple[str, ...] = ()  # fields exported as files of the ZIP (archive.documents), not in company.json


SECTIONS = [
    Section("company", "orgs.company", _("The company profile.")),
    Section("members", "orgs.companymembership", _("Members of the company: e-mail address and role.")),
    Section("support_links", "orgs.supportlink", _("Adviser organizations and the state of their support links.")),
    # The token is the secret of an invitation link: it is never exported.
    Section(
        "invitations", "orgs.invitation", _("Invitations to join the company (without their secret links)."), omit=("token",)
    ),
    Section("audit_events", "orgs.auditevent", _("The access log: what advisers viewed or changed.")),
    Section("assessments", "assessments.assessment", _("Diagnoses (self-checks) with their scores and results.")),
    Section("answers", "assessments.answer", _("Every answer given in the diagnoses.")),
    Section("secaction_confirmations", "secaction.itemconfirmation", _("SECURITY ACTION principles confirmed as done.")),
    Section("basic_policies", "secaction.basicpolicy", _("Every version of the information security basic policy.")),
    # The token is the public page's secret link: never exported.
    Section(
        "basic_policy_publication", "secaction.policypublication",
        _("Whether the basic policy's public page is on (without its secret link)."), omit=("token",),
    ),
    Section("subsidy_estimates", "subsidies.savedestimate", _("Saved subsidy estimates with their inputs and results.")),
    Section("strategy_maps", "plans.strategymap", _("The IT strategy map (IT戦略マップ).")),
    Section("strategy_map_versions", "plans.strategymapversion", _("Every saved version of the IT strategy map.")),
    Section("adoption_plans", "plans.plan", _("The adoption plan (導入プラン): its half-year periods.")),
    Section("adoption_plan_rows", "plans.planrow", _("The rows of the adoption plan.")),
    Section("adoption_plan_phases", "plans.planphase", _("The phase (調査／試行／導入) of each row per half-year.")),
    Section("projects", "plans.project", _("Five-step projects with their execution plan and payback inputs.")),
    Section("project_tasks", "plans.projecttask", _("The tasks of each project step.")),
    Section("quotes", "plans.quote", _("Vendor quotes compared in the projects.")),
    Section("kpis", "plans.kpi", _("The KPIs of the projects.")),
    Section("kpi_actuals", "plans.kpiactual", _("The recorded actual values of the KPIs.")),
    Section("actions", "actions.action", _("The action list (対策リスト) with owners, due dates, status and notes.")),
    Section("reminder_preferences", "actions.reminderpreference", _("Who turned reminder e-mails off, per kind.")),
    Section("sent_reminders", "actions.sentreminder", _("Reminder e-mails sent about the company.")),
    # The adviser staff's own accounts (e-mail addresses) are not the company's data: the organization is named.
    Section(
        "support_records", "support.supportrecord",
        _("What adviser organizations recorded about their support to the company (the organization named, not its staff)."),
        omit=("recorded_by", "responsible", "updated_by"),
    ),
    Section("recheck_interval", "support.recheckinterval", _("How many months after a self-check the company wants to be reminded to check again.")),
    Section("incident_contacts", "incidents.contact", _("The company's own emergency contacts (person in charge, IT vendor, insurer, security provider).")),
    Section("incidents", "incidents.incident", _("The incident log: each incident with its affected systems and data and the leak questionnaire's answers.")),
    Section("incident_timeline", "incidents.timelineentry", _("The timeline of each incident: what happened and what was decided, when and by whom.")),
    Section("incident_tasks", "incidents.incidenttask", _("The tasks of each incident with the person responsible, due date and whether done.")),
    Section("incident_drills", "incidents.drill", _("The incident response drills: date, scenario, participants, score and notes.")),
    # The confirmation token is published in the company's own DNS; it proves nothing outside this service.
    Section(
        "surface_domains", "surface.domain",
        _("Domains added to the attack-surface check, with their confirmation state (without the confirmation code)."),
        omit=("token",),
    ),
    Section("surface_checks", "surface.checkrun", _("Every attack-surface check run: what was seen and the findings.")),
    # The uploaded files themselves are in the ZIP (documents/uploaded/), not in company.json.
    Section(
        "knowledge_documents", "knowledge.document",
        _("The company's own uploaded documents: title, file name, type, size and reading status (the files themselves are in the folder documents/uploaded/)."),
        as_files=("content",),
    ),
    Section("genai_answers", "knowledge.genaianswer", _("The answers to the generative AI checklist, per item: in place, not yet, or not used.")),
]

EXCLUDED = {
    "privacy.dataexport": _("The bookkeeping of the data exports themselves (the export you are reading)."),
    "reports.rendereddocument": _("Stored copies of the PDF reports, made again from the data above (they are in the export's documents)."),
    "jobs.trackedjob": _("The progress records of reports being made (temporary bookkeeping of the service)."),
    "support.sentsupportreminder": _("The log of reminder e-mails sent to advisers' staff about their own next actions (their bookkeeping; the actions themselves are in the support records)."),
    "secaction.declarablelevel": _("The SECURITY ACTION level the company could declare, worked out again from the principles, policies and self-checks above."),
    "api.apitoken": _("API access tokens: credentials, never exported."),
    "api.idempotencyrecord": _("Stored answers of repeated API requests, kept 24 hours (credentials' bookkeeping, never exported)."),
    "knowledge.passage": _("The passages read from the uploaded documents for the search: read again from the files above."),
    "knowledge.posting": _("The search index of the passages: made again from the files above."),
}


def _model(label: str):
    return apps.get_model(label)


def company_models() -> dict[str, str]:
    """Every model with a path to Company: label → lookup from that model to the company.

    The company itself has the empty path. Found by following forward foreign keys until
    nothing new is found, so indirect ownership (Answer → Assessment → Company) is included.
    """
    paths = {COMPANY_LABEL: ""}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in paths:
                continue
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation and (field.many_to_one or field.one_to_one) else None
                if target is None or target._meta.label_lower not in paths:
                    continue
                rest = paths[target._meta.label_lower]
                paths[label] = f"{field.name}__{rest}" if rest else field.name
                changed = True
                break
    return paths


def rows_of(label: str, company):
    """All rows of one company-owned model that belong to ``company``."""
    path = company_models()[label]
    return _model(label).objects.filter(**({path: company} if path else {"pk": company.pk})).order_by("pk")


def _value(field, row, exported: set[str]):
    if field.is_relation:
        related = getattr(row, field.name)
        if related is None:
            return None
        related_label = related._meta.label_lower
        if related_label == settings.AUTH_USER_MODEL.lower():
            return related.email
        if related_label in exported:
            return related.pk
        return str(related)
    value = field.value_from_object(row)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def section_rows(section: Section, company) -> list[dict]:
    model = _model(section.label)
    exported = {s.label for s in SECTIONS}
    fields = [f for f in model._meta.concrete_fields if f.name not in section.omit and f.name not in section.as_files]
    relations = [f.name for f in fields if f.is_relation]
    queryset = rows_of(section.label, company).select_related(*relations)
    return [{f.name: _value(f, row, exported) for f in fields} for row in queryset]


def company_data(company) -> dict:
    """The whole of ``company.json`` (a dict, serialized with DjangoJSONEncoder by the caller)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "company_id": company.pk,
        "sections": {
            s.key: {"model": s.label, "description": str(s.description), "rows": section_rows(s, company)} for s in SECTIONS
        },
        "excluded": {label: str(reason) for label, reason in EXCLUDED.items()},
    }
