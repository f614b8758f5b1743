"""Company deletion: request (advisers lose access at once), cancel, and the purge after the grace period."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dxnavi.accounts.models import User
from dxnavi.orgs.models import Company, Invitation, SupportLink
from dxnavi.orgs.scoping import accessible_companies, adviser_companies, resolve_access
from dxnavi.privacy import archive, dataset, services
from dxnavi.privacy.models import DataExport, DeletionRecord
from tests.assessments.helpers import member_access

from .helpers import populate

pytestmark = pytest.mark.django_db


def _request(client, world, name=None, capture=None):
    client.force_login(world["owner"])
    url = reverse("privacy:deletion_request", args=[world["company"].pk])
    data = {"confirm_name": world["company"].name if name is None else name}
    if capture is None:
        return client.post(url, data)
    with capture(execute=True):
        return client.post(url, data)


def _dashboard(client, world, persona):
    client.force_login(world[persona])
    return client.get(reverse("web:company_dashboard", args=[world["company"].pk]))


def test_deletion_request_hides_company_from_linked_adviser_at_once(client, world):
    assert _dashboard(client, world, "linked_adviser").status_code == 200
    response = _request(client, world)
    assert response.status_code == 302
    assert _dashboard(client, world, "linked_adviser").status_code == 404
    adviser = world["linked_adviser"]
    assert list(adviser_companies(adviser)) == []
    assert list(adviser_companies(adviser, world["linked_org"])) == []
    assert list(accessible_companies(adviser)) == []
    assert resolve_access(adviser, world["company"].pk) is None
    client.force_login(adviser)
    clients_page = client.get(reverse("orgs:adviser_org", args=[world["linked_org"].pk]))
    assert world["company"].name not in clients_page.content.decode()


def test_deletion_request_keeps_members_and_shows_banner(client, world):
    _request(client, world)
    record = DeletionRecord.objects.get(company_ref=world["company"].pk)
    assert record.scheduled_for - record.requested_at == timedelta(days=14)
    assert record.requested_by_role == "owner"
    assert list(accessible_companies(world["owner"])) == [world["company"]]
    page = _dashboard(client, world, "owner")
    date = timezone.localtime(record.scheduled_for).strftime("%Y-%m-%d")
    assert page.status_code == 200
    assert f"この会社は {date} に削除される予定です。" in page.content.decode()
    assert "削除を取り消す" in page.content.decode()


def test_deletion_grace_days_from_setting(client, world, settings):
    settings.DELETION_GRACE_DAYS = 30
    _request(client, world)
    record = DeletionRecord.objects.get(company_ref=world["company"].pk)
    assert record.scheduled_for - record.requested_at == timedelta(days=30)


def test_deletion_request_with_wrong_name_is_refused(client, world):
    response = _request(client, world, name="別の会社")
    assert response.status_code == 400
    assert "「会社名」が一致しません。" in response.content.decode()
    assert DeletionRecord.objects.count() == 0
    assert _dashboard(client, world, "linked_adviser").status_code == 200


def test_deletion_request_without_name_names_the_field(client, world):
    response = _request(client, world, name="")
    assert response.status_code == 400
    assert "削除を確認するため、「会社名」を入力してください。" in response.content.decode()
    assert DeletionRecord.objects.count() == 0


def test_deletion_request_by_linked_adviser_is_404(client, world):
    client.force_login(world["linked_adviser"])
    url = reverse("privacy:deletion_request", args=[world["company"].pk])
    response = client.post(url, {"confirm_name": world["company"].name})
    assert response.status_code == 404
    assert DeletionRecord.objects.count() == 0


def test_deletion_request_twice_is_refused(client, world):
    _request(client, world)
    response = _request(client, world)
    assert response.status_code == 400
    assert DeletionRecord.objects.count() == 1


def test_deletion_request_declines_pending_links_and_expires_invitations(client, world):
    made = populate(world)
    _request(client, world)
    made["pending_link"].refresh_from_db()
    made["invitation"].refresh_from_db()
    accepted = SupportLink.objects.get(company=world["company"], organization=world["linked_org"])
    assert made["pending_link"].status == SupportLink.Status.DECLINED
    assert accepted.status == SupportLink.Status.ACCEPTED  # kept, so a cancel restores the adviser
    assert made["invitation"].is_usable is False


def test_deletion_request_mails_the_owners(client, world, django_capture_on_commit_callbacks):
    _request(client, world, capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world["owner"].email]]
    assert "削除が申し込まれました" in mail.outbox[0].subject
    assert reverse("privacy:index", args=[world["company"].pk]) in mail.outbox[0].body


def test_deletion_cancel_restores_adviser_access(client, world, django_capture_on_commit_callbacks):
    _request(client, world)
    client.force_login(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:deletion_cancel", args=[world["company"].pk]))
    assert response.status_code == 302
    record = DeletionRecord.objects.get(company_ref=world["company"].pk)
    assert record.cancelled_at is not None
    assert record.cancelled_by_role == "owner"
    assert _dashboard(client, world, "linked_adviser").status_code == 200
    assert list(adviser_companies(world["linked_adviser"])) == [world["company"]]
    assert "削除が取り消されました" in mail.outbox[-1].subject
    # After a cancel the owner can ask again.
    assert _request(client, world).status_code == 302
    assert DeletionRecord.objects.filter(company_ref=world["company"].pk).count() == 2


def _due(world):
    DeletionRecord.objects.filter(company_ref=world["company"].pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))


def _remaining_rows(company_id) -> dict[str, int]:
    counts = {}
    for label, path in dataset.company_models().items():
        model = dataset._model(label)
        counts[label] = model.objects.filter(**({path: company_id} if path else {"pk": company_id})).count()
    return counts


def test_purge_before_grace_period_does_nothing(client, world):
    populate(world)
    _request(client, world)
    before = _remaining_rows(world["company"].pk)
    call_command("purge_deleted_companies", stdout=open("/dev/null", "w"))
    assert _remaining_rows(world["company"].pk) == before
    assert DeletionRecord.objects.get(company_ref=world["company"].pk).executed_at is None


def test_purge_after_cancel_does_nothing(client, world):
    _request(client, world)
    services.cancel_deletion(member_access(world["company"]))
    _due(world)
    assert services.purge_due() == ([], [])
    assert Company.objects.filter(pk=world["company"].pk).exists()


def test_purge_after_grace_period_deletes_everything_company_owned(client, world, django_capture_on_commit_callbacks):
    company = world["company"]
    made = populate(world)
    export = services.request_export(member_access(company), world["owner"])
    services.build_export(export.pk)
    export_path = archive.absolute(DataExport.objects.get(pk=export.pk).file_name)
    other = Company.objects.get(name="他社株式会社")
    other_before = _remaining_rows(other.pk)
    _request(client, world)
    assert all(n > 0 for label, n in _remaining_rows(company.pk).items()), _remaining_rows(company.pk)
    _due(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_deleted_companies", stdout=open("/dev/null", "w"))
    assert _remaining_rows(company.pk) == {label: 0 for label in dataset.company_models()}
    assert _remaining_rows(other.pk) == other_before
    assert export_path.exists() is False
    assert archive.company_dir(company.pk).exists() is False
    # Users are kept: they may belong to other companies.
    assert User.objects.filter(pk__in=[world["owner"].pk, made["editor"].pk, world["linked_adviser"].pk]).count() == 3
    record = DeletionRecord.objects.get(company_ref=company.pk)
    assert record.executed_at is not None
    assert record.deleted_files == 1
    assert record.deleted_counts["orgs.company"] == 1
    assert record.deleted_counts["assessments.answer"] > 25
    assert record.deleted_counts["orgs.companymembership"] == 2
    assert [m.to for m in mail.outbox] == [[world["owner"].email]]
    assert "を削除しました" in mail.outbox[0].subject


def test_deletion_record_holds_no_personal_data(client, world):
    company = world["company"]
    made = populate(world)
    secrets = [
        company.name, company.corporate_number, company.representative, world["owner"].email, made["editor"].email,
        world["owner"].name, "invitee@company.test", world["linked_org"].name,
    ]
    _request(client, world)
    _due(world)
    services.purge_due()
    record = DeletionRecord.objects.get(company_ref=company.pk)
    stored = json.dumps(
        {f.name: f.value_from_object(record) for f in DeletionRecord._meta.concrete_fields}, default=str, ensure_ascii=False
    )
    assert [s for s in secrets if s in stored] == []
    assert record.executed_at is not None


def test_purge_twice_is_harmless(client, world):
    _request(client, world)
    _due(world)
    first, _ = services.purge_due()
    second, _ = services.purge_due()
    assert (len(first), len(second)) == (1, 0)
    assert Invitation.objects.filter(company_id=world["company"].pk).count() == 0


def test_privacy_page_warns_what_is_deleted_and_when(client, world):
    client.force_login(world["owner"])
    page = client.get(reverse("privacy:index", args=[world["company"].pk]))
    html = page.content.decode()
    date = timezone.localtime(timezone.now() + timedelta(days=14)).strftime("%Y-%m-%d")
    assert page.status_code == 200
    assert f"いま申し込むと、{date}（14 日後）に会社とそのすべてのデータが削除されます。" in html
    assert "診断で答えたすべての回答。" in html
    assert "利用者アカウントは削除されません。" in html


def test_dashboard_links_the_privacy_page_for_owners_only(client, world):
    from tests.factories import member

    url = reverse("privacy:index", args=[world["company"].pk])
    assert url in _dashboard(client, world, "owner").content.decode()
    world["viewer"] = member(world["company"], role="viewer")
    assert url not in _dashboard(client, world, "viewer").content.decode()


def test_deletion_record_admin_is_read_only(client, world):
    admin_user = User.objects.create_superuser(email="admin@example.test", password="x" * 12)
    client.force_login(admin_user)
    _request(client, world)
    client.force_login(admin_user)
    assert client.get(reverse("admin:privacy_deletionrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_deletionrecord_add")).status_code == 403
