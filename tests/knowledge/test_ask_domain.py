"""The pure parts of 相談する: sentence splitting, sentence choice, citation checks."""

from dxnavi.knowledge.domain import answering
from dxnavi.knowledge.domain.answering import Sentence


def _texts(text):
    return [s for _start, _end, s in answering.split_sentences(text)]


def test_split_sentences_japanese_marks_lines_and_list_items():
    text = "バックアップを取ります。本当に必要？ はい！\n\n- 週に一度は外付けに保存する\n・ 1台は社外に置く\n1. 復元を試す"
    assert _texts(text) == ["バックアップを取ります。", "本当に必要？", "はい！", "週に一度は外付けに保存する", "1台は社外に置く", "復元を試す"]


def test_split_sentences_keeps_quotes_whole_and_offsets_verbatim():
    text = "担当者は「更新しました。」と言った。Update now. Then check."
    pieces = answering.split_sentences(text)
    assert [p[2] for p in pieces] == ["担当者は「更新しました。」と言った。", "Update now.", "Then check."]
    assert [text[start:end] for start, end, _s in pieces] == [p[2] for p in pieces]


def _s(passage, start, text, *terms):
    return Sentence(passage, start, start + len(text), text, frozenset(terms))


def test_pick_sentences_prefers_rare_terms_and_reading_order():
    sentences = [
        _s(0, 0, "生成AIの利用について説明します。", "生成", "ai", "利用"),
        _s(0, 20, "顧客の個人情報は生成AIに入力しない。", "顧客", "個人", "情報", "生成", "ai", "入力"),
        _s(1, 0, "生成AIは便利な道具です。", "生成", "ai", "便利"),
        _s(1, 15, "社内の規程を作って入力してよい情報を決める。", "社内", "規程", "入力", "情報"),
    ]
    chosen = answering.pick_sentences(sentences, ["個人", "情報", "入力", "生成", "ai"], limit=3)
    assert [s.text for s in chosen] == ["顧客の個人情報は生成AIに入力しない。", "社内の規程を作って入力してよい情報を決める。"]
    assert answering.citation_numbers(chosen) == {0: 1, 1: 2}


def test_pick_sentences_favours_a_second_passage_over_a_second_sentence_of_the_first():
    sentences = [
        _s(0, 0, "パスワードは長くする。", "パスワード", "長い"),
        _s(0, 12, "パスワードを使い回さない。", "パスワード", "使い回す"),
        _s(1, 0, "パスワードは管理ツールで管理する。", "パスワード", "管理", "ツール"),
    ]
    chosen = answering.pick_sentences(sentences, ["パスワード"], limit=2)
    assert [(s.passage, s.text) for s in chosen] == [(0, "パスワードは長くする。"), (1, "パスワードは管理ツールで管理する。")]


def test_pick_sentences_without_a_query_term_is_empty():
    sentences = [_s(0, 0, "バックアップを取ります。", "バックアップ", "取る")]
    assert answering.pick_sentences(sentences, ["請求書"]) == []


def test_pick_sentences_skips_too_short_pieces():
    sentences = [_s(0, 0, "請求書", "請求書"), _s(1, 0, "請求書は電子で保存する。", "請求書", "電子", "保存")]
    assert [s.text for s in answering.pick_sentences(sentences, ["請求書"])] == ["請求書は電子で保存する。"]


def test_check_citations_needs_one_existing_number_and_no_other():
    assert answering.check_citations("入力しないでください[1]。設定も確認します[2]。", 3) is True
    assert answering.check_citations("入力しないでください。", 3) is False
    assert answering.check_citations("入力しないでください[1][9]。", 3) is False
    assert answering.check_citations("入力しないでください[0]。", 3) is False


def test_split_cited_keeps_the_text_and_attaches_the_markers():
    parts = answering.split_cited("入力しない[1][2]。相談窓口へ[3]。以上です")
    assert parts == [("入力しない", (1, 2)), ("。相談窓口へ", (3,)), ("。以上です", ())]
    assert "".join(t for t, _n in parts) == "入力しない。相談窓口へ。以上です"


def test_pick_sentences_question_words_alone_are_no_answer():
    sentences = [_s(0, 0, "見積もりの方法を説明します。", "見積もり", "方法", "説明")]
    assert answering.pick_sentences(sentences, ["ゾウリムシ", "飼育", "方法", "教える"]) == []
    assert [s.text for s in answering.pick_sentences(sentences, ["見積もり", "方法"])] == ["見積もりの方法を説明します。"]


def test_split_sentences_stray_quote_and_non_list_dashes():
    text = "「注意 は大事です。次に進みます。\n-5度で保管する。\n**重要** 必ず読む。\n1）最初に電源を切る。"
    assert _texts(text) == ["「注意 は大事です。", "次に進みます。", "-5度で保管する。", "**重要** 必ず読む。", "最初に電源を切る。"]


def test_pick_sentences_weighs_passages_by_their_search_score():
    sentences = [_s(0, 0, "請求書は電子で保存する。", "請求書", "電子", "保存"), _s(1, 0, "請求書の控えを保存する。", "請求書", "控え", "保存")]
    assert answering.passage_weights([9.0, 1.0]) == [1.0, 1 / 3]
    assert [s.passage for s in answering.pick_sentences(sentences, ["請求書", "保存"], scores=[10.0, 9.0])] == [0, 1]
    assert [s.passage for s in answering.pick_sentences(sentences, ["請求書", "保存"], scores=[10.0, 0.5])] == [0]
