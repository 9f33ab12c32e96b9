"""The one-time setup code that lets the first visitor choose the admin password.

Only its hash is stored (``admin.setup_code_hash``); the plain code is written to
``paths.setup_code_file`` (0600) for ``linkedin-auto setup-code`` and logged once at start.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets as pysecrets
from pathlib import Path

import structlog

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database
from linkedin_auto.errors import DomainError
from linkedin_auto.security import passwords, ratelimit
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

# No 0/O/1/I/L: the code is read off a console and typed on a phone.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class SetupError(DomainError, ValueError):
    """The setup code is wrong or already used (403)."""

    status_code = 403


class SetupDone(SetupError):
    """Setup is already done: log in instead (409)."""

    status_code = 409


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    raw = "".join(pysecrets.choice(_ALPHABET) for _ in range(12))  # ~59 bits
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _write_file(path: Path, code: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(code + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def current_setup_code(settings: Settings) -> str | None:
    """The pending code from its file, or None once setup is done."""
    path = settings.paths.setup_code_file
    if not path.is_file():
        return None
    code = path.read_text().strip()
    return code or None


def ensure_setup_code(db: Database, settings: Settings, clock: Clock) -> str | None:
    """Generate the code when no password exists yet; return the pending code or None."""
    path = settings.paths.setup_code_file
    row = db.query_one("SELECT password_hash, setup_code_hash FROM admin WHERE id = 1")
    if row is not None and row["password_hash"]:
        path.unlink(missing_ok=True)
        return None
    existing = current_setup_code(settings)
    if row is not None and row["setup_code_hash"] and existing is not None:
        if hmac.compare_digest(_hash(existing), row["setup_code_hash"]):
            return existing
    code = _new_code()
    now = iso(clock.now())
    with db.transaction() as c:
        c.execute(
            "INSERT INTO admin (id, setup_code_hash, setup_code_used_at, created_at)"
            " VALUES (1, ?, NULL, ?) ON CONFLICT(id) DO UPDATE SET"
            " setup_code_hash = excluded.setup_code_hash, setup_code_used_at = NULL",
            (_hash(code), now),
        )
    _write_file(path, code)
    log.info("setup_code_generated", file=str(path))
    return code


def setup_required(db: Database) -> bool:
    return not passwords.has_password(db)


def complete_setup(
    db: Database, settings: Settings, clock: Clock, code: str, password: str,
    client: str | None = None,
) -> None:
    """Check the code (constant time), set the password, burn the code and delete its file.

    Raises SetupError for a wrong/used code and WeakPassword for a weak password; the code
    stays valid after a weak-password refusal so the user can try another password. With a
    ``client``, a refused code counts as a failed attempt of that client (login throttling).
    """

    def refused(error: SetupError) -> SetupError:
        if client is not None:
            ratelimit.record_attempt(db, clock, client, ok=False)
            log.warning("setup_refused", client=client, reason=str(error))
        return error

    row = db.query_one("SELECT password_hash, setup_code_hash FROM admin WHERE id = 1")
    if row is None or row["password_hash"] or not row["setup_code_hash"]:
        raise refused(SetupDone("setup is already complete: log in instead"))
    if not hmac.compare_digest(_hash(code), row["setup_code_hash"]):
        raise refused(SetupError("the setup code is not valid"))
    passwords.check_strength(password)
    hashed = passwords.hash_password(password)
    now = iso(clock.now())
    with db.transaction() as c:
        cur = c.execute(
            "UPDATE admin SET password_hash = ?, password_changed_at = ?, setup_code_hash = NULL,"
            " setup_code_used_at = ? WHERE id = 1 AND password_hash IS NULL"
            " AND setup_code_hash = ?",
            (hashed, now, now, row["setup_code_hash"]),
        )
        used = cur.rowcount == 1
    if not used:  # a concurrent request used it first (nothing was changed)
        raise refused(SetupError("the setup code is not valid"))
    settings.paths.setup_code_file.unlink(missing_ok=True)
    log.info("setup_completed")
