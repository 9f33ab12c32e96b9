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


def test_fail_safe_migration_keeps_rows_and_treats_old_intents_as_clicked(
    tmp_path: Path,
) -> None:
    import sqlite3

    db = Database(tmp_path / "f.db")
    with db.transaction() as c:
        for number, _, sql in available()[:2]:
            for statement in _split(sql):
                c.execute(statement)
        c.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO runs (id, bot, status, created_at, error) VALUES"
               " (1, 'birthday', 'succeeded', 't', NULL),"
               " (2, 'birthday', 'cancelled', 't', 'skipped: bots are paused')")
    db.execute("INSERT INTO run_events (run_id, ts, kind, message) VALUES (1, 't', 'k', 'm')")
    db.execute("INSERT INTO contacts (id, profile_url, slug, created_at, updated_at)"
               " VALUES (1, 'u', 's', 't', 't')")
    ins = ("INSERT INTO messages (contact_id, occasion, kind, template, text, state, run_id,"
           " created_at) VALUES (1, ?, 'today', 't', 'x', ?, 1, 'T')")
    db.execute(ins, ("birthday:2025-01-01", "sent"))
    db.execute(ins, ("birthday:2026-01-01", "intent"))
    assert migrate(db) == list(range(3, latest_version() + 1))
    # Rebuilding runs did not cascade into its events nor null the ledger's run ids.
    assert db.scalar("SELECT COUNT(*) FROM run_events WHERE run_id = 1") == 1
    rows = [tuple(r) for r in db.query(
        "SELECT state, run_id, clicked_at FROM messages ORDER BY id")]
    assert rows == [("sent", 1, None), ("unverified", 1, "T")]
    assert [tuple(r) for r in db.query("SELECT id, status FROM runs ORDER BY id")] == [
        (1, "succeeded"), (2, "skipped")]
    assert db.scalar("PRAGMA foreign_keys") == 1
    # unverified holds the once-only slot; the new run statuses are accepted.
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(ins, ("birthday:2026-01-01", "intent"))
    for status in ("partial", "paused", "skipped"):
        db.execute("INSERT INTO runs (bot, status, created_at) VALUES ('visitor', ?, 't')",
                   (status,))
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO runs (bot, status, created_at) VALUES ('visitor', 'x', 't')")
    with pytest.raises(sqlite3.IntegrityError):  # 0002's index survived the rebuild
        db.execute("INSERT INTO runs (bot, status, created_at) VALUES ('a', 'queued', 't'),"
                   " ('a', 'running', 't')")
