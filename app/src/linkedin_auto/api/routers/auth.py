"""First-run setup, login/logout, password change, auth state."""

from __future__ import annotations

import structlog
from fastapi import APIRouter, HTTPException, Request, Response, status

from linkedin_auto.api.deps import (
    AuthDep,
    ClockDep,
    DbDep,
    SecretsDep,
    SettingsDep,
    check_csrf,
    client_address,
    current_principal,
)
from linkedin_auto.api.schemas.auth import (
    AuthState,
    LoggedOut,
    LoginIn,
    PasswordIn,
    SessionStarted,
    SetupIn,
)
from linkedin_auto.clock import Clock
from linkedin_auto.db.connection import Database
from linkedin_auto.security import passwords, ratelimit, sessions, setup
from linkedin_auto.security.secrets import Secrets
from linkedin_auto.settings import Settings

router = APIRouter(prefix="/api/auth", tags=["auth"])
log = structlog.get_logger(__name__)


def _start_session(
    response: Response, db: Database, clock: Clock, settings: Settings, secrets: Secrets,
    client: str,
) -> SessionStarted:
    token = sessions.create_session(
        db, clock, hours=settings.server.session_hours, client=client
    )
    csrf = sessions.csrf_token(secrets.session_secret, token)
    max_age = settings.server.session_hours * 3600
    secure = settings.server.secure_cookies
    response.set_cookie(sessions.SESSION_COOKIE, token, max_age=max_age, path="/",
                        httponly=True, samesite="strict", secure=secure)
    response.set_cookie(sessions.CSRF_COOKIE, csrf, max_age=max_age, path="/",
                        httponly=False, samesite="strict", secure=secure)
    return SessionStarted(authenticated=True, csrf_token=csrf)


@router.get("/state", response_model=AuthState)
def auth_state(request: Request, db: DbDep, clock: ClockDep,
               settings: SettingsDep) -> AuthState:
    """Whether first-run setup is pending and whether this request is authenticated."""
    authenticated = current_principal(request, db, clock) is not None
    return AuthState(setup_required=setup.setup_required(db), authenticated=authenticated,
                     timezone=settings.timezone if authenticated else None)


@router.post("/setup", response_model=SessionStarted)
def complete_setup(
    body: SetupIn, request: Request, response: Response, db: DbDep, clock: ClockDep,
    settings: SettingsDep, secrets: SecretsDep,
) -> SessionStarted:
    """Use the one-time setup code to set the admin password; logs the caller in."""
    client = client_address(request)
    ratelimit.check_not_locked(db, clock, client)  # locked out: 429 with Retry-After
    # A wrong code: 403 (counted against the client), setup done: 409, weak password: 422.
    setup.complete_setup(db, settings, clock, body.code, body.password, client=client)
    ratelimit.record_attempt(db, clock, client, ok=True)
    log.info("setup_done", client=client)
    return _start_session(response, db, clock, settings, secrets, client)


@router.post("/login", response_model=SessionStarted)
def login(
    body: LoginIn, request: Request, response: Response, db: DbDep, clock: ClockDep,
    settings: SettingsDep, secrets: SecretsDep,
) -> SessionStarted:
    client = client_address(request)
    ratelimit.check_not_locked(db, clock, client)  # locked out: 429 with Retry-After
    if setup.setup_required(db):
        raise HTTPException(status.HTTP_409_CONFLICT, "setup required: use the setup code first")
    if not passwords.verify_password(body.password, passwords.password_hash(db)):
        ratelimit.record_attempt(db, clock, client, ok=False)
        log.warning("login_failed", client=client)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong password")
    ratelimit.record_attempt(db, clock, client, ok=True)
    log.info("login", client=client)
    return _start_session(response, db, clock, settings, secrets, client)


@router.post("/logout", response_model=LoggedOut)
def logout(
    request: Request, response: Response, db: DbDep, clock: ClockDep, secrets: SecretsDep
) -> LoggedOut:
    """End the cookie session (CSRF header required, like every unsafe cookie request)."""
    principal = current_principal(request, db, clock)
    if principal is not None and principal.kind == "session":
        check_csrf(request, principal, secrets)
        assert principal.token is not None
        sessions.revoke_session(db, clock, principal.token)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    response.delete_cookie(sessions.CSRF_COOKIE, path="/")
    return LoggedOut(authenticated=False)


@router.post("/password", response_model=SessionStarted, response_model_exclude_none=True)
def change_password(
    body: PasswordIn, principal: AuthDep, request: Request, response: Response, db: DbDep,
    clock: ClockDep, settings: SettingsDep, secrets: SecretsDep,
) -> SessionStarted:
    """Change the password; every other session is revoked (the caller gets a fresh one)."""
    client = client_address(request)
    ratelimit.check_not_locked(db, clock, client)  # locked out: 429 with Retry-After
    if not passwords.verify_password(body.current, passwords.password_hash(db)):
        ratelimit.record_attempt(db, clock, client, ok=False)
        raise HTTPException(status.HTTP_403_FORBIDDEN, "current password is wrong")
    passwords.set_password(db, clock, body.new, field="new")  # weak: 422 at body.new
    log.info("password_changed", client=client)
    if principal.kind == "session":
        return _start_session(response, db, clock, settings, secrets, client)
    return SessionStarted(authenticated=True)
