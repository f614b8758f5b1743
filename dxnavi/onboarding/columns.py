"""The columns of the client import file and how a cell's text becomes a value of the client form.

The file's headers are Japanese (the template's); the English labels are accepted too. Values
are written as people write them: 業種 by code (``E``) or name (``製造業``, ``E 製造業``), 都道府県 by
name (``東京都``, ``東京``) or JIS code (``13``), 個人事業主 as はい/いいえ (or 1/0, ○, TRUE). What a
value must be is decided by ``orgs.forms.ClientRegistrationForm``, the single-client form; this
module only turns the cells into that form's input.
"""

import datetime
import unicodedata
from dataclasses import dataclass
from functools import cache

from dxnavi.content import reference


@dataclass(frozen=True)
class Column:
    key: str  # the ClientRegistrationForm field
    header: str  # the template's (Japanese) header
    english: str
    required: bool = True  # the column must be in the file (its cells may still be optional)


COLUMNS = (
    Column("name", "会社名", "Company name"),
    Column("corporate_number", "法人番号", "Corporate number"),
    Column("is_sole_proprietor", "個人事業主", "Sole proprietor"),
    Column("industry_major", "業種（大分類）", "Industry (major group)"),
    Column("industry_middle", "業種（中分類）", "Industry (middle group)", required=False),
    Column("prefecture", "都道府県", "Prefecture"),
    Column("employees", "常時使用する従業員数", "Regular employees"),
    Column("capital_yen", "資本金（円）", "Capital (yen)"),
    Column("representative", "代表者", "Representative"),
    Column("owner_email", "招待する経営者のメールアドレス", "Owner's e-mail address to invite"),
)
BY_KEY = {column.key: column for column in COLUMNS}

# A row whose 会社名 starts with this is the template's example: shown, never imported.
SAMPLE_MARK = "（例）"

YES = {"はい", "○", "〇", "◯", "1", "true", "yes", "y", "✓", "✔", "有", "個人事業主"}
NO = {"", "いいえ", "×", "✕", "0", "false", "no", "n", "-", "無"}


def normal(text) -> str:
    """NFKC (full-width letters and digits to ASCII), outer spaces removed."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _key(text) -> str:
    return "".join(normal(text).lower().split())


@cache
def _header_index() -> dict:
    index = {}
    for column in COLUMNS:
        for label in (column.header, column.english, column.key):
            index[_key(label)] = column
    # The headers as people shorten them.
    index[_key("業種")] = BY_KEY["industry_major"]
    index[_key("大分類")] = BY_KEY["industry_major"]
    index[_key("業種中分類")] = BY_KEY["industry_middle"]
    index[_key("中分類")] = BY_KEY["industry_middle"]
    index[_key("従業員数")] = BY_KEY["employees"]
    index[_key("資本金")] = BY_KEY["capital_yen"]
    index[_key("メールアドレス")] = BY_KEY["owner_email"]
    return index


def column_for_header(text) -> Column | None:
    return _header_index().get(_key(text))


def cell_text(value) -> str:
    """A cell's value (from openpyxl or csv) as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


@cache
def _majors() -> dict:
    index = {}
    for item in reference.jsic()["majors"]:
        for text in (item["id"], item["name"]["ja"], item["name"]["en"], f"{item['id']} {item['name']['ja']}"):
            index[_key(text)] = item["id"]
    return index


@cache
def _middles() -> dict:
    index = {}
    for item in reference.jsic()["middles"]:
        for text in (item["id"], item["name"]["ja"], item["name"]["en"], f"{item['id']} {item['name']['ja']}"):
            index.setdefault(_key(text), item["id"])
    return index


@cache
def _prefectures() -> dict:
    index = {}
    for item in reference.prefectures():
        name = item["name"]["ja"]
        short = name[:-1] if name[-1] in "都府県" and name != "北海道" else name
        for text in (item["id"], str(int(item["id"])), name, short, item["name"]["en"], f"{item['id']} {name}"):
            index.setdefault(_key(text), item["id"])
    return index


def industry_labels() -> list[str]:
    """The 大分類 as offered by the template's drop-down list (``E 製造業``)."""
    return [f"{item['id']} {item['name']['ja']}" for item in reference.jsic()["majors"]]


def prefecture_labels() -> list[str]:
    return [item["name"]["ja"] for item in reference.prefectures()]


@cache
def _yes_no() -> tuple[frozenset, frozenset]:
    return frozenset(_key(v) for v in YES), frozenset(_key(v) for v in NO)


class UnknownValue(ValueError):
    """A cell's text names nothing the column knows."""


def form_value(key: str, text: str) -> str:
    """The client form's input for a cell of column ``key`` (``UnknownValue`` when it names nothing)."""
    if key == "is_sole_proprietor":
        value = _key(text)
        yes, no = _yes_no()
        if value in yes:
            return "on"
        if value in no:
            return ""
        raise UnknownValue(text)
    if key in ("industry_major", "industry_middle", "prefecture") and text:
        index = {"industry_major": _majors, "industry_middle": _middles, "prefecture": _prefectures}[key]()
        code = index.get(_key(text))
        if code is None and key == "prefecture" and _key(text).isdigit():
            code = index.get(_key(text).zfill(2))
        if code is None:
            raise UnknownValue(text)
        return code
    if key in ("employees", "capital_yen"):
        # 1,000 / １，０００ / 1000人 / 10,000,000円: the number as written, separators and units dropped.
        value = normal(text).replace(",", "").replace("，", "")
        for unit in ("人", "名", "円"):
            value = value.removesuffix(unit)
        return value.strip()
    if key == "owner_email":
        return normal(text)
    return text
