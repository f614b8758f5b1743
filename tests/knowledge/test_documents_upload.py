"""Uploading a company document: every refusal names the problem in Japanese and stores nothing; the type
comes from the content; viewers cannot upload; advisers with edit rights can (audited)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dxnavi.knowledge import documents
from dxnavi.knowledge.models import Document, Passage, Posting
from dxnavi.orgs.models import AuditEvent
from tests.factories import CompanyFactory, UserFactory, member

from . import files
from .helpers import url

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _post(client, world, name, content, **extra):
    return client.post(url("documents", world), {"file": SimpleUploadedFile(name, content), **extra})


def _nothing_stored():
    return (Document.objects.count(), Passage.objects.count(), Posting.objects.count()) == (0, 0, 0)


REFUSALS = [
    ("empty.pdf", lambda: b"", "ファイルが空です。"),
    ("zip.pdf", files.docx, "ファイル名は .pdf ですが、中身はWord 文書（DOCX）です。"),
    ("pdf.docx", files.pdf, "ファイル名は .docx ですが、中身はPDF ファイルです。"),
    ("sheet.pptx", files.xlsx, "ファイル名は .pptx ですが、中身はExcel ブック（XLSX）です。"),
    ("text.pdf", files.text, "ファイル名は .pdf ですが、中身はテキストファイルです。"),
    ("archive.docx", files.plain_zip, "ファイル名は .docx ですが、中身はZIP 圧縮ファイルです。"),
    ("archive.zip", files.plain_zip, "ZIP 圧縮ファイルは読み込めません。中のファイルを一つずつアップロードしてください。"),
    ("image.pdf", files.png, "ファイル名は .pdf ですが、中身はPDF ファイルではありません（Portable Network Graphics file と思われます）。"),
    ("locked.pdf", files.encrypted_pdf, "この PDF はパスワードで保護（暗号化）されています。パスワードを外したコピーを保存して、もう一度アップロードしてください。"),
    ("locked.docx", lambda: files.OLE_HEADER, "このファイルはパスワードで保護されているか、古い形式の Office ファイル（.doc、.xls、.ppt）です。パスワードを外すか、.docx、.xlsx、.pptx 形式で保存してから、もう一度アップロードしてください。"),
    ("old.xls", lambda: files.OLE_HEADER, "このファイルはパスワードで保護されているか、古い形式の Office ファイル（.doc、.xls、.ppt）です。パスワードを外すか、.docx、.xlsx、.pptx 形式で保存してから、もう一度アップロードしてください。"),
    ("broken.pdf", lambda: files.truncated(files.pdf()), "このファイルは壊れていて、PDF ファイルとして開けませんでした。作成したアプリで開いて保存し直してから、もう一度アップロードしてください。"),
    ("broken.docx", lambda: files.truncated(files.docx()), "このファイルは壊れていて（ZIP 形式が不完全）、開けませんでした。作成したアプリで保存し直してから、もう一度アップロードしてください。"),
    ("binary.txt", lambda: b"\x00\x01\x02abc", "ファイル名は .txt ですが、中身はテキストファイルではありません。"),
    ("data.csv", lambda: "a,b\n1,2\n".encode(), "テキストファイルは、名前が .txt または .md で終わるものだけを読み込みます。PDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）、テキスト（.txt）、Markdown（.md）のファイルをアップロードしてください。"),
]


@pytest.mark.parametrize(("name", "build", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_upload_refused_names_the_problem_and_stores_nothing(client, world, name, build, message):
    client.force_login(world["owner"])
    response = _post(client, world, name, build())
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert _nothing_stored()


def test_upload_refused_when_larger_than_the_setting(client, world, settings):
    settings.KNOWLEDGE_MAX_UPLOAD_MB = 1
    client.force_login(world["owner"])
    response = _post(client, world, "big.txt", b"a" * (MB + 1))
    assert response.context["form"].errors["file"] == ["ファイルが 1 MB を超えています。小さなファイルに分けてください。"]
    assert _nothing_stored()


def test_upload_same_file_twice_refused(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, world, "rules.md", files.markdown(), title="入退室ルール")
    response = _post(client, world, "copy.md", files.markdown())
    assert first.status_code == 302
    assert Document.objects.count() == 1
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and errors[0].startswith("このファイルは既に") and "「入退室ルール」" in errors[0]


def test_upload_same_file_in_another_company_accepted(client, world, django_capture_on_commit_callbacks):
    other = CompanyFactory()
    other_owner = member(other, role="owner")
    for user, company in ((world["owner"], world["company"]), (other_owner, other)):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("knowledge:documents", args=[company.pk]), {"file": SimpleUploadedFile("a.md", files.markdown())})
        assert response.status_code == 302
    assert sorted(Document.objects.values_list("company_id", flat=True)) == sorted([world["company"].pk, other.pk])


def test_upload_type_comes_from_content_not_name(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world, "議事録", files.docx())  # no extension: the content decides
    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.kind, document.title, document.filename, document.size) == ("docx", "議事録", "議事録", len(files.docx()))
    assert bytes(document.content) == files.docx()


@pytest.mark.parametrize(("name", "build", "kind"), [
    ("a.pdf", files.pdf, "pdf"), ("a.docx", files.docx, "docx"), ("a.xlsx", files.xlsx, "xlsx"), ("a.pptx", files.pptx, "pptx"),
    ("a.txt", lambda: files.text("cp932"), "txt"), ("a.TXT", lambda: b"\xef\xbb\xbf" + files.text(), "txt"), ("a.md", files.markdown, "md"),
])  # fmt: skip
def test_check_accepts_each_supported_kind(name, build, kind):
    assert documents.check(build(), name, 20 * MB).kind == kind


def test_check_markdown_only_by_name_when_content_is_text():
    with translation.override("ja"):
        assert documents.check(files.markdown(), "notes.txt", MB).kind == "txt"
        assert documents.check(files.markdown(), "notes.markdown", MB).kind == "md"


def test_upload_by_viewer_forbidden(client, world):
    viewer = member(world["company"], UserFactory(), role="viewer")
    client.force_login(viewer)
    response = _post(client, world, "a.md", files.markdown())
    assert response.status_code == 403
    assert _nothing_stored()


def test_upload_form_hidden_from_viewer(client, world):
    viewer = member(world["company"], UserFactory(), role="viewer")
    client.force_login(viewer)
    response = client.get(url("documents", world))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert b'enctype="multipart/form-data"' not in response.content


def test_upload_by_linked_adviser_stored_and_audited(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["linked_adviser"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world, "a.md", files.markdown())
    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.company, document.uploaded_by, document.status) == (world["company"], world["linked_adviser"], "ready")
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).values_list("action", "outcome"))
    assert events == [("change", "done")]


def test_upload_refused_for_adviser_audited_as_rejected(client, world):
    client.force_login(world["linked_adviser"])
    _post(client, world, "a.pdf", b"")
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).values_list("action", "outcome"))
    assert events == [("change", "rejected")]
    assert _nothing_stored()


def test_upload_refused_for_unknown_binary_names_its_guess(client, world):
    client.force_login(world["owner"])
    response = _post(client, world, "photo.png", files.png())
    assert response.context["form"].errors["file"] == [
        "この種類のファイル（Portable Network Graphics file）は読み込めません。PDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）、テキスト（.txt）、Markdown（.md）のファイルをアップロードしてください。"
    ]
    assert _nothing_stored()


def test_upload_refused_for_damaged_office_part(client, world):
    import io
    import zipfile

    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(files.xlsx())) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            target.writestr(item, b"<broken" if item.filename == "xl/workbook.xml" else source.read(item))
    client.force_login(world["owner"])
    response = _post(client, world, "broken.xlsx", broken.getvalue())
    assert response.context["form"].errors["file"] == [
        "このファイルは壊れていて、Excel ブック（XLSX）として開けませんでした。作成したアプリで開いて保存し直してから、もう一度アップロードしてください。"
    ]
    assert _nothing_stored()


def test_check_text_mentioning_the_pdf_header_stays_text():
    content = "# PDF の仕組み\n\nPDF ファイルは %PDF-1.7 のような行で始まります。\n".encode()
    assert documents.check(content, "pdf.md", MB).kind == "md"


def test_upload_refused_for_office_file_unpacking_too_large(client, world):
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(files.docx())) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        target.writestr("word/media/filler.bin", b"\0" * (documents.MAX_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < 1024 * 1024
    client.force_login(world["owner"])
    response = _post(client, world, "bomb.docx", bomb.getvalue())
    assert response.context["form"].errors["file"] == [
        "このファイルは展開すると 200 MB を超えるため、読み込みませんでした。小さなファイルに分けてください。"
    ]
    assert _nothing_stored()
