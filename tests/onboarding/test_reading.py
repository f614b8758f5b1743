"""Reading the uploaded file: encodings, kinds of file, headers, formulas, limits (no database)."""

import io
import zipfile

import pytest
from django.utils import translation

from dxnavi.onboarding import reading
from dxnavi.onboarding.columns import column_for_header, form_value, UnknownValue

from .helpers import HEADER, csv_bytes, row, rows, xlsx_bytes


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


def _refusal(content: bytes) -> str:
    with pytest.raises(reading.FileRefused) as refused:
        reading.read(content)
    return str(refused.value)


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp932", b"", "cp932"), ("shift_jis", b"", "cp932")],
)
def test_read_csv_encoding_detected(encoding, bom, detected):
    parsed = reading.read(bom + csv_bytes(rows(2), encoding=encoding))
    assert (parsed.kind, parsed.encoding) == ("csv", detected)
    assert [(line, cells["name"], cells["prefecture"]) for line, cells in parsed.rows] == [
        (2, "取込工業1株式会社", "東京都"), (3, "取込工業2株式会社", "東京都"),
    ]


def test_read_csv_cp932_only_characters_kept():
    parsed = reading.read(csv_bytes([row(1, 会社名="髙橋①商店")], encoding="cp932"))
    assert parsed.rows[0][1]["name"] == "髙橋①商店"


def test_read_xlsx_numbers_become_texts():
    parsed = reading.read(xlsx_bytes([row(1, **{"常時使用する従業員数": 18, "資本金（円）": 10000000.0})]))
    cells = parsed.rows[0][1]
    assert (parsed.kind, cells["employees"], cells["capital_yen"]) == ("xlsx", "18", "10000000")


def test_read_blank_rows_skipped_line_numbers_kept():
    parsed = reading.read(csv_bytes([row(1), {}, row(3)]))
    assert [line for line, _cells in parsed.rows] == [2, 4]


def test_read_empty_file_refused():
    assert _refusal(b"") == "ファイルが空です。"


def test_read_header_only_refused():
    assert _refusal(csv_bytes([])) == "列見出しの行はありますが、その下に顧客の行がありません。"


def test_read_not_a_spreadsheet_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert _refusal(png) == "スプレッドシートではありません。Excel ブック（.xlsx）か CSV ファイルをアップロードしてください。"


def test_read_encrypted_workbook_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert "パスワード" in _refusal(ole)


def test_read_corrupt_workbook_refused():
    damaged = xlsx_bytes(rows(1))[:400]
    assert _refusal(damaged) == "ファイルが壊れているか、Excel ブック（.xlsx）ではありません。Excel で開いて保存し直してください。"


def test_read_zip_that_is_not_a_workbook_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(buffer.getvalue()) == "ファイルが壊れているか、Excel ブック（.xlsx）ではありません。Excel で開いて保存し直してください。"


def test_read_wrong_encoding_refused():
    assert _refusal(",".join(HEADER).encode("utf-8") + b"\n\x80\xff\xfd,x\n") == (
        "ファイルの文字を読み取れませんでした。CSV は UTF-8 か Shift_JIS で保存するか、Excel ブックをアップロードしてください。"
    )


def test_read_formula_cell_refused_with_its_name():
    content = xlsx_bytes(rows(2), raw={"G3": "=SUM(1,2)"})
    assert _refusal(content) == (
        "セル G3 に数式があります。数式は取り込みません。セルをコピーして値として貼り付けてから、もう一度アップロードしてください。"
    )


def test_read_csv_cell_starting_with_equals_refused():
    content = csv_bytes([row(1), row(2, 会社名='=HYPERLINK("http://x")')])
    assert "セル A3" in _refusal(content)


def test_read_unknown_header_refused():
    header = [*HEADER, "備考欄"]
    assert _refusal(csv_bytes(rows(1), header=header)) == "不明な列見出しがあります：K「備考欄」。テンプレートの列見出しを使ってください。"


def test_read_missing_header_refused():
    header = [name for name in HEADER if name != "都道府県"]
    assert _refusal(csv_bytes(rows(1), header=header)) == "必要な列がありません：「都道府県」。テンプレートの列見出しを使ってください。"


def test_read_optional_middle_column_may_be_missing():
    header = [name for name in HEADER if name != "業種（中分類）"]
    parsed = reading.read(csv_bytes(rows(1), header=header))
    assert "industry_middle" not in parsed.rows[0][1]


def test_read_english_headers_accepted():
    header = ["Company name", "Corporate number", "Sole proprietor", "Industry (major group)", "Prefecture",
              "Regular employees", "Capital (yen)", "Representative", "Owner's e-mail address to invite"]
    content = csv_bytes([], header=header) + "A社,,はい,E,13,3,,,a@b.test\n".encode()
    parsed = reading.read(content)
    assert parsed.rows[0][1]["prefecture"] == "13"


def test_read_value_without_header_refused():
    content = csv_bytes(rows(1)) + "取込,1,いいえ,E,東京都,,1,1,x,a@b.test,はみ出し\n".encode()
    assert _refusal(content) == "セル K3 に値がありますが、その列に見出しがありません。"


def test_read_ten_thousand_rows_accepted():
    assert len(reading.read(csv_bytes(rows(10_000))).rows) == 10_000


def test_read_one_hundred_thousand_rows_refused_with_the_limit():
    content = csv_bytes(rows(100_000))
    assert _refusal(content) == "顧客が 10,000 件を超えています。一度に取り込めるのは 10,000 行までです。ファイルを分けてください。"


def test_read_limit_applies_to_workbooks():
    assert "10,000" in _refusal(xlsx_bytes(rows(10_001)))


def test_read_file_over_size_limit_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    assert _refusal(csv_bytes(rows(5))) == "ファイルが 0 MB を超えています。小さなファイルに分けてください。"


@pytest.mark.parametrize(("text", "key"), [("会社名", "name"), ("業種", "industry_major"), ("資本金", "capital_yen"), ("メールアドレス", "owner_email")])
def test_column_for_header_alias(text, key):
    assert column_for_header(text).key == key


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("prefecture", "東京", "13"), ("prefecture", "1", "01"), ("prefecture", "北海道", "01"),
        ("industry_major", "製造業", "E"), ("industry_major", "ｅ", "E"), ("industry_major", "E 製造業", "E"),
        ("is_sole_proprietor", "○", "on"), ("is_sole_proprietor", "", ""), ("employees", "１，２００人", "1200"),
        ("capital_yen", "10,000,000円", "10000000"),
    ],
)
def test_form_value_as_people_write_it(key, text, value):
    assert form_value(key, text) == value


def test_form_value_unknown_prefecture():
    with pytest.raises(UnknownValue):
        form_value("prefecture", "東京府")
