"""verify_restore's comparison on small SQLite files: what counts as identical and what as different."""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxnavi.ops import restore_check

ROOT = Path(__file__).resolve().parents[2]

# pytest-django blocks every database connection outside a django_db test, ours included.
pytestmark = pytest.mark.django_db

SCHEMA = """
CREATE TABLE firm (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, score REAL, meta TEXT);
CREATE TABLE tag (firm_id INTEGER, label TEXT);
"""
FIRMS = [(1, "テスト工業株式会社", 72.5, '{"a": 1}'), (2, "デモ精工株式会社", None, None), (3, "三番商店", -1.0, "[]")]


def make_db(path: Path, firms=FIRMS, tags=(("1", "x"), ("1", "x"), ("2", "y"))) -> str:
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO firm VALUES (?, ?, ?, ?)", firms)
        db.executemany("INSERT INTO tag VALUES (?, ?)", tags)
    db.close()
    return f"sqlite:///{path}"


def compare(left_url: str, right_url: str) -> restore_check.Comparison:
    left, right = restore_check.connect(left_url, "left"), restore_check.connect(right_url, "right")
    try:
        return restore_check.compare(left, right)
    finally:
        left.close()
        right.close()


def statuses(result: restore_check.Comparison) -> dict[str, str]:
    return {**{t.name: t.status for t in result.tables}, **{f"sequence {s.name}": s.status for s in result.sequences}}


def test_compare_same_rows_in_other_physical_order_identical(tmp_path):
    left = make_db(tmp_path / "a.sqlite3")
    right = make_db(tmp_path / "b.sqlite3", firms=list(reversed(FIRMS)), tags=(("2", "y"), ("1", "x"), ("1", "x")))
    result = compare(left, right)
    assert statuses(result) == {"firm": "ok", "tag": "ok", "sequence firm": "ok"}
    assert result.identical is True
    assert restore_check.verdict(result) == "identical: 2 tables, 6 rows"


def test_compare_changed_value_checksum_differs(tmp_path):
    left = make_db(tmp_path / "a.sqlite3")
    right = make_db(tmp_path / "b.sqlite3", firms=[FIRMS[0], (2, "デモ精工株式会社 ", None, None), FIRMS[2]])
    result = compare(left, right)
    assert statuses(result)["firm"] == "checksum differs"
    assert result.differing_names == ["firm"]


def test_compare_duplicate_row_lost_rows_differ(tmp_path):
    left = make_db(tmp_path / "a.sqlite3")
    right = make_db(tmp_path / "b.sqlite3", tags=(("1", "x"), ("2", "y")))
    assert statuses(compare(left, right))["tag"] == "rows differ"


def test_compare_null_and_empty_text_differ(tmp_path):
    left = make_db(tmp_path / "a.sqlite3")
    right = make_db(tmp_path / "b.sqlite3", firms=[FIRMS[0], (2, "デモ精工株式会社", None, ""), FIRMS[2]])
    assert statuses(compare(left, right))["firm"] == "checksum differs"


def test_compare_missing_table_and_sequence_position(tmp_path):
    left = make_db(tmp_path / "a.sqlite3")
    right_path = tmp_path / "b.sqlite3"
    right = make_db(right_path)
    with sqlite3.connect(right_path) as db:
        db.execute("DROP TABLE tag")
        db.execute("INSERT INTO firm (name) VALUES ('消える行')")
        db.execute("DELETE FROM firm WHERE name = '消える行'")  # rows equal again, the sequence moved on
    db.close()
    result = compare(left, right)
    assert statuses(result) == {"firm": "ok", "tag": "missing in other", "sequence firm": "value differs"}
    assert restore_check.verdict(result) == (
        "DIFFERENT: 1 of 2 tables and 1 of 1 sequences differ: tag (missing in other), sequence firm (value differs)"
    )


def test_connect_missing_sqlite_file_refused(tmp_path):
    with pytest.raises(restore_check.RestoreCheckError, match="SQLite database file not found"):
        restore_check.connect(f"sqlite:///{tmp_path / 'absent.sqlite3'}")
    assert (tmp_path / "absent.sqlite3").exists() is False


def test_compare_cross_engine_refused(tmp_path):
    sqlite_db = restore_check.connect(make_db(tmp_path / "a.sqlite3"))
    postgres_db = restore_check.connect("postgres://someone:secret@127.0.0.1:5432/dxnavi_copy")
    with pytest.raises(restore_check.RestoreCheckError, match="Cannot compare a sqlite database with a postgresql"):
        restore_check.compare(sqlite_db, postgres_db)
    assert "secret" not in restore_check.label(postgres_db)
    assert restore_check.label(postgres_db) == "postgresql dxnavi_copy on 127.0.0.1:5432"


def test_compare_same_database_refused(tmp_path):
    url = make_db(tmp_path / "a.sqlite3")
    with pytest.raises(restore_check.RestoreCheckError, match="points at the default database itself"):
        compare(url, url)


def test_canonical_values_typed_and_normalised():
    jst = dt.timezone(dt.timedelta(hours=9))
    moment = dt.datetime(2026, 4, 1, 9, 0, tzinfo=jst)
    assert restore_check._canonical(moment) == restore_check._canonical(moment.astimezone(dt.timezone.utc))
    assert restore_check._canonical({"b": 1, "a": [1, 2]}) == restore_check._canonical({"a": [1, 2], "b": 1})
    assert restore_check._canonical(True) != restore_check._canonical(1)
    assert restore_check._canonical(None) != restore_check._canonical("")
    assert restore_check._canonical(b"\x00\xff") == ["bytes", "00ff"]


def _manage(*args, default_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DXNAVI_", "DATABASE_URL"))}
    env["DATABASE_URL"] = default_url
    return subprocess.run(
        [sys.executable, "manage.py", "verify_restore", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_verify_restore_command_exit_status_and_json(tmp_path):
    original = make_db(tmp_path / "original.sqlite3")
    copy_path = tmp_path / "copy.sqlite3"
    copy = make_db(copy_path)

    same = _manage("--against", copy, default_url=original)
    assert same.returncode == 0, same.stderr
    assert same.stdout.splitlines()[-1] == "identical: 2 tables, 6 rows"
    assert "postgres" not in same.stdout

    with sqlite3.connect(copy_path) as db:
        db.execute("UPDATE firm SET score = 72.50001 WHERE id = 1")
    db.close()
    changed = _manage("--against", copy, "--json", default_url=original)
    assert changed.returncode == 1
    report = json.loads(changed.stdout)
    assert report["identical"] is False
    assert report["summary"]["differing"] == ["firm"]
    assert [t["status"] for t in report["tables"]] == ["checksum differs", "ok"]
    assert report["tables"][1] == {
        "table": "tag",
        "default": report["tables"][1]["other"],
        "other": {"rows": 3, "checksum": report["tables"][1]["other"]["checksum"]},
        "status": "ok",
    }

    cross = _manage("--against", "postgres://someone:secret@127.0.0.1:5432/x", default_url=original)
    assert cross.returncode == 2
    assert "Cannot compare a sqlite database with a postgresql database" in cross.stderr
