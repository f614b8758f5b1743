"""Shared set-up of the 相談する tests: companies with indexed documents (``index.index_document`` with
``Piece``s directly, then the data stamp bump the upload job does)."""

import hashlib

from django.urls import reverse

from dxnavi.knowledge import index
from dxnavi.knowledge.models import Document, DocumentStatus
from dxnavi.orgs import data_stamp


def make_document(company, title, pieces, kind="pdf"):
    raw = "\n".join(p.text for p in pieces).encode()
    document = Document.objects.create(
        company=company, title=title, filename=f"{title}.{kind}", kind=kind, size=len(raw),
        sha256=hashlib.sha256(raw + title.encode()).hexdigest(), content=raw, status=DocumentStatus.READY,
    )  # fmt: skip
    count = index.index_document(document, pieces)
    Document.objects.filter(pk=document.pk).update(passage_count=count)
    data_stamp.bump(company.pk)
    return document


def rules_document(company):
    """A 2-page PDF of the company's own rules: the answer to the backup question is page 2, paragraph 2."""
    return make_document(company, "情報セキュリティ社内規程", [
        index.Piece("この規程は当社の情報資産を守るための決まりです。", page=1, position=1, heading="目的"),
        index.Piece("パソコンには必ずウイルス対策ソフトを入れる。", page=1, position=2, heading="端末"),
        index.Piece("業務データは毎日バックアップする。", page=2, position=1, heading="バックアップ"),
        index.Piece("バックアップの外付けディスクは金庫に保管する。復元の手順は総務課が年に一度確かめる。", page=2, position=2, heading="バックアップ"),
    ])  # fmt: skip


def passage_url(document, ordinal):
    return reverse("knowledge:document", args=[document.company_id, document.pk]) + f"#p-{ordinal}"
