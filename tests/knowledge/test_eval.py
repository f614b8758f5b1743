"""Search quality on the owner questions in ``tests/knowledge/eval/*.yaml``: at least 60 questions, recall@5 ≥ 0.9
on a guidance-only search (a question counts when a top-5 hit is one of its answers); MRR is printed."""

from pathlib import Path

import pytest

from dxnavi.knowledge import content, evaluation

from .search_corpus import article, section, use_guidance

EVAL_DIR = Path(__file__).parent / "eval"


def test_eval_recall_at_5_on_owner_questions():
    content.clear_cache()
    questions = evaluation.load(EVAL_DIR)
    assert len(questions) >= 60
    report = evaluation.evaluate(questions)
    for miss in report.misses(5):
        print(f"miss: {miss.question} → {list(miss.top[:5])} (answers {list(miss.answers)})")
    print(f"recall@1 {report.recall(1):.3f}  recall@5 {report.recall(5):.3f}  MRR {report.mrr:.3f}  ({len(questions)} questions)")
    assert report.recall(5) >= 0.9


def test_eval_metrics_on_a_small_library(monkeypatch, tmp_path):
    use_guidance(monkeypatch, [
        article("passwords", "security", [section("length", "長いパスワードを使い、使い回さない。", heading="パスワードの決め方")], title="パスワード"),
        article("backup", "security", [section("rule", "データのコピーを別の場所に保管する。", heading="3-2-1ルール")], title="バックアップ"),
        article("invoice", "law", [section("keep", "電子で受け取った請求書は電子のまま保存する。", heading="電子取引")], title="電子帳簿保存法"),
    ], [{"id": "ppap", "term": {"ja": "PPAP", "en": "PPAP"}, "aliases": ["PPAP"], "definition": {"ja": "パスワード付きZIPをメールで送る方法", "en": "x"}}])  # fmt: skip
    (tmp_path / "dev.yaml").write_text(
        "questions:\n"
        "  - {q: パスワードは何文字にすればいい？, answers: [passwords]}\n"
        "  - {q: データを失わないためのバックアップの方法, answers: [backup]}\n"
        "  - {q: メールで届いた請求書はどう保存する？, answers: [invoice]}\n"
        "  - {q: PPAPって何？, answers: [glossary]}\n"
        "  - {q: 複合機のリース契約, answers: [backup]}\n",
        encoding="utf-8",
    )
    report = evaluation.evaluate(evaluation.load(tmp_path))
    assert [o.rank for o in report.outcomes] == [1, 1, 1, 1, None]
    assert (report.recall(1), report.recall(5), report.mrr) == (0.8, 0.8, 0.8)
    assert [m.question for m in report.misses(5)] == ["複合機のリース契約"]


def test_eval_load_names_a_malformed_question(tmp_path):
    (tmp_path / "bad.yaml").write_text("questions:\n  - {q: 何？}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml: question 1 needs q and answers"):
        evaluation.load(tmp_path)
