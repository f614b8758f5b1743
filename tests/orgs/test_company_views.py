from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.orgs.models import AuditEvent, Company, CompanyMembership, Invitation, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db

VALID = {
    "name": "新潟テスト商事株式会社",
    "corporate_number": "7000012050002",
    "representative": "新潟 一郎",
    "industry_major": "I",
    "industry_middle": "58",
    "industry_minor": "",
    "prefecture": "15",
    "employees": "5",
    "capital_yen": "3000000",
}


def test_company_create_derives_flags_and_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("orgs:company_create"), VALID)
    company = Company.objects.get(name=VALID["name"])
    assert response.status_code == 302
    assert (company.is_sme, company.is_small, company.size_band) == (True, True, "1-5")
    assert CompanyMembership.objects.get(company=company).user == user
    page = client.get(reverse("web:company_dashboard", args=[company.pk]))
    assert "小売業" in page.content.decode()


def test_company_create_bad_corporate_number_names_field_and_writes_nothing(client):
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), {**VALID, "corporate_number": "7000012050003"})
    assert response.status_code == 200
    assert "法人番号が正しくないようです。13桁の数字に打ち間違いや写し間違いがないか、もう一度ご確認ください" in response.content.decode()
    assert Company.objects.count() == 0


def test_company_create_sole_proprietor_without_number_or_capital(client):
    client.force_login(UserFactory())
    data = {**VALID, "corporate_number": "", "capital_yen": "", "is_sole_proprietor": "on"}
    response = client.post(reverse("orgs:company_create"), data)
    company = Company.objects.get()
    assert response.status_code == 302
    assert (company.corporate_number, company.capital_yen, company.is_sme) == ("", None, True)


def test_company_create_corporation_requires_number(client):
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), {**VALID, "corporate_number": ""})
    assert response.status_code == 200
    assert Company.objects.count() == 0


def test_company_create_middle_outside_major_rejected(client):
    client.force_login(UserFactory())
    response = client.post(reverse("orgs:company_create"), {**VALID, "industry_middle": "26"})
    assert response.status_code == 200
    assert Company.objects.count() == 0


def test_company_edit_recomputes_flags(client):
    company = CompanyFactory(employees=18)
    owner = member(company)
    client.force_login(owner)
    data = {**VALID, "industry_major": "E", "industry_middle": "26", "employees": "400", "capital_yen": "500000000"}
    client.post(reverse("orgs:company_edit", args=[company.pk]), data)
    company.refresh_from_db()
    assert (company.is_sme, company.is_small, company.size_band) == (False, False, "301+")


def test_connect_code_grants_adviser_access(client):
    company = CompanyFactory()
    owner = member(company)
    org = AdviserOrganizationFactory()
    client.force_login(owner)
    response = client.post(reverse("orgs:company_advisers", args=[company.pk]), {"code": org.connect_code.lower()})
    assert response.status_code == 302
    assert SupportLink.objects.get(company=company, organization=org).status == SupportLink.Status.ACCEPTED


def test_connect_code_unknown_shows_message(client):
    company = CompanyFactory()
    client.force_login(member(company))
    response = client.post(reverse("orgs:company_advisers", args=[company.pk]), {"code": "ZZZZZZZZZZ"})
    assert response.status_code == 200
    assert "コード" in response.content.decode()
    assert SupportLink.objects.count() == 0


def test_link_revoke_removes_access(client):
    company = CompanyFactory()
    owner = member(company)
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    support = link(company, org, adviser=adviser)
    client.force_login(owner)
    client.post(reverse("orgs:company_link_decide", args=[company.pk, support.pk, "revoke"]))
    support.refresh_from_db()
    assert support.status == SupportLink.Status.REVOKED
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 404


def test_link_pending_accept_then_decline_rejected(client):
    company = CompanyFactory()
    owner = member(company)
    support = link(company, AdviserOrganizationFactory(), status=SupportLink.Status.PENDING)
    client.force_login(owner)
    client.post(reverse("orgs:company_link_decide", args=[company.pk, support.pk, "accept"]))
    support.refresh_from_db()
    assert support.status == SupportLink.Status.ACCEPTED


def test_pending_link_gives_no_access(client):
    company = CompanyFactory()
    adviser = UserFactory()
    link(company, AdviserOrganizationFactory(), adviser=adviser, status=SupportLink.Status.PENDING)
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 404


def test_audit_log_lists_adviser_reads_for_company(client, world):
    client.force_login(world["linked_adviser"])
    client.get(reverse("web:company_dashboard", args=[world["company"].pk]))
    event = AuditEvent.objects.get(company=world["company"], action="view")
    assert (event.user, event.organization) == (world["linked_adviser"], world["linked_org"])
    client.force_login(world["owner"])
    page = client.get(reverse("orgs:company_audit", args=[world["company"].pk])).content.decode()
    assert world["linked_org"].name in page


def test_member_reads_are_not_audited(client, world):
    client.force_login(world["owner"])
    client.get(reverse("web:company_dashboard", args=[world["company"].pk]))
    assert AuditEvent.objects.filter(action="view").count() == 0


def test_viewer_cannot_edit_profile(client):
    company = CompanyFactory()
    viewer = member(company, role="viewer")
    client.force_login(viewer)
    assert client.get(reverse("orgs:company_edit", args=[company.pk])).status_code == 403


def test_invitation_to_company_accept(client, mailoutbox, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    owner = member(company)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs:company_members", args=[company.pk]), {"email": "new@example.test", "role": "editor"})
    invitation = Invitation.objects.get()
    assert len(mailoutbox) == 1
    assert invitation.token in mailoutbox[0].body
    newcomer = UserFactory(email="new@example.test")
    client.force_login(newcomer)
    response = client.post(reverse("orgs:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert CompanyMembership.objects.get(company=company, user=newcomer).role == "editor"
    # single use
    assert client.post(reverse("orgs:invitation", args=[invitation.token])).status_code == 410


def test_invitation_expired_refused(client):
    company = CompanyFactory()
    invitation = Invitation.objects.create(email="late@example.test", role="viewer", company=company)
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory(email="late@example.test"))
    response = client.post(reverse("orgs:invitation", args=[invitation.token]))
    assert response.status_code == 410
    assert CompanyMembership.objects.filter(company=company).count() == 0


def test_invitation_for_other_email_refused(client):
    company = CompanyFactory()
    invitation = Invitation.objects.create(email="right@example.test", role="viewer", company=company)
    client.force_login(UserFactory(email="wrong@example.test"))
    client.post(reverse("orgs:invitation", args=[invitation.token]))
    assert CompanyMembership.objects.filter(company=company).count() == 0


def test_invitation_anonymous_offers_signup_with_email(client):
    invitation = Invitation.objects.create(email="anon@example.test", role="viewer", company=CompanyFactory())
    page = client.get(reverse("orgs:invitation", args=[invitation.token])).content.decode()
    assert "email=anon%40example.test" in page


def test_adviser_registers_client_visible_after_owner_accepts(client, mailoutbox):
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    from dxnavi.orgs.models import AdviserMembership

    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    client.force_login(adviser)
    response = client.post(reverse("orgs:adviser_register_client", args=[org.pk]), {**VALID, "owner_email": "boss@example.test"})
    assert response.status_code == 302
    company = Company.objects.get(name=VALID["name"])
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 404
    invitation = Invitation.objects.get(company=company)
    assert invitation.claims_company is True
    boss = UserFactory(email="boss@example.test")
    client.force_login(boss)
    client.post(reverse("orgs:invitation", args=[invitation.token]), {"consent": "1"})  # the explicit consent tick
    assert CompanyMembership.objects.get(company=company).user == boss
    assert SupportLink.objects.get(company=company).status == SupportLink.Status.ACCEPTED
    client.force_login(adviser)
    assert client.get(reverse("web:company_dashboard", args=[company.pk])).status_code == 200


def test_last_owner_cannot_be_removed(client):
    company = CompanyFactory()
    owner = member(company)
    membership = CompanyMembership.objects.get(user=owner)
    client.force_login(owner)
    client.post(reverse("orgs:company_member_remove", args=[company.pk, membership.pk]))
    assert CompanyMembership.objects.filter(pk=membership.pk).exists()


def test_adviser_org_client_list_query_count(client, django_assert_max_num_queries):
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    for _ in range(30):
        link(CompanyFactory(), org, adviser=adviser)
    client.force_login(adviser)
    # session, user, org membership, count, page, 3 result columns, audit insert, pending, members, nav
    with django_assert_max_num_queries(16):
        response = client.get(reverse("orgs:adviser_org", args=[org.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("/c/") >= 30


def test_adviser_org_hidden_from_non_members(client):
    org = AdviserOrganizationFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("orgs:adviser_org", args=[org.pk])).status_code == 404


def test_home_empty_state_for_new_user(client):
    client.force_login(UserFactory())
    page = client.get(reverse("web:home")).content.decode()
    assert reverse("orgs:company_create") in page
    assert reverse("orgs:adviser_org_create") in page


def test_language_switch_to_english(client):
    client.force_login(UserFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/home/"})
    page = client.get(reverse("web:home")).content.decode()
    assert "Register your company" in page


def test_language_switch_remembered_on_account(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/home/"})
    user.refresh_from_db()
    assert user.language == "en"


def _adviser_with_clients(n=3):
    from dxnavi.orgs.models import AdviserMembership

    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    companies = [CompanyFactory() for _ in range(n)]
    for company in companies:
        link(company, org)
    return org, adviser, companies


def test_adviser_client_list_shows_latest_selfcheck_and_audits(client):
    from tests.assessments.helpers import all_answers, complete_with, load_pack

    load_pack()
    org, adviser, companies = _adviser_with_clients()
    complete_with(companies[0], all_answers("yes"))
    client.force_login(adviser)
    page = client.get(reverse("orgs:adviser_org", args=[org.pk])).content.decode()
    assert "100/100" in page
    listed = AuditEvent.objects.filter(action="list", organization=org)
    assert sorted(listed.values_list("company_id", flat=True)) == sorted(c.pk for c in companies)


def test_adviser_client_list_query_count_with_results(client, django_assert_max_num_queries):
    from tests.assessments.helpers import all_answers, complete_with, load_pack

    load_pack()
    org, adviser, companies = _adviser_with_clients(20)
    for company in companies[:10]:
        complete_with(company, all_answers("partial"))
    client.force_login(adviser)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("orgs:adviser_org", args=[org.pk]))
    assert response.content.decode().count("50/100") == 10


def test_adviser_clients_xlsx_lists_clients_and_audits_export(client):
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.assessments.helpers import all_answers, complete_with, load_pack

    load_pack()
    org, adviser, companies = _adviser_with_clients(2)
    complete_with(companies[0], all_answers("no"))
    outsider_company = CompanyFactory(name="連携していない会社")
    client.force_login(adviser)
    response = client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(c.name for c in companies)
    assert outsider_company.name not in names
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["企業", "法人番号"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == companies[0].name)
    assert row[headers.index("情報セキュリティ自社診断")].startswith("0/100")
    assert AuditEvent.objects.filter(action="export", organization=org).count() == 2


def test_adviser_clients_xlsx_hidden_from_non_members(client):
    org, _adviser, _companies = _adviser_with_clients(1)
    client.force_login(UserFactory())
    assert client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk])).status_code == 404
