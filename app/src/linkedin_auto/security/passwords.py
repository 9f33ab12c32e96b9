"""The admin password: strength rule, bcrypt hashing, changes that revoke sessions."""

from __future__ import annotations

import base64
import hashlib

import bcrypt

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database
from linkedin_auto.errors import InvalidInput

MIN_LENGTH = 10
# The most common leaked passwords of at least MIN_LENGTH characters, plus product-specific ones.
COMMON = frozenset(
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "qwertyuiop", "1q2w3e4r5t",
        "1qaz2wsx3edc", "password12", "password123", "password1234", "passw0rd123",
        "iloveyou12", "qwerty1234", "qwerty12345", "abcdefghij", "abc1234567", "football12",
        "baseball12", "princess12", "sunshine12", "superman12", "letmein123", "welcome123",
        "admin12345", "administrator", "changeme123", "trustno1234", "0987654321",
        "1111111111", "aaaaaaaaaa", "linkedin123", "linkedinauto", "linkedin-auto",
        "raspberrypi", "raspberry123", "motdepasse", "motdepasse123",
    }
)


class WeakPassword(InvalidInput, ValueError):
    """The password breaks a strength rule; the message says which one, ``loc`` which field."""


def check_strength(password: str, field: str = "password") -> None:
    loc = ("body", field)
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"password must be at least {MIN_LENGTH} characters long", loc)
    if password.lower() in COMMON:
        raise WeakPassword("password is too common: choose one that is not on leaked lists", loc)
    if len(set(password)) < 4:
        raise WeakPassword("password must use at least 4 different characters", loc)


def _prehash(password: str) -> bytes:
    # bcrypt only reads 72 bytes (bcrypt 5 refuses longer input): hash first, keep every byte.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=12)).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    if not hashed:
        return False
    return bcrypt.checkpw(_prehash(password), hashed.encode())


def password_hash(db: Database) -> str | None:
    return db.scalar("SELECT password_hash FROM admin WHERE id = 1")  # type: ignore[no-any-return]


def has_password(db: Database) -> bool:
    return password_hash(db) is not None


def set_password(db: Database, clock: Clock, password: str, field: str = "password") -> None:
    """Set the admin password (strength enforced, a refusal names ``field``) and revoke every
    session."""
    check_strength(password, field)
    hashed = hash_password(password)
    now = iso(clock.now())
    with db.transaction() as c:
        c.execute(
            "INSERT INTO admin (id, password_hash, password_changed_at, created_at)"
            " VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " password_hash = excluded.password_hash,"
            " password_changed_at = excluded.password_changed_at",
            (hashed, now, now),
        )
        c.execute(
            "UPDATE auth_sessions SET revoked_at = ? WHERE revoked_at IS NULL", (now,)
        )
