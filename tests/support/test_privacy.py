"""Support records in the company's data export, deleted with the company, and the dashboard's data stamp."""

import datetime

from dxnavi.orgs import data_stamp
from dxnavi.privacy import dataset
from dxnavi.support import services
from dxnavi.support.models import SentSupportReminder, SupportRecord
from tests.support.helpers import record


def test_export_section_names_organization_not_staff(world):
    made = record(world["company"], world["linked_org"], world["linked_adviser"], notes="メモ", next_action="見積",
                  next_due=datetime.date(2026, 12, 1))
    section = next(s for s in dataset.SECTIONS if s.label == "support.supportrecord")
    rows = dataset.section_rows(section, world["company"])
    assert rows == [{
        "id": made.pk, "organization": "連携商工会", "company": world["company"].pk, "date": "2026-11-02", "kind": "visit",
        "topic": "受発注のデジタル化", "notes": "メモ", "next_action": "見積", "next_due": "2026-12-01", "minutes": 60,
        "created": made.created.isoformat(), "updated": made.updated.isoformat(),
    }]
    assert "support.sentsupportreminder" in dataset.EXCLUDED


def test_records_deleted_with_company(world):
    made = record(world["company"], world["linked_org"], world["linked_adviser"], next_due=datetime.date(2026, 12, 1))
    SentSupportReminder.objects.create(record=made, user=world["linked_adviser"], due=made.next_due)
    world["company"].delete()
    assert (SupportRecord.objects.count(), SentSupportReminder.objects.count()) == (0, 0)


def test_writes_bump_company_data_stamp(world):
    company = world["company"]
    before = data_stamp.read(company.pk)[0]
    made = record(company, world["linked_org"], world["linked_adviser"])
    after_create = data_stamp.read(company.pk)[0]
    services.update_record(made, world["linked_adviser"], {
        "date": made.date, "kind": "desk", "topic": "変更", "notes": "", "next_action": "", "next_due": None, "minutes": 10,
        "responsible": None,
    })
    after_update = data_stamp.read(company.pk)[0]
    services.delete_record(made)
    after_delete = data_stamp.read(company.pk)[0]
    assert before < after_create < after_update < after_delete
