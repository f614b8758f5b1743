"""jGrants public API payloads → the fields the catalog uses, and what changed (pure, no I/O).

The API is documented by the Digital Agency (デジタル庁) at
https://developers.digital.go.jp/documents/jgrants/api (補助金一覧取得API ``GET /subsidies`` with
keyword, sort, order and acceptance; 補助金詳細取得API ``GET /subsidies/id/{id}``). Both answer
``{"metadata": {"resultset": {"count": n}}, "result": [...]}``; datetimes are UTC ISO 8601
("2020-02-28T16:41:41.090Z"). Here they become Japanese calendar dates (Asia/Tokyo), since an
application deadline is a date in Japan.
"""

import datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

# Fields compared between imports (and shown in the review queue's diff).
COMPARED = (
    "title",
    "target_area",
    "target_employees",
    "subsidy_rate",
    "subsidy_max_limit",
    "acceptance_start",
    "acceptance_end",
    "url",
)

# Which catalog program a jGrants title belongs to (first match wins). Titles on jGrants carry
# the program's official name, e.g. 「デジタル化・AI導入補助金2026（通常枠）」.
PROGRAM_KEYWORDS = (
    ("it", ("デジタル化・AI導入補助金", "IT導入補助金")),
    ("monozukuri", ("ものづくり", "新事業進出")),
    ("jizokuka", ("持続化補助金",)),
    ("shoryokuka", ("省力化投資補助金", "省力化補助金")),
)


class PayloadError(ValueError):
    """The API answered with something that is not the documented shape."""


def results(payload) -> list[dict]:
    if not isinstance(payload, dict) or not isinstance(payload.get("result"), list):
        raise PayloadError("no 'result' list in the response")
    items = [item for item in payload["result"] if isinstance(item, dict)]
    for item in items:
        if not isinstance(item.get("id"), str) or not item["id"]:
            raise PayloadError("a result has no id")
    return items


def jst_date(value) -> str | None:
    """ "2026-03-30T01:00:00.000Z" → "2026-03-30" (the date in Japan); None when empty or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(JST).date().isoformat()


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _yen(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value >= 0:
        return int(value)
    return None


def parse_subsidy(item: dict) -> dict:
    """One list or detail result → the catalog's fields (missing fields become "" / None)."""
    return {
        "id": item["id"],
        "name": _text(item.get("name")),
        "title": _text(item.get("title")),
        "target_area": _text(item.get("target_area_search")),
        "target_employees": _text(item.get("target_number_of_employees")),
        "subsidy_rate": _text(item.get("subsidy_rate")),
        "subsidy_max_limit": _yen(item.get("subsidy_max_limit")),
        "acceptance_start": jst_date(item.get("acceptance_start_datetime")),
        "acceptance_end": jst_date(item.get("acceptance_end_datetime")),
        "url": _text(item.get("front_subsidy_detail_page_url")),
    }


def match_program(title: str) -> str:
    for program_id, words in PROGRAM_KEYWORDS:
        if any(word in title for word in words):
            return program_id
    return ""


def diff(parsed: dict, previous: dict | None) -> list[dict]:
    """Changed fields against the last reviewed version (``previous``); for a new program, every
    field that has a value (old = None)."""
    if not previous:
        return [{"field": f, "old": None, "new": parsed[f]} for f in COMPARED if parsed.get(f) not in (None, "")]
    return [{"field": f, "old": previous.get(f), "new": parsed.get(f)} for f in COMPARED if previous.get(f) != parsed.get(f)]


def catalog_notes(parsed: dict, program_id: str, windows_by_program: dict[str, list[dict]]) -> list[dict]:
    """How the program compares with the YAML catalog: whether its deadline is already a window there."""
    if not program_id:
        return [{"field": "program", "old": None, "new": "not in the catalog"}]
    deadlines = sorted(w["deadline"] for w in windows_by_program.get(program_id, []))
    end = parsed.get("acceptance_end")
    if end and end not in deadlines:
        return [{"field": "catalog_deadlines", "old": deadlines, "new": end}]
    return []
