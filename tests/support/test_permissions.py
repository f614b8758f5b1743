"""Who writes and who reads support records: the linked adviser organization writes, the company reads."""

import datetime

import pytest
from django.urls import reverse

from dxnavi.orgs.models import AuditEvent
from dxnavi.support.models import SupportRecord
from tests.support.helpers import adviser_in, post_data, record, second_org


def _url(name, world, **kwargs):
    return reverse(f"support:{name}", kwargs={"company_id": world["company"].pk, **kwargs})


def test_linked_editor_creates_record_with_author_and_default_responsible(client, world):
    client.force_login(world["linked_adviser"])
    data = post_data(world["linked_adviser"])
    data.pop("responsible")
    data["responsible"] = str(world["linked_adviser"].pk)
    response = client.post(_url("record_new", world), data)
    assert response.status_code == 302
    saved = SupportRecord.objects.get()
    assert (saved.organization, saved.company, saved.recorded_by, saved.responsible) == (
        world["linked_org"], world["company"], world["linked_adviser"], world["linked_adviser"]
    )
    assert (saved.date, saved.kind, saved.topic, saved.minutes, saved.next_due) == (
        datetime.date(2026, 11, 20), "desk", "IT導入補助金の相談", 45, datetime.date(2026, 12, 1)
    )
    event = AuditEvent.objects.filter(company=world["company"], action=AuditEvent.Action.CHANGE).get()
    assert (event.outcome, event.organization, event.user) == (AuditEvent.Outcome.DONE, world["linked_org"], world["linked_adviser"])


def test_new_record_form_defaults_to_author_as_responsible(client, world):
    colleague = adviser_in(world["linked_org"], name="同僚 花子")
    client.force_login(world["linked_adviser"])
    page = client.get(_url("record_new", world)).content.decode()
    assert f'<option value="{world["linked_adviser"].pk}" selected>' in page
    assert f'<option value="{colleague.pk}">同僚 花子</option>' in page
    assert "記録した内容は、メモも含めてすべて会社の方も見られます。" in page


def test_responsible_must_be_member_of_organization(client, world):
    client.force_login(world["linked_adviser"])
    response = client.post(_url("record_new", world), post_data(world["owner"]))
    assert response.status_code == 200
    assert "次の対応の担当者：あなたの支援機関のメンバーから選んでください。" in response.content.decode()
    assert SupportRecord.objects.count() == 0


def test_company_owner_cannot_write_records(client, world):
    client.force_login(world["owner"])
    assert client.get(_url("record_new", world)).status_code == 404
    assert client.post(_url("record_new", world), post_data(world["owner"])).status_code == 404
    mine = record(world["company"], world["linked_org"], world["linked_adviser"])
    assert client.post(_url("record_edit", world, record_id=mine.pk), post_data(world["owner"])).status_code == 404
    assert client.post(_url("record_delete", world, record_id=mine.pk)).status_code == 404
    assert SupportRecord.objects.count() == 1


def test_adviser_viewer_reads_but_cannot_write(client, world):
    viewer = adviser_in(world["linked_org"], role="viewer")
    record(world["company"], world["linked_org"], world["linked_adviser"], topic="販路開拓")
    client.force_login(viewer)
    page = client.get(_url("records", world))
    assert page.status_code == 200
    assert "販路開拓" in page.content.decode()
    assert reverse("support:record_new", args=[world["company"].pk]) not in page.content.decode()
    assert client.post(_url("record_new", world), post_data(viewer)).status_code == 403
    assert SupportRecord.objects.count() == 1
    rejected = AuditEvent.objects.filter(company=world["company"], user=viewer, action=AuditEvent.Action.CHANGE).get()
    assert rejected.outcome == AuditEvent.Outcome.REJECTED


@pytest.mark.parametrize("persona", ["unlinked_adviser", "outsider"])
def test_unlinked_and_outsiders_get_404(client, world, persona):
    mine = record(world["company"], world["linked_org"], world["linked_adviser"])
    client.force_login(world[persona])
    assert client.get(_url("records", world)).status_code == 404
    assert client.post(_url("record_new", world), post_data(world[persona])).status_code == 404
    assert client.post(_url("record_delete", world, record_id=mine.pk)).status_code == 404
    assert SupportRecord.objects.count() == 1


def test_other_organizations_record_cannot_be_edited_or_deleted(client, world):
    other_org, other_adviser = second_org(world["company"])
    theirs = record(world["company"], other_org, other_adviser, topic="他機関の記録")
    client.force_login(world["linked_adviser"])
    assert client.get(_url("record_edit", world, record_id=theirs.pk)).status_code == 404
    assert client.post(_url("record_delete", world, record_id=theirs.pk)).status_code == 404
    assert SupportRecord.objects.get().topic == "他機関の記録"
    # …and the adviser's page lists only its own organization's records.
    assert "他機関の記録" not in client.get(_url("records", world)).content.decode()


def test_author_organization_edits_and_deletes_with_audit(client, world):
    mine = record(world["company"], world["linked_org"], world["linked_adviser"])
    colleague = adviser_in(world["linked_org"])
    client.force_login(colleague)  # any editor of the author's organization
    response = client.post(_url("record_edit", world, record_id=mine.pk), post_data(colleague, topic="変更後"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.topic, mine.updated_by, mine.recorded_by) == ("変更後", colleague, world["linked_adviser"])
    assert client.post(_url("record_delete", world, record_id=mine.pk)).status_code == 302
    assert SupportRecord.objects.count() == 0
    changes = AuditEvent.objects.filter(company=world["company"], action=AuditEvent.Action.CHANGE).order_by("pk")
    assert [(e.path, e.outcome) for e in changes] == [
        (_url("record_edit", world, record_id=mine.pk), AuditEvent.Outcome.DONE),
        (_url("record_delete", world, record_id=mine.pk), AuditEvent.Outcome.DONE),
    ]


def test_company_sees_every_linked_organizations_records_read_only(client, world):
    other_org, other_adviser = second_org(world["company"], name="よろず支援拠点")
    record(world["company"], world["linked_org"], world["linked_adviser"], topic="受発注のデジタル化",
           notes="=HYPERLINK(\"x\")", next_action="見積を確認", next_due=datetime.date(2026, 12, 1))
    record(world["company"], other_org, other_adviser, topic="資金繰りの相談", kind="expert")
    client.force_login(world["owner"])
    page = client.get(_url("records", world)).content.decode()
    for text in ("受発注のデジタル化", "資金繰りの相談", "連携商工会", "よろず支援拠点", "巡回訪問", "専門家派遣",
                 "見積を確認", "2026-12-01", "=HYPERLINK(&quot;x&quot;)"):
        assert text in page
    assert "/support/new/" not in page and "/edit/" not in page


def test_validation_messages_name_the_field_in_japanese(client, world):
    client.force_login(world["linked_adviser"])
    data = post_data(world["linked_adviser"], date="", kind="nope", topic="", minutes="0", next_action="", next_due="2026/13/40")
    page = client.post(_url("record_new", world), data).content.decode()
    for message in (
        "日付：支援した日を入力してください。",
        "相談種別：一覧から選んでください。",
        "相談内容（テーマ）：何についての相談かを入力してください。",
        "所要時間：1分以上を入力してください。",
        "次の対応の期限：2026-12-01 のように日付を入力してください。",
    ):
        assert message in page
    data = post_data(world["linked_adviser"], next_action="", minutes="abc")
    page = client.post(_url("record_new", world), data).content.decode()
    assert "次の対応：期限までにすることを入力してください。" in page
    assert "所要時間：分を整数で入力してください（例：60）。" in page
    assert SupportRecord.objects.count() == 0


def test_company_list_queries_do_not_grow_with_records(client, world, django_assert_max_num_queries):
    other_org, other_adviser = second_org(world["company"])
    for i in range(12):
        record(world["company"], world["linked_org"] if i % 2 else other_org, world["linked_adviser"], topic=f"相談{i}")
    client.force_login(world["owner"])
    with django_assert_max_num_queries(8):
        assert client.get(_url("records", world)).status_code == 200
    client.force_login(world["linked_adviser"])
    with django_assert_max_num_queries(10):
        assert client.get(_url("records", world)).status_code == 200
