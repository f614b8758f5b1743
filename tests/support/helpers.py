import datetime

from dxnavi.orgs.models import AdviserMembership
from dxnavi.support.models import SupportRecord
from tests.factories import AdviserOrganizationFactory, UserFactory, link


def record(company, organization, author, **fields):
    values = {
        "date": datetime.date(2026, 11, 2), "kind": "visit", "topic": "受発注のデジタル化", "minutes": 60,
        "recorded_by": author, "responsible": author,
    }
    values.update(fields)
    return SupportRecord.objects.create(company=company, organization=organization, **values)


def adviser_in(organization, role="editor", **user_fields):
    user = UserFactory(**user_fields)
    AdviserMembership.objects.create(organization=organization, user=user, role=role)
    return user


def second_org(company, name="第二支援機関"):
    org = AdviserOrganizationFactory(name=name)
    adviser = UserFactory()
    link(company, org, adviser=adviser)
    return org, adviser


def post_data(user, **over):
    data = {
        "date": "2026-11-20", "kind": "desk", "topic": "IT導入補助金の相談", "notes": "見積を2社から取る", "minutes": "45",
        "next_action": "見積を確認", "next_due": "2026-12-01", "responsible": str(user.pk),
    }
    data.update(over)
    return data
