"""API: the knowledge base — the company's documents (list equal to ``services.document_list`` across cursor
pages, status filter, CSV, query-count guard; one document with its passages in keyset pages; upload through
the web's checks: 201, a refused file → 422 naming ``file`` in ja/en with nothing stored, idempotency key;
delete; scopes; another company's document → 404; adviser audit rows) and the guidance library."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.knowledge import content, services
from dxnavi.knowledge.models import Document, Passage, Posting
from dxnavi.orgs.models import AuditEvent
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory, UserFactory, member
from tests.knowledge import files
from tests.knowledge.helpers import owner_access, upload

pytestmark = pytest.mark.django_db


def _url(world, suffix=""):
    return f"/api/v1/companies/{world['company'].pk}/knowledge/documents{suffix}"


def _doc(world, capture, name="入退室.md", data=None, company=None):
    return upload(company or world["company"], world["owner"], name, data if data is not None else files.markdown(), capture)


def _text_doc(company, n):
    return services.upload(owner_access(company), None, filename=f"規程{n}.txt", content=f"規程その{n}です。".encode())


def _post(client, path, token, name, data, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in extra.pop("headers", {}).items()}}
    return client.post(path, {"file": SimpleUploadedFile(name, data), **extra}, **headers)


def _nothing_stored():
    return (Document.objects.count(), Passage.objects.count(), Posting.objects.count()) == (0, 0, 0)


def _all_ids(client, world, token, query):
    ids, cursor = [], None
    while True:
        page = call(client, "get", _url(world), token, query={**query, **({"cursor": cursor} if cursor else {})}).json()
        ids += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return ids


def test_documents_list_equals_service_across_pages(client, world):
    for n in range(5):
        _text_doc(world["company"], n)
    _text_doc(CompanyFactory(name="他社"), 99)
    expected = list(services.document_list(owner_access(world["company"])).values_list("pk", flat=True))
    assert len(expected) == 5
    assert _all_ids(client, world, make_token(world["owner"]), {"limit": "2"}) == expected


def test_documents_list_filters_status(client, world, django_capture_on_commit_callbacks):
    ready = _doc(world, django_capture_on_commit_callbacks)
    queued = _text_doc(world["company"], 1)
    token = make_token(world["owner"])
    assert _all_ids(client, world, token, {"status": "ready"}) == [ready.pk]
    assert _all_ids(client, world, token, {"status": "queued"}) == [queued.pk]
    response = call(client, "get", _url(world), token, query={"status": "done"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "status")


def test_documents_list_item_fields(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "売上.xlsx", files.xlsx())
    item = call(client, "get", _url(world), make_token(world["owner"])).json()["items"][0]
    assert {k: item[k] for k in ("id", "title", "filename", "kind", "status", "pages", "passage_count", "uploaded_by", "url")} == {
        "id": document.pk, "title": "売上", "filename": "売上.xlsx", "kind": "xlsx", "status": "ready", "pages": 2,
        "passage_count": document.passage_count, "uploaded_by": world["owner"].name,
        "url": f"/c/{world['company'].pk}/knowledge/documents/{document.pk}/",
    }  # fmt: skip
    assert (item["kind_label"], item["status_label"]["ja"]) == ({"ja": "Excel (XLSX)", "en": "Excel (XLSX)"}, "検索できます")


def test_documents_list_query_count_does_not_grow(client, world):
    token = make_token(world["owner"])
    _text_doc(world["company"], 0)
    call(client, "get", _url(world), token)  # the token's first use is written once
    with CaptureQueriesContext(connection) as one:
        assert call(client, "get", _url(world), token).status_code == 200
    for n in range(1, 8):
        _text_doc(world["company"], n)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", _url(world), token).json()["items"]) == 8
    assert len(many) == len(one)


def test_documents_csv(client, world):
    document = _text_doc(world["company"], 1)
    response = call(client, "get", _url(world), make_token(world["owner"]), query={"format": "csv"})
    rows = response.content.decode("utf-8-sig").splitlines()
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "text/csv")
    assert rows[0] == "登録日時,タイトル,ファイル名,種類,サイズ（バイト）,状態,段落数,登録者,ID"
    assert rows[1].split(",")[1:] == ["規程1", "規程1.txt", "テキスト", str(document.size), "待機中", "0", "", str(document.pk)]


def test_document_detail_passages_in_keyset_pages(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "手引き.pdf", files.pdf())
    expected = list(Passage.objects.filter(document=document).order_by("ordinal").values_list("ordinal", "page", "position", "heading", "text"))
    assert len(expected) >= 2
    token = make_token(world["owner"])
    got, after = [], 0
    while after is not None:
        body = call(client, "get", _url(world, f"/{document.pk}"), token, query={"limit": "1", "after": str(after)}).json()
        got += [(p["ordinal"], p["page"], p["position"], p["heading"], p["text"]) for p in body["passages"]]
        after = body["next_after"]
    assert got == expected
    assert (body["id"], body["status"], body["kind"]) == (document.pk, "ready", "pdf")


def test_document_detail_location_in_both_languages(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks, "手引き.pdf", files.pdf())
    passage = call(client, "get", _url(world, f"/{document.pk}"), make_token(world["owner"])).json()["passages"][0]
    assert passage["location"] == {"ja": f"{passage['page']}ページ・{passage['position']}番目",
                                   "en": f"page {passage['page']}, passage {passage['position']}"}


@pytest.mark.parametrize("method", ["get", "delete"])
def test_other_company_document_is_404(client, world, django_capture_on_commit_callbacks, method):
    other = CompanyFactory(name="他社")
    document = _doc(world, django_capture_on_commit_callbacks, company=other)
    response = call(client, method, _url(world, f"/{document.pk}"), make_token(world["owner"], scope="write"))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert Document.objects.filter(pk=document.pk).exists()


def test_upload_stores_document_queued(client, world):
    response = _post(client, _url(world), make_token(world["owner"], scope="write"), "鍵の管理.md", "# 鍵\n\n総務で保管します。\n".encode(), title="鍵の規程")
    document = Document.objects.get()
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("id", "title", "filename", "kind", "status")} == {
        "id": document.pk, "title": "鍵の規程", "filename": "鍵の管理.md", "kind": "md", "status": "queued"}
    assert (document.company_id, document.uploaded_by_id) == (world["company"].pk, world["owner"].pk)


REFUSALS = [
    ("empty.pdf", b"", "ファイルが空です。", "The file is empty."),
    ("pdf.docx", files.pdf, "ファイル名は .docx ですが、中身はPDF ファイルです。", "The file name ends in .docx but the file is really a PDF file."),
    ("archive.zip", files.plain_zip, "ZIP 圧縮ファイルは読み込めません。中のファイルを一つずつアップロードしてください。",
     "ZIP archives cannot be read here: upload the files in it one by one."),
]


@pytest.mark.parametrize(("name", "build", "ja", "en"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_upload_refused_is_422_naming_file_and_stores_nothing(client, world, name, build, ja, en):
    response = _post(client, _url(world), make_token(world["owner"], scope="write"), name, build() if callable(build) else build)
    body = response.json()
    assert (response.status_code, response["Content-Type"], body["code"]) == (422, "application/problem+json", "validation_error")
    assert body["errors"] == [{"field": "file", "field_ja": "ファイル", "message": en, "message_ja": ja}]
    assert body["detail"] == ja
    assert _nothing_stored()


def test_upload_refused_when_larger_than_the_setting(client, world, settings):
    settings.KNOWLEDGE_MAX_UPLOAD_MB = 1
    response = _post(client, _url(world), make_token(world["owner"], scope="write"), "big.txt", b"a" * (1024 * 1024 + 1))
    assert response.status_code == 422
    assert response.json()["errors"][0]["message_ja"] == "ファイルが 1 MB を超えています。小さなファイルに分けてください。"
    assert _nothing_stored()


def test_upload_same_file_twice_refused_with_the_earlier_title(client, world):
    token = make_token(world["owner"], scope="write")
    assert _post(client, _url(world), token, "規程.txt", "同じ内容".encode()).status_code == 201
    response = _post(client, _url(world), token, "規程のコピー.txt", "同じ内容".encode())
    assert response.status_code == 422
    assert "「規程」" in response.json()["errors"][0]["message_ja"]
    assert "「規程」" in response.json()["errors"][0]["message"]
    assert Document.objects.count() == 1


def test_upload_without_file_is_422_naming_file(client, world):
    response = call(client, "post", _url(world), make_token(world["owner"], scope="write"), json={})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["file"]


def test_upload_idempotency_key_replays_without_storing_again(client, world):
    token = make_token(world["owner"], scope="write")
    first = _post(client, _url(world), token, "規程.txt", "鍵は総務で保管".encode(), headers={"Idempotency-Key": "up-1"})
    again = _post(client, _url(world), token, "規程.txt", "鍵は総務で保管".encode(), headers={"Idempotency-Key": "up-1"})
    other = _post(client, _url(world), token, "規程.txt", "別の内容".encode(), headers={"Idempotency-Key": "up-1"})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert Document.objects.count() == 1


def test_delete_removes_passages_and_postings(client, world, django_capture_on_commit_callbacks):
    document = _doc(world, django_capture_on_commit_callbacks)
    assert Passage.objects.filter(document=document).exists()
    response = call(client, "delete", _url(world, f"/{document.pk}"), make_token(world["owner"], scope="write"))
    assert response.status_code == 204
    assert (Document.objects.count(), Passage.objects.count(), Posting.objects.count()) == (0, 0, 0)


def test_read_token_cannot_upload_or_delete(client, world):
    document = _text_doc(world["company"], 1)
    token = make_token(world["owner"], scope="read")
    posted = _post(client, _url(world), token, "規程.txt", "内容".encode())
    deleted = call(client, "delete", _url(world, f"/{document.pk}"), token)
    assert [(r.status_code, r.json()["code"]) for r in (posted, deleted)] == [(403, "insufficient_scope")] * 2
    assert Document.objects.count() == 1


def test_viewer_cannot_upload(client, world):
    viewer = UserFactory()
    member(world["company"], user=viewer, role="viewer")
    response = _post(client, _url(world), make_token(viewer, scope="write"), "規程.txt", "内容".encode())
    assert response.status_code == 403
    assert _nothing_stored()


def test_adviser_reads_and_uploads_audited(client, world):
    token = make_token(world["linked_adviser"], scope="write")
    before = AuditEvent.objects.filter(company=world["company"]).count()
    assert call(client, "get", _url(world), token).status_code == 200
    assert _post(client, _url(world), token, "支援メモ.txt", "内容".encode()).status_code == 201
    actions = list(AuditEvent.objects.filter(company=world["company"]).order_by("pk").values_list("action", flat=True)[before:])
    assert actions == ["view", "change"]


# --- guidance -------------------------------------------------------------------------------------
def test_articles_list_equals_content(client, world):
    token = make_token(world["owner"])
    items = call(client, "get", "/api/v1/knowledge/articles", token).json()["items"]
    assert [i["id"] for i in items] == [a["id"] for a in content.articles()]
    first = content.articles()[0]
    assert {k: items[0][k] for k in ("topic", "title", "source")} == {"topic": first["topic"], "title": first["title"], "source": first["source"]}


def test_article_detail_sections(client, world):
    article = content.articles()[0]
    body = call(client, "get", f"/api/v1/knowledge/articles/{article['id']}", make_token(world["owner"])).json()
    assert [s["id"] for s in body["sections"]] == [s["id"] for s in article["sections"]]
    assert body["sections"][0]["body"] == {"ja": article["sections"][0]["body"]["ja"], "en": article["sections"][0]["body"]["en"]}


def test_article_unknown_is_404(client, world):
    response = call(client, "get", "/api/v1/knowledge/articles/no_such_article", make_token(world["owner"]))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_glossary_equals_content(client, world):
    items = call(client, "get", "/api/v1/knowledge/glossary", make_token(world["owner"])).json()["items"]
    assert [(i["id"], i["term"]["ja"]) for i in items] == [(t["id"], t["term"]["ja"]) for t in content.glossary()]


def test_guidance_needs_a_token(client):
    response = call(client, "get", "/api/v1/knowledge/glossary")
    assert response.status_code == 401


# --- search and ask -------------------------------------------------------------------------------
def _search(client, world, token, **query):
    return call(client, "get", f"/api/v1/companies/{world['company'].pk}/knowledge/search", token, query=query)


def _ask(client, world, token, question):
    return call(client, "post", f"/api/v1/companies/{world['company'].pk}/knowledge/ask", token, json={"question": question})


def test_search_finds_own_documents_only_with_plain_snippet(client, world):
    from tests.knowledge.ask_helpers import rules_document

    own = rules_document(world["company"])
    rules_document(CompanyFactory(name="他社"))
    body = _search(client, world, make_token(world["owner"]), q="金庫", source="documents").json()
    assert [(h["source"], h["document_id"], h["ordinal"]) for h in body["hits"]] == [("document", own.pk, 4)]
    hit = body["hits"][0]
    assert (hit["ref"], hit["url"], hit["page"], hit["position"]) == (
        f"document:{own.pk}#p-4", f"/c/{world['company'].pk}/knowledge/documents/{own.pk}/#p-4", 2, 2)
    assert "<" not in hit["snippet"]["text"]
    assert [hit["snippet"]["text"][s:e] for s, e in hit["snippet"]["matches"]] == ["金庫"]
    assert hit["location"] == {"ja": "2ページ・2番目・バックアップ", "en": "page 2, passage 2・バックアップ"}
    assert body["total"] == 1


def test_search_source_and_kind_filters(client, world):
    from tests.knowledge.ask_helpers import rules_document

    rules_document(world["company"])
    token = make_token(world["owner"])
    guidance = _search(client, world, token, q="バックアップ", source="guidance").json()["hits"]
    assert guidance and {h["source"] for h in guidance} == {"guidance"}
    assert _search(client, world, token, q="金庫", source="documents", kind="docx").json()["hits"] == []
    assert _search(client, world, token, q="").json() == {"query": "", "terms": [], "total": 0, "hits": []}


@pytest.mark.parametrize(("query", "field"), [({"kind": "exe"}, "kind"), ({"topic": "cooking"}, "topic"), ({"limit": "51"}, "limit")])
def test_search_invalid_parameter_is_422_naming_it(client, world, query, field):
    response = _search(client, world, make_token(world["owner"]), q="バックアップ", **query)
    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (422, [field])


def test_ask_answers_with_citations_of_own_documents(client, world):
    from tests.knowledge.ask_helpers import rules_document

    own = rules_document(world["company"])
    other = rules_document(CompanyFactory(name="他社"))
    response = _ask(client, world, make_token(world["owner"]), "バックアップのディスクはどこに保管しますか")
    body = response.json()
    assert (response.status_code, body["found"], body["mode"]) == (200, True, "extractive")
    documents_cited = {c["ref"].split("#")[0] for c in body["citations"] if c["source"] == "document"}
    assert documents_cited == {f"document:{own.pk}"}
    assert f"document:{other.pk}" not in body["text"]
    assert [c["number"] for c in body["citations"]] == list(range(1, len(body["citations"]) + 1))
    assert all("<" not in c["excerpt"]["text"] for c in body["citations"])
    assert body["parts"][0]["citations"] == [1]


def test_ask_nothing_found(client, world):
    body = _ask(client, world, make_token(world["owner"]), "ｚｚｚｑｑｑ").json()
    assert (body["found"], body["parts"], body["citations"]) == (False, [], [])


@pytest.mark.parametrize(("question", "ja"), [("", "質問：質問を入力してください。"), ("あ" * 301, "質問：300文字以内で入力してください。")])
def test_ask_invalid_question_is_422_naming_question(client, world, question, ja):
    response = _ask(client, world, make_token(world["owner"]), question)
    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["field_ja"]) for e in errors]) == (422, [("question", "質問")])
    assert errors[0]["message_ja"] == ja


# --- the generative-AI checklist ------------------------------------------------------------------
def _genai_url(world):
    return f"/api/v1/companies/{world['company'].pk}/knowledge/genai"


def _item_ids():
    return [item["id"] for item in content.genai_checklist()["items"]]


def test_genai_get_lists_every_item_with_the_answer(client, world):
    from dxnavi.knowledge.models import GenAIAnswer

    first = _item_ids()[0]
    GenAIAnswer.objects.create(company=world["company"], item_id=first, value="yes")
    body = call(client, "get", _genai_url(world), make_token(world["owner"])).json()
    items = [item for caution in body["cautions"] for item in caution["items"]]
    assert sorted(i["id"] for i in items) == sorted(_item_ids())
    assert {i["id"]: i["answer"] for i in items} == {k: ("yes" if k == first else None) for k in _item_ids()}
    assert (body["done"], body["total"]) == (1, len(_item_ids()))
    assert [c["value"] for c in body["choices"]] == ["yes", "no", "na"]


def test_genai_put_replaces_all_answers(client, world):
    from dxnavi.knowledge import genai
    from dxnavi.knowledge.models import GenAIAnswer

    first, second = _item_ids()[:2]
    GenAIAnswer.objects.create(company=world["company"], item_id=first, value="yes")
    response = call(client, "put", _genai_url(world), make_token(world["owner"], scope="write"), json={"answers": {second: "no"}})
    assert response.status_code == 200
    assert genai.genai_answers(owner_access(world["company"])) == {second: "no"}
    assert response.json()["done"] == 0


def test_genai_put_refused_names_each_answer_and_writes_nothing(client, world):
    from dxnavi.knowledge.models import GenAIAnswer

    first = _item_ids()[0]
    response = call(client, "put", _genai_url(world), make_token(world["owner"], scope="write"),
                    json={"answers": {first: "maybe", "XX99": "yes", _item_ids()[1]: "yes"}})
    errors = response.json()["errors"]
    assert response.status_code == 422
    assert [(e["field"], e["field_ja"], e["message_ja"]) for e in errors] == [
        ("answers.XX99", "回答（XX99）", "チェックリストにない項目です。"),
        (f"answers.{first}", f"回答（{first}）", "この項目の答えを選んでください。"),
    ]
    assert GenAIAnswer.objects.count() == 0


def test_genai_put_with_read_token_is_403(client, world):
    response = call(client, "put", _genai_url(world), make_token(world["owner"]), json={"answers": {}})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
