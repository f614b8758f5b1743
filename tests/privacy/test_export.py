"""Company data export: the ZIP's content, who may download it, and its expiry."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dxnavi.assessments.models import Answer
from dxnavi.privacy import archive, services
from dxnavi.privacy.models import DataExport
from tests.assessments.helpers import member_access

from .helpers import populate

pytestmark = pytest.mark.django_db


def _export(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export_request", args=[world["company"].pk]))
    assert response.status_code == 302
    return DataExport.objects.get(company=world["company"])


def _download(client, world, export):
    return client.get(reverse("privacy:export_download", args=[world["company"].pk, export.pk]))


@pytest.fixture
def exported(client, world, django_capture_on_commit_callbacks):
    made = populate(world)
    export = _export(client, world, django_capture_on_commit_callbacks)
    response = _download(client, world, export)
    archive_bytes = b"".join(response.streaming_content)
    return made, export, response, zipfile.ZipFile(io.BytesIO(archive_bytes))


def test_export_zip_contains_answers_of_every_assessment(world, exported):
    _made, _export_row, _response, zf = exported
    data = json.loads(zf.read("company.json"))
    exported_answers = {(row["assessment"], row["question_id"], row["option_id"]) for row in data["sections"]["answers"]["rows"]}
    stored = {(a.assessment_id, a.question_id, a.option_id) for a in Answer.objects.filter(assessment__company=world["company"])}
    assert data["format"] == "dxnavi.company-export"
    assert data["format_version"] == 1
    assert exported_answers == stored
    assert len(stored) > 25


def test_export_zip_has_a_pdf_per_completed_result(exported):
    made, _export_row, _response, zf = exported
    pdfs = sorted(n for n in zf.namelist() if n.startswith("documents/diagnoses/"))
    assert len(pdfs) == len(made["completed"]) == 2
    for name in pdfs:
        content = zf.read(name)
        assert content[:5] == b"%PDF-"
        assert len(PdfReader(io.BytesIO(content)).pages) >= 1
    for assessment in made["completed"]:
        assert sum(1 for n in pdfs if n.endswith(f"_{assessment.pk}.pdf")) == 1


def test_export_zip_has_policy_estimate_documents_and_readme(exported):
    made, _export_row, _response, zf = exported
    names = set(zf.namelist())
    version = made["policy"].version
    assert f"documents/basic_policy/basic_policy_v{version}.pdf" in names
    assert f"documents/basic_policy/basic_policy_v{version}.docx" in names
    estimates = [n for n in names if n.startswith("documents/subsidy_estimates/")]
    assert len(estimates) == 1
    assert zf.read(estimates[0])[:5] == b"%PDF-"
    readme = zf.read("README.txt").decode("utf-8")
    assert "会社データの書き出し" in readme
    assert "company.json" in readme


def test_export_json_has_every_section_and_no_invitation_token(world, exported):
    made, _export_row, _response, zf = exported
    data = json.loads(zf.read("company.json"))
    sections = data["sections"]
    assert sections["company"]["rows"][0]["name"] == world["company"].name
    assert sorted(r["email"] for r in sections["invitations"]["rows"]) == ["invitee@company.test"]
    assert "token" not in sections["invitations"]["rows"][0]
    assert made["invitation"].token not in json.dumps(data)
    assert sorted((r["user"], r["role"]) for r in sections["members"]["rows"]) == sorted(
        [(world["owner"].email, "owner"), ("editor@company.test", "editor")]
    )
    assert [r["id"] for r in sections["basic_policies"]["rows"]] == [made["policy"].pk]
    assert [r["enabled"] for r in sections["basic_policy_publication"]["rows"]] == [False]
    assert "public-link-secret" not in json.dumps(data)  # the public page's secret link
    assert [r["id"] for r in sections["subsidy_estimates"]["rows"]] == [made["estimate"].pk]
    assert [r["item_id"] for r in sections["secaction_confirmations"]["rows"]] == ["SA1-1"]
    assert len(sections["audit_events"]["rows"]) == 1
    assert sorted(r["organization"] for r in sections["support_links"]["rows"]) == ["申請中の支援機関", "連携商工会"]
    assert list(data["excluded"]) == ["privacy.dataexport", "reports.rendereddocument", "jobs.trackedjob", "support.sentsupportreminder", "secaction.declarablelevel",
                                     "api.apitoken", "api.idempotencyrecord", "knowledge.passage", "knowledge.posting"]


def test_export_download_is_a_private_attachment(world, exported):
    _made, export, response, _zf = exported
    assert response.status_code == 200
    assert "no-store" in [d.strip() for d in response["Cache-Control"].split(",")]
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.ready_at == timedelta(days=7)
    assert archive.absolute(export.file_name).is_file()
    assert export.file_name.startswith("private/exports/")


def test_export_download_by_linked_adviser_is_404(client, world):
    export = services.request_export(member_access(world["company"]), world["owner"])
    services.build_export(export.pk)
    for persona in ("linked_adviser", "unlinked_adviser", "outsider"):
        client.force_login(world[persona])
        assert _download(client, world, export).status_code == 404


def test_export_request_by_linked_adviser_is_404(client, world):
    client.force_login(world["linked_adviser"])
    response = client.post(reverse("privacy:export_request", args=[world["company"].pk]))
    assert response.status_code == 404
    assert DataExport.objects.count() == 0


def test_export_download_after_expiry_is_404_and_file_removed(client, world):
    export = services.request_export(member_access(world["company"]), world["owner"])
    services.build_export(export.pk)
    export.refresh_from_db()
    path = archive.absolute(export.file_name)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(world["owner"])
    assert _download(client, world, export).status_code == 404
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert export.file_name == ""
    assert path.exists() is False


def test_expire_exports_removes_only_expired_files(world):
    access = member_access(world["company"])
    old = services.request_export(access, world["owner"])
    services.build_export(old.pk)
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    fresh = services.request_export(access, world["owner"])
    services.build_export(fresh.pk)
    old.refresh_from_db()
    fresh.refresh_from_db()
    old_path, fresh_path = archive.absolute(old.file_name), archive.absolute(fresh.file_name)
    assert services.expire_exports() == 1
    assert (old_path.exists(), fresh_path.exists()) == (False, True)


def test_export_page_shows_each_status(client, world):
    access = member_access(world["company"])
    ready = services.request_export(access, world["owner"])
    services.build_export(ready.pk)
    expired = services.request_export(access, world["owner"])
    services.build_export(expired.pk)
    DataExport.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    services.request_export(access, world["owner"])  # not built yet: being prepared
    client.force_login(world["owner"])
    page = client.get(reverse("privacy:index", args=[world["company"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert (html.count("作成中"), html.count("ダウンロード可"), html.count("期限切れ")) == (1, 1, 1)
    assert 'hx-trigger="every 3s"' in html


def test_export_request_while_one_is_prepared_reuses_it(world):
    access = member_access(world["company"])
    first = services.request_export(access, world["owner"])
    second = services.request_export(access, world["owner"])
    assert second.pk == first.pk
    assert DataExport.objects.count() == 1


def test_export_page_for_editor_member_is_forbidden(client, world):
    from tests.factories import member

    editor = member(world["company"], role="editor")
    client.force_login(editor)
    assert client.get(reverse("privacy:index", args=[world["company"].pk])).status_code == 403


def test_export_zip_has_the_uploaded_files_and_their_metadata(exported):
    made, _export_row, _response, zf = exported
    document = made["document"]
    data = json.loads(zf.read("company.json"))
    rows = data["sections"]["knowledge_documents"]["rows"]
    assert [(r["id"], r["title"], r["filename"], r["kind"], r["status"]) for r in rows] == [
        (document.pk, "社内ルール", "社内ルール.txt", "txt", "ready")
    ]
    assert "content" not in rows[0]
    assert zf.read(f"documents/uploaded/document_{document.pk}.txt") == "私用のUSBメモリは接続しません。".encode()
    assert [r["item_id"] for r in data["sections"]["genai_answers"]["rows"]] == ["GA01"]
    assert "documents/uploaded/" in zf.read("README.txt").decode("utf-8")
