"""Numbered migrations on an empty database and on one holding data."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkedin_auto.db.connection import Database
from linkedin_auto.db.migrate import (
    SchemaTooNew,
    _split,
    available,
    current_version,
    latest_version,
    migrate,
)


def test_empty_database_gets_every_migration(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.db")
    assert migrate(db) == list(range(1, latest_version() + 1))
    assert current_version(db) == latest_version()
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert migrate(db) == []  # idempotent


def test_existing_database_keeps_its_data(tmp_path: Path) -> None:
    db = Database(tmp_path / "b.db")
    number, _, sql = available()[0]
    # A database made by the first release: only migration 1, with data in it.
    with db.transaction() as c:
        for statement in _split(sql):
            c.execute(statement)
        c.execute(f"PRAGMA user_version = {number}")
    db.execute("INSERT INTO runs (bot, status, created_at) VALUES ('birthday', 'succeeded', 't')")
    db.execute("INSERT INTO kv (key, value, updated_at) VALUES ('k', '1', 't')")
    applied = migrate(db)
    assert applied == list(range(2, latest_version() + 1))
    assert db.scalar("SELECT COUNT(*) FROM runs") == 1
    assert db.scalar("SELECT value FROM kv WHERE key = 'k'") == "1"
    assert migrate(db) == []


def test_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.db")
    migrate(db)
    db.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(SchemaTooNew, match="upgrade the application"):
        migrate(db)
    assert current_version(db) == latest_version() + 1  # nothing touched


def test_one_active_run_per_bot_is_enforced_by_the_schema(tmp_path: Path) -> None:
    import sqlite3

    db = Database(tmp_path / "d.db")
    migrate(db)
    ins = "INSERT INTO runs (bot, status, created_at) VALUES (?, ?, 't')"
    db.execute(ins, ("birthday", "queued"))
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(ins, ("birthday", "running"))
    db.execute(ins, ("visitor", "running"))
    db.execute(ins, ("birthday", "succeeded"))
    db.execute(ins, ("birthday", "failed"))


def test_services_starting_together_migrate_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "e.db"
    code = ("import sys; from linkedin_auto.db.connection import open_database; "
            "open_database(sys.argv[1]).close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
             for _ in range(4)]
    results = [(p.wait(60), p.stderr.read() if p.stderr else b"") for p in procs]
    assert all(rc == 0 for rc, _ in results), results
    db = Database(path)
    assert current_version(db) == latest_version()
    assert migrate(db) == []
