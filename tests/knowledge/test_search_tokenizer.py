"""Tokenizer changes made for search quality: hyphenated Latin words, pronouns and question words."""

from dxnavi.knowledge import tokenizer


def test_tokens_join_hyphenated_latin_words_sudachi_cuts_apart():
    assert [(t.term, t.start, t.end) for t in tokenizer.tokens("フリーWi-Fiを使う")] == [("フリー", 0, 3), ("wi-fi", 3, 8), ("使う", 9, 11)]
    assert tokenizer.terms("無線LAN（Wi-Fi）") == ["無線", "lan", "wi-fi"]


def test_terms_drop_pronouns_and_question_words():
    assert tokenizer.terms("うちの会社は何をどうすればいい？誰に相談する？") == ["会社", "相談"]
