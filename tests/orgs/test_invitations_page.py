"""The adviser organization's invitations page (issue #12, part 3): states, resend, cancel, expiry,
the client list's pending section, permissions and the link requests to existing companies."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.orgs import client_list, invitations
from dxnavi.orgs.domain import invitations as rules
from dxnavi.orgs.models import AdviserMembership, Company, CompanyMembership, Invitation, OrganizationEvent, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member
from tests.orgs.test_company_views import VALID

pytestmark = pytest.mark.django_db


def _org(*roles):
    org = AdviserOrganizationFactory(name="中央商工会")
    users = []
    for role in roles:
        user = UserFactory()
        AdviserMembership.objects.create(organization=org, user=user, role=role)
        users.append(user)
    return org, users


def _register(client, org, name="招待テスト商事", number=VALID["corporate_number"], email="boss@example.test"):
    response = client.post(
        reverse("orgs:adviser_register_client", args=[org.pk]),
        {**VALID, "name": name, "corporate_number": number, "owner_email": email, "is_sole_proprietor": "" if number else "on"},
    )
    assert response.status_code == 302
    return Invitation.objects.get(company__name=name)


def _page(client, org, **query):
    return client.get(reverse("orgs:adviser_invitations", args=[org.pk]), query).content.decode()


def _expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(minutes=1))
    invitation.refresh_from_db()


# --- the state rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accepted, cancelled, expires_in, expected",
    [
        (None, None, 60, "pending"),
        (None, None, 0, "expired"),
        (None, None, -60, "expired"),
        (None, "c", 60, "cancelled"),
        (None, "c", -60, "cancelled"),
        ("a", None, -60, "accepted"),
        ("a", "c", 60, "accepted"),
    ],
)
def test_invitation_status_rule(accepted, cancelled, expires_in, expected):
    now = timezone.now()
    state = rules.status(accepted=accepted and now, cancelled=cancelled and now, expires=now + timedelta(seconds=expires_in), now=now)
    assert state == expected


def test_invitation_status_filter_matches_the_rule():
    org, (owner,) = _org("owner")
    now = timezone.now()
    made = {
        "pending": Invitation.objects.create(email="a@x.test", role="editor", organization=org),
        "expired": Invitation.objects.create(email="b@x.test", role="editor", organization=org, expires=now - timedelta(hours=1)),
        "cancelled": Invitation.objects.create(email="c@x.test", role="editor", organization=org, cancelled=now),
        "accepted": Invitation.objects.create(email="d@x.test", role="editor", organization=org, accepted=now, cancelled=now),
    }
    for state, invitation in made.items():
        found = list(Invitation.objects.filter(organization=org).filter(invitations.status_filter(state, now)))
        assert found == [invitation]
        assert invitation.status == state


# --- the page -------------------------------------------------------------------------------------


def test_invitations_page_lists_client_owner_and_staff_invitations_with_status_and_expiry(client):
    org, (owner,) = _org("owner")
    client.force_login(owner)
    claims = _register(client, org)
    client.post(reverse("orgs:adviser_org_members", args=[org.pk]), {"email": "staff@example.test", "role": "viewer"})
    staff = Invitation.objects.get(email="staff@example.test")
    _expire(staff)
    other_org, _users = _org("owner")
    Invitation.objects.create(email="other@x.test", role="editor", organization=other_org)
    html = _page(client, org)
    assert "招待テスト商事 の管理者（支援先）" in html
    assert "支援者（閲覧者）" in html or "支援者（" in html
    assert f"{timezone.localtime(claims.expires):%Y-%m-%d %H:%M}" in html
    assert "未承諾" in html and "期限切れ" in html
    assert "other@x.test" not in html  # another organization's invitation
    assert "staff@example.test" not in _page(client, org, status="pending")
    assert "staff@example.test" in _page(client, org, status="expired")
    assert "boss@example.test" not in _page(client, org, status="expired")


def test_invitations_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    org, (owner,) = _org("owner")
    for n in range(3):
        Invitation.objects.create(email=f"s{n}@x.test", role="editor", organization=org)
    client.force_login(owner)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("orgs:adviser_invitations", args=[org.pk]))
    for n in range(40):
        Invitation.objects.create(email=f"m{n}@x.test", role="editor", organization=org)
        link(CompanyFactory(), org, status=SupportLink.Status.PENDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("orgs:adviser_invitations", args=[org.pk])).status_code == 200


# --- resend -------------------------------------------------------------------------------------


def test_resend_gives_a_new_token_and_expiry_and_the_old_link_fails(client, mailoutbox, django_capture_on_commit_callbacks):
    org, (owner,) = _org("owner")
    client.force_login(owner)
    invitation = _register(client, org)
    _expire(invitation)
    old_token, old_expires = invitation.token, invitation.expires
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert invitation.expires > timezone.now() > old_expires
    assert (invitation.sent_count, invitation.status) == (2, "pending")
    assert len(mailoutbox) == 1
    assert reverse("orgs:invitation", args=[invitation.token]) in mailoutbox[0].body
    assert client.get(reverse("orgs:invitation", args=[old_token])).status_code == 404
    event = OrganizationEvent.objects.get(organization=org)
    assert (event.action, event.actor, event.subject_email) == ("resent", owner, "boss@example.test")
    # The new link works: the owner consents and the company becomes a client.
    boss = UserFactory(email="boss@example.test")
    client.force_login(boss)
    client.post(reverse("orgs:invitation", args=[invitation.token]), {"consent": "1"})
    assert SupportLink.objects.get(company=invitation.company).status == SupportLink.Status.ACCEPTED
    assert CompanyMembership.objects.get(company=invitation.company).user == boss


def test_resend_of_an_accepted_invitation_refused(client, mailoutbox):
    org, (owner,) = _org("owner")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=org, accepted=timezone.now())
    client.force_login(owner)
    response = client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk]), follow=True)
    assert "この招待はすでに承諾されています。" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.sent_count, len(mailoutbox)) == (1, 0)


def test_resend_is_rate_limited(client, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.MAIL_LIMIT_PER_RECIPIENT = 2
    org, (owner,) = _org("owner")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=org)
    client.force_login(owner)
    url = reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert [client.post(url).status_code for _ in range(3)] == [302, 302, 429]
    invitation.refresh_from_db()
    assert (invitation.sent_count, len(mailoutbox)) == (3, 2)  # the invitation's own first sending was never mailed here


# --- cancel ---------------------------------------------------------------------------------------


def test_cancel_makes_the_link_unusable_with_a_clear_message(client):
    org, (editor,) = _org("editor")
    client.force_login(editor)
    invitation = _register(client, org)
    response = client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, invitation.pk]), {"status": "pending"})
    assert response["Location"] == reverse("orgs:adviser_invitations", args=[org.pk]) + "?status=pending"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.cancelled_by) == ("cancelled", editor)
    event = OrganizationEvent.objects.get(organization=org)
    assert (event.action, event.subject_email) == ("cancel", "boss@example.test")
    boss = UserFactory(email="boss@example.test")
    client.force_login(boss)
    page = client.get(reverse("orgs:invitation", args=[invitation.token]))
    assert page.status_code == 410
    assert "この招待は、送った方が取り消したため、このリンクはもう使えません。" in page.content.decode()
    response = client.post(reverse("orgs:invitation", args=[invitation.token]), {"consent": "1"})
    assert CompanyMembership.objects.filter(company=invitation.company).count() == 0
    assert SupportLink.objects.get(company=invitation.company).status == SupportLink.Status.PENDING


def test_cancelled_staff_invitation_no_longer_blocks_the_address_as_a_member():
    from dxnavi.orgs.services import emails_of_organization

    org, _users = _org("owner")
    invitation = Invitation.objects.create(email="x@x.test", role="editor", organization=org)
    assert emails_of_organization(org, ["X@x.test"]) == {"x@x.test"}
    Invitation.objects.filter(pk=invitation.pk).update(cancelled=timezone.now())
    assert emails_of_organization(org, ["x@x.test"]) == set()


def test_accepted_invitation_cannot_be_cancelled(client):
    org, (owner,) = _org("owner")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=org, accepted=timezone.now())
    client.force_login(owner)
    client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert (invitation.cancelled, OrganizationEvent.objects.count()) == (None, 0)


def test_expired_invitation_cannot_be_accepted(client):
    org, (owner,) = _org("owner")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=org)
    _expire(invitation)
    client.force_login(UserFactory(email="a@x.test"))
    assert client.get(reverse("orgs:invitation", args=[invitation.token])).status_code == 410
    client.post(reverse("orgs:invitation", args=[invitation.token]))
    assert not AdviserMembership.objects.filter(organization=org, user__email="a@x.test").exists()


# --- permissions and isolation ---------------------------------------------------------------------


def test_viewer_reads_but_cannot_resend_or_cancel(client, mailoutbox):
    org, (owner, viewer) = _org("owner", "viewer")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=org)
    client.force_login(viewer)
    html = _page(client, org)
    assert "a@x.test" in html
    assert f"/invitations/{invitation.pk}/resend/" not in html and f"/invitations/{invitation.pk}/cancel/" not in html
    assert client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk])).status_code == 403
    assert client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, invitation.pk])).status_code == 403
    invitation.refresh_from_db()
    assert (invitation.cancelled, invitation.sent_count, len(mailoutbox)) == (None, 1, 0)


def test_another_organizations_invitation_is_404(client):
    org, (owner,) = _org("owner")
    other, _users = _org("owner")
    invitation = Invitation.objects.create(email="a@x.test", role="editor", organization=other)
    client.force_login(owner)
    assert client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk])).status_code == 404
    assert client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, invitation.pk])).status_code == 404
    company_invitation = Invitation.objects.create(email="b@x.test", role="editor", company=CompanyFactory())
    assert client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, company_invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled is None


# --- the client list's pending section -------------------------------------------------------------


def test_expired_or_cancelled_owner_invitation_leaves_waiting_for_consent(client):
    org, (owner,) = _org("owner")
    client.force_login(owner)
    waiting = _register(client, org, name="待機中商事", number="")
    expired = _register(client, org, name="期限切れ商事", number="", email="b@example.test")
    cancelled = _register(client, org, name="取消商事", number="", email="c@example.test")
    _expire(expired)
    client.post(reverse("orgs:adviser_invitation_cancel", args=[org.pk, cancelled.pk]))
    pending = client_list.pending_links(org)
    assert [p.company_name for p in pending.waiting] == ["待機中商事"]
    assert sorted((p.company_name, p.invitation_state) for p in pending.lapsed) == [
        ("取消商事", "cancelled"), ("期限切れ商事", "expired")
    ]
    html = client.get(reverse("orgs:adviser_org", args=[org.pk])).content.decode()
    waiting_part, lapsed_part = html.split("<h2>同意待ち</h2>")[1].split("<h2>管理者への招待が期限切れ・取消</h2>")
    assert "待機中商事" in waiting_part
    assert "期限切れ商事" not in waiting_part and "取消商事" not in waiting_part
    assert "期限切れ商事 — 招待期限切れ" in lapsed_part and "取消商事 — 招待取消" in lapsed_part
    # Its resend button brings it back to the clients' page, waiting again.
    response = client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, expired.pk]), {"next": "clients"})
    assert response["Location"] == reverse("orgs:adviser_org", args=[org.pk])
    assert sorted(p.company_name for p in client_list.pending_links(org).waiting) == ["待機中商事", "期限切れ商事"]
    assert waiting.company.name == "待機中商事"


def test_resend_refused_once_the_company_no_longer_waits(client, mailoutbox):
    org, (owner,) = _org("owner")
    client.force_login(owner)
    invitation = _register(client, org)
    SupportLink.objects.filter(company=invitation.company).update(status=SupportLink.Status.DECLINED)
    mailoutbox.clear()
    client.post(reverse("orgs:adviser_invitation_resend", args=[org.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert (invitation.sent_count, len(mailoutbox)) == (1, 0)


# --- link requests to existing companies -----------------------------------------------------------


def test_existing_corporate_number_request_listed_without_the_company_name(client, mailoutbox):
    existing = CompanyFactory(name="既存工業株式会社", corporate_number=VALID["corporate_number"])
    existing_owner = member(existing)
    org, (editor,) = _org("editor")
    client.force_login(editor)
    response = client.post(
        reverse("orgs:adviser_register_client", args=[org.pk]), {**VALID, "owner_email": "boss@example.test"}
    )
    assert response.status_code == 302
    assert list(Company.objects.all()) == [existing]
    assert Invitation.objects.count() == 0  # a link request the existing company decides on, no invitation
    assert SupportLink.objects.get(company=existing, organization=org).status == SupportLink.Status.PENDING
    html = _page(client, org)
    assert "承認待ち（既存の会社）" in html
    assert f"法人番号 {VALID['corporate_number']} の企業" in html
    assert "既存工業株式会社" not in html and existing_owner.email not in html
    only = _page(client, org, status="requested")
    assert f"法人番号 {VALID['corporate_number']} の企業" in only and "既存工業株式会社" not in only
    assert "法人番号" not in _page(client, org, status="pending").split("承認待ち（既存の会社）</option>")[1]
    # The requests to companies the organization registered itself are invitations, not listed here.
    _register(client, org, name="自社登録商事", number="")
    assert [r.corporate_number for r in invitations.link_requests(org, limit=10)] == [VALID["corporate_number"]]
