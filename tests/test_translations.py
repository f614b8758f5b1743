"""Japanese catalogs: complete, not fuzzy, format-safe, and up to date with the code.

Every ``dxnavi/<app>/locale/ja/LC_MESSAGES/django.po`` is found with a glob, so a new app's
catalog is checked without touching this file. No database is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CATALOGS = sorted(REPO.glob("dxnavi/*/locale/ja/LC_MESSAGES/django.po"))
APPS = sorted(p.parent.name for p in REPO.glob("dxnavi/*/apps.py"))
PLURAL_FORMS = "nplurals=1; plural=0;"


def _app_of(po: Path) -> str:
    return po.relative_to(REPO / "dxnavi").parts[0]


# --- a small PO parser ---------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plain msgstr is stored as index 0
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def label(self) -> str:
        ctx = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {ctx}{self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", '"': '"', "\\": "\\", "?": "?", "'": "'"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_STRING = re.compile(r'^(".*")\s*$')


def _unquote(token: str, where: str) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"{where}: not a quoted string: {token}")
    body = token[1:-1]

    def escape(m: re.Match) -> str:
        ch = m.group(1)
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        if re.fullmatch(r"x[0-9a-fA-F]+", ch):
            return chr(int(ch[1:], 16))
        if re.fullmatch(r"[0-7]+", ch):
            return chr(int(ch, 8))
        return ch

    return re.sub(r'\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)', escape, body)


def parse_po(path: Path) -> list[Entry]:
    """Parse a PO file into entries; obsolete (#~) entries are parsed and marked."""
    entries: list[Entry] = []
    current: Entry | None = None
    seen: set[str] = set()  # keywords already seen in the current entry
    target: tuple[str, int | None] | None = None  # field that continuation strings append to
    pending_flags: set[str] = set()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # "#~|": previous msgid of an obsolete entry
                continue
        if not line:
            current, target = None, None
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            if "msgstr" in seen:  # a comment after msgstr belongs to the next entry
                current, target = None, None
            continue
        where = f"{path}:{lineno}"
        m = _KEYWORD.match(line)
        if m:
            keyword, index, token = m.group(1), m.group(2), m.group(3)
            name = "msgstr" if keyword.startswith("msgstr") else keyword
            # msgctxt always opens an entry; msgid does unless it follows that entry's msgctxt.
            if name == "msgctxt" or (name == "msgid" and seen != {"msgctxt"}):
                current = Entry(flags=pending_flags, obsolete=obsolete, line=lineno)
                entries.append(current)
                seen, pending_flags = set(), set()
            elif current is None or name in seen and name != "msgstr":
                raise ValueError(f"{where}: {keyword} outside an entry")
            idx = (int(index) if index is not None else 0) if name == "msgstr" else None
            value = _unquote(token, where)
            if name == "msgstr":
                current.msgstr[idx] = value
            else:
                setattr(current, name, value)
            seen.add(name)
            target = (name, idx)
            continue
        m = _STRING.match(line)
        if m and current is not None and target is not None:
            name, idx = target
            value = _unquote(m.group(1), where)
            if name == "msgstr":
                current.msgstr[idx] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        raise ValueError(f"{where}: cannot parse line: {raw!r}")
    return entries


def live_entries(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if not e.obsolete]


def header_fields(path: Path) -> dict[str, str]:
    headers = [e for e in live_entries(path) if e.is_header]
    assert headers, f"{path}: no header entry (msgid \"\")"
    result = {}
    for line in headers[0].msgstr.get(0, "").splitlines():
        if ":" in line:
            name, value = line.split(":", 1)
            result[name.strip()] = value.strip()
    return result


# --- placeholders --------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsab%])")


def named_placeholders(text: str) -> Counter:
    return Counter(
        f"%({m.group('name')}){m.group('conv')}" for m in _PERCENT.finditer(text) if m.group("name") is not None
    )


def positional_placeholders(text: str) -> list[str]:
    return [m.group(0) for m in _PERCENT.finditer(text) if m.group("name") is None and m.group("conv") != "%"]


# --- catalog content -----------------------------------------------------------------------

catalog_params = pytest.mark.parametrize("po", CATALOGS, ids=[_app_of(p) for p in CATALOGS])


def test_catalogs_exist_for_core_apps():
    apps = {_app_of(p) for p in CATALOGS}
    assert {"accounts", "orgs", "web"} <= apps, f"found catalogs for {sorted(apps)}"


@catalog_params
def test_catalog_parses_without_duplicates(po):
    keys = Counter(e.key for e in live_entries(po))
    duplicates = [k for k, n in keys.items() if n > 1]
    assert not duplicates, f"{po}: duplicate entries {duplicates}"


@catalog_params
def test_header_declares_japanese_single_plural_form(po):
    fields = header_fields(po)
    assert fields.get("Plural-Forms") == PLURAL_FORMS, f"{po}: Plural-Forms is {fields.get('Plural-Forms')!r}"
    assert fields.get("Language") == "ja", f"{po}: Language is {fields.get('Language')!r}"


@catalog_params
def test_catalog_has_no_fuzzy_entries(po):
    fuzzy = [e.label() for e in live_entries(po) if "fuzzy" in e.flags]
    assert not fuzzy, f"{po}: {len(fuzzy)} fuzzy entries (the header counts too):\n" + "\n".join(fuzzy)


@catalog_params
def test_catalog_has_no_untranslated_entries(po):
    untranslated = []
    for e in live_entries(po):
        if e.is_header:
            continue
        # nplurals=1: msgstr, or msgstr[0] for a plural entry, must be filled (and any other form given).
        forms = [e.msgstr.get(0, ""), *e.msgstr.values()]
        if not all(f.strip() for f in forms):
            untranslated.append(e.label())
    assert not untranslated, f"{po}: {len(untranslated)} untranslated entries:\n" + "\n".join(untranslated)


@catalog_params
def test_placeholders_match_between_msgid_and_msgstr(po):
    problems = []
    for e in live_entries(po):
        if e.is_header:
            continue
        source = e.msgid if e.msgid_plural is None else e.msgid_plural
        check_positional = "python-format" in e.flags or "c-format" in e.flags
        for index, text in sorted(e.msgstr.items()):
            if not text:
                continue  # reported by the untranslated test
            if named_placeholders(source) != named_placeholders(text):
                problems.append(
                    f"{e.label()} msgstr[{index}]: named {sorted(named_placeholders(text).elements())}"
                    f" != {sorted(named_placeholders(source).elements())}"
                )
            if check_positional and positional_placeholders(source) != positional_placeholders(text):
                problems.append(
                    f"{e.label()} msgstr[{index}]: positional {positional_placeholders(text)}"
                    f" != {positional_placeholders(source)}"
                )
    assert not problems, f"{po}: placeholder mismatches:\n" + "\n".join(problems)


@catalog_params
def test_catalog_compiles_with_format_checks(po):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) not installed")
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", os.devnull, str(po)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- catalog is up to date with the code ---------------------------------------------------


def _django_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env["DJANGO_SETTINGS_MODULE"] = "dxnavi.settings"
    return env


@pytest.mark.parametrize("app", APPS)
def test_committed_catalog_up_to_date_with_code(app, tmp_path):
    """makemessages on a copy of the app (without its catalog) finds no msgid the committed .po lacks."""
    source = REPO / "dxnavi" / app
    copy = tmp_path / app
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    (copy / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ja", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=_django_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed for {app}:\n{result.stdout}\n{result.stderr}"
    fresh = copy / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    committed = source / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    if not fresh.exists():
        return  # the app has no translatable strings
    wanted = {e.key: e for e in live_entries(fresh) if not e.is_header}
    assert committed.exists(), f"{app} has {len(wanted)} translatable strings but no {committed.relative_to(REPO)}"
    have = {e.key for e in live_entries(committed)}
    missing = [wanted[k].label() for k in wanted if k not in have]
    assert not missing, (
        f"{committed.relative_to(REPO)} lacks {len(missing)} msgids found in the code; run makemessages -l ja "
        f"--no-obsolete in dxnavi/{app} and translate them:\n" + "\n".join(missing)
    )


# --- the parser itself ---------------------------------------------------------------------


def test_parser_handles_multiline_plural_flags_and_obsolete(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: ja\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
        "\n"
        "#: a.py:1\n"
        "#, fuzzy, python-format\n"
        'msgid ""\n'
        '"Hello %(name)s, "\n'
        '"welcome \\"back\\""\n'
        'msgstr "こんにちは"\n'
        "#, python-format\n"
        'msgctxt "menu"\n'
        'msgid "%(n)s item"\n'
        'msgid_plural "%(n)s items"\n'
        'msgstr[0] ""\n'
        '"%(n)s 件"\n'
        "\n"
        '#~ msgid "Old"\n'
        '#~ msgstr "古い"\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    header, hello, items, old = entries
    assert header.is_header and header_fields(po)["Plural-Forms"] == PLURAL_FORMS
    assert hello.msgid == 'Hello %(name)s, welcome "back"'
    assert hello.flags == {"fuzzy", "python-format"}
    assert (items.msgctxt, items.msgid_plural, items.msgstr) == ("menu", "%(n)s items", {0: "%(n)s 件"})
    assert items.flags == {"python-format"}
    assert old.obsolete and old.msgstr == {0: "古い"}
    assert [e.msgid for e in live_entries(po)] == ["", 'Hello %(name)s, welcome "back"', "%(n)s item"]


def test_placeholder_extraction_ignores_literal_percent():
    assert named_placeholders("%(org)s has 100%% of %(org)s") == Counter({"%(org)s": 2})
    assert positional_placeholders("%s and %d, 50%%") == ["%s", "%d"]


def test_same_msgid_has_one_translation_across_catalogs():
    """Django merges every app's catalog and the first app wins: a msgid translated differently in two
    apps shows one of them everywhere. Use a distinct msgid (or a msgctxt) where the meaning differs."""
    translations: dict[tuple, dict[str, list[str]]] = {}
    for po in CATALOGS:
        for e in live_entries(po):
            if not e.is_header:
                translations.setdefault(e.key, {}).setdefault(e.msgstr.get(0, ""), []).append(_app_of(po))
    clashes = {key[1]: apps for key, apps in translations.items() if len(apps) > 1}
    assert clashes == {}
