"""BM25 search: ranking on a tiny corpus (hand-computed), union statistics, filters, company isolation,
the same order on SQLite and PostgreSQL, the query count, snippets."""

import math

import pytest

from dxnavi.knowledge import content
from dxnavi.knowledge.search import FIELD_WEIGHT, Scope, search, snippet
from tests.factories import CompanyFactory

from .search_corpus import article, document, section, use_guidance

QUERY = "パスワードの管理"  # terms: パスワード, 管理
MANUAL = ["パスワードの管理", "パスワードを毎月変更する", "バックアップの手順", "パスワードとバックアップ", "ウイルス対策"]


def bm25(stats, n, avgdl, df):
    """Okapi BM25 of one passage from explicit numbers: ``stats`` = [(tf, length)] per query term present."""
    score = 0.0
    for term, (tf, length) in stats.items():
        idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
        score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avgdl))
    return score


@pytest.fixture
def no_guidance(monkeypatch):
    use_guidance(monkeypatch, [])


def _refs(result):
    return [(h.source, h.title, h.ordinal if h.source == "document" else f"{h.article_id}#{h.section_id}") for h in result.hits]


def test_search_ranks_documents_by_hand_computed_bm25(db, no_guidance):
    company = CompanyFactory()
    document(company, "手順書", MANUAL)
    result = search(QUERY, Scope(company_id=company.pk))
    # N = 5 passages, lengths 2,3,2,2,2 → avgdl 2.2; df(パスワード) = 3, df(管理) = 1
    # idf = ln(1 + 2.5/3.5) = 0.538997, ln(1 + 4.5/1.5) = 1.386294; length 2 → tf part 2.2/2.118182 = 1.038627,
    # length 3 → 2.2/2.527273 = 0.870504
    assert _refs(result) == [("document", "手順書", 1), ("document", "手順書", 4), ("document", "手順書", 2)]
    assert [h.score for h in result.hits] == pytest.approx([1.999658, 0.559817, 0.469199], abs=1e-6)
    assert result.total == 3
    assert result.terms == ["パスワード", "管理"]


def test_search_statistics_are_the_union_of_guidance_and_documents(db, monkeypatch):
    use_guidance(monkeypatch, [article("pw", "security", [section("rules", "パスワードの管理", heading="手順")], title="バックアップ")])
    company = CompanyFactory()
    document(company, "手順書", MANUAL)
    result = search(QUERY, Scope(company_id=company.pk))
    # guidance section: title and heading FIELD_WEIGHT times (バックアップ, 手順), body パスワード 管理 → length 2w + 2
    glen = 2 * FIELD_WEIGHT + 2
    n, avgdl, df = 6, (11 + glen) / 6, {"パスワード": 4, "管理": 2}
    expected = {
        ("document", "手順書", 1): bm25({"パスワード": (1, 2), "管理": (1, 2)}, n, avgdl, df),
        ("guidance", "バックアップ", "pw#rules"): bm25({"パスワード": (1, glen), "管理": (1, glen)}, n, avgdl, df),
        ("document", "手順書", 4): bm25({"パスワード": (1, 2)}, n, avgdl, df),
        ("document", "手順書", 2): bm25({"パスワード": (1, 3)}, n, avgdl, df),
    }
    assert _refs(result) == list(expected)
    assert [h.score for h in result.hits] == pytest.approx(list(expected.values()), abs=1e-8)
    assert result.total == 4


def test_search_fixed_ranking_is_the_same_on_every_database(db, monkeypatch):
    """Runs on SQLite and PostgreSQL in CI: ties are broken by (source, id) the same way on both."""
    use_guidance(monkeypatch, [
        article("a1", "security", [section("s1", "パスワードの管理"), section("s2", "バックアップの手順")]),
        article("a2", "tools", [section("s1", "顧客名簿の管理表")]),
    ], [{"id": "pw", "term": {"ja": "パスワード", "en": "password"}, "aliases": ["パスワード"], "definition": {"ja": "本人確認の文字列", "en": "x"}}])  # fmt: skip
    company = CompanyFactory()
    document(company, "規程", ["パスワードの管理", "パスワードを毎月変更する"])
    document(company, "写し", ["パスワードの管理", "顧客名簿の管理表"], kind="pdf")
    result = search(QUERY, Scope(company_id=company.pk), limit=7)
    # identical passages score the same: documents first (by passage id), then guidance (content order)
    assert _refs(result) == [
        ("document", "規程", 1),
        ("document", "写し", 1),
        ("guidance", "", "a1#s1"),
        ("guidance", "パスワード", "glossary#pw"),
        ("document", "規程", 2),
        ("document", "写し", 2),
        ("guidance", "", "a2#s1"),
    ]
    assert result.total == 7
    assert result.hits[0].score == result.hits[1].score == result.hits[2].score
    assert result.hits[5].score == result.hits[6].score


def test_search_never_reads_another_companys_documents(db, no_guidance):
    mine, other = CompanyFactory(), CompanyFactory()
    document(mine, "手順書", MANUAL)
    before = search(QUERY, Scope(company_id=mine.pk))
    document(other, "他社の手順", ["パスワードの管理", "パスワードの管理表", "管理"] * 3)
    after = search(QUERY, Scope(company_id=mine.pk), limit=50)
    assert [(h.ref, h.score) for h in after.hits] == [(h.ref, h.score) for h in before.hits]
    assert {h.title for h in search(QUERY, Scope(company_id=other.pk), limit=50).hits} == {"他社の手順"}
    assert search(QUERY, Scope(company_id=None)).hits == []


def test_search_filters_by_source_kind_and_topic(db, monkeypatch):
    use_guidance(monkeypatch, [
        article("sec", "security", [section("s", "パスワードの管理")]),
        article("ai", "ai", [section("s", "パスワードを生成AIに入力しない")]),
    ])  # fmt: skip
    company = CompanyFactory()
    document(company, "手順書", ["パスワードの管理"])
    document(company, "規程集", [("パスワードの変更", 3, 2, "第5条")], kind="pdf")
    everything = search("パスワード", Scope(company_id=company.pk))
    assert everything.total == 4
    only_guidance = search("パスワード", Scope(company_id=company.pk, include_documents=False))
    assert {h.source for h in only_guidance.hits} == {"guidance"}
    assert only_guidance.total == 2
    only_docs = search("パスワード", Scope(company_id=company.pk, include_guidance=False))
    assert sorted(h.title for h in only_docs.hits) == ["手順書", "規程集"]
    pdf = search("パスワード", Scope(company_id=company.pk, include_guidance=False, kinds=("pdf",)))
    assert [(h.title, h.page, h.position, h.heading, h.doc_kind) for h in pdf.hits] == [("規程集", 3, 2, "第5条", "pdf")]
    assert pdf.total == 1
    ai = search("パスワード", Scope(company_id=None, topics=("ai",)))
    assert [h.article_id for h in ai.hits] == ["ai"]
    assert ai.total == 1


def test_search_guidance_uses_the_scope_language(db, monkeypatch):
    use_guidance(monkeypatch, [article("pw", "security", [{"id": "s", "heading": {"ja": "管理", "en": "Keeping"}, "body": {"ja": "パスワードの管理", "en": "Keep passwords long"}}])])
    assert [h.ref for h in search("passwords", Scope(company_id=None, language="en")).hits] == ["guidance:pw#s"]
    assert search("passwords", Scope(company_id=None, language="ja")).hits == []


def test_search_hit_fields_and_urls(db, monkeypatch):
    use_guidance(monkeypatch, [article("pw", "security", [section("rules", "パスワードの管理", heading="決め方")], title="パスワード")])
    company = CompanyFactory()
    doc = document(company, "規程集", [("本文", 1, 1, ""), ("パスワードは12文字以上", 3, 2, "第5条")], kind="pdf")
    hits = {h.source: h for h in search("パスワード", Scope(company_id=company.pk)).hits}
    assert (hits["guidance"].url, hits["guidance"].heading, hits["guidance"].matches) == ("/knowledge/pw/#rules", "決め方", ((0, 5),))
    d = hits["document"]
    assert (d.url, d.ref, d.document_id, d.ordinal, d.text, d.matches) == (
        f"/c/{company.pk}/knowledge/documents/{doc.pk}/#p-2", f"document:{doc.pk}#p-2", doc.pk, 2, "パスワードは12文字以上", ((0, 5),))


def test_search_query_count_is_constant(db, no_guidance, django_assert_max_num_queries, django_assert_num_queries):
    company = CompanyFactory()
    for number in range(8):
        document(company, f"文書{number}", MANUAL, kind="pdf" if number % 2 else "txt")
    with django_assert_max_num_queries(5):
        result = search(QUERY, Scope(company_id=company.pk, kinds=("pdf",)))
    assert len(result.hits) == 10
    with django_assert_num_queries(0):
        search(QUERY, Scope(company_id=None))


def test_search_empty_or_stopword_query_finds_nothing(db, no_guidance):
    assert search("", Scope(company_id=None)).hits == []
    assert search("のをに", Scope(company_id=None)).terms == []


def test_search_index_is_rebuilt_when_content_changes(db, monkeypatch):
    use_guidance(monkeypatch, [article("a", "security", [section("s", "パスワード")])])
    assert [h.article_id for h in search("パスワード", Scope(company_id=None)).hits] == ["a"]
    use_guidance(monkeypatch, [article("b", "security", [section("s", "パスワード")])])
    assert [h.article_id for h in search("パスワード", Scope(company_id=None)).hits] == ["b"]


def test_snippet_escapes_and_marks_matches(db, no_guidance):
    company = CompanyFactory()
    document(company, "怪しい文書", ["<script>alert(1)</script> パスワード & 管理"])
    hit = search(QUERY, Scope(company_id=company.pk)).hits[0]
    assert str(snippet(hit)) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>パスワード</mark> &amp; <mark>管理</mark>"


def test_snippet_cuts_around_the_densest_matches(db, no_guidance):
    company = CompanyFactory()
    text = "あ" * 100 + "パスワード" + "い" * 100 + "パスワードの管理" + "う" * 100
    document(company, "長い文書", [text])
    hit = search(QUERY, Scope(company_id=company.pk)).hits[0]
    html = str(snippet(hit, length=40))
    assert html == "…" + "い" * 5 + "<mark>パスワード</mark>の<mark>管理</mark>" + "う" * 27 + "…"


def test_real_guidance_is_searchable(db):
    content.clear_cache()
    result = search("生成AI 情報漏えい", Scope(company_id=None))
    assert result.hits[0].article_id == "genai_cautions"
