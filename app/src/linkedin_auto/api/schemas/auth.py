"""First-run setup, login, logout, password change."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SetupIn(BaseModel):
    code: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class LoginIn(BaseModel):
    password: str = Field(max_length=1024)


class PasswordIn(BaseModel):
    current: str = Field(max_length=1024)
    new: str = Field(max_length=1024)


class AuthState(BaseModel):
    setup_required: bool
    authenticated: bool
    timezone: str | None = Field(
        None, description="The appliance's time zone (IANA name) once signed in: the dashboard "
        "shows every time in it, labelled")


class SessionStarted(BaseModel):
    """Signed in; with a cookie session, the CSRF token to send as ``X-CSRF-Token``."""

    authenticated: bool
    csrf_token: str | None = Field(None, description="Absent for an API key caller")


class LoggedOut(BaseModel):
    authenticated: bool
