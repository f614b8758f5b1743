"""The incident log: create, edit, timeline, tasks; bad input names the field and writes nothing; viewers
read only; advisers with an accepted link write as editors; the report PDF renders."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dxnavi.incidents.models import Incident, IncidentTask, TimelineEntry
from dxnavi.orgs.models import AuditEvent
from tests.factories import UserFactory, member

from .helpers import incident, incident_post, task

TOKYO = ZoneInfo("Asia/Tokyo")


def _url(name, world, **kwargs):
    return reverse(f"incidents:{name}", kwargs={"company_id": world["company"].pk, **kwargs})


def _counts():
    return (Incident.objects.count(), TimelineEntry.objects.count(), IncidentTask.objects.count())


def test_incident_new_saves_fields_and_leak_answers(client, world):
    client.force_login(world["owner"])
    response = client.post(_url("new", world), incident_post())
    saved = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", world, incident_id=saved.pk)
    assert (saved.company, saved.kind, saved.status, saved.created_by) == (world["company"], "data_leak", "open", world["owner"])
    assert saved.discovered_at == datetime.datetime(2026, 11, 30, 18, 0, tzinfo=TOKYO)
    assert saved.leak_answers() == {"sensitive": False, "financial": False, "malicious": False, "over_1000": True}


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"title": ""}, "タイトル：短い題名を入力してください"),
        ({"title": "x" * 201}, "タイトル：200文字以内で入力してください。"),
        ({"kind": "meteor"}, "種類：一覧から選んでください。"),
        ({"discovered_at": "昨日"}, "発見日時：2026-12-01 09:30 のように入力してください。"),
        ({"discovered_at": "1999-12-31T10:00"}, "発見日時：2000年から2100年までの日付を入力してください。"),
        ({"discovered_at": "2099-01-01T10:00"}, "発見日時：未来の日時は入力できません。"),
        ({"status": "maybe"}, "状態：対応中か対応終了かを選んでください。"),
    ],
)
def test_incident_new_bad_input_names_field_writes_nothing(client, world, over, message):
    client.force_login(world["owner"])
    response = client.post(_url("new", world), incident_post(**over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_incident_edit_changes_status_and_fields(client, world):
    row = incident(world["company"])
    client.force_login(world["owner"])
    response = client.post(_url("edit", world, incident_id=row.pk), incident_post(title="復旧済み", kind="ransomware", status="closed"))
    row.refresh_from_db()
    assert response.status_code == 302
    assert (row.title, row.kind, row.status) == ("復旧済み", "ransomware", "closed")


def test_timeline_entry_added_and_bad_time_refused(client, world):
    row = incident(world["company"])
    client.force_login(world["owner"])
    good = {"at": "2026-11-30T09:45", "kind": "decision", "text": "ITベンダーを呼ぶと決めた", "by": "社長"}
    assert client.post(_url("entry_add", world, incident_id=row.pk), good).status_code == 302
    bad = client.post(_url("entry_add", world, incident_id=row.pk), {**good, "at": "夜"})
    entries = list(TimelineEntry.objects.values_list("kind", "text", "by", "company_id"))
    assert entries == [("decision", "ITベンダーを呼ぶと決めた", "社長", world["company"].pk)]
    assert "日時：2026-12-01 09:30 のように入力してください。" in bad.content.decode()


def test_task_added_done_and_bad_due_refused(client, world):
    row = incident(world["company"])
    client.force_login(world["owner"])
    client.post(_url("task_add", world, incident_id=row.pk), {"title": "警察に相談", "owner": "総務 花子", "due": "2026-12-02"})
    saved = IncidentTask.objects.get()
    client.post(_url("task_done", world, incident_id=row.pk, task_id=saved.pk), {"done": "1"})
    saved.refresh_from_db()
    bad = client.post(_url("task_add", world, incident_id=row.pk), {"title": "復旧", "due": "2026-13-45"})
    assert (saved.title, saved.owner, saved.due, saved.done) == ("警察に相談", "総務 花子", datetime.date(2026, 12, 2), True)
    assert IncidentTask.objects.count() == 1
    assert "期限：2026-12-01 のような形で日付を入力してください。" in bad.content.decode()


def test_task_of_other_incident_is_404(client, world):
    row = incident(world["company"])
    other = incident(world["company"], title="別件")
    foreign = task(other)
    client.force_login(world["owner"])
    response = client.post(_url("task_done", world, incident_id=row.pk, task_id=foreign.pk), {"done": "1"})
    foreign.refresh_from_db()
    assert (response.status_code, foreign.done) == (404, False)


def test_viewer_reads_but_cannot_write(client, world):
    row = incident(world["company"])
    viewer = UserFactory()
    member(world["company"], user=viewer, role="viewer")
    client.force_login(viewer)
    page = client.get(_url("detail", world, incident_id=row.pk))
    refused = client.post(_url("task_add", world, incident_id=row.pk), {"title": "見てるだけ"})
    contacts = client.post(_url("contacts", world), {"manager_name": "誰か"})
    assert (page.status_code, refused.status_code, contacts.status_code) == (200, 403, 403)
    assert "やることを追加する" not in page.content.decode()
    assert IncidentTask.objects.count() == 0


def test_linked_adviser_editor_adds_entry_audited(client, world):
    row = incident(world["company"])
    client.force_login(world["linked_adviser"])
    response = client.post(_url("entry_add", world, incident_id=row.pk), {"at": "2026-11-30T10:00", "kind": "event", "text": "現地で確認"})
    assert response.status_code == 302
    assert TimelineEntry.objects.get().text == "現地で確認"
    assert AuditEvent.objects.filter(company=world["company"], action="change").count() == 1


def test_detail_shows_leak_deadlines_from_local_discovery_date(client, world):
    # 2026-11-30 18:00 in Tokyo is 09:00 UTC: the discovery date is the local 11-30.
    row = incident(world["company"], kind="data_leak", discovered_at=datetime.datetime(2026, 11, 30, 18, 0, tzinfo=TOKYO), leak_malicious=True)
    client.force_login(world["owner"])
    html = client.get(_url("detail", world, incident_id=row.pk)).content.decode()
    assert "確報：2027-01-29 まで（60日以内）" in html
    assert "速報：速やかに（目安は 2026-12-03〜2026-12-05）" in html
    assert "規則第7条第3号" in html


def test_leak_check_page_computes_without_writing(client, world):
    client.force_login(world["owner"])
    html = client.get(_url("leak_check", world), {"discovered": "2026-01-31", "financial": "on"}).content.decode()
    bad = client.get(_url("leak_check", world), {"discovered": "31/01/2026"}).content.decode()
    assert "確報：2026-03-02 まで（30日以内）" in html
    assert "漏えいを知った日：2026-12-01 のように入力してください。" in bad
    assert _counts() == (0, 0, 0)


def test_incident_pdf_renders_with_timeline_and_tasks(client, world):
    row = incident(world["company"], kind="data_leak", leak_sensitive=True)
    TimelineEntry.objects.create(company=world["company"], incident=row, at=row.discovered_at, text="LANケーブルを抜いた", by="経理 一郎")
    task(row, owner="ITベンダー")
    client.force_login(world["owner"])
    response = client.get(_url("pdf", world, incident_id=row.pk))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    for expected in ("経理PCでランサムウェア", "LANケーブルを抜いた", "バックアップから復元する", "規則第7条第1号"):
        assert expected in text


def test_log_list_queries_fixed(client, world, django_assert_max_num_queries):
    for n in range(5):
        incident(world["company"], title=f"件{n}")
    client.force_login(world["owner"])
    with django_assert_max_num_queries(12):
        response = client.get(_url("log", world))
    assert response.content.decode().count('class="incident-item"') == 5


def test_contacts_saved_removed_and_name_required(client, world):
    client.force_login(world["owner"])
    client.post(_url("contacts", world), {"manager_name": "総務 花子", "manager_phone": "090-1111-2222", "insurer_name": "安心損保"})
    client.post(_url("contacts", world), {"manager_name": "総務 花子", "manager_phone": "090-1111-2222"})
    bad = client.post(_url("contacts", world), {"it_vendor_phone": "03-0000-0000"})
    from dxnavi.incidents.models import Contact

    assert list(Contact.objects.values_list("role", "name", "phone")) == [("manager", "総務 花子", "090-1111-2222")]
    assert "ITベンダーの名前：電話番号やメモに対応する名前を入力してください。" in bad.content.decode()
    page = client.get(_url("runbook", world)).content.decode()
    assert 'href="tel:09011112222"' in page
