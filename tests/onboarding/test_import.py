"""Checking rows and committing them: every kind of row error, duplicates, outcomes, all or nothing,
idempotency, large lists as tracked jobs."""

import pytest
from django.core import mail
from django.utils import translation

from dxnavi.jobs.models import TrackedJob
from dxnavi.onboarding import services
from dxnavi.onboarding.models import ImportBatch
from dxnavi.orgs import services as org_services
from dxnavi.orgs.models import AdviserMembership, AuditEvent, Company, Invitation, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

from .helpers import csv_bytes, number, row, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


@pytest.fixture
def adviser():
    organization = AdviserOrganizationFactory(name="取込商工会")
    user = UserFactory(email="keiei@shokokai.test")
    AdviserMembership.objects.create(organization=organization, user=user, role="editor")
    return organization, user


def _upload(adviser, records, *, content=None, **kwargs):
    organization, user = adviser
    return services.upload(
        organization=organization, user=user, filename="clients.csv", content=content or csv_bytes(records),
        site_url="https://dxnavi.example/", language="ja", **kwargs,
    )


def _errors(batch):
    return [(e["line"], e["column"], e["value"], e["reason"]) for r in batch.rows for e in [dict(x, line=r["line"]) for x in r["errors"]]]


def _commit(batch, user, capture):
    with capture(execute=True):
        return services.request_commit(batch, user=user)


def _written():
    return (Company.objects.count(), SupportLink.objects.count(), Invitation.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"法人番号": "1234567890123"}, "法人番号", "法人番号が正しくないようです。13桁の数字に打ち間違いや写し間違いがないか、もう一度ご確認ください"),
        ({"都道府県": "東京府"}, "都道府県", "この都道府県はありません。「東京都」のように入力してください。"),
        ({"業種（大分類）": "宇宙業"}, "業種（大分類）", "この業種（大分類）はありません。英字（A〜T）か、テンプレートの一覧にある名前で入力してください。"),
        ({"業種（中分類）": "01"}, "業種（中分類）", "この中分類は、選択した大分類に含まれていません。"),
        ({"常時使用する従業員数": "-3"}, "常時使用する従業員数", "従業員数にマイナスの値は入力できません。"),
        ({"常時使用する従業員数": "2000000"}, "常時使用する従業員数", "従業員数は1,000,000人以下で入力してください。"),
        ({"資本金（円）": "10000000000000000"}, "資本金（円）", "資本金は1,000,000,000,000,000円以下で入力してください。"),
        ({"会社名": ""}, "会社名", "このフィールドは必須です。"),
        ({"招待する経営者のメールアドレス": "owner@"}, "招待する経営者のメールアドレス", "有効なメールアドレスを入力してください。"),
        ({"個人事業主": "たぶん"}, "個人事業主", "「はい」か「いいえ」で入力してください。"),
        ({"法人番号": ""}, "法人番号", "13桁の法人番号を入力するか、「個人事業主」にチェックを入れてください。"),
    ],
)
def test_check_row_error_named_by_row_column_value_and_reason(adviser, changes, column, reason):
    batch = _upload(adviser, [row(1), row(2, **changes)])
    value = next(iter(changes.values()))
    assert _errors(batch) == [(3, column, value, reason)]
    assert (batch.counts["error"], batch.counts["invited"], batch.committable) == (1, 1, False)


def test_check_duplicate_number_in_file_names_the_other_row(adviser):
    batch = _upload(adviser, [row(1), row(2), row(3, 法人番号=number(700001))])
    assert _errors(batch) == [(4, "法人番号", number(700001), "2 行目と同じ法人番号です。")]


def test_check_duplicate_sole_proprietor_in_file_names_the_other_row(adviser):
    sole = {"法人番号": "", "個人事業主": "はい", "会社名": "山田商店", "資本金（円）": ""}
    batch = _upload(adviser, [row(1, **sole), row(2, **sole, 招待する経営者のメールアドレス="owner1@client.test")])
    assert _errors(batch) == [(3, "会社名", "山田商店", "2 行目と会社名・経営者のメールアドレスが同じです。")]


def test_check_owner_email_of_organization_member_refused(adviser):
    batch = _upload(adviser, [row(1, 招待する経営者のメールアドレス="KEIEI@shokokai.test")])
    assert _errors(batch) == [(2, "招待する経営者のメールアドレス", "KEIEI@shokokai.test", org_services.owner_is_member_message())]


def test_check_outcomes_new_request_linked_declined(adviser):
    organization, _user = adviser
    CompanyFactory(corporate_number=number(700002))  # on the instance, not a client
    linked = CompanyFactory(corporate_number=number(700003))
    link(linked, organization)
    declined = CompanyFactory(corporate_number=number(700004))
    link(declined, organization, status=SupportLink.Status.DECLINED)
    batch = _upload(adviser, rows(4))
    assert [r["outcome"] for r in batch.rows] == ["invited", "requested", "linked", "declined"]
    assert batch.counts == {"invited": 1, "requested": 1, "unchanged": 2, "error": 0, "total": 4}


def test_check_template_example_row_not_imported(adviser):
    batch = _upload(adviser, [row(1, 会社名="（例）株式会社サンプル精工"), row(2)])
    assert [r["outcome"] for r in batch.rows] == ["sample", "invited"]


def test_commit_registers_companies_links_and_sends_one_invitation_per_row(adviser, django_capture_on_commit_callbacks):
    organization, user = adviser
    existing = CompanyFactory(corporate_number=number(700003))
    batch = _commit(_upload(adviser, rows(3)), user, django_capture_on_commit_callbacks)
    assert batch.status == "committed"
    new = Company.objects.exclude(pk=existing.pk).order_by("name")
    assert [(c.name, c.corporate_number, c.prefecture, c.industry_major, c.is_sme) for c in new] == [
        ("取込工業1株式会社", number(700001), "13", "E", True), ("取込工業2株式会社", number(700002), "13", "E", True),
    ]
    assert sorted(SupportLink.objects.filter(organization=organization).values_list("company__name", "status")) == sorted([
        ("取込工業1株式会社", "pending"), ("取込工業2株式会社", "pending"), (existing.name, "pending"),
    ])
    invitations = Invitation.objects.filter(organization=organization, claims_company=True)
    assert sorted(invitations.values_list("email", "company__name")) == [
        ("owner1@client.test", "取込工業1株式会社"), ("owner2@client.test", "取込工業2株式会社"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["owner1@client.test", "owner2@client.test"]
    assert all("https://dxnavi.example/invite/" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(company=existing, detail="requested").count() == 1


def test_commit_same_file_twice_changes_nothing(adviser, django_capture_on_commit_callbacks):
    _organization, user = adviser
    content = xlsx_bytes(rows(3))
    _commit(_upload(adviser, [], content=content), user, django_capture_on_commit_callbacks)
    before, sent = _written(), len(mail.outbox)
    again = _upload(adviser, [], content=content)
    assert [r["outcome"] for r in again.rows] == ["pending", "pending", "pending"]
    assert (again.counts["unchanged"], again.committable, services.already_imported(again) is not None) == (3, False, True)
    with pytest.raises(services.CommitRefused):
        _commit(again, user, django_capture_on_commit_callbacks)
    assert (_written(), len(mail.outbox)) == (before, sent)


def test_commit_sole_proprietor_again_unchanged(adviser, django_capture_on_commit_callbacks):
    _organization, user = adviser
    sole = row(1, 法人番号="", 個人事業主="はい", 会社名="山田商店", **{"資本金（円）": ""})
    _commit(_upload(adviser, [sole]), user, django_capture_on_commit_callbacks)
    again = _upload(adviser, [sole, row(2)])
    assert [r["outcome"] for r in again.rows] == ["registered", "invited"]
    _commit(again, user, django_capture_on_commit_callbacks)
    assert Company.objects.filter(name="山田商店").count() == 1


def test_commit_twice_refused_second_time(adviser, django_capture_on_commit_callbacks):
    _organization, user = adviser
    batch = _commit(_upload(adviser, rows(2)), user, django_capture_on_commit_callbacks)
    before = _written()
    with pytest.raises(services.CommitRefused):
        _commit(batch, user, django_capture_on_commit_callbacks)
    assert _written() == before


def test_commit_refused_while_rows_have_errors(adviser, django_capture_on_commit_callbacks):
    _organization, user = adviser
    batch = _upload(adviser, [row(1), row(2, 都道府県="東京府")])
    with pytest.raises(services.CommitRefused):
        _commit(batch, user, django_capture_on_commit_callbacks)
    assert (_written(), len(mail.outbox)) == ((0, 0, 0, 0), 0)


def test_commit_row_invalid_since_preview_writes_nothing(adviser, django_capture_on_commit_callbacks):
    organization, user = adviser
    batch = _upload(adviser, rows(3))
    # Meanwhile the owner of row 4 joined the organization: consent could no longer come from them.
    AdviserMembership.objects.create(organization=organization, user=UserFactory(email="owner3@client.test"), role="viewer")
    batch = _commit(batch, user, django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, [r["line"] for r in batch.rows if r["errors"]]) == ("checked", 1, [4])
    assert (_written(), len(mail.outbox)) == ((0, 0, 0, 0), 0)


def test_commit_failure_midway_writes_nothing(adviser, django_capture_on_commit_callbacks, monkeypatch):
    _organization, user = adviser
    batch = _upload(adviser, rows(3))
    original = Invitation.objects.bulk_create

    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Invitation.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        _commit(batch, user, django_capture_on_commit_callbacks)
    monkeypatch.setattr(Invitation.objects, "bulk_create", original)
    batch.refresh_from_db()
    assert (batch.status, _written(), len(mail.outbox)) == ("checked", (0, 0, 0, 0), 0)


def test_large_list_checked_and_committed_by_tracked_jobs(adviser, django_capture_on_commit_callbacks, monkeypatch):
    organization, user = adviser
    monkeypatch.setattr(services, "JOB_ROWS", 5)
    with django_capture_on_commit_callbacks(execute=True):
        batch = _upload(adviser, rows(12))
    check_job = TrackedJob.objects.get(pk=batch.job_id)
    batch.refresh_from_db()
    assert (check_job.organization_id, check_job.kind, check_job.status, batch.status, batch.counts["invited"]) == (
        organization.pk, "client_import_check", "done", "checked", 12,
    )
    assert check_job.result["url"] == f"/adviser/o/{organization.pk}/import/{batch.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_commit(batch, user=user)
    batch.refresh_from_db()
    commit_job = TrackedJob.objects.get(pk=batch.job_id)
    assert (commit_job.kind, commit_job.status, commit_job.done, commit_job.total, batch.status) == (
        "client_import_commit", "done", 24, 24, "committed",
    )
    assert (Company.objects.count(), len(mail.outbox)) == (12, 12)


def test_register_clients_sends_one_mail_per_client_in_chunks(adviser, django_capture_on_commit_callbacks, monkeypatch):
    organization, user = adviser
    monkeypatch.setattr(org_services, "SEND_CHUNK", 2)
    clients = [org_services.ClientRequest(Company(name=f"社{n}", corporate_number=number(800000 + n), industry_major="E",
                                                  prefecture="13", employees=5), f"o{n}@x.test") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        results = org_services.register_clients(organization=organization, clients=clients, user=user, site=services.Site("http://h"))
    assert ([r.outcome for r in results], len(callbacks), len(mail.outbox)) == (["invited"] * 5, 3, 5)


def test_commit_number_registered_since_preview_becomes_link_request(adviser, django_capture_on_commit_callbacks):
    _organization, user = adviser
    batch = _upload(adviser, rows(2))
    meanwhile = CompanyFactory(corporate_number=number(700002))
    batch = _commit(batch, user, django_capture_on_commit_callbacks)
    assert ([r["outcome"] for r in batch.rows], batch.counts["requested"], batch.status) == (["invited", "requested"], 1, "committed")
    assert (Company.objects.filter(corporate_number=number(700002)).count(), len(mail.outbox)) == (1, 1)
    assert SupportLink.objects.get(company=meanwhile).status == "pending"
