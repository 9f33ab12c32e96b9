"""Numbered SQL migrations (``migrations/NNNN_name.sql``), applied in order, each in a transaction.

``PRAGMA user_version`` holds the applied number. A database newer than the code is refused
rather than guessed at: an older release must never write to a newer schema (rollback safety).
"""

from __future__ import annotations

import functools
import re
import sqlite3
from importlib import resources

import structlog

from linkedin_auto.db.connection import Database

log = structlog.get_logger(__name__)


class SchemaTooNew(RuntimeError):
    pass


def available() -> list[tuple[int, str, str]]:
    files = resources.files("linkedin_auto.db") / "migrations"
    found = []
    for f in files.iterdir():
        m = re.match(r"^(\d{4})_(\w+)\.sql$", f.name)
        if m:
            found.append((int(m.group(1)), m.group(2), f.read_text()))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..N without gaps: {numbers}")
    return found


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def latest_version() -> int:
    return len(available())


def migrate(db: Database) -> list[int]:
    """Apply pending migrations; returns the numbers applied (empty when up to date)."""
    migrations = available()
    current = current_version(db)
    if current > len(migrations):
        raise SchemaTooNew(
            f"database schema is version {current}, this release knows up to {len(migrations)}; "
            "upgrade the application or restore a backup made by this release"
        )
    applied: list[int] = []
    if current == len(migrations):
        return applied
    # A table rebuild (the only way to change a CHECK in SQLite) drops the old table; with
    # foreign keys on, that DROP would cascade into the rows that reference it. They are off
    # during migrations (the pragma is a no-op inside a transaction) and checked before each
    # commit instead.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        for number, name, sql in migrations[current:]:
            with db.transaction() as conn:
                # The api and the worker start together and may both migrate: re-read
                # the version under the write lock so only one of them applies each step.
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= number:
                    continue
                for statement in _split(sql):
                    conn.execute(statement)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration {number} breaks foreign keys: "
                                       f"{[tuple(r) for r in broken[:5]]}")
                conn.execute(f"PRAGMA user_version = {number}")
            log.info("migration_applied", number=number, name=name)
            applied.append(number)
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    return applied


def _split(sql: str) -> list[str]:
    # executescript() would COMMIT our transaction; statements here never contain ';' in text.
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


# -- the schema a version must have ---------------------------------------------------------
# A database at version N must hold exactly what migrations 1..N create: a restored backup or
# a live file missing a table, an index (such as messages_once, which makes a wish once-only)
# or with an extra trigger would pass "user_version" and fail, or misbehave, later.

SchemaObject = tuple[str, str]  # (type, name): ("table", "messages"), ("index", "messages_once")


def _normal(sql: str) -> str:
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return " ".join(without_comments.split())


def schema_of(conn: sqlite3.Connection) -> dict[SchemaObject, str]:
    """Tables, indexes, triggers and views with their SQL (SQLite's internal ones left out)."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    return {(str(r[0]), str(r[1])): _normal(str(r[2])) for r in rows}


@functools.lru_cache(maxsize=8)
def expected_schema(version: int) -> dict[SchemaObject, str]:
    """What migrations 1..version produce, applied to an empty in-memory database."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for _, _, sql in available()[:version]:
            for statement in _split(sql):
                conn.execute(statement)
        return schema_of(conn)
    finally:
        conn.close()


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the schema of ``conn`` differs from what its ``version`` must have (empty: none)."""
    expected, actual = expected_schema(version), schema_of(conn)
    missing = [f"missing {kind} {name}" for kind, name in expected if (kind, name) not in actual]
    differs = [f"{kind} {name} differs from what the migrations create"
               for (kind, name), sql in expected.items()
               if (kind, name) in actual and actual[(kind, name)] != sql]
    extra = [f"unexpected {kind} {name}" for kind, name in sorted(actual.keys() - expected)]
    return missing + differs + extra
