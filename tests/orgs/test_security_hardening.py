"""Issue #8 findings on adviser organizations, consent, duplicate 法人番号 and the access log."""

import datetime

import pytest
from django.contrib import admin
from django.db.models import F
from django.urls import reverse

from dxnavi.orgs.models import AdviserMembership, AuditEvent, Company, CompanyMembership, Invitation, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member
from tests.orgs.test_company_views import VALID

pytestmark = pytest.mark.django_db


def _org(*roles):
    """An organization with one user per role, in order."""
    org = AdviserOrganizationFactory(name="中央商工会")
    users = []
    for role in roles:
        user = UserFactory()
        AdviserMembership.objects.create(organization=org, user=user, role=role)
        users.append(user)
    return org, users


def _membership(org, user):
    return AdviserMembership.objects.get(organization=org, user=user)


def _text(response):
    return response.content.decode()


# --- 1. Departed adviser staff ------------------------------------------------------------------


def test_org_member_removal_ends_client_access_at_once(client):
    from dxnavi.orgs.models import OrganizationEvent

    org, (owner, adviser) = _org("owner", "editor")
    company = CompanyFactory()
    link(company, org)
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 200
    client.force_login(owner)
    response = client.post(reverse("orgs:adviser_org_member_remove", args=[org.pk, _membership(org, adviser).pk]))
    assert response.status_code == 302
    assert AdviserMembership.objects.filter(organization=org, user=adviser).exists() is False
    event = OrganizationEvent.objects.get(organization=org)
    assert (event.action, event.actor, event.subject_email, event.old_role) == ("removed", owner, adviser.email, "editor")
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 404
    assert client.get(reverse("orgs:adviser_org", args=[org.pk])).status_code == 404


def test_org_member_role_change_by_owner_is_logged(client):
    from dxnavi.orgs.models import OrganizationEvent

    org, (owner, adviser) = _org("owner", "editor")
    client.force_login(owner)
    client.post(reverse("orgs:adviser_org_member_role", args=[org.pk, _membership(org, adviser).pk]), {"role": "viewer"})
    assert _membership(org, adviser).role == "viewer"
    event = OrganizationEvent.objects.get(organization=org)
    assert (event.action, event.actor, event.old_role, event.new_role) == ("role", owner, "editor", "viewer")
    page = _text(client.get(reverse("orgs:adviser_org_members", args=[org.pk])))
    assert "役割の変更" in page and adviser.email in page


def test_org_last_owner_cannot_be_removed_or_demoted(client):
    org, (owner, _editor) = _org("owner", "editor")
    client.force_login(owner)
    membership = _membership(org, owner)
    response = client.post(reverse("orgs:adviser_org_member_role", args=[org.pk, membership.pk]), {"role": "editor"}, follow=True)
    assert "支援機関には少なくとも1人の管理者が必要です" in _text(response)
    response = client.post(reverse("orgs:adviser_org_member_remove", args=[org.pk, membership.pk]), follow=True)
    assert "支援機関には少なくとも1人の管理者が必要です" in _text(response)
    response = client.post(reverse("orgs:adviser_org_leave", args=[org.pk]), follow=True)
    assert "支援機関には少なくとも1人の管理者が必要です" in _text(response)
    assert _membership(org, owner).role == "owner"


def test_org_owner_demoted_when_another_owner_exists(client):
    org, (first, second) = _org("owner", "owner")
    client.force_login(second)
    client.post(reverse("orgs:adviser_org_member_role", args=[org.pk, _membership(org, first).pk]), {"role": "viewer"})
    assert _membership(org, first).role == "viewer"


def test_org_member_leaves_themselves(client):
    from dxnavi.orgs.models import OrganizationEvent

    org, (_owner, adviser) = _org("owner", "viewer")
    client.force_login(adviser)
    response = client.post(reverse("orgs:adviser_org_leave", args=[org.pk]))
    assert response["Location"] == reverse("web:home")
    assert AdviserMembership.objects.filter(organization=org, user=adviser).exists() is False
    assert OrganizationEvent.objects.get(organization=org).action == "left"


def test_org_member_remove_of_another_organizations_member_is_404(client):
    org, (owner,) = _org("owner")
    other, (stranger,) = _org("editor")
    client.force_login(owner)
    response = client.post(reverse("orgs:adviser_org_member_remove", args=[org.pk, _membership(other, stranger).pk]))
    assert response.status_code == 404
    assert AdviserMembership.objects.filter(organization=other, user=stranger).exists() is True


def test_org_member_role_unknown_role_refused(client):
    org, (owner, adviser) = _org("owner", "editor")
    client.force_login(owner)
    client.post(reverse("orgs:adviser_org_member_role", args=[org.pk, _membership(org, adviser).pk]), {"role": "admin"})
    assert _membership(org, adviser).role == "editor"


# --- 2. Consent cannot be self-granted -----------------------------------------------------------


def _register(client, org, **extra):
    return client.post(reverse("orgs:adviser_register_client", args=[org.pk]), {**VALID, **extra})


def test_client_registration_with_advisers_own_email_refused(client):
    org, (adviser,) = _org("editor")
    client.force_login(adviser)
    response = _register(client, org, owner_email=adviser.email.upper())
    assert response.status_code == 200
    assert response.context["form"].errors["owner_email"] == [
        "このメールアドレスは、あなたの組織のメンバーのものです。管理者には企業の方を指定してください。"
        "企業の同意を支援機関の側で行うことはできません。"
    ]
    assert (Company.objects.count(), Invitation.objects.count(), SupportLink.objects.count()) == (0, 0, 0)


def test_client_registration_with_colleagues_email_refused(client):
    org, (adviser, colleague) = _org("editor", "viewer")
    client.force_login(adviser)
    response = _register(client, org, owner_email=colleague.email)
    assert "owner_email" in response.context["form"].errors
    assert Company.objects.count() == 0


def test_client_registration_with_invited_colleagues_email_refused(client):
    org, (adviser,) = _org("owner")
    Invitation.objects.create(email="newstaff@example.test", role="editor", organization=org)
    client.force_login(adviser)
    response = _register(client, org, owner_email="newstaff@example.test")
    assert "owner_email" in response.context["form"].errors
    assert Company.objects.count() == 0


def test_claims_invitation_refused_when_invitee_joined_the_organization(client):
    org, (adviser,) = _org("editor")
    client.force_login(adviser)
    _register(client, org, owner_email="boss@example.test")
    invitation = Invitation.objects.get(claims_company=True)
    boss = UserFactory(email="boss@example.test")
    AdviserMembership.objects.create(organization=org, user=boss, role="viewer")
    client.force_login(boss)
    response = client.post(reverse("orgs:invitation", args=[invitation.token]), {"consent": "1"}, follow=True)
    assert "同意は支援機関ではなく、企業の方が行う必要があります" in _text(response)
    assert CompanyMembership.objects.filter(company=invitation.company).count() == 0
    assert SupportLink.objects.get(company=invitation.company).status == SupportLink.Status.PENDING
    invitation.refresh_from_db()
    assert invitation.accepted is None


def test_claims_invitation_is_an_explicit_consent_step(client):
    org, (adviser,) = _org("editor")
    client.force_login(adviser)
    _register(client, org, owner_email="boss@example.test")
    invitation = Invitation.objects.get(claims_company=True)
    client.force_login(UserFactory(email="boss@example.test"))
    page = _text(client.get(reverse("orgs:invitation", args=[invitation.token])))
    assert "支援機関のアクセスへの同意" in page
    assert f"中央商工会が{VALID['name']}のデータを見て支援することに同意します。" in page
    response = client.post(reverse("orgs:invitation", args=[invitation.token]), follow=True)
    assert "同意のチェックを入れてください" in _text(response)
    assert CompanyMembership.objects.filter(company=invitation.company).count() == 0
    client.post(reverse("orgs:invitation", args=[invitation.token]), {"consent": "1"})
    assert CompanyMembership.objects.get(company=invitation.company).role == "owner"
    assert SupportLink.objects.get(company=invitation.company).status == SupportLink.Status.ACCEPTED


# --- 3. Duplicate 法人番号 -----------------------------------------------------------------------


def test_client_registration_with_existing_corporate_number_sends_link_request(client, mailoutbox):
    existing = CompanyFactory(name="既存工業株式会社", corporate_number=VALID["corporate_number"])
    owner = member(existing)
    org, (adviser,) = _org("editor")
    client.force_login(adviser)
    response = _register(client, org, owner_email="boss@example.test")
    assert response.status_code == 302
    assert list(Company.objects.all()) == [existing]
    assert Invitation.objects.count() == 0
    assert len(mailoutbox) == 0
    request = SupportLink.objects.get(company=existing, organization=org)
    assert (request.status, request.requested_by) == (SupportLink.Status.PENDING, adviser)
    page = _text(client.get(response["Location"]))
    assert "代わりに、その企業へアクセスの依頼を送りました" in page
    assert "既存工業株式会社" not in page
    assert f"法人番号 {VALID['corporate_number']} の企業" in page  # the pending request, named only by what the adviser typed
    assert owner.email not in page
    # The existing company's owners decide on their Advisers page.
    client.force_login(owner)
    client.post(reverse("orgs:company_link_decide", args=[existing.pk, request.pk, "accept"]))
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[existing.pk])).status_code == 200


@pytest.mark.parametrize(
    "status, text",
    [
        (SupportLink.Status.PENDING, "すでに回答を待っています"),
        (SupportLink.Status.ACCEPTED, "すでにあなたの組織にアクセスを認めています"),
        (SupportLink.Status.DECLINED, "依頼は送っていません"),
        (SupportLink.Status.REVOKED, "依頼は送っていません"),
    ],
)
def test_client_registration_with_existing_corporate_number_and_link_creates_nothing(client, status, text):
    existing = CompanyFactory(corporate_number=VALID["corporate_number"])
    org, (adviser,) = _org("editor")
    existing_link = link(existing, org, status=status)
    client.force_login(adviser)
    response = _register(client, org, owner_email="boss@example.test")
    assert text in _text(client.get(response["Location"]))
    assert list(SupportLink.objects.values_list("pk", "status")) == [(existing_link.pk, status)]
    assert (Company.objects.count(), Invitation.objects.count()) == (1, 0)


def test_company_create_with_existing_corporate_number_warns_before_saving(client):
    CompanyFactory(corporate_number=VALID["corporate_number"])
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), VALID)
    assert response.status_code == 200
    assert "この法人番号はすでに別の会社として登録されています。" in _text(response)
    assert Company.objects.count() == 1
    response = client.post(reverse("orgs:company_create"), {**VALID, "confirm_duplicate": "1"})
    assert response.status_code == 302
    assert Company.objects.count() == 2


# --- 4. Access log clarity -----------------------------------------------------------------------


def _outcomes(company, user):
    return list(AuditEvent.objects.filter(company=company, user=user).order_by("pk").values_list("action", "outcome"))


def test_adviser_post_with_form_error_logged_as_rejected(client, world):
    client.force_login(world["linked_adviser"])
    url = reverse("orgs:company_edit", args=[world["company"].pk])
    response = client.post(url, {**VALID, "corporate_number": "7000012050003"})
    assert response.status_code == 200
    client.post(url, VALID)
    assert _outcomes(world["company"], world["linked_adviser"]) == [("change", "rejected"), ("change", "done")]
    client.force_login(world["owner"])
    page = _text(client.get(reverse("orgs:company_audit", args=[world["company"].pk])))
    assert "変更 — 実行されず" in page


def test_adviser_viewer_refused_change_logged_as_rejected(client, world):
    AdviserMembership.objects.filter(user=world["linked_adviser"]).update(role="viewer")
    client.force_login(world["linked_adviser"])
    response = client.post(reverse("orgs:company_edit", args=[world["company"].pk]), VALID)
    assert response.status_code == 403
    assert _outcomes(world["company"], world["linked_adviser"]) == [("change", "rejected")]


def test_adviser_htmx_change_logged_as_done(client, world):
    client.force_login(world["linked_adviser"])
    url = reverse("secaction:checklist_toggle", args=[world["company"].pk, "SA1-1"])
    assert client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    assert _outcomes(world["company"], world["linked_adviser"]) == [("change", "done")]


def test_adviser_pdf_download_logged_as_export(client, world):
    from tests.isolation_cases import _secaction_policy_id

    policy_id = _secaction_policy_id(world)
    client.force_login(world["linked_adviser"])
    response = client.get(reverse("secaction:policy_pdf", args=[world["company"].pk, policy_id]))
    assert response.status_code == 200
    assert _outcomes(world["company"], world["linked_adviser"]) == [("export", "done")]


def test_adviser_client_list_views_counted_in_one_row_per_company(client):
    org, (adviser,) = _org("editor")
    companies = [CompanyFactory() for _ in range(3)]
    for company in companies:
        link(company, org)
    client.force_login(adviser)
    for _ in range(10):
        assert client.get(reverse("orgs:adviser_org", args=[org.pk])).status_code == 200
        # As if the last counted showing were 6 minutes ago (recounted after 5 minutes).
        AuditEvent.objects.filter(action="list").update(created=F("created") - datetime.timedelta(minutes=6))
    rows = AuditEvent.objects.filter(action="list").order_by("company_id")
    assert [(r.company_id, r.organization_id, r.user_id, r.count) for r in rows] == [
        (c.pk, org.pk, adviser.pk, 10) for c in sorted(companies, key=lambda c: c.pk)
    ]
    owner = member(companies[0])
    client.force_login(owner)
    page = _text(client.get(reverse("orgs:company_audit", args=[companies[0].pk])))
    assert "一覧に表示（本日 10回）" in page


def test_adviser_client_list_shown_again_within_5_minutes_is_not_counted_again(client):
    org, (adviser,) = _org("editor")
    company = CompanyFactory()
    link(company, org)
    client.force_login(adviser)
    for _ in range(3):
        client.get(reverse("orgs:adviser_org", args=[org.pk]))
    row = AuditEvent.objects.get(action="list")
    first = row.created
    assert row.count == 1
    AuditEvent.objects.filter(pk=row.pk).update(created=first - datetime.timedelta(minutes=4))
    client.get(reverse("orgs:adviser_org", args=[org.pk]))
    assert AuditEvent.objects.values_list("count", flat=True).get(pk=row.pk) == 1
    AuditEvent.objects.filter(pk=row.pk).update(created=first - datetime.timedelta(minutes=5, seconds=30))
    client.get(reverse("orgs:adviser_org", args=[org.pk]))
    row.refresh_from_db()
    assert row.count == 2 and row.created > first


def test_adviser_client_list_rows_are_per_day(client):
    import datetime

    org, (adviser,) = _org("editor")
    company = CompanyFactory()
    link(company, org)
    client.force_login(adviser)
    client.get(reverse("orgs:adviser_org", args=[org.pk]))
    row = AuditEvent.objects.get(action="list")
    AuditEvent.objects.filter(pk=row.pk).update(
        day=row.day - datetime.timedelta(days=1), list_key=row.list_key.replace(f"{row.day:%Y%m%d}", "19990101")
    )
    client.get(reverse("orgs:adviser_org", args=[org.pk]))
    assert sorted(AuditEvent.objects.filter(action="list").values_list("count", flat=True)) == [1, 1]


def test_operator_admin_access_is_in_the_company_log(client, world):
    from dxnavi.secaction.models import BasicPolicy
    from tests.isolation_cases import _secaction_policy_id

    policy = BasicPolicy.objects.get(pk=_secaction_policy_id(world))
    operator = UserFactory(email="ops@example.test", is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get(reverse("admin:secaction_basicpolicy_change", args=[policy.pk])).status_code == 200
    assert client.get(reverse("admin:secaction_basicpolicy_changelist")).status_code == 200
    AuditEvent.objects.filter(action="list").update(created=F("created") - datetime.timedelta(minutes=6))
    client.get(reverse("admin:secaction_basicpolicy_changelist"))
    rows = AuditEvent.objects.filter(company=world["company"], user=operator).order_by("pk")
    expected = [("view", True, None, 1), ("list", True, None, 2)]
    assert [(r.action, r.by_operator, r.organization_id, r.count) for r in rows] == expected
    client.force_login(world["owner"])
    page = _text(client.get(reverse("orgs:company_audit", args=[world["company"].pk])))
    assert "運営者" in page


def test_every_admin_of_a_company_owned_model_logs_operator_access():
    from dxnavi.orgs.admin_audit import OperatorAuditMixin

    company_owned = [
        model for model in admin.site._registry
        if any(getattr(f, "related_model", None) is Company and f.many_to_one for f in model._meta.get_fields())
    ]
    assert company_owned != []
    assert [m.__name__ for m in company_owned if not isinstance(admin.site._registry[m], OperatorAuditMixin)] == []


def test_operator_admin_deletions_are_in_the_company_log(client, world):
    from dxnavi.secaction.models import BasicPolicy
    from tests.isolation_cases import _secaction_policy_id

    first, second = _secaction_policy_id(world), _secaction_policy_id(world)
    operator = UserFactory(email="ops@example.test", is_staff=True, is_superuser=True)
    client.force_login(operator)
    client.post(reverse("admin:secaction_basicpolicy_delete", args=[first]), {"post": "yes"})
    data = {"action": "delete_selected", "_selected_action": [second], "post": "yes"}
    client.post(reverse("admin:secaction_basicpolicy_changelist"), data)
    assert BasicPolicy.objects.count() == 0
    rows = AuditEvent.objects.filter(company=world["company"], user=operator, action="change")
    assert list(rows.values_list("detail", "outcome", "by_operator")) == [("deleted", "done", True)] * 2
