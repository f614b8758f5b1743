"""The extraction job: queued → processing → ready (or failed with a Japanese error); passages per type
with their page / position / heading; a scanned PDF is ready with no passages and a notice; postings."""

import pytest

from dxnavi.knowledge import extraction, services
from dxnavi.knowledge.models import Document, Passage, Posting

from . import files
from .helpers import owner_access, upload

pytestmark = pytest.mark.django_db


def _passages(document):
    return [(p.page, p.position, p.heading, p.text) for p in Passage.objects.filter(document=document).order_by("ordinal")]


def test_extract_pdf_passages_per_page(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "方針.pdf", files.pdf(), django_capture_on_commit_callbacks)
    rows = _passages(document)
    assert (document.status, document.pages, document.passage_count, document.error) == ("ready", 2, 2, "")
    assert [(page, position, heading) for page, position, heading, _text in rows] == [(1, 1, ""), (2, 1, "")]
    assert "パスワードは十二文字以上" in rows[0][3]
    assert "外付けディスク" in rows[1][3]
    assert document.indexed is not None


def test_extract_pdf_long_page_split_into_passages_numbered_on_the_page(world, django_capture_on_commit_callbacks):
    paragraphs = [f"第{n}条 従業員は業務で扱う情報を許可なく社外へ持ち出してはならない。" * 4 for n in range(1, 9)]
    content = files.pdf([("就業規則", paragraphs), ("附則", ["この規則は2026年4月1日から施行する。"])])
    document = upload(world["company"], world["owner"], "規則.pdf", content, django_capture_on_commit_callbacks)
    rows = _passages(document)
    by_page = {}
    for page, position, _heading, _text in rows:
        by_page.setdefault(page, []).append(position)
    assert list(by_page) == list(range(1, document.pages + 1))
    assert all(positions == list(range(1, len(positions) + 1)) for positions in by_page.values())
    assert len(rows) >= 4
    assert all(len(text) <= extraction.MAX for _p, _pos, _h, text in rows)
    assert rows[-1][1:] == (1, "", "附則\nこの規則は2026年4月1日から施行する。")


def test_extract_docx_headings_and_table(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "経費.docx", files.docx(), django_capture_on_commit_callbacks)
    assert (document.kind, document.pages, document.passage_count) == ("docx", 0, 2)
    assert _passages(document) == [
        (None, 1, "経費精算の手順", "領収書は受け取った日から一週間以内に経理担当へ提出します。\n交通費は乗換案内の画面を印刷して添付します。"),
        (None, 2, "承認の流れ", "五万円を超える精算は社長の承認が必要です。\n金額 / 承認者\n五万円以下 / 部長"),
    ]


def test_extract_xlsx_rows_per_sheet_with_column_names(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "売上.xlsx", files.xlsx(), django_capture_on_commit_callbacks)
    assert (document.pages, document.passage_count) == (2, 2)
    assert _passages(document) == [
        (1, 1, "売上", "月: 4月 / 商品: ネジ / 金額: 120000\n月: 5月 / 商品: ボルト / 金額: 98000"),
        (2, 1, "在庫", "A列: 1 / B列: ナット / C列: 300"),
    ]


def test_extract_pptx_slides_with_title_table_and_notes(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "規程.pptx", files.pptx(), django_capture_on_commit_callbacks)
    assert (document.pages, document.passage_count) == (2, 2)
    assert _passages(document) == [
        (1, 1, "テレワークの規程", "社外で業務を行う場合は会社支給のパソコンを使います。\nノート: 全社員に周知すること"),
        (2, 1, "連絡先一覧", "担当 / 電話\n総務 / 03-0000-0000"),
    ]


def test_extract_text_in_cp932(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "ルール.txt", files.text("cp932"), django_capture_on_commit_callbacks)
    assert (document.kind, document.pages) == ("txt", 0)
    assert _passages(document) == [
        (None, 1, "", "社内ルール\n私用のUSBメモリは業務用パソコンに接続しません。\n不審なメールは開かずに情報システム担当へ転送します。")
    ]


def test_extract_markdown_headings(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "入退室.md", files.markdown(), django_capture_on_commit_callbacks)
    assert _passages(document) == [
        (None, 1, "入退室管理", "サーバー室の鍵は総務部で保管します。"),
        (None, 2, "来客", "来客者は受付で名簿に記入します。"),
    ]


def test_extract_scanned_pdf_ready_with_no_passages_and_notice(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "スキャン.pdf", files.blank_pdf(2), django_capture_on_commit_callbacks)
    assert (document.status, document.pages, document.passage_count, Passage.objects.count()) == ("ready", 2, 0, 0)
    assert document.error.startswith("このファイルには文字が見つかりませんでした")
    assert "OCR" in document.error


def test_job_statuses_queued_then_ready(world, django_capture_on_commit_callbacks):
    seen = []
    original = extraction.extract

    def spy(kind, content):
        seen.append(Document.objects.get().status)
        return original(kind, content)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.upload(owner_access(world["company"]), world["owner"], filename="a.md", content=files.markdown())
    assert Document.objects.get().status == "queued"
    extraction_module = extraction
    extraction_module.extract, saved = spy, extraction_module.extract
    try:
        for callback in callbacks:
            callback()
    finally:
        extraction_module.extract = saved
    document.refresh_from_db()
    assert (seen, document.status) == (["processing"], "ready")


def test_job_failure_stored_in_japanese(world, django_capture_on_commit_callbacks, monkeypatch):
    def broken(kind, content):
        raise ValueError("unreadable")

    monkeypatch.setattr(extraction, "extract", broken)
    document = upload(world["company"], world["owner"], "a.md", files.markdown(), django_capture_on_commit_callbacks)
    assert (document.status, document.passage_count, Passage.objects.count()) == ("failed", 0, 0)
    assert document.error == "このファイルの文字を読み取れませんでした。ファイルを開いて保存し直してから、もう一度アップロードしてください。"


def test_job_for_deleted_document_does_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.upload(owner_access(world["company"]), world["owner"], filename="a.md", content=files.markdown())
    Document.objects.filter(pk=document.pk).delete()
    for callback in callbacks:
        callback()
    assert (Document.objects.count(), Passage.objects.count()) == (0, 0)


def test_extract_postings_carry_company_and_length(world, django_capture_on_commit_callbacks):
    document = upload(world["company"], world["owner"], "a.md", files.markdown(), django_capture_on_commit_callbacks)
    passages = {p.pk: p.length for p in Passage.objects.filter(document=document)}
    postings = list(Posting.objects.filter(passage_id__in=passages))
    assert len(postings) > 0
    assert {p.company_id for p in postings} == {world["company"].pk}
    assert all(p.length == passages[p.passage_id] for p in postings)


def test_merge_joins_short_paragraphs_and_cuts_long_ones():
    short = ["あ" * 100] * 5
    assert [len(p) for p in extraction.merge(short)] == [100 * 4 + 3, 100]  # closed once it reaches CLOSE (400)
    long = ["い" * 250 + "。"] * 4
    merged = extraction.merge(long)
    assert [len(p) for p in merged] == [251 * 2 + 1, 251 * 2 + 1]
    huge = "う" * 1500
    assert [len(p) for p in extraction.merge([huge])] == [600, 600, 300]
