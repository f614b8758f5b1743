"""The kinds of support (``content/support/types.yaml``): stable ids with ja/en labels.

Read once per process (``ContentFile``); ``manage.py load_content`` validates the file again
(``check_file``). A kind that follows a published reporting category carries ``source`` and
``as_of``; the others are labels only.
"""

from dxnavi.content.files import ContentFile
from dxnavi.content.i18n import pick
from dxnavi.content.validation import AS_OF, check_source, check_sources, check_text

FILE = "support/types.yaml"


def validate(data) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{FILE}: not a mapping")
    check_sources(FILE, data)
    items = data.get("types")
    if not isinstance(items, list) or not items:
        raise ValueError(f"{FILE}: section 'types' is missing or empty")
    seen = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{FILE}: types[{index}] is missing id")
        where = f"item {item['id']!r} (types)"
        if item["id"] in seen:
            raise ValueError(f"{FILE}: {where} is listed twice")
        seen.add(item["id"])
        if len(item["id"]) > 16:
            raise ValueError(f"{FILE}: {where} id is longer than 16 characters")
        check_text(FILE, where, item, "label")
        if "source" in item or "as_of" in item:
            # A sourced kind names its publication and when it was checked.
            if not isinstance(item.get("source"), str) or not item["source"].strip():
                raise ValueError(f"{FILE}: {where} is missing source")
            check_source(FILE, where, item["source"])
            if not AS_OF.match(str(item.get("as_of", ""))):
                raise ValueError(f"{FILE}: {where} is missing as_of (YYYY-MM-DD or YYYY-MM)")


_FILE = ContentFile(FILE, validate)


def types() -> list[dict]:
    return _FILE.data()["types"]


def type_ids() -> list[str]:
    return [item["id"] for item in types()]


def type_label(type_id: str, lang: str | None = None) -> str:
    for item in types():
        if item["id"] == type_id:
            return pick(item["label"], lang)
    return type_id


def type_choices(lang: str | None = None) -> list[tuple[str, str]]:
    return [(item["id"], pick(item["label"], lang)) for item in types()]


def check_file() -> list[str]:
    data = _FILE.reload()
    return [f"{FILE}: {len(data['types'])} kinds of support — valid"]
