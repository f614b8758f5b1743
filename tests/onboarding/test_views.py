"""The import pages: template downloads, upload → preview → commit, refusals, isolation between organizations."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dxnavi.jobs import presenters
from dxnavi.onboarding.models import ImportBatch
from dxnavi.orgs.models import AdviserMembership, Company, Invitation
from tests.factories import AdviserOrganizationFactory, UserFactory

from .helpers import HEADER, csv_bytes, row, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(client):
    organization = AdviserOrganizationFactory(name="取込商工会")
    user = UserFactory(email="keiei@shokokai.test")
    AdviserMembership.objects.create(organization=organization, user=user, role="editor")
    client.force_login(user)
    return organization, user


def _url(name, organization, *args):
    return reverse(f"onboarding:{name}", args=[organization.pk, *args])


def _post_file(client, organization, content, name="clients.csv"):
    return client.post(_url("upload", organization), {"file": SimpleUploadedFile(name, content)})


def test_template_xlsx_has_headers_example_and_drop_down_lists(client, adviser):
    organization, _user = adviser
    response = client.get(_url("template_xlsx", organization))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["A2"].value == "（例）株式会社サンプル精工"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {
        "F2:F10001": "'選択肢'!$A$2:$A$48",
        "D2:D10001": "'選択肢'!$B$2:$B$21",
        "C2:C10001": "'選択肢'!$C$2:$C$3",
    }
    lists = workbook["選択肢"]
    assert (lists["A2"].value, lists["A48"].value, lists["B6"].value) == ("北海道", "沖縄県", "E 製造業")
    assert 'filename*=UTF-8' in response["Content-Disposition"]


def test_template_csv_has_bom_headers_and_example(client, adviser):
    organization, _user = adviser
    body = client.get(_url("template_csv", organization)).content.decode("utf-8")
    lines = body.lstrip("\ufeff").splitlines()
    assert (body[0], lines[0].split(","), lines[1].split(",")[0]) == ("\ufeff", HEADER, "（例）株式会社サンプル精工")


def test_template_uploaded_unchanged_imports_nothing(client, adviser):
    organization, _user = adviser
    content = client.get(_url("template_xlsx", organization)).content
    response = _post_file(client, organization, content, "template.xlsx")
    batch = ImportBatch.objects.get()
    assert (response.status_code, batch.counts["unchanged"], batch.committable) == (302, 1, False)


def test_upload_preview_commit_flow(client, adviser):
    organization, _user = adviser
    response = _post_file(client, organization, csv_bytes([row(1), row(2, 都道府県="東京府")]))
    batch = ImportBatch.objects.get()
    assert response["Location"] == _url("preview", organization, batch.pk)
    page = client.get(response["Location"]).content.decode()
    assert "この都道府県はありません。「東京都」のように入力してください。" in page
    assert '<button class="btn" type="button" disabled' in page
    refused = client.post(_url("commit", organization, batch.pk))
    assert (refused.status_code, Company.objects.count()) == (302, 0)

    response = _post_file(client, organization, csv_bytes(rows(2)))
    fixed = ImportBatch.objects.exclude(pk=batch.pk).get()
    page = client.get(response["Location"]).content.decode()
    assert "取り込む（招待 2 件・連携の依頼 0 件）" in page
    with_callbacks = client.post(_url("commit", organization, fixed.pk))
    assert with_callbacks["Location"] == _url("preview", organization, fixed.pk)
    assert (Company.objects.count(), Invitation.objects.count()) == (2, 2)
    org_page = client.get(reverse("orgs:adviser_org", args=[organization.pk])).content.decode()
    assert "取込工業1株式会社" in org_page and _url("upload", organization) in org_page


def test_upload_bad_file_message_and_nothing_written(client, adviser):
    organization, _user = adviser
    response = _post_file(client, organization, b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png")
    assert response.status_code == 200
    assert "スプレッドシートではありません。" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_empty_file_message(client, adviser):
    organization, _user = adviser
    response = _post_file(client, organization, b"")
    assert "ファイルが空です。" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_large_list_goes_to_the_job_page(client, adviser, monkeypatch, settings):
    from dxnavi.onboarding import services

    organization, _user = adviser
    monkeypatch.setattr(services, "JOB_ROWS", 3)
    response = _post_file(client, organization, csv_bytes(rows(5)))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("jobs:org_detail", args=[organization.pk, batch.job_id])
    page = client.get(response["Location"]).content.decode()
    assert "顧客一覧の確認" in page


def test_preview_of_another_organization_batch_not_found(client, adviser):
    organization, _user = adviser
    other = AdviserOrganizationFactory()
    batch = ImportBatch.objects.create(organization=other, sha256="0" * 64, kind="csv", status="checked", site_url="http://x/")
    assert client.get(_url("preview", organization, batch.pk)).status_code == 404
    assert client.post(_url("commit", organization, batch.pk)).status_code == 404


def test_viewer_cannot_import(client, adviser):
    organization, _user = adviser
    viewer = UserFactory()
    AdviserMembership.objects.create(organization=organization, user=viewer, role="viewer")
    client.force_login(viewer)
    assert client.get(_url("upload", organization)).status_code == 403


def test_preview_rows_paged_with_bounded_queries(client, adviser, django_assert_max_num_queries):
    organization, _user = adviser
    _post_file(client, organization, csv_bytes(rows(250)))
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(8):
        page = client.get(_url("preview", organization, batch.pk) + "?page=3").content.decode()
    assert "取込工業201株式会社" in page and "取込工業200株式会社" not in page


def test_job_kinds_registered_with_titles():
    assert (str(presenters._KINDS["client_import_check"][0]), str(presenters._KINDS["client_import_commit"][0])) == (
        "顧客一覧の確認", "顧客の一括登録",
    )
