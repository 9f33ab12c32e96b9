"""The LinkedIn session vault: imported cookies, normalised to a Playwright storage_state,
encrypted at rest with Fernet (VAULT_KEY), with the browser identity pinned beside them.

Accepted inputs: a Playwright ``storage_state`` JSON, a Cookie-Editor / EditThisCookie JSON
export (a list of cookies), or a bare ``li_at`` value. Nothing here ever logs a cookie value.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, ValidationError

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database, dumps, loads
from linkedin_auto.errors import InvalidInput
from linkedin_auto.security.secrets import Secrets

MAX_BYTES = 1024 * 1024
# A current desktop Chrome on Linux: the kind of browser LinkedIn sees most from a home network.
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Safari/537.36"
)
STATUSES = ("unchecked", "valid", "expired", "checkpoint", "error")
_SAMESITE = {
    "no_restriction": "None", "none": "None", "lax": "Lax", "strict": "Strict",
    # Chrome treats a cookie without SameSite as Lax.
    "unspecified": "Lax", "": "Lax",
}
_LI_AT_VALUE = re.compile(r'^[A-Za-z0-9_\-.~%+/=:"]{20,4096}$')
# A storage_state is 4 levels deep (origins[].localStorage[].name); anything far deeper is not a
# session, and Python's JSON parser would hit its recursion limit on it (a crash, not a refusal).
MAX_JSON_DEPTH = 32
# Cookie expiry: -1 (a session cookie) or seconds since 1970, at most the end of year 9999 (the
# largest date Python, SQLite text dates and Chromium all handle).
MAX_EXPIRES = 253402300799
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class SessionImportError(InvalidInput, ValueError):
    """The uploaded session is unusable; the message says precisely why.

    ``field`` is the input it is about (``content``, ``timezone_id``, ``viewport.width``...).
    """

    def __init__(self, message: str, field: str = "content"):
        super().__init__(message, ["body", *field.split(".")])
        self.field = field


def decode_upload(raw: bytes) -> str:
    """An uploaded session file as text (refused, naming the ``file`` field, unless UTF-8)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionImportError("file is not UTF-8 text", "file") from None


class SessionMissing(LookupError):
    """No LinkedIn session has been imported."""


class Viewport(BaseModel):
    width: int = Field(1280, ge=320, le=3840)
    height: int = Field(800, ge=320, le=2160)


class Identity(BaseModel):
    user_agent: str = Field(DEFAULT_USER_AGENT, min_length=10, max_length=512)
    locale: str = Field("en-US", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    timezone_id: str = "UTC"
    viewport: Viewport = Field(default_factory=lambda: Viewport(width=1280, height=800))


@dataclass(frozen=True)
class Normalised:
    storage_state: dict[str, Any]
    source: str  # storage_state | cookie_export | li_at
    expires_at: datetime | None


def _is_linkedin(domain: str) -> bool:
    d = domain.lstrip(".").lower()
    return d == "linkedin.com" or d.endswith(".linkedin.com")


def _too_deep(text: str) -> bool:
    depth = 0
    for m in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def _refuse_constant(name: str) -> Any:
    raise SessionImportError(f"{name} is not a finite number: JSON numbers must be finite")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise SessionImportError(f"{text} is not a finite number: JSON numbers must be finite")
    return value


def parse_json(text: str) -> Any:
    """Strict JSON: bounded depth, no NaN/Infinity, no number that overflows to infinity."""
    if _too_deep(text):
        raise SessionImportError(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise SessionImportError(
            f"content is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None


def _expiry(value: Any, where: str) -> float:
    """-1 or a finite time in seconds since 1970 no later than year 9999; refused otherwise."""
    bad = SessionImportError(
        f"{where} must be -1 (a session cookie) or seconds since 1970 up to year 9999,"
        f" not {str(value)[:40]!r}"
    )
    if isinstance(value, bool):
        raise bad
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise bad from None
    if not math.isfinite(seconds) or not (seconds == -1 or 0 < seconds <= MAX_EXPIRES):
        raise bad
    return seconds


def _cookie_from_export(i: int, c: Any) -> dict[str, Any]:
    if not isinstance(c, dict):
        raise SessionImportError(f"cookie #{i + 1} is not an object")
    for key in ("name", "value", "domain"):
        if not isinstance(c.get(key), str) or (key != "value" and not c.get(key)):
            raise SessionImportError(f"cookie #{i + 1} has no '{key}' string")
    same_site_raw = str(c.get("sameSite") or "").lower()
    if same_site_raw not in _SAMESITE:
        raise SessionImportError(
            f"cookie {c['name']!r} has an unknown sameSite value {c.get('sameSite')!r}"
        )
    domain = c["domain"]
    if not c.get("hostOnly") and not domain.startswith("."):
        domain = "." + domain
    expires: float = -1
    if not c.get("session") and c.get("expirationDate") is not None:
        expires = _expiry(c["expirationDate"], f"cookie #{i + 1} ({c['name']}) expirationDate")
    return {
        "name": c["name"], "value": c["value"], "domain": domain,
        "path": c.get("path") or "/", "expires": expires,
        "httpOnly": bool(c.get("httpOnly")), "secure": bool(c.get("secure")),
        "sameSite": _SAMESITE[same_site_raw],
    }


def _cookie_from_state(i: int, c: Any) -> dict[str, Any]:
    if not isinstance(c, dict):
        raise SessionImportError(f"cookies[{i}] is not an object")
    for key in ("name", "value", "domain"):
        if not isinstance(c.get(key), str) or (key != "value" and not c.get(key)):
            raise SessionImportError(f"cookies[{i}] has no '{key}' string")
    same_site = c.get("sameSite", "Lax")
    if same_site not in ("Strict", "Lax", "None"):
        raise SessionImportError(
            f"cookies[{i}].sameSite must be Strict, Lax or None, not {same_site!r}"
        )
    expires = _expiry(c.get("expires", -1), f"cookies[{i}].expires")
    return {
        "name": c["name"], "value": c["value"], "domain": c["domain"],
        "path": c.get("path") or "/", "expires": expires,
        "httpOnly": bool(c.get("httpOnly")), "secure": bool(c.get("secure")),
        "sameSite": same_site,
    }


def normalise(content: str, now: datetime) -> Normalised:
    """Turn any accepted input into a storage_state; raise SessionImportError otherwise."""
    if len(content.encode()) > MAX_BYTES:
        raise SessionImportError(f"content is larger than {MAX_BYTES // 1024} KiB")
    text = content.strip().lstrip("\ufeff")
    if not text:
        raise SessionImportError("content is empty")
    if text[0] in "[{":
        data = parse_json(text)
        if isinstance(data, list):
            source = "cookie_export"
            cookies = [_cookie_from_export(i, c) for i, c in enumerate(data)]
            origins: list[Any] = []
        elif isinstance(data, dict) and isinstance(data.get("cookies"), list):
            source = "storage_state"
            cookies = [_cookie_from_state(i, c) for i, c in enumerate(data["cookies"])]
            origins = data.get("origins") or []
            if not isinstance(origins, list):
                raise SessionImportError("storage_state 'origins' must be a list")
        else:
            raise SessionImportError(
                "JSON must be a Playwright storage_state (an object with a 'cookies' list)"
                " or a cookie export (a list of cookies)"
            )
    else:
        source = "li_at"
        value = text.removeprefix("li_at=").strip()
        if not _LI_AT_VALUE.match(value):
            raise SessionImportError(
                "not JSON and not an li_at value (expected 20 or more cookie characters,"
                " no spaces or semicolons)"
            )
        cookies = [{
            "name": "li_at", "value": value, "domain": ".linkedin.com", "path": "/",
            "expires": -1, "httpOnly": True, "secure": True, "sameSite": "None",
        }]
        origins = []
    li_at = [c for c in cookies if c["name"] == "li_at"]
    if not li_at:
        raise SessionImportError("no li_at cookie found: export the cookies of linkedin.com")
    good = [c for c in li_at if _is_linkedin(c["domain"])]
    if not good:
        raise SessionImportError(
            f"the li_at cookie is for domain {li_at[0]['domain']!r}, not linkedin.com"
        )
    cookie = good[0]
    if not cookie["value"]:
        raise SessionImportError("the li_at cookie is empty")
    expires_at = None
    if cookie["expires"] > 0:
        expires_at = datetime.fromtimestamp(cookie["expires"], UTC)
        if expires_at <= now:
            raise SessionImportError(f"the li_at cookie expired at {iso(expires_at)}")
    return Normalised({"cookies": cookies, "origins": origins}, source, expires_at)


def _fernet(secrets: Secrets) -> Any:
    # Imported on use: the cryptography bindings cost ~9 MB of RSS in every process.
    from cryptography.fernet import Fernet

    return Fernet(secrets.vault_key.encode())


def store_session(
    db: Database, clock: Clock, secrets: Secrets, content: str, identity: Identity,
    *, source: str | None = None,
) -> dict[str, Any]:
    """Validate, encrypt and store (replacing any previous session); return its metadata.

    ``source`` overrides the detected input kind (``live_sign_in``: signed in on the device).
    """
    now = clock.now()
    norm = normalise(content, now)
    token = _fernet(secrets).encrypt(dumps(norm.storage_state).encode())
    names = sorted({c["name"] for c in norm.storage_state["cookies"]})
    db.execute(
        "INSERT OR REPLACE INTO linkedin_session (id, encrypted, source, cookie_names, identity,"
        " imported_at, expires_at, status, last_validated_at, last_validation)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, 'unchecked', NULL, NULL)",
        (token.decode(), source or norm.source, dumps(names), dumps(identity.model_dump()),
         iso(now), iso(norm.expires_at) if norm.expires_at else None),
    )
    meta = session_metadata(db, clock)
    assert meta is not None
    return meta


def identity_from(fields: dict[str, Any], default_timezone: str) -> Identity:
    """The browser identity to pin from what the user gave (None: the default)."""
    data = {"timezone_id": default_timezone, **{k: v for k, v in fields.items() if v is not None}}
    try:
        ZoneInfo(str(data["timezone_id"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise SessionImportError("unknown time zone", "timezone_id") from None
    try:
        return Identity.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SessionImportError(
            first["msg"], ".".join(str(p) for p in first["loc"]) or "identity"
        ) from None


def import_session(
    db: Database, clock: Clock, secrets: Secrets, content: str, identity_fields: dict[str, Any],
    *, default_timezone: str,
) -> dict[str, Any]:
    """The one validation path of every import (API, upload, CLI): identity, then content.

    Raises SessionImportError naming the field; nothing is stored then.
    """
    identity = identity_from(identity_fields, default_timezone)
    return store_session(db, clock, secrets, content, identity)


def session_metadata(db: Database, clock: Clock) -> dict[str, Any] | None:
    """Everything about the stored session except its cookie values."""
    row = db.query_one(
        "SELECT source, cookie_names, identity, imported_at, expires_at, status,"
        " last_validated_at, last_validation FROM linkedin_session WHERE id = 1"
    )
    if row is None:
        return None
    now = clock.now()
    status = row["status"]
    if row["expires_at"] and parse_iso(row["expires_at"]) <= now:
        status = "expired"
    return {
        "source": row["source"],
        "cookie_names": json.loads(row["cookie_names"]),
        "imported_at": row["imported_at"],
        "age_seconds": int((now - parse_iso(row["imported_at"])).total_seconds()),
        "expires_at": row["expires_at"],
        "status": status,
        "identity": json.loads(row["identity"]),
        "last_validated_at": row["last_validated_at"],
        "last_validation": loads(row["last_validation"]) or None,
    }


def delete_session(db: Database) -> bool:
    return db.execute("DELETE FROM linkedin_session WHERE id = 1").rowcount == 1


def load_session(db: Database, secrets: Secrets) -> tuple[dict[str, Any], Identity]:
    """Decrypt the stored session for the browser: (storage_state, pinned identity)."""
    row = db.query_one("SELECT encrypted, identity FROM linkedin_session WHERE id = 1")
    if row is None:
        raise SessionMissing("no LinkedIn session imported: upload one in the dashboard")
    from cryptography.fernet import InvalidToken

    try:
        plain = _fernet(secrets).decrypt(row["encrypted"].encode())
    except InvalidToken:
        raise SessionMissing(
            "the stored LinkedIn session cannot be decrypted (VAULT_KEY changed): import it again"
        ) from None
    return json.loads(plain), Identity.model_validate(json.loads(row["identity"]))


def mark_status(
    db: Database, clock: Clock, status: str, detail: str | dict[str, Any] = ""
) -> None:
    """Record the outcome of a session check (status one of STATUSES)."""
    if status not in STATUSES:
        raise ValueError(f"unknown session status {status!r}")
    info = detail if isinstance(detail, dict) else {"detail": detail}
    now = iso(clock.now())
    db.execute(
        "UPDATE linkedin_session SET status = ?, last_validated_at = ?, last_validation = ?"
        " WHERE id = 1",
        (status, now, dumps({"status": status, "at": now, **info})),
    )
