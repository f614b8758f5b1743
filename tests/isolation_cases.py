"""Every URL pattern that touches company data, and how to call it in the isolation matrix.

``adviser``: what a member of a linked adviser organization gets — "ok" (2xx/3xx and an
audit entry) or "404" for company-internal pages (members, advisers, access log); ``owner``: what
the company's owner gets — "ok", or "404" for the adviser organization's own pages.
An app that adds a company-scoped URL must add it here; test_isolation_matrix fails otherwise.
``ORG_CASES`` does the same for adviser-organization URLs (``org_id``): members only.
"""

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Case:
    method: str = "get"
    adviser: str = "ok"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    data: Callable[[dict], dict] = field(default=lambda world: {})
    # What the company's owner gets: "ok", or "404" for pages only a linked adviser organization uses
    # (``company_view(need="adviser…")``, e.g. writing support records).
    owner: str = "ok"


def _link_id(world):
    from dxnavi.orgs.models import SupportLink

    return SupportLink.objects.get(company=world["company"], organization=world["linked_org"]).pk


def _owner_membership_id(world):
    from dxnavi.orgs.models import CompanyMembership

    return CompanyMembership.objects.get(company=world["company"], user=world["owner"]).pk


def _secaction_policy_id(world):
    import datetime

    from dxnavi.secaction import services

    policy = services.create_policy(
        world["company"], company_name=world["company"].name, representative="代表 太郎",
        policy_date=datetime.date(2026, 11, 26), language="ja", user=world["owner"],
    )
    return policy.pk


def public_policy_token(world):
    """The token of the world's published policy (adopted, public page on); made once, so the
    fuzz crawler can ask again. The public page has no company_id: the token is its only key."""
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.secaction import publication, services
    from dxnavi.secaction.models import PolicyPublication

    existing = PolicyPublication.objects.filter(company=world["company"], enabled=True).first()
    if existing is not None:
        return existing.token
    access = CompanyAccess(company=world["company"], via="member", role="owner")
    if services.adopted_policy(access) is None:
        policy = services.BasicPolicy.objects.get(pk=_secaction_policy_id(world))
        services.adopt_policy(policy, access=access, user=world["owner"])
    return publication.set_enabled(access, enabled=True, user=world["owner"]).token


def _pack_kwargs():
    from tests.assessments.helpers import PACK_ID, load_pack

    load_pack()
    return {"pack_id": PACK_ID}


def _assessment_draft(world):
    from tests.assessments.helpers import draft_with, load_pack

    load_pack()
    return {"assessment_id": draft_with(world["company"], {"SC01": "yes"}, user=world["owner"]).pk}


def _assessment_done(world):
    from tests.assessments.helpers import answers_for_total, complete_with, load_pack

    load_pack()
    return {"assessment_id": complete_with(world["company"], answers_for_total(72), user=world["owner"]).pk}


def _dx_maturity_done(world):
    from tests.dxdiag.helpers import MATURITY_PACK, complete, load_packs, maturity_answers

    load_packs()
    complete(world["company"], MATURITY_PACK, maturity_answers(), user=world["owner"])
    return {}


def _subsidy_estimate(world):
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.subsidies import loader, services

    loader.load()
    access = CompanyAccess(company=world["company"], via="member", role="owner")
    estimate = services.save_estimate(
        access, user=world["owner"], catalog=services.current_catalog(),
        items=[{"kind": "software", "description": "会計ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )
    return {"estimate_id": estimate.pk}


def _data_export(world):
    """A ready export of the world's company, built by the real job (in-process)."""
    from dxnavi.privacy import services
    from tests.assessments.helpers import member_access

    export = services.request_export(member_access(world["company"]), world["owner"])
    services.build_export(export.pk)
    return {"export_id": export.pk}


def _plans_plan(world):
    from tests.plans.helpers import built_plan

    built_plan(world["company"], world["owner"])
    return {}


def _plans_row(world):
    from tests.plans.helpers import built_plan

    return {"row_id": built_plan(world["company"], world["owner"]).rows.order_by("position").first().pk}


def _plans_row_post(world):
    return {"priority": "1", "goal_text": "生産性", "viewpoint_text": "視点", "activity": "取り組み", "phase_0": "research"}


def _action(world):
    from dxnavi.actions.models import Action

    # get_or_create: the fuzz crawler asks for the kwargs of several URLs on one world.
    action, _created = Action.objects.get_or_create(
        company=world["company"], key="security:SC01",
        defaults={"origin": "selfcheck", "origins": [["selfcheck", ""]], "title": {"ja": "OSを最新に", "en": "Update the OS"}},
    )
    return {"action_id": action.pk}


def _summary_data(world):
    """A completed self-check, so the summary and the combined report have something to render (idempotent)."""
    from dxnavi.assessments import services
    from tests.assessments.helpers import PACK_ID, answers_for_total, complete_with, load_pack

    load_pack()
    if services.latest_completed(world["company"], PACK_ID) is None:
        complete_with(world["company"], answers_for_total(72), user=world["owner"])
    return {}


def _done_job(world):
    """A finished tracked job of the world's company with a stored (blank, one-page) PDF to download."""
    import io

    from pypdf import PdfWriter

    from dxnavi.jobs.models import Status, TrackedJob
    from dxnavi.reports.models import RenderedDocument

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    company = world["company"]
    document = RenderedDocument.objects.create(
        company=company, kind="summary_full", object_id=company.pk, key=f"isolation-{company.pk}-{RenderedDocument.objects.count()}",
        content=out.getvalue(), size=len(out.getvalue()),
    )
    job = TrackedJob.objects.create(
        company=company, user=world["owner"], kind="summary_full", function="dxnavi.summary.documents.build_full",
        status=Status.DONE, done=2, total=2, document=document, result={"filename": "report.pdf"},
    )
    return {"job_id": job.pk}


CASES: dict[str, Case] = {
    "web:company_dashboard": Case(),
    "orgs:company_edit": Case(),
    "orgs:company_advisers": Case(adviser="404"),
    "orgs:company_link_decide": Case(
        method="post", adviser="404", kwargs=lambda w: {"link_id": _link_id(w), "decision": "revoke"}
    ),
    "orgs:company_audit": Case(adviser="404"),
    "orgs:company_members": Case(adviser="404"),
    "orgs:company_member_remove": Case(method="post", adviser="404", kwargs=lambda w: {"membership_id": _owner_membership_id(w)}),
    "secaction:readiness": Case(),
    "secaction:checklist": Case(),
    "secaction:checklist_toggle": Case(method="post", kwargs=lambda w: {"item_id": "SA1-1"}, data=lambda w: {"done": "1"}),
    "secaction:policy_list": Case(),
    "secaction:policy_new": Case(),
    "secaction:policy_detail": Case(kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_adopt": Case(method="post", adviser="404", kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_pdf": Case(kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_docx": Case(kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_restore": Case(method="post", kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_compare": Case(kwargs=lambda w: {"policy_id": _secaction_policy_id(w)}),
    "secaction:policy_publish": Case(),
    # Publishing is the company's own act: advisers get 404 (see also tests/secaction/test_publication.py
    # for the token-only public page, secaction:public_policy).
    "secaction:policy_publish_set": Case(method="post", adviser="404", data=lambda w: {"action": "off"}),
    "assessments:start": Case(kwargs=lambda w: _pack_kwargs()),
    "assessments:history": Case(kwargs=lambda w: _pack_kwargs()),
    "assessments:part": Case(kwargs=lambda w: {**_assessment_draft(w), "part_id": "employee"}),
    "assessments:answer": Case(method="post", kwargs=_assessment_draft, data=lambda w: {"question": "SC02", "option": "no"}),
    "assessments:complete": Case(method="post", kwargs=_assessment_draft),
    "assessments:result": Case(kwargs=_assessment_done),
    "assessments:print": Case(kwargs=_assessment_done),
    "assessments:pdf": Case(kwargs=_assessment_done),
    "dxdiag:certification": Case(kwargs=_dx_maturity_done),
    "subsidies:index": Case(),
    "subsidies:estimate_new": Case(),
    "subsidies:estimate_detail": Case(kwargs=_subsidy_estimate),
    "subsidies:checklist": Case(kwargs=lambda w: {**_subsidy_estimate(w), "frame_id": "it_normal"}),
    "subsidies:estimate_pdf": Case(kwargs=_subsidy_estimate),
    "subsidies:estimate_delete": Case(method="post", kwargs=_subsidy_estimate),
    "privacy:index": Case(adviser="404"),
    "privacy:export_request": Case(method="post", adviser="404"),
    "privacy:export_download": Case(adviser="404", kwargs=_data_export),
    "privacy:deletion_request": Case(method="post", adviser="404", data=lambda w: {"confirm_name": w["company"].name}),
    "privacy:deletion_cancel": Case(method="post", adviser="404"),
    # plans: IT戦略マップ and 導入プラン
    "plans:overview": Case(),
    "plans:map": Case(kwargs=_plans_plan),
    "plans:map_edit": Case(),
    "plans:map_version": Case(kwargs=lambda w: {**_plans_plan(w), "number": 1}),
    "plans:plan": Case(kwargs=_plans_plan),
    "plans:plan_build": Case(method="post", kwargs=_plans_plan),
    "plans:plan_settings": Case(method="post", kwargs=_plans_plan, data=lambda w: {"start_year": "2027", "start_half": "2", "periods": "5"}),
    "plans:row_add": Case(method="post", kwargs=_plans_plan, data=_plans_row_post),
    "plans:row_save": Case(method="post", kwargs=_plans_row, data=_plans_row_post),
    "plans:row_move": Case(method="post", kwargs=_plans_row, data=lambda w: {"direction": "down"}),
    "plans:row_delete": Case(method="post", kwargs=_plans_row),
    "plans:plan_pdf": Case(kwargs=_plans_plan),
    "plans:plan_xlsx": Case(kwargs=_plans_plan),
    # actions:
    "actions:list": Case(),
    "actions:go": Case(),
    "actions:refresh": Case(method="post"),
    "actions:reminders": Case(adviser="404"),
    "actions:detail": Case(kwargs=_action),
    "actions:edit": Case(
        method="post", kwargs=_action, data=lambda w: {"owner": "山田", "due": "2026-12-01", "status": "doing", "note": ""}
    ),
    # summary (one-page overview and the combined report): readable by members and linked advisers
    "summary:preview": Case(kwargs=_summary_data),
    "summary:pdf": Case(kwargs=_summary_data),
    "summary:full_pdf": Case(kwargs=_summary_data),
    "summary:full_start": Case(method="post", kwargs=_summary_data),
    # tracked jobs (the combined report being made): the company's jobs, members and linked advisers
    "jobs:detail": Case(kwargs=_done_job),
    "jobs:progress": Case(kwargs=_done_job),
    "jobs:download": Case(kwargs=_done_job),
}


@dataclass(frozen=True)
class OrgCase:
    """An adviser-organization URL: members only; everyone else (unlinked adviser, company owner,
    outsider) gets 404. ``member``: the status the world's linked adviser (an editor) gets."""

    method: str = "get"
    member: int = 200
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})


def _adviser_membership_id(world):
    from dxnavi.orgs.models import AdviserMembership

    return AdviserMembership.objects.get(organization=world["linked_org"], user=world["linked_adviser"]).pk


def _org_job(world):
    from dxnavi.jobs.models import Status, TrackedJob

    job = TrackedJob.objects.create(
        organization=world["linked_org"], user=world["linked_adviser"], kind="test", function="x.y",
        status=Status.DONE, done=1, total=1, result={"url": "/", "label": "結果"},
    )
    return {"job_id": job.pk}


ORG_CASES: dict[str, OrgCase] = {
    "orgs:adviser_org": OrgCase(),
    "jobs:org_detail": OrgCase(kwargs=_org_job),
    "jobs:org_progress": OrgCase(kwargs=_org_job),
    "orgs:adviser_clients_xlsx": OrgCase(),
    "orgs:adviser_register_client": OrgCase(),
    # Owners only: the linked adviser is an editor.
    "orgs:adviser_org_members": OrgCase(member=403),
    "orgs:adviser_org_member_role": OrgCase(
        method="post", member=403, kwargs=lambda w: {"membership_id": _adviser_membership_id(w)}
    ),
    "orgs:adviser_org_member_remove": OrgCase(
        method="post", member=403, kwargs=lambda w: {"membership_id": _adviser_membership_id(w)}
    ),
    "orgs:adviser_org_leave": OrgCase(method="post", member=302),
}


# plans (p2): five-step projects, quotes, KPIs, payback
def _plan_row(world):
    from tests.plans.helpers import built_plan

    plan = built_plan(world["company"], world["owner"])
    return {"row_id": plan.rows.order_by("position", "pk").first().pk}


def _world_project(world):
    """The world's project (with a quote and a KPI), made once: the fuzz crawler asks several times."""
    from dxnavi.plans.models import Project
    from tests.plans.project_helpers import make_project

    existing = Project.objects.filter(company=world["company"]).order_by("pk").first()
    return existing or make_project(world["company"], world["owner"], quotes=1, kpis=1)


def _project(world):
    return {"project_id": _world_project(world).pk}


def _project_with(world, what):
    project = _world_project(world)
    ids = {"project_id": project.pk}
    if what == "task":
        ids["task_id"] = project.tasks.order_by("pk").first().pk
    elif what == "quote":
        ids["quote_id"] = project.quotes.order_by("pk").first().pk
    elif what == "kpi":
        ids["kpi_id"] = project.kpis.order_by("pk").first().pk
    return ids


CASES.update({
    "plans:projects": Case(),
    "plans:project_create": Case(method="post", kwargs=_plan_row),
    "plans:project": Case(kwargs=_project),
    "plans:project_step": Case(kwargs=lambda w: {**_project(w), "step": 2}),
    "plans:project_set_step": Case(method="post", kwargs=_project, data=lambda w: {"step": "2"}),
    "plans:project_task": Case(
        method="post", kwargs=lambda w: _project_with(w, "task"), data=lambda w: {"task-status": "done"}
    ),
    "plans:project_section": Case(
        method="post", kwargs=lambda w: {**_project(w), "section": "goal"}, data=lambda w: {"goal-problem": "紙の勤怠"}
    ),
    "plans:quote_add": Case(
        method="post", kwargs=_project, data=lambda w: {"quote-vendor": "A社", "quote-tool": "勤怠クラウド", "quote-amount": "300000"}
    ),
    "plans:quote_choose": Case(method="post", kwargs=lambda w: _project_with(w, "quote")),
    "plans:quote_delete": Case(method="post", kwargs=lambda w: _project_with(w, "quote")),
    "plans:kpi_add": Case(
        method="post", kwargs=_project,
        data=lambda w: {"kpi-name": "残業時間", "kpi-unit": "時間", "kpi-baseline": "40", "kpi-baseline_date": "2027-01-01",
                        "kpi-target": "20", "kpi-target_date": "2027-12-31"},
    ),
    "plans:kpi_actual": Case(
        method="post", kwargs=lambda w: _project_with(w, "kpi"), data=lambda w: {"actual-date": "2027-03-01", "actual-value": "35"}
    ),
    "plans:kpi_delete": Case(method="post", kwargs=lambda w: _project_with(w, "kpi")),
    "plans:payback": Case(kwargs=_project),
})


# --- regional: an adviser organization's aggregate report (members only) ----------------------


def _regional_report(world):
    """A computed aggregate report of the linked organization (the downloads need one); made once."""
    from dxnavi.regional import services
    from dxnavi.regional.models import RegionalReport

    if services.latest(organization=world["linked_org"]) is None:
        services.run(RegionalReport.objects.create(organization=world["linked_org"]))
    return {}


ORG_CASES.update({
    "regional:org_report": OrgCase(),
    "regional:org_recompute": OrgCase(method="post", member=302),
    "regional:org_xlsx": OrgCase(kwargs=_regional_report),
    "regional:org_pdf": OrgCase(kwargs=_regional_report),
})


# invites (issue #12, parts 3 and 8): the organization's invitations page, resend/cancel, the clients' comparison
def _invites_invitation(world):
    """A staff invitation of the world's linked organization (not accepted), made once per world."""
    from dxnavi.orgs.models import Invitation

    invitation = Invitation.objects.filter(organization=world["linked_org"], email="invitee@adviser.test").first()
    if invitation is None:
        invitation = Invitation.objects.create(email="invitee@adviser.test", role="viewer", organization=world["linked_org"])
    return {"invitation_id": invitation.pk}


ORG_CASES.update({
    "orgs:adviser_invitations": OrgCase(),
    # The world's linked adviser is an editor: may resend and cancel (302 back to the page).
    "orgs:adviser_invitation_resend": OrgCase(method="post", member=302, kwargs=_invites_invitation),
    "orgs:adviser_invitation_cancel": OrgCase(method="post", member=302, kwargs=_invites_invitation),
    "orgs:adviser_comparison": OrgCase(),
})


# --- dxnavi.onboarding: the client import of an adviser organization (editors and owners) -------------


def _import_batch(world):
    from dxnavi.onboarding.models import ImportBatch

    batch = ImportBatch.objects.create(
        organization=world["linked_org"], user=world["linked_adviser"], filename="clients.csv", sha256="0" * 64, kind="csv",
        status=ImportBatch.Status.CHECKED, rows=[], counts={"invited": 0, "requested": 0, "unchanged": 0, "error": 0, "total": 0},
        site_url="http://testserver/",
    )
    return {"batch_id": batch.pk}


ORG_CASES.update({
    "onboarding:upload": OrgCase(),
    "onboarding:template_xlsx": OrgCase(),
    "onboarding:template_csv": OrgCase(),
    "onboarding:preview": OrgCase(kwargs=_import_batch),
    "onboarding:commit": OrgCase(method="post", member=302, kwargs=_import_batch),
})


# support (支援記録): written by the linked adviser organization only, read by the company
def _support_record(world):
    """A record of the world's linked organization about the world's company (made once: the fuzz crawler asks again)."""
    import datetime

    from dxnavi.support.models import SupportRecord

    record = SupportRecord.objects.filter(company=world["company"], organization=world["linked_org"]).order_by("pk").first()
    if record is None:
        record = SupportRecord.objects.create(
            company=world["company"], organization=world["linked_org"], date=datetime.date(2026, 11, 2), kind="visit",
            topic="受発注のデジタル化", minutes=60, recorded_by=world["linked_adviser"], responsible=world["linked_adviser"],
        )
    return {"record_id": record.pk}


def _support_post(world):
    return {
        "date": "2026-11-20", "kind": "desk", "topic": "IT導入補助金の相談", "notes": "", "minutes": "45",
        "next_action": "見積を確認", "next_due": "2026-12-01", "responsible": str(world["linked_adviser"].pk),
    }


CASES.update({
    "support:records": Case(),
    "support:record_new": Case(method="post", owner="404", data=_support_post),
    "support:record_edit": Case(method="post", owner="404", kwargs=_support_record, data=_support_post),
    "support:record_delete": Case(method="post", owner="404", kwargs=_support_record),
    # The company's own setting (when the self-check re-check reminder comes): members only.
    "support:recheck_interval": Case(method="post", adviser="404", data=lambda w: {"months": "6"}),
})

ORG_CASES.update({
    "support:org_records": OrgCase(),
    "support:org_export": OrgCase(),
    "support:org_reminders": OrgCase(),
})


# orgs (list, issue #12): the client list's person in charge and saved filters
def _linked_link(world):
    from dxnavi.orgs.models import SupportLink

    return {"link_id": SupportLink.objects.get(company=world["company"], organization=world["linked_org"]).pk}


def _linked_adviser_filter(world):
    from dxnavi.orgs.models import SavedClientFilter

    saved, _created = SavedClientFilter.objects.get_or_create(  # called again for each persona by some crawlers
        organization=world["linked_org"], user=world["linked_adviser"], name="未割当", defaults={"query": "assignee=none"}
    )
    return {"filter_id": saved.pk}


ORG_CASES.update({
    "orgs:adviser_assign_client": OrgCase(method="post", member=302, kwargs=_linked_link),
    "orgs:adviser_filter_save": OrgCase(method="post", member=302),
    "orgs:adviser_filter_apply": OrgCase(member=302, kwargs=_linked_adviser_filter),
    "orgs:adviser_filter_delete": OrgCase(method="post", member=302, kwargs=_linked_adviser_filter),
})


# --- the public API (issue #13) ---------------------------------------------------------------
# Every API operation whose path has {company_id} or {org_id} needs one entry here, keyed
# "METHOD /api/v1/…" exactly as in the OpenAPI description; tests/api/test_api_isolation_matrix.py
# fails on an operation without a case (and on a stale case). Append yours as a separate block:
#
#     API_CASES.update({
#         "POST /api/v1/companies/{company_id}/assessments": ApiCase(need="edit", body=lambda w: {"pack_id": "dx_stage"}),
#     })
#
# ApiCase fields:
#   need   "view" (a read token suffices) or "edit" (write token; owners/editors) — as the operation's decorator;
#   kwargs world → the other path parameters ({"assessment_id": …}); company_id / org_id are filled in;
#   body   world → the JSON body (POST/PUT/PATCH); called anew for each persona;
#   ok     the statuses a permitted caller may get (default 200, 201, 204);
#   adviser / owner "ok" or "404", as in ``Case``. For {org_id} paths the linked adviser (an editor of the
#   linked organization) is the member; everyone else gets 404.
@dataclass(frozen=True)
class ApiCase:
    need: str = "view"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    body: Callable[[dict], dict] = field(default=lambda world: {})
    ok: tuple = (200, 201, 204)
    adviser: str = "ok"
    owner: str = "ok"


API_CASES: dict[str, ApiCase] = {}

API_CASES.update({
    "GET /api/v1/companies/{company_id}": ApiCase(),
    "PATCH /api/v1/companies/{company_id}": ApiCase(need="edit", body=lambda world: {"representative": "代表 次郎"}),
})


# --- API: SECURITY ACTION and subsidy estimates ------------------------------------------------
def _subsidy_catalog():
    from dxnavi.subsidies import loader
    from dxnavi.subsidies.models import SubsidyCatalog

    if not SubsidyCatalog.objects.exists():
        loader.load()
    return SubsidyCatalog.objects.order_by("-fiscal_year", "-loaded_at", "-pk").first()


def _api_estimate(world):
    from dxnavi.subsidies.models import SavedEstimate

    estimate = SavedEstimate.objects.create(company=world["company"], catalog=_subsidy_catalog(), title="試算")
    return {"estimate_id": estimate.pk}


def _api_estimate_body(world):
    _subsidy_catalog()
    return {"items": [{"kind": "software", "amount": 500000}], "security_action": 1, "gbizid_prime": True}


API_CASES.update({
    "GET /api/v1/companies/{company_id}/security-action": ApiCase(),
    "PUT /api/v1/companies/{company_id}/security-action/items/{item_id}": ApiCase(
        need="edit", kwargs=lambda world: {"item_id": "SA1-1"}, body=lambda world: {"done": True}),
    "GET /api/v1/companies/{company_id}/subsidy-estimates": ApiCase(),
    "POST /api/v1/companies/{company_id}/subsidy-estimates": ApiCase(need="edit", body=_api_estimate_body),
    "GET /api/v1/companies/{company_id}/subsidy-estimates/{estimate_id}": ApiCase(kwargs=_api_estimate),
    "DELETE /api/v1/companies/{company_id}/subsidy-estimates/{estimate_id}": ApiCase(need="edit", kwargs=_api_estimate),
})


# API (issue #13): plan and act — the 導入プラン, the IT戦略マップ, projects, KPI actuals and the action list
API_CASES.update({
    "GET /api/v1/companies/{company_id}/plan": ApiCase(kwargs=_plans_plan),
    "GET /api/v1/companies/{company_id}/strategy-map": ApiCase(kwargs=_plans_plan),
    "GET /api/v1/companies/{company_id}/projects": ApiCase(kwargs=lambda w: _project(w) and {}),
    "GET /api/v1/companies/{company_id}/projects/{project_id}": ApiCase(kwargs=_project),
    "POST /api/v1/companies/{company_id}/projects/{project_id}/kpis/{kpi_id}/actuals": ApiCase(
        need="edit", kwargs=lambda w: _project_with(w, "kpi"), body=lambda w: {"date": "2027-03-01", "value": "35"}),
    "GET /api/v1/companies/{company_id}/actions": ApiCase(kwargs=lambda w: _action(w) and {}),
    "PATCH /api/v1/companies/{company_id}/actions/{action_id}": ApiCase(
        need="edit", kwargs=_action, body=lambda w: {"owner": "山田", "due": "2027-01-31", "status": "doing"}),
})


# the public API: adviser organizations (client list, counts, filter choices, aggregate report)
API_CASES.update({
    "GET /api/v1/organizations/{org_id}/clients": ApiCase(),
    "GET /api/v1/organizations/{org_id}/clients/counts": ApiCase(),
    "GET /api/v1/organizations/{org_id}/clients/filters": ApiCase(),
    "GET /api/v1/organizations/{org_id}/report": ApiCase(),
    # Any member may recompute (as the web's 「再集計」), with a write token: a read token is 403.
    "POST /api/v1/organizations/{org_id}/report": ApiCase(need="edit", ok=(202,)),
})


# assessments (API, issue #13): the security self-check of the world's company
def _api_selfcheck_completed(world):
    from dxnavi.assessments import services
    from tests.assessments.helpers import PACK_ID, all_answers, complete_with, load_pack

    load_pack()
    done = services.latest_completed(world["company"], PACK_ID) or complete_with(world["company"], all_answers("yes"))
    return {"assessment_id": done.pk}


def _api_selfcheck_draft(world, answers=None):
    from tests.assessments.helpers import draft_with, load_pack

    load_pack()
    return {"assessment_id": draft_with(world["company"], answers).pk}


def _api_selfcheck_ready(world):
    from tests.assessments.helpers import all_answers

    return _api_selfcheck_draft(world, all_answers("partial"))


def _api_selfcheck_start(world):
    from tests.assessments.helpers import PACK_ID, load_pack

    load_pack()
    return {"pack_id": PACK_ID}


API_CASES.update({
    "GET /api/v1/companies/{company_id}/assessments": ApiCase(),
    "POST /api/v1/companies/{company_id}/assessments": ApiCase(need="edit", body=_api_selfcheck_start),
    "GET /api/v1/companies/{company_id}/assessments/{assessment_id}": ApiCase(kwargs=_api_selfcheck_completed),
    "PATCH /api/v1/companies/{company_id}/assessments/{assessment_id}/answers": ApiCase(
        need="edit", kwargs=_api_selfcheck_draft, body=lambda world: {"answers": {"SC01": "yes"}}),
    "POST /api/v1/companies/{company_id}/assessments/{assessment_id}/complete": ApiCase(need="edit", kwargs=_api_selfcheck_ready),
    "GET /api/v1/companies/{company_id}/assessments/{assessment_id}/result": ApiCase(kwargs=_api_selfcheck_completed),
})


# incidents (issue #15): 「何か起きた」 runbook, emergency contacts, incident log, drills, managed services
def _incident(world):
    import datetime

    from dxnavi.incidents.models import Incident

    row, _created = Incident.objects.get_or_create(
        company=world["company"], title="経理PCでランサムウェア",
        defaults={"kind": "ransomware", "discovered_at": datetime.datetime(2026, 11, 30, 9, 30, tzinfo=datetime.timezone.utc)},
    )  # fmt: skip
    return {"incident_id": row.pk}


def _incident_task(world):
    from dxnavi.incidents.models import IncidentTask

    kwargs = _incident(world)
    task, _created = IncidentTask.objects.get_or_create(
        company=world["company"], incident_id=kwargs["incident_id"], title="バックアップから復元する"
    )
    return {**kwargs, "task_id": task.pk}


def _incident_post(world):
    return {"title": "不審メールの添付を開いた", "kind": "phishing", "discovered_at": "2026-12-01T10:00", "status": "open"}


def _drill_post(world):
    return {"date": "2026-11-20", "participant_count": "4", "q_q1": "a", "q_q2": "b", "q_q3": "a", "q_q4": "a"}


CASES.update({
    "incidents:runbook": Case(),
    "incidents:contacts": Case(method="post", data=lambda w: {"manager_name": "総務 花子", "manager_phone": "090-0000-0000"}),
    "incidents:leak_check": Case(),
    "incidents:services": Case(),
    "incidents:log": Case(),
    "incidents:new": Case(method="post", data=_incident_post),
    "incidents:detail": Case(kwargs=_incident),
    "incidents:edit": Case(method="post", kwargs=_incident, data=_incident_post),
    "incidents:entry_add": Case(method="post", kwargs=_incident, data=lambda w: {"at": "2026-12-01T10:05", "kind": "event", "text": "LANケーブルを抜いた"}),
    "incidents:task_add": Case(method="post", kwargs=_incident, data=lambda w: {"title": "ITベンダーに連絡", "owner": "総務 花子"}),
    "incidents:task_done": Case(method="post", kwargs=_incident_task, data=lambda w: {"done": "1"}),
    "incidents:pdf": Case(kwargs=_incident),
    "incidents:drills": Case(),
    "incidents:drill_run": Case(method="post", kwargs=lambda w: {"scenario": "ransomware"}, data=_drill_post),
})


# surface (issue #15 part 2): the attack-surface check. Reading: members and linked advisers; adding,
# confirming, removing and starting a check: the company's own members (advisers get 404).
def _surface_domain(world):
    """A domain of the world's company, not verified (made once: the fuzz crawler asks again). Confirming it
    asks the tests' silent loopback DNS (tests/conftest.py), so nothing leaves the machine."""
    from dxnavi.surface.models import Domain

    domain, _created = Domain.objects.get_or_create(
        company=world["company"], name="world-sme.jp", defaults={"display_name": "world-sme.jp", "token": "0" * 32}
    )
    return {"domain_id": domain.pk}


def _surface_run(world):
    from dxnavi.surface.models import CheckRun, Domain

    kwargs = _surface_domain(world)
    domain = Domain.objects.get(pk=kwargs["domain_id"])
    run = CheckRun.objects.filter(domain=domain).first() or CheckRun.objects.create(
        domain=domain, company=world["company"], trigger="manual", status="done",
        findings=[{"id": "dmarc_missing", "severity": "medium", "params": {}}], medium=1,
    )
    return {**kwargs, "run_id": run.pk}


CASES.update({
    "surface:domains": Case(),
    "surface:domain_add": Case(method="post", adviser="404", data=lambda w: {"domain": "new-sme.jp"}),
    "surface:domain": Case(kwargs=_surface_domain),
    "surface:domain_verify": Case(method="post", adviser="404", kwargs=_surface_domain),
    "surface:domain_remove": Case(method="post", adviser="404", kwargs=_surface_domain),
    "surface:domain_check": Case(method="post", adviser="404", kwargs=_surface_domain),
    "surface:result": Case(kwargs=lambda w: {"domain_id": _surface_run(w)["domain_id"]}),
    "surface:history": Case(kwargs=_surface_domain),
    "surface:run": Case(kwargs=_surface_run),
})


# API (issue #13): 支援記録 — the organization's records, and one client's records (linked advisers only:
# the company's owner gets 404, as the web's need="adviser" / "adviser_edit")
def _api_support_record_body(world):
    from dxnavi.support import content

    return {"date": "2026-12-01", "kind": content.type_choices()[0][0], "topic": "IT導入の相談", "minutes": 60}


API_CASES.update({
    "GET /api/v1/organizations/{org_id}/support-records": ApiCase(),
    "GET /api/v1/companies/{company_id}/support-records": ApiCase(owner="404"),
    "POST /api/v1/companies/{company_id}/support-records": ApiCase(need="edit", owner="404", body=_api_support_record_body),
})


# API: incidents (read-only): the log, one incident, the emergency contacts
API_CASES.update({
    "GET /api/v1/companies/{company_id}/incidents": ApiCase(),
    "GET /api/v1/companies/{company_id}/incidents/{incident_id}": ApiCase(kwargs=_incident),
    "GET /api/v1/companies/{company_id}/incident-contacts": ApiCase(),
})


# API: the attack-surface check (read-only): the domains and the latest result
API_CASES.update({
    "GET /api/v1/companies/{company_id}/surface/domains": ApiCase(kwargs=lambda w: _surface_domain(w) and {}),
    "GET /api/v1/companies/{company_id}/surface/domains/{domain_id}/result": ApiCase(
        kwargs=lambda w: {"domain_id": _surface_run(w)["domain_id"]}),
})


# The knowledge app (issue #14): documents, company search, 相談する, the generative-AI checklist, web and API.
from tests.isolation_cases_knowledge import _knowledge_document  # noqa: E402, F401 — test_schemathesis reads it here
from tests.isolation_cases_knowledge import cases as _knowledge_cases  # noqa: E402

_knowledge_web, _knowledge_api = _knowledge_cases()
CASES.update(_knowledge_web)
API_CASES.update(_knowledge_api)
