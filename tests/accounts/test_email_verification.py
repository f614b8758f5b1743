"""Finding #8-2a and #8-4: verified e-mail before sending mail; sign-up does not reveal accounts."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from dxnavi.accounts.models import User
from dxnavi.orgs.models import AdviserOrganization, Invitation
from tests.factories import AdviserOrganizationFactory, CompanyFactory, member

from .factories import PASSWORD, UserFactory
from .helpers import logged_in_user_id

SIGNUP = reverse("accounts:signup")
VERIFY_LINK = re.compile(r"https?://\S+/accounts/verify/[^/\s]+/\S*")


def without_csrf(response):
    """The page with its CSRF tokens blanked (Django masks the token differently in every response)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', html)


def signup_data(**overrides):
    return {"email": "hanako@example.com", "name": "佐藤 花子", "password1": PASSWORD, "password2": PASSWORD, **overrides}


@pytest.fixture
def unverified(db):
    return UserFactory(email="new@example.com", email_verified_at=None)


@pytest.mark.django_db
def test_signup_existing_email_same_response_as_new(client, django_capture_on_commit_callbacks, mailoutbox):
    UserFactory(email="taken@example.com", name="既存 太郎")
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(SIGNUP, signup_data(email="fresh@example.com"))
        new_page = client.get(new.url)
        existing = client.post(SIGNUP, signup_data(email="Taken@example.com"))
        existing_page = client.get(existing.url)

    assert (existing.status_code, existing.url) == (new.status_code, new.url)
    assert sorted(existing.cookies) == sorted(new.cookies)
    assert without_csrf(existing_page) == without_csrf(new_page)
    assert [m.to for m in mailoutbox] == [["fresh@example.com"], ["taken@example.com"]]
    assert VERIFY_LINK.search(mailoutbox[0].body) is not None
    assert VERIFY_LINK.search(mailoutbox[1].body) is None
    assert "/accounts/password/reset/" in mailoutbox[1].body
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


@pytest.mark.django_db
def test_signup_creates_unverified_user_not_logged_in(client):
    response = client.post(SIGNUP, signup_data())

    user = User.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    assert user.email_verified is False
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_verify_link_marks_verified_and_keeps_next(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{SIGNUP}?next=/accounts/settings/", signup_data())
    link = VERIFY_LINK.search(mailoutbox[0].body).group(0)

    response = client.get(link)

    assert User.objects.get().email_verified is True
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?email=hanako%40example.com&next=%2Faccounts%2Fsettings%2F"


@pytest.mark.django_db
def test_verify_link_tampered_refused(client, unverified):
    from dxnavi.accounts import verification  # new in #8: imported here so the other tests run on older code

    token = verification.make_token(unverified)

    response = client.get(reverse("accounts:verify_email", args=[token[:-2] + "xx"]))

    unverified.refresh_from_db()
    assert response.status_code == 400
    assert unverified.email_verified is False


@pytest.mark.django_db
def test_verify_link_expired_refused(client, unverified, monkeypatch):
    from dxnavi.accounts import verification  # new in #8: imported here so the other tests run on older code

    token = verification.make_token(unverified)
    monkeypatch.setattr(verification, "TOKEN_MAX_AGE", -1)

    response = client.get(reverse("accounts:verify_email", args=[token]))

    unverified.refresh_from_db()
    assert response.status_code == 400
    assert unverified.email_verified is False


@pytest.mark.django_db
def test_verify_link_for_old_address_refused(client, unverified):
    from dxnavi.accounts import verification  # new in #8: imported here so the other tests run on older code

    token = verification.make_token(unverified)
    User.objects.filter(pk=unverified.pk).update(email="changed@example.com")

    response = client.get(reverse("accounts:verify_email", args=[token]))

    assert response.status_code == 400
    assert User.objects.get(pk=unverified.pk).email_verified is False


@pytest.mark.django_db
def test_verify_token_other_salt_refused(unverified):
    from dxnavi.accounts import verification  # new in #8: imported here so the other tests run on older code

    forged = signing.dumps({"u": unverified.pk, "e": unverified.email}, compress=True)

    assert verification.user_for_token(forged) is None


@pytest.mark.django_db
def test_resend_sends_new_link(client, unverified, django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(unverified)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify_email_resend"), {"next": "/adviser/orgs/new/"})

    assert response.status_code == 302
    assert response.url == "/adviser/orgs/new/"
    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    assert client.get(VERIFY_LINK.search(mailoutbox[0].body).group(0)).status_code == 302
    assert User.objects.get(pk=unverified.pk).email_verified is True


@pytest.mark.django_db
def test_resend_get_not_allowed(client, unverified):
    client.force_login(unverified)

    assert client.get(reverse("accounts:verify_email_resend")).status_code == 405


@pytest.mark.django_db
def test_unverified_cannot_create_adviser_org(client, unverified):
    client.force_login(unverified)

    response = client.post(reverse("orgs:adviser_org_create"), {"name": "偽商工会", "kind": "shokokai", "prefecture": "13"})

    assert response.status_code == 403
    assert "メールアドレスの確認" in response.content.decode()
    assert reverse("accounts:verify_email_resend") in response.content.decode()
    assert AdviserOrganization.objects.count() == 0


@pytest.mark.django_db
def test_unverified_owner_cannot_invite_members(client, unverified, mailoutbox):
    company = CompanyFactory(name="A&B")
    member(company, user=unverified, role="owner")
    client.force_login(unverified)

    listing = client.get(reverse("orgs:company_members", args=[company.pk]))
    response = client.post(reverse("orgs:company_members", args=[company.pk]), {"email": "victim@example.net", "role": "viewer"})

    assert listing.status_code == 200
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["orgs:adviser_org_members", "orgs:adviser_register_client"])
def test_unverified_adviser_cannot_send_from_org(client, unverified, url_name):
    from dxnavi.orgs.models import AdviserMembership

    org = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=org, user=unverified, role="owner")
    client.force_login(unverified)

    data = {"email": "victim@example.net", "role": "viewer", "owner_email": "victim@example.net"}
    response = client.post(reverse(url_name, args=[org.pk]), data)

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_verified_user_can_create_adviser_org(client):
    client.force_login(UserFactory(email="ok@example.com"))

    response = client.post(reverse("orgs:adviser_org_create"), {"name": "本物商工会", "kind": "shokokai", "prefecture": "13"})

    assert response.status_code == 302
    assert AdviserOrganization.objects.count() == 1


@pytest.mark.django_db
def test_create_user_unverified_superuser_verified():
    user = User.objects.create_user("plain@example.com", PASSWORD)
    admin = User.objects.create_superuser("root@example.com", PASSWORD)

    assert (user.email_verified, admin.email_verified) == (False, True)


@pytest.mark.django_db
def test_verification_mail_plain_text_not_escaped(rf, mailoutbox):
    from dxnavi.accounts import verification  # new in #8: imported here so the other tests run on older code

    user = UserFactory(email="a@example.com", name="A&B <代表>", email_verified_at=None)

    verification.send_verification_email(user.pk, "http://testserver/accounts/verify/x/?next=/a&b")

    assert "A&B <代表>" in mailoutbox[0].body
    assert "/accounts/verify/x/?next=/a&b" in mailoutbox[0].body
