"""Online backup while another process writes, then restore elsewhere; refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from linkedin_auto.backup import (
    RestoreRefused,
    create_backup,
    list_backups,
    restore_backup,
)
from linkedin_auto.clock import ManualClock, SystemClock
from linkedin_auto.db.connection import open_database
from linkedin_auto.db.migrate import latest_version
from linkedin_auto.settings import Settings

# Inserts rows two by two in one transaction each, so a consistent snapshot always holds an
# even number of them; it runs until killed.
WRITER = """
import sys, time
from linkedin_auto.db.connection import open_database
db = open_database(sys.argv[1])
i = 0
while True:
    with db.transaction() as c:
        for _ in range(2):
            c.execute("INSERT INTO audit_log (ts, bot, action, target_name) VALUES (?, 'birthday', 'message', ?)",
                      (str(i), "x" * 200))
            i += 1
    if i == 200:
        open(sys.argv[2], "w").write("started")
"""


def _settings(state: Path, keep: int = 7) -> Settings:
    return Settings(paths={"state_dir": state, "secrets_file": state / "secrets.env"},
                    backup={"keep": keep})


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_a_process_writes_then_restore_elsewhere(tmp_path: Path) -> None:
    state = tmp_path / "state"
    settings = _settings(state, keep=3)
    db = open_database(settings.paths.db_file)
    flag = tmp_path / "started"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(settings.paths.db_file),
                               str(flag)])
    try:
        deadline = time.monotonic() + 30
        while not flag.exists():
            assert writer.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        clock = ManualClock(SystemClock().now())
        made = []
        for _ in range(5):
            made.append(create_backup(db, settings, clock))
            clock.advance(timedelta(seconds=1))
            time.sleep(0.05)
        assert writer.poll() is None  # the writer was never blocked out
    finally:
        writer.kill()
        writer.wait(10)
    counts = [_count(p) for p in made[-3:]]
    assert all(c > 0 and c % 2 == 0 for c in counts), counts
    assert counts == sorted(counts)
    # Rotation kept the newest three; nothing temporary left behind.
    names = sorted(p.name for p in settings.paths.backups_dir.iterdir())
    assert names == sorted(p.name for p in made[-3:])
    assert [b["name"] for b in list_backups(settings)] == sorted(names, reverse=True)
    assert not list(settings.paths.backups_dir.glob("*-wal"))

    # Restore into a brand-new location.
    other = _settings(tmp_path / "elsewhere")
    assert restore_backup(other, made[-1]) is None  # nothing there to save first
    restored = open_database(other.paths.db_file)
    assert restored.scalar("PRAGMA integrity_check") == "ok"
    assert restored.scalar("PRAGMA journal_mode") == "wal"
    assert restored.scalar("PRAGMA user_version") == latest_version()
    assert restored.scalar("SELECT COUNT(*) FROM audit_log") == counts[-1]
    restored.close()
    total = db.scalar("SELECT COUNT(*) FROM audit_log")
    assert total >= counts[-1]
    db.close()


def test_restore_over_a_live_database_keeps_a_safety_copy(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    db.execute("INSERT INTO kv (key, value, updated_at) VALUES ('when', '\"old\"', 't')")
    backup = create_backup(db, settings, SystemClock())
    db.execute("UPDATE kv SET value = '\"new\"' WHERE key = 'when'")
    safety = restore_backup(settings, backup)
    # The open connection (another service) sees the restored content.
    assert db.scalar("SELECT value FROM kv WHERE key = 'when'") == '"old"'
    assert safety is not None and safety.name.startswith("linkedin-pre-restore-")
    conn = sqlite3.connect(safety)
    assert conn.execute("SELECT value FROM kv WHERE key = 'when'").fetchone()[0] == '"new"'
    conn.close()
    db.close()


def test_restore_refuses_a_corrupt_file_and_changes_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    for i in range(300):
        db.execute("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, 't')",
                   (f"k{i}", '"' + "v" * 500 + '"'))
    good = create_backup(db, settings, SystemClock())
    bad = tmp_path / "bad.db"
    data = bytearray(good.read_bytes())
    for off in range(4096 * 3, len(data) - 4096, 4096):
        data[off:off + 64] = b"\xff" * 64  # trash the page headers after the schema pages
    bad.write_bytes(bytes(data))
    with pytest.raises(RestoreRefused):
        restore_backup(settings, bad)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RestoreRefused, match="not a readable SQLite database"):
        restore_backup(settings, junk)
    with pytest.raises(RestoreRefused, match="no such file"):
        restore_backup(settings, tmp_path / "missing.db")
    assert db.scalar("SELECT COUNT(*) FROM kv") == 300
    assert not list(settings.paths.backups_dir.glob("linkedin-pre-restore-*"))
    db.close()


def test_restore_refuses_a_schema_newer_than_the_code(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    newer = create_backup(db, settings, SystemClock())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(RestoreRefused, match="newer than this release"):
        restore_backup(settings, newer)
    assert db.scalar("PRAGMA user_version") == latest_version()
    db.close()


def _damaged_copy(good: Path, dest: Path, *statements: str) -> Path:
    dest.write_bytes(good.read_bytes())
    conn = sqlite3.connect(dest)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()
    return dest


@pytest.mark.parametrize(("statements", "reason"), [
    (["DROP TABLE messages"], "missing table messages"),
    (["DROP INDEX messages_once"], "missing index messages_once"),
    (["DROP INDEX messages_once",
      "CREATE UNIQUE INDEX messages_once ON messages (contact_id, occasion) WHERE dry_run = 0"],
     "index messages_once differs"),
    (["DROP INDEX runs_one_active_per_bot"], "missing index runs_one_active_per_bot"),
    (["ALTER TABLE api_keys DROP COLUMN revoked_at"], "table api_keys differs"),
    ([("CREATE TRIGGER keep_keys AFTER UPDATE ON api_keys BEGIN"
       " UPDATE api_keys SET revoked_at = NULL; END")], "unexpected trigger keep_keys"),
])
def test_restore_refuses_a_schema_other_than_its_version_makes(
    tmp_path: Path, statements: list[str], reason: str
) -> None:
    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    db.execute("INSERT INTO kv (key, value, updated_at) VALUES ('live', '1', 't')")
    bad = _damaged_copy(create_backup(db, settings, SystemClock()), tmp_path / "bad.db",
                        *statements)
    with pytest.raises(RestoreRefused) as exc:
        restore_backup(settings, bad)
    assert reason in str(exc.value)
    assert str(tmp_path) not in str(exc.value)  # the API shows this message: no server paths
    assert db.scalar("SELECT value FROM kv WHERE key = 'live'") == "1"
    assert not list(settings.paths.backups_dir.glob("linkedin-pre-restore-*"))
    db.close()


def test_doctor_checks_the_live_schema_against_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkedin_auto.doctor import check_database

    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    ok = check_database(settings)
    assert ok.ok, ok.detail
    db.execute("DROP INDEX messages_once")
    db.execute("DROP TABLE messages")
    broken = check_database(settings)
    assert not broken.ok
    assert "missing table messages" in broken.detail
    assert "missing index messages_once" in broken.detail
    db.close()


def test_restore_keeps_the_live_sign_in_state(tmp_path: Path) -> None:
    from linkedin_auto.security import apikeys, passwords, sessions

    clock = SystemClock()
    settings = _settings(tmp_path / "state")
    db = open_database(settings.paths.db_file)
    passwords.set_password(db, clock, "old-Password-111")
    _, leaked = apikeys.create_key(db, clock, "leaked")
    old_session = sessions.create_session(db, clock, hours=24, client="old")
    backup = create_backup(db, settings, clock)
    # After the backup: the leaked key is revoked, the password changed (which signs every
    # session out), a new key and a new session made.
    leaked_id = apikeys.verify_key(db, clock, leaked)
    assert leaked_id is not None and apikeys.revoke_key(db, clock, leaked_id)
    passwords.set_password(db, clock, "new-Password-222")
    _, current = apikeys.create_key(db, clock, "current")
    new_session = sessions.create_session(db, clock, hours=24, client="new")
    restore_backup(settings, backup, clock)
    # The restored history is there, but who may sign in is what it was just before.
    assert apikeys.verify_key(db, clock, leaked) is None
    assert apikeys.verify_key(db, clock, current) is not None
    assert sessions.lookup_session(db, clock, old_session) is None
    assert sessions.lookup_session(db, clock, new_session) is not None
    assert passwords.verify_password("new-Password-222", passwords.password_hash(db))
    assert not passwords.verify_password("old-Password-111", passwords.password_hash(db))
    db.close()


def test_restore_onto_a_fresh_database_brings_no_sign_in_along(tmp_path: Path) -> None:
    from linkedin_auto.security import apikeys, passwords, setup

    clock = SystemClock()
    source = _settings(tmp_path / "old-device")
    db = open_database(source.paths.db_file)
    passwords.set_password(db, clock, "old-Password-111")
    _, key = apikeys.create_key(db, clock, "script")
    db.execute("INSERT INTO kv (key, value, updated_at) VALUES ('history', '1', 't')")
    backup = create_backup(db, source, clock)
    db.close()
    target = _settings(tmp_path / "new-device")
    restore_backup(target, backup, clock)
    db = open_database(target.paths.db_file)
    assert db.scalar("SELECT value FROM kv WHERE key = 'history'") == "1"
    assert apikeys.verify_key(db, clock, key) is None
    assert setup.setup_required(db)  # the new device asks for its own setup code
    db.close()
