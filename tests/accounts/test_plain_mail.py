"""Finding #8-3: plain-text e-mails are not HTML-escaped."""

import re
from pathlib import Path

import pytest

from dxnavi.orgs import services as org_services
from dxnavi.orgs.models import Invitation
from tests.factories import AdviserOrganizationFactory, CompanyFactory

from .factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_invitation_mail_company_name_with_ampersand_not_escaped(mailoutbox):
    company = CompanyFactory(name="A&B")
    organization = AdviserOrganizationFactory(name="C&D商工会")
    invitation = Invitation.objects.create(
        email="boss@example.test", role="owner", company=company, organization=organization, claims_company=True,
        invited_by=UserFactory(name="<山田>"),
    )

    org_services.send_invitation(invitation.pk, "http://testserver/invite/x/?a=1&b=2")

    body, subject = mailoutbox[0].body, mailoutbox[0].subject
    assert "A&B" in body
    assert "C&D商工会" in body
    assert "<山田>" in body
    assert "http://testserver/invite/x/?a=1&b=2" in body
    assert "&amp;" not in body
    assert subject == "[dxnavi] A&B への招待"


def test_email_templates_rendered_only_through_plain_helper():
    """Every e-mail template is rendered by dxnavi.mail (autoescape off), never by render_to_string."""
    offenders = []
    for path in (ROOT / "dxnavi").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"render_to_string\(\s*[\"'][^\"']*/email/", text):
            offenders.append(str(path.relative_to(ROOT)))

    assert offenders == []
