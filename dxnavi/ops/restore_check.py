"""Compare two databases table by table: does a restored copy hold exactly the original's data?

For every table found on either side we stream all rows (server-side cursor on PostgreSQL),
serialise each row canonically (columns sorted by name, every value tagged with its type) and
hash it with SHA-256. A table's checksum combines the row hashes by addition modulo 2**256, so it
does not depend on the physical row order, which a dump and restore is free to change; duplicate
rows still count twice. The column names and the row count go into the checksum as well.
Sequence positions (PostgreSQL sequences, SQLite's ``sqlite_sequence``) are compared too: a restore
that loses them makes the next insert collide with an existing primary key.

Only same-engine pairs are compared (PostgreSQL with PostgreSQL, SQLite with SQLite): the engines
return the same data as different Python types (SQLite has no boolean, JSON or decimal storage),
so a cross-engine checksum would differ on identical data.
"""

import datetime as dt
import decimal
import hashlib
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.db.utils import ConnectionHandler, load_backend

CHUNK_ROWS = 2000
_MOD = 2**256
SUPPORTED = ("postgresql", "sqlite")


class RestoreCheckError(Exception):
    """The comparison cannot be made (bad URL, missing file, different engines)."""


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


@dataclass
class TableResult:
    name: str
    default: TableSum | None
    other: TableSum | None

    @property
    def status(self) -> str:
        if self.default is None:
            return "missing in default"
        if self.other is None:
            return "missing in other"
        if self.default.rows != self.other.rows:
            return "rows differ"
        if self.default.checksum != self.other.checksum:
            return "checksum differs"
        return "ok"


@dataclass
class SequenceResult:
    name: str
    default: int | None
    other: int | None
    on_default: bool = True
    on_other: bool = True

    @property
    def status(self) -> str:
        if not self.on_default:
            return "missing in default"
        if not self.on_other:
            return "missing in other"
        return "ok" if self.default == self.other else "value differs"


@dataclass
class Comparison:
    default_label: str
    other_label: str
    tables: list[TableResult] = field(default_factory=list)
    sequences: list[SequenceResult] = field(default_factory=list)

    @property
    def differing(self) -> list[TableResult | SequenceResult]:
        return [item for item in [*self.tables, *self.sequences] if item.status != "ok"]

    @property
    def differing_names(self) -> list[str]:
        return [t.name for t in self.tables if t.status != "ok"] + [
            f"sequence {s.name}" for s in self.sequences if s.status != "ok"
        ]

    @property
    def identical(self) -> bool:
        return not self.differing

    @property
    def total_rows(self) -> int:
        return sum(t.default.rows for t in self.tables if t.default is not None)


# --- connections -------------------------------------------------------------------------


def connect(url: str, alias: str = "other"):
    """A Django connection (not registered in ``django.db.connections``) to the database at ``url``."""
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise RestoreCheckError(f"Cannot read the database URL: {error}") from error
    settings_dict = ConnectionHandler({"default": config}).settings["default"]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    if wrapper.vendor not in SUPPORTED:
        raise RestoreCheckError(f"Only PostgreSQL and SQLite databases can be compared, not {wrapper.vendor}.")
    if wrapper.vendor == "sqlite" and not Path(settings_dict["NAME"]).is_file():
        # Connecting would silently create an empty file and report every table as missing.
        raise RestoreCheckError(f"SQLite database file not found: {settings_dict['NAME']}")
    return wrapper


def label(wrapper) -> str:
    """Engine, database and server, never the user or password."""
    s = wrapper.settings_dict
    if wrapper.vendor == "sqlite":
        return f"sqlite {s['NAME']}"
    server = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    return f"{wrapper.vendor} {s['NAME']} on {server}"


def _identity(wrapper):
    s = wrapper.settings_dict
    if wrapper.vendor == "sqlite":
        name = str(s["NAME"])
        return ("sqlite", str(Path(name).resolve()) if not name.startswith("file:") else name)
    return (wrapper.vendor, s.get("HOST") or "localhost", str(s.get("PORT") or 5432), s["NAME"])


def check_comparable(default, other) -> None:
    if default.vendor != other.vendor:
        raise RestoreCheckError(
            f"Cannot compare a {default.vendor} database with a {other.vendor} database: the engines store "
            "the same data as different types. Restore into the same engine and compare that copy."
        )
    if _identity(default) == _identity(other):
        raise RestoreCheckError("--against points at the default database itself; give the restored copy.")


@contextmanager
def read_snapshot(wrapper):
    """One read-only transaction, so every table is read as of the same moment."""
    wrapper.ensure_connection()
    if wrapper.in_atomic_block:
        yield  # already inside a transaction (e.g. a test): read within it
        return
    begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if wrapper.vendor == "postgresql" else "BEGIN"
    with wrapper.cursor() as cursor:
        cursor.execute(begin)
    try:
        yield
    finally:
        with wrapper.cursor() as cursor:
            cursor.execute("ROLLBACK")


# --- checksums ---------------------------------------------------------------------------


def _canonical(value) -> list:
    """``[type tag, text]``: equal values give equal text, different types never collide."""
    if value is None:
        return ["null", ""]
    if isinstance(value, bool):
        return ["bool", "1" if value else "0"]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, decimal.Decimal):
        return ["decimal", str(value)]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ["bytes", bytes(value).hex()]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return ["datetime", value.astimezone(dt.timezone.utc).isoformat()]
        return ["naive-datetime", value.isoformat()]
    if isinstance(value, (dt.date, dt.time)):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, dt.timedelta):
        return ["interval", str(value // dt.timedelta(microseconds=1))]
    if isinstance(value, uuid.UUID):
        return ["uuid", str(value)]
    if isinstance(value, (dict, list, tuple)):
        # jsonb and arrays on PostgreSQL: keys sorted, so the text does not depend on key order.
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return ["json", text]
    return [type(value).__name__, str(value)]


def row_digest(order: list[int], row) -> int:
    """SHA-256 of the row's canonical text as an integer; ``order`` lists column positions by column name."""
    text = json.dumps([_canonical(row[i]) for i in order], ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def table_sum(wrapper, table: str) -> TableSum:
    """Row count and order-independent checksum of one table, streamed in chunks."""
    rows, total = 0, 0
    cursor = wrapper.chunked_cursor()
    try:
        cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")
        columns = [col[0] for col in cursor.description]
        order = sorted(range(len(columns)), key=columns.__getitem__)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            for row in chunk:
                total = (total + row_digest(order, row)) % _MOD
            rows += len(chunk)
    finally:
        cursor.close()
    header = "\x1f".join(sorted(columns))
    checksum = hashlib.sha256(f"{header}\x1e{rows}\x1e{total:064x}".encode("utf-8")).hexdigest()
    return TableSum(rows=rows, checksum=checksum)


def tables_of(wrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        return sorted(wrapper.introspection.table_names(cursor))


def sequences_of(wrapper) -> dict[str, int | None]:
    """Sequence name → last value handed out (None: never used)."""
    with wrapper.cursor() as cursor:
        if wrapper.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_catalog.pg_sequences "
                "WHERE schemaname = ANY (pg_catalog.current_schemas(false))"
            )
            return dict(cursor.fetchall())
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone() is None:
            return {}
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        return dict(cursor.fetchall())


def summarise(wrapper) -> tuple[dict[str, TableSum], dict[str, int | None]]:
    with read_snapshot(wrapper):
        tables = {table: table_sum(wrapper, table) for table in tables_of(wrapper)}
        return tables, sequences_of(wrapper)


def compare(default, other) -> Comparison:
    """Compare every table and sequence of the two (same-engine) databases."""
    check_comparable(default, other)
    left_tables, left_seqs = summarise(default)
    right_tables, right_seqs = summarise(other)
    result = Comparison(default_label=label(default), other_label=label(other))
    for name in sorted(left_tables.keys() | right_tables.keys()):
        result.tables.append(TableResult(name, left_tables.get(name), right_tables.get(name)))
    for name in sorted(left_seqs.keys() | right_seqs.keys()):
        result.sequences.append(
            SequenceResult(
                name, left_seqs.get(name), right_seqs.get(name), on_default=name in left_seqs, on_other=name in right_seqs
            )
        )
    return result


# --- reports -----------------------------------------------------------------------------


def _cell(side: TableSum | None) -> tuple[str, str]:
    return ("-", "-") if side is None else (str(side.rows), side.checksum[:12])


def verdict(result: Comparison) -> str:
    if result.identical:
        return f"identical: {len(result.tables)} tables, {result.total_rows} rows"
    tables = sum(1 for t in result.tables if t.status != "ok")
    sequences = sum(1 for s in result.sequences if s.status != "ok")
    names = ", ".join(f"{name} ({item.status})" for name, item in zip(result.differing_names, result.differing))
    return (
        f"DIFFERENT: {tables} of {len(result.tables)} tables and {sequences} of {len(result.sequences)} "
        f"sequences differ: {names}"
    )


def render_text(result: Comparison) -> str:
    width = max([len("table"), *(len(t.name) for t in result.tables)])
    lines = [
        f"default: {result.default_label}",
        f"other:   {result.other_label}",
        "",
        f"{'table':<{width}}  {'rows':>8}  {'checksum':<12}  {'other rows':>10}  {'other checksum':<14}  status",
    ]
    for table in result.tables:
        rows, checksum = _cell(table.default)
        other_rows, other_checksum = _cell(table.other)
        lines.append(
            f"{table.name:<{width}}  {rows:>8}  {checksum:<12}  {other_rows:>10}  {other_checksum:<14}  {table.status}"
        )
    same = sum(1 for s in result.sequences if s.status == "ok")
    lines.append("")
    lines.append(f"sequences: {same} of {len(result.sequences)} at the same position")
    for seq in result.sequences:
        if seq.status != "ok":
            lines.append(f"  {seq.name}: default {seq.default}, other {seq.other} ({seq.status})")
    lines.append(verdict(result))
    return "\n".join(lines)


def as_dict(result: Comparison) -> dict:
    def side(value: TableSum | None):
        return None if value is None else {"rows": value.rows, "checksum": value.checksum}

    return {
        "identical": result.identical,
        "default": result.default_label,
        "other": result.other_label,
        "tables": [
            {"table": t.name, "default": side(t.default), "other": side(t.other), "status": t.status}
            for t in result.tables
        ],
        "sequences": [
            {"sequence": s.name, "default": s.default, "other": s.other, "status": s.status} for s in result.sequences
        ],
        "summary": {
            "tables": len(result.tables),
            "rows": result.total_rows,
            "differing": result.differing_names,
            "verdict": verdict(result),
        },
    }
