"""A small library of our own (articles, glossary, checklist) in a temporary copy of the content directory."""

import shutil
from pathlib import Path

import pytest
import yaml

from dxnavi.knowledge import content

SOURCE = "独立行政法人情報処理推進機構『中小企業の情報セキュリティ対策ガイドライン 第3.1版』（2023年）第2部"

ARTICLES = {
    "articles": [
        {
            "id": "passwords", "topic": "security", "as_of": "2026-02", "source": SOURCE,
            "title": {"ja": "パスワードと多要素認証", "en": "Passwords and multi-factor authentication"},
            "summary": {"ja": "使い回さないことと多要素認証。", "en": "No reuse, and multi-factor authentication."},
            "covers": ["selfcheck:SC05", "dxmaturity:DM01", "testsrc:*"],
            "related": ["mail"],
            "sections": [
                {"id": "reuse", "heading": {"ja": "多要素認証の効き目", "en": "Why MFA works"},
                 "body": {"ja": "多要素認証を使うと、認証が二重になります。\n二行目です。\n\n- 多要素認証を有効にする\n- 認証アプリを使う<script>\n\nまとめ：認証は大切。",
                          "en": "MFA doubles authentication.\n\n- Turn on MFA\n- Use an app"}},
                {"id": "table", "heading": {"ja": "比べる", "en": "Compare"}, "body": {"ja": "表です。", "en": "A table."},
                 "covers": ["selfcheck:SC06", "secaction:*"],
                 "source": "総務省『国民のためのサイバーセキュリティサイト』（2025年）「パスワード」",
                 "table": {"columns": [{"ja": "方法", "en": "Method"}, {"ja": "強さ", "en": "Strength"}],
                           "rows": [[{"ja": "パスワードだけ", "en": "Password only"}, {"ja": "弱い", "en": "Weak"}]]}},
            ],
        },
        {
            "id": "mail", "topic": "threats", "as_of": "2026-02", "source": SOURCE,
            "title": {"ja": "不審なメール", "en": "Suspicious e-mail"},
            "summary": {"ja": "開く前に確かめる。", "en": "Check before opening."},
            "covers": ["incidents:*"],
            "sections": [{"id": "check", "heading": {"ja": "確かめ方", "en": "How to check"},
                          "body": {"ja": "送信元を確かめます。", "en": "Check the sender."}}],
        },
        {
            "id": "ai_rules", "topic": "ai", "as_of": "2026-02", "source": SOURCE,
            "title": {"ja": "生成AIのルール", "en": "Rules for generative AI"},
            "summary": {"ja": "入力してよい情報を決める。", "en": "Decide what may be entered."},
            "covers": ["genai:*"],
            "sections": [{"id": "leak", "heading": {"ja": "情報漏えい", "en": "Leaks"},
                          "body": {"ja": "秘密は入力しない。", "en": "Never enter secrets."}}],
        },
    ]
}  # fmt: skip

GLOSSARY = {
    "terms": [
        {"id": "mfa", "term": {"ja": "多要素認証", "en": "Multi-factor authentication"}, "aliases": ["多要素認証", "MFA"],
         "definition": {"ja": "二つ以上の要素で本人を確かめること。", "en": "Checking identity with two or more factors."},
         "article": "passwords", "source": SOURCE, "as_of": "2026-02"},
        {"id": "auth", "term": {"ja": "認証", "en": "Authentication"}, "aliases": ["認証"],
         "definition": {"ja": "本人であることを確かめること。", "en": "Checking that a person is who they say."},
         "source": SOURCE, "as_of": "2026-02"},
        {"id": "ppap", "term": {"ja": "PPAP", "en": "PPAP"}, "aliases": ["PPAP"],
         "definition": {"ja": "パスワード付きZIPを別送する方法。", "en": "Sending a zipped file and its password separately."},
         "source": SOURCE, "as_of": "2026-02"},
        {"id": "cloud", "term": {"ja": "クラウド", "en": "Cloud"}, "aliases": ["クラウド"],
         "definition": {"ja": "インターネット経由で使うサービス。", "en": "Services used over the internet."},
         "source": SOURCE, "as_of": "2026-02"},
    ]
}  # fmt: skip

CHECKLIST = {
    "cautions": [{"id": "leak", "title": {"ja": "情報漏えい", "en": "Leaks"}, "source": SOURCE, "as_of": "2026-02"},
                 {"id": "rights", "title": {"ja": "権利侵害", "en": "Rights"}, "source": SOURCE, "as_of": "2026-02"}],
    "items": [
        {"id": "GA01", "caution": "leak", "article": "ai_rules", "source": SOURCE, "as_of": "2026-02",
         "text": {"ja": "入力してはいけない情報を決め、全員に伝えている", "en": "There is a rule on what never to enter"},
         "advice": {"ja": "入力禁止の例を挙げた短いルールを作りましょう。", "en": "Write a short rule with examples."}},
        {"id": "GA02", "caution": "rights", "article": "ai_rules", "source": SOURCE, "as_of": "2026-02",
         "text": {"ja": "生成した画像の権利を確認している", "en": "Rights of generated images are checked"},
         "advice": {"ja": "公開前に似た作品がないか調べましょう。", "en": "Search for similar works before publishing."}},
    ]
}  # fmt: skip


def _write(path: Path, data: dict, file_id: str):
    path.write_text(yaml.safe_dump({"id": file_id, "version": "test", "as_of": "2026-02", **data}, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def library(tmp_path, settings):
    root = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, root)
    knowledge = root / "knowledge"
    shutil.rmtree(knowledge / "articles")
    (knowledge / "articles").mkdir()
    _write(knowledge / "articles" / "test.yaml", ARTICLES, "test_articles")
    _write(knowledge / "glossary.yaml", GLOSSARY, "test_glossary")
    _write(knowledge / "genai_checklist.yaml", CHECKLIST, "test_checklist")
    settings.CONTENT_DIR = str(root)
    content.clear_cache()
    yield root
    content.clear_cache()
