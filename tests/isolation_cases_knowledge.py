"""The knowledge app's cases of the isolation matrix (issue #14), kept apart from ``tests/isolation_cases.py``,
which adds them: the company's own documents (list + upload, one document, delete, download), the company
search, 相談する, the generative-AI checklist, and the same resources in the API.
"""


def _knowledge_document(world):
    import hashlib

    from dxnavi.knowledge.models import Document

    content = "社内ルール: 私用のUSBメモリは接続しません。".encode()
    document, _created = Document.objects.get_or_create(
        company=world["company"], sha256=hashlib.sha256(content).hexdigest(),
        defaults={"title": "社内ルール", "filename": "社内ルール.txt", "kind": "txt", "size": len(content), "content": content, "status": "ready"},
    )  # fmt: skip
    return {"document_id": document.pk}


def _knowledge_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("手順.md", "# 手順\n\n鍵は総務で保管します。\n".encode(), content_type="text/markdown")}


def cases():
    """(web cases, API cases); ``Case``/``ApiCase`` are read here, after ``tests.isolation_cases`` defined them."""
    from tests.isolation_cases import ApiCase, Case

    web = {
        "knowledge:documents": Case(method="post", data=_knowledge_upload),
        "knowledge:document": Case(kwargs=_knowledge_document),
        "knowledge:document_delete": Case(method="post", kwargs=_knowledge_document),
        "knowledge:document_file": Case(kwargs=_knowledge_document),
        "knowledge:company_search": Case(data=lambda w: {"q": "パスワード"}),
        # 相談する: read-only (members and linked advisers; nothing is stored)
        "knowledge:ask": Case(data=lambda w: {"q": "バックアップはどこに保管しますか"}),
        # the checklist: the POST saves every answer (the GET is tested in tests/knowledge)
        "knowledge:genai": Case(method="post", data=lambda w: {"item-GA01": "no"}),
    }
    api = {
        "GET /api/v1/companies/{company_id}/knowledge/documents": ApiCase(),
        "POST /api/v1/companies/{company_id}/knowledge/documents": ApiCase(need="edit", body=_knowledge_upload),
        "GET /api/v1/companies/{company_id}/knowledge/documents/{document_id}": ApiCase(kwargs=_knowledge_document),
        "DELETE /api/v1/companies/{company_id}/knowledge/documents/{document_id}": ApiCase(need="edit", kwargs=_knowledge_document),
        "GET /api/v1/companies/{company_id}/knowledge/search": ApiCase(),
        # ask: read-only, so a read token may ask
        "POST /api/v1/companies/{company_id}/knowledge/ask": ApiCase(body=lambda w: {"question": "バックアップはどこに保管しますか"}),
        "GET /api/v1/companies/{company_id}/knowledge/genai": ApiCase(),
        "PUT /api/v1/companies/{company_id}/knowledge/genai": ApiCase(need="edit", body=lambda w: {"answers": {"GA01": "no"}}),
    }
    return web, api
