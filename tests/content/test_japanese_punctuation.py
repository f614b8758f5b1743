"""Japanese text uses full-width colons and 『』 inside 「」 (issue #10 item 8).

Scanned: every content YAML line (comments aside), every template under dxnavi/, and every
Japanese catalog entry (its msgstr, or the msgid when a Japanese msgid has no translation).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JA_CHAR = r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e「」『』、。]"
HALF_WIDTH_COLON = re.compile(JA_CHAR + r"[ \t]*:(?!//)")


def nested_corner_brackets(text: str) -> bool:
    """True when a 「 opens inside another 「…」 (the inner pair must be 『』)."""
    depth = 0
    for ch in text:
        if ch == "「":
            depth += 1
            if depth > 1:
                return True
        elif ch == "」":
            depth = max(0, depth - 1)
    return False


def problems_in(where: str, text: str) -> list[str]:
    found = []
    if HALF_WIDTH_COLON.search(text):
        found.append(f"{where}: half-width ':' after Japanese: {text.strip()[:120]}")
    if nested_corner_brackets(text):
        found.append(f"{where}: 「…「…」…」 (use 『』 inside 「」): {text.strip()[:120]}")
    return found


def _po_entries(path: Path):
    """(line number, msgid, msgstr) of each entry of a .po file."""
    entry, key, start = {"msgid": "", "msgstr": ""}, None, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() + [""], start=1):
        match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[\d+\]) "(.*)"$', line)
        if match:
            key = "msgstr" if match.group(1).startswith("msgstr") else "msgid"
            if match.group(1) == "msgid":
                start = number
            entry[key] += match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip():
            if entry["msgid"]:
                yield start, entry["msgid"], entry["msgstr"]
            entry, key = {"msgid": "", "msgstr": ""}, None


def content_problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.lstrip().startswith("#"):
                found += problems_in(f"{path.relative_to(ROOT)}:{number}", line)
    return found


def template_problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "dxnavi").rglob("templates/**/*")):
        if path.suffix in (".html", ".txt", ".xml", ".svg"):
            text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", path.read_text(encoding="utf-8"))
            for number, line in enumerate(text.splitlines(), start=1):
                found += problems_in(f"{path.relative_to(ROOT)}:{number}", line)
    return found


def catalog_problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "dxnavi").rglob("locale/ja/LC_MESSAGES/django.po")):
        for number, msgid, msgstr in _po_entries(path):
            shown = msgstr or (msgid if re.search(JA_CHAR, msgid) else "")
            found += problems_in(f"{path.relative_to(ROOT)}:{number}", shown.replace('\\"', '"'))
    return found


@pytest.mark.parametrize("scan", [content_problems, template_problems, catalog_problems])
def test_japanese_punctuation_full_width_and_nested_quotes(scan):
    assert scan() == []


def test_problems_in_finds_half_width_colon_and_nested_quotes():
    assert problems_in("x", "出典: IPA") == ["x: half-width ':' after Japanese: 出典: IPA"]
    assert problems_in("x", "「「注意」を守る」") == ["x: 「…「…」…」 (use 『』 inside 「」): 「「注意」を守る」"]
    assert problems_in("x", "出典：IPA「『注意』を守る」 https://www.ipa.go.jp/") == []


def test_catalog_entries_are_read_with_continuation_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid "A"\nmsgstr ""\n"行目"\n": 誤り"\n\nmsgid "B"\nmsgstr "よい"\n', encoding="utf-8")
    assert list(_po_entries(po)) == [(1, "A", "行目: 誤り"), (6, "B", "よい")]
