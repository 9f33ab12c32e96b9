"""FastAPI dependencies: everything a route needs comes from ``app.state`` (tests inject)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Path, Query, Request, status

from linkedin_auto.clock import Clock
from linkedin_auto.db.connection import Database
from linkedin_auto.security import apikeys, sessions
from linkedin_auto.security.secrets import Secrets
from linkedin_auto.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_db(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def get_clock(request: Request) -> Clock:
    return request.app.state.clock  # type: ignore[no-any-return]


def get_redis(request: Request) -> Any:
    return request.app.state.redis


def get_secrets(request: Request) -> Secrets:
    return request.app.state.secrets  # type: ignore[no-any-return]


# SQLite integers are 64-bit: a larger id or offset would reach the driver as an OverflowError
# (a 500). Every integer path or query parameter uses one of these types, so it is a 422.
SQLITE_INT_MAX = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=SQLITE_INT_MAX, description="A row id (1 to 2^63-1).")]
Offset = Annotated[int, Query(ge=0, le=SQLITE_INT_MAX, description="Rows to skip (0 to 2^63-1).")]


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
ClockDep = Annotated[Clock, Depends(get_clock)]
RedisDep = Annotated[Any, Depends(get_redis)]
SecretsDep = Annotated[Secrets, Depends(get_secrets)]


@dataclass(frozen=True)
class Principal:
    kind: Literal["session", "api_key"]
    id: int
    token: str | None = None  # the session token (cookie auth only)


def client_address(request: Request) -> str:
    # The API listens behind no proxy by default; a reverse proxy would need its own header
    # handling (uvicorn --forwarded-allow-ips), which then fills request.client.
    return request.client.host if request.client else "unknown"


def current_principal(request: Request, db: Database, clock: Clock) -> Principal | None:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        key_id = apikeys.verify_key(db, clock, auth[7:].strip())
        return Principal("api_key", key_id) if key_id is not None else None
    token = request.cookies.get(sessions.SESSION_COOKIE)
    if token:
        s = sessions.lookup_session(db, clock, token)
        if s is not None:
            return Principal("session", s.id, token)
    return None


def require_auth(request: Request, db: DbDep, clock: ClockDep, secrets: SecretsDep) -> Principal:
    """Session cookie (plus CSRF header on unsafe methods) or ``Authorization: Bearer`` key."""
    principal = current_principal(request, db, clock)
    if principal is None:
        bearer = request.headers.get("authorization", "")[:7].lower() == "bearer "
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid API key" if bearer else "authentication required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    check_csrf(request, principal, secrets)
    return principal


def check_csrf(request: Request, principal: Principal, secrets: Secrets) -> None:
    """403 for an unsafe request authenticated by the session cookie without its CSRF token."""
    if principal.kind == "session" and request.method not in SAFE_METHODS:
        assert principal.token is not None
        if not sessions.csrf_ok(
            secrets.session_secret, principal.token, request.headers.get(sessions.CSRF_HEADER)
        ):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"CSRF token missing or invalid: send the {sessions.CSRF_COOKIE} cookie's value"
                f" in the {sessions.CSRF_HEADER} header",
            )


AuthDep = Annotated[Principal, Depends(require_auth)]
