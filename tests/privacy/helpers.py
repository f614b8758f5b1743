"""A company with some of every kind of data it can own, for the export and deletion tests."""

import datetime

from dxnavi.actions import services as actions_services
from dxnavi.actions.models import ReminderPreference, SentReminder
from dxnavi.jobs.models import TrackedJob
from dxnavi.orgs.models import AuditEvent, Invitation, SupportLink
from dxnavi.reports.pdf import stored
from dxnavi.secaction import services as secaction_services
from dxnavi.secaction.models import PolicyPublication
from dxnavi.subsidies import loader as subsidy_loader
from dxnavi.subsidies import services as subsidy_services
from tests.assessments.helpers import answers_for_total, complete_with, draft_with, load_pack, member_access
from tests.dxdiag.helpers import MATURITY_PACK, complete, load_packs, maturity_answers
from tests.factories import AdviserOrganizationFactory, UserFactory, member
from tests.plans.helpers import built_plan
from tests.plans.project_helpers import make_project


def populate(world) -> dict:
    """Fill the world's company; returns what was made (the completed assessments first)."""
    company, owner = world["company"], world["owner"]
    load_pack()
    load_packs()
    selfcheck = complete_with(company, answers_for_total(72), user=owner)
    maturity = complete(company, MATURITY_PACK, maturity_answers(), user=owner)
    draft_with(company, {"SC01": "yes"}, user=owner)
    editor = member(company, UserFactory(email="editor@company.test"), role="editor")
    policy = secaction_services.create_policy(
        company, company_name=company.name, representative="代表 太郎",
        policy_date=datetime.date(2026, 11, 26), language="ja", user=owner,
    )
    secaction_services.set_item_done(company, "SA1-1", done=True, user=owner)
    PolicyPublication.objects.create(company=company, token="public-link-secret", enabled=False, changed_by=owner)
    subsidy_loader.load()
    estimate = subsidy_services.save_estimate(
        member_access(company), user=owner, catalog=subsidy_services.current_catalog(),
        items=[{"kind": "software", "description": "会計ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )
    invitation = Invitation.objects.create(email="invitee@company.test", role="viewer", company=company, invited_by=owner)
    asking_org = AdviserOrganizationFactory(name="申請中の支援機関")
    pending_link = SupportLink.objects.create(company=company, organization=asking_org)
    AuditEvent.objects.create(
        company=company, user=world["linked_adviser"], organization=world["linked_org"], action=AuditEvent.Action.VIEW, path="/x/"
    )
    plan = built_plan(company, owner)
    project = make_project(company, owner, quotes=1, kpis=1, actuals=1)
    actions_services.regenerate(company)
    ReminderPreference.objects.create(user=owner, company=company, recheck=False)
    SentReminder.objects.create(company=company, user=owner, kind=SentReminder.Kind.choices[0][0], event="assessment:1")
    # A stored PDF and the tracked job that made it (derived: deleted with the company, not exported).
    stored(company.pk, "summary_full", company.pk, f"populate-{company.pk}", lambda: b"%PDF-1.4 populate")
    TrackedJob.objects.create(
        company=company, user=owner, kind="summary_full", function="dxnavi.summary.documents.build_full", status="done"
    )
    # A support record of the linked organization and the reminder sent about its next action (dxnavi.support).
    from dxnavi.support.models import RecheckInterval, SentSupportReminder, SupportRecord

    support_record = SupportRecord.objects.create(
        company=company, organization=world["linked_org"], date=datetime.date(2026, 11, 2), kind="visit", topic="受発注の相談",
        minutes=60, next_action="見積を確認", next_due=datetime.date(2026, 12, 1), recorded_by=world["linked_adviser"],
        responsible=world["linked_adviser"],
    )
    SentSupportReminder.objects.create(record=support_record, user=world["linked_adviser"], due=support_record.next_due)
    RecheckInterval.objects.create(company=company, months=12, updated_by=owner)
    # An API token limited to the company and a stored idempotent answer made with it (dxnavi.api).
    from dxnavi.api import tokens as api_tokens
    from dxnavi.api.models import IdempotencyRecord

    api_token = api_tokens.create_token(owner, name="会計システム連携", scope="write", days=30, company=company).token
    IdempotencyRecord.objects.create(
        token=api_token, key="populate-1", method="POST", path=f"/api/v1/companies/{company.pk}/subsidy-estimates",
        body_sha256="0" * 64, status=201, body=b"{}", content_type="application/json",
    )
    # Incident response (dxnavi.incidents): a contact, an incident with a timeline entry and a task, a drill.
    from dxnavi.incidents.models import Contact, Drill, Incident, IncidentTask, TimelineEntry

    Contact.objects.create(company=company, role="manager", name="総務 花子", phone="090-0000-0000", updated_by=owner)
    incident = Incident.objects.create(
        company=company, title="不審メールの添付を開いた", kind="phishing", created_by=owner,
        discovered_at=datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.timezone.utc),
    )
    TimelineEntry.objects.create(company=company, incident=incident, at=incident.discovered_at, text="LANケーブルを抜いた", by="経理")
    IncidentTask.objects.create(company=company, incident=incident, title="パスワードを変える", owner="経理")
    Drill.objects.create(company=company, date=datetime.date(2026, 11, 20), scenario="phishing", participant_count=4, recorded_by=owner)
    # A domain of the attack-surface check and one run on it (dxnavi.surface).
    from dxnavi.surface.models import CheckRun, Domain

    domain = Domain.objects.create(company=company, name="tanaka-seisakusho.jp", display_name="tanaka-seisakusho.jp", token="a" * 32,
                                   status="verified", added_by=owner)
    CheckRun.objects.create(domain=domain, company=company, trigger="manual", status="done",
                            findings=[{"id": "dmarc_missing", "severity": "medium", "params": {}}], medium=1)
    # An uploaded document, read into passages and postings (dxnavi.knowledge), and a generative-AI checklist answer.
    from dxnavi.knowledge import services as knowledge_services
    from dxnavi.knowledge.models import GenAIAnswer

    document = knowledge_services.upload(
        member_access(company), owner, filename="社内ルール.txt", content="私用のUSBメモリは接続しません。".encode(), title="社内ルール"
    )
    knowledge_services.extract_document(document.pk)  # the job (enqueued after a commit that tests never make)
    document.refresh_from_db()
    GenAIAnswer.objects.create(company=company, item_id="GA01", value="no", updated_by=owner)
    return {
        "document": document,
        "plan": plan,
        "project": project,
        "completed": [selfcheck, maturity],
        "editor": editor,
        "policy": policy,
        "estimate": estimate,
        "invitation": invitation,
        "pending_link": pending_link,
    }
