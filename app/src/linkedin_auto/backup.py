"""Online backups with the SQLite backup API, and restore.

Never a file copy: with WAL the main file alone can miss committed transactions. The backup API
reads a consistent snapshot through its own connection, so the worker can keep writing.

Restore copies a checked backup INTO the live database with the same backup API: other
processes see the new content at their next read and the WAL stays consistent, so it is safe
while services run. Stopping them first (``systemctl stop linkedin-auto.target``) is still the
advice: a run in progress would keep writing rows about a history that no longer exists.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from linkedin_auto.clock import Clock, SystemClock
from linkedin_auto.db.connection import Database, connect
from linkedin_auto.db.migrate import latest_version, migrate, schema_problems
from linkedin_auto.errors import InvalidInput
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

PREFIX = "linkedin-"
SAFETY_PREFIX = "pre-restore-"
_ROTATED = re.compile(r"^linkedin-\d{8}T\d{6}(\d{6})?Z\.db$")


class RestoreRefused(InvalidInput, ValueError):
    """The file is not a usable backup; the message says why. Nothing was changed.

    The API names the backup (``path.name``) at fault: ``name`` is set by ``restore_backup``."""

    error_type = "restore_refused"

    def __init__(self, message: str):
        super().__init__(message, ["path", "name"])
        self.name: str | None = None

    @property
    def detail(self) -> Any:
        msg = f"{self.name}: {self}" if self.name else str(self)
        return [{"loc": self.loc, "msg": msg, "type": self.type_}]


def _stamp(clock: Clock) -> str:
    return clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _copy(source: Path, dest: Path) -> None:
    """Backup API copy of ``source`` into a new single file ``dest`` (rollback journal mode)."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.unlink(missing_ok=True)
    src = connect(source)
    try:
        out = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            src.backup(out)
            # A self-contained file: no -wal beside it to forget when copying it elsewhere.
            out.execute("PRAGMA journal_mode=DELETE")
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise RuntimeError(f"backup copy failed its integrity check: {result}")
        finally:
            out.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(tmp, dest)


def create_backup(db: Database, settings: Settings, clock: Clock, *, prefix: str = PREFIX) -> Path:
    """Write ``backups_dir/linkedin-<UTC timestamp>.db``, verify it and keep the newest N."""
    backups = settings.paths.backups_dir
    backups.mkdir(parents=True, exist_ok=True)
    dest = backups / f"{prefix}{_stamp(clock)}.db"
    _copy(db.path, dest)
    os.chmod(dest, 0o600)  # the database holds the encrypted session and hashed credentials
    log.info("backup_created", file=dest.name, size=dest.stat().st_size)
    if prefix == PREFIX:
        _prune(backups, settings.backup.keep)
    return dest


def _prune(backups: Path, keep: int) -> None:
    rotated = sorted(p for p in backups.iterdir() if _ROTATED.match(p.name))
    for old in rotated[:-keep] if keep > 0 else rotated:
        old.unlink(missing_ok=True)
        log.info("backup_pruned", file=old.name)


def latest_backup_at(settings: Settings) -> datetime | None:
    """When the newest rotated backup was made (from its name), or None."""
    backups = settings.paths.backups_dir
    stamps = sorted(p.name for p in backups.iterdir() if _ROTATED.match(p.name)) \
        if backups.is_dir() else []
    if not stamps:
        return None
    raw = stamps[-1][len(PREFIX):-len("Z.db")]
    fmt = "%Y%m%dT%H%M%S%f" if len(raw) > 15 else "%Y%m%dT%H%M%S"
    return datetime.strptime(raw, fmt).replace(tzinfo=UTC)


def list_backups(settings: Settings) -> list[dict[str, Any]]:
    backups = settings.paths.backups_dir
    if not backups.is_dir():
        return []
    out = []
    for p in sorted(backups.glob("*.db"), reverse=True):
        st = p.stat()
        out.append({
            "name": p.name,
            "size": st.st_size,
            "created_at": datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="seconds"),
        })
    return out


def check_backup_file(path: Path) -> int:
    """Integrity and schema checks on a candidate file; returns its schema version.

    The schema must be exactly what the migrations up to the file's recorded version create.
    Messages never name the file's location: the API shows them to the client.
    """
    if not path.is_file():
        raise RestoreRefused("no such file")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if result != "ok":
                raise RestoreRefused(f"integrity check failed: {result}")
            if version < 1:
                raise RestoreRefused("not a LinkedIn Auto database (no schema version)")
            if version > latest_version():
                raise RestoreRefused(
                    f"schema version {version} is newer than this release knows "
                    f"({latest_version()}); upgrade the application first"
                )
            problems = schema_problems(conn, version)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"not a readable SQLite database ({exc})") from None
    if problems:
        shown = "; ".join(problems[:10]) + ("; ..." if len(problems) > 10 else "")
        raise RestoreRefused(
            f"not the schema of a LinkedIn Auto database at version {version}: {shown}"
        )
    return version


# Who may sign in belongs to the device as it is now, not to the backup's past: a restore must
# never bring back a revoked API key, an old password or a signed-out session. These tables
# keep their live content across a restore (empty if the live database had none).
AUTH_TABLES = ("admin", "auth_sessions", "api_keys", "login_attempts")

AuthState = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def _auth_state(db: Database) -> AuthState:
    with db.lock:
        tables = {r[0] for r in db.raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        state: AuthState = {}
        for table in AUTH_TABLES:
            if table in tables:
                cur = db.raw.execute(f"SELECT * FROM {table}")
                state[table] = ([d[0] for d in cur.description], [tuple(r) for r in cur])
            else:
                state[table] = ([], [])
    return state


def _put_auth_state(db: Database, state: AuthState) -> None:
    with db.transaction() as conn:
        for table, (columns, rows) in state.items():
            conn.execute(f"DELETE FROM {table}")
            # The columns both schemas have: a live database one release ahead (a rollback
            # restoring an older backup) may hold columns this release does not know.
            known = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            keep = [i for i, c in enumerate(columns) if c in known]
            if rows and keep:
                names = ", ".join(columns[i] for i in keep)
                marks = ", ".join("?" * len(keep))
                conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                 [tuple(row[i] for i in keep) for row in rows])


def restore_backup(settings: Settings, path: Path, clock: Clock | None = None) -> Path | None:
    """Replace the live database with ``path`` after checking it.

    The backup is first copied to a staging file beside the backups, migrated to this release
    and given the live sign-in state (AUTH_TABLES); only that finished copy reaches the live
    database, in one backup-API step. Returns the safety backup taken of the current database
    (None if there was none).
    """
    clock = clock or SystemClock()
    path = Path(path)
    try:
        check_backup_file(path)
    except RestoreRefused as exc:
        exc.name = path.name
        raise
    live_path = settings.paths.db_file
    live_path.parent.mkdir(parents=True, exist_ok=True)
    settings.paths.backups_dir.mkdir(parents=True, exist_ok=True)
    staging_path = settings.paths.backups_dir / f".restore-{_stamp(clock)}.db"
    safety = None
    live = Database(live_path)
    try:
        auth = _auth_state(live)
        staging = Database(staging_path)
        try:
            src = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
            try:
                with staging.lock:
                    src.backup(staging.raw)
            finally:
                src.close()
            # The copy brought the backup's journal mode: back to WAL, then bring the schema
            # up to date (an older backup restored into a newer release).
            staging.execute("PRAGMA journal_mode=WAL")
            applied = migrate(staging)
            _put_auth_state(staging, auth)
            result = staging.scalar("PRAGMA integrity_check")
            if result != "ok":
                raise RuntimeError(f"restored database failed its integrity check: {result}")
            if live_path.stat().st_size > 0 and live.scalar("PRAGMA user_version"):
                safety = create_backup(live, settings, clock, prefix=f"{PREFIX}{SAFETY_PREFIX}")
            with staging.lock, live.lock:
                staging.raw.backup(live.raw)
            live.execute("PRAGMA journal_mode=WAL")
        finally:
            staging.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{staging_path}{suffix}").unlink(missing_ok=True)
    finally:
        live.close()
    log.info("backup_restored", file=path.name, safety_backup=safety.name if safety else None,
             migrations_applied=applied, sign_in_state="kept from the live database")
    return safety
