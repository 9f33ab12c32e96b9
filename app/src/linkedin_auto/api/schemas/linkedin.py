"""The LinkedIn session vault and the live sign-in view."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from linkedin_auto.browser import live_input
from linkedin_auto.security import vault

MAX_EVENTS_PER_POST = 50


class SessionIn(BaseModel):
    content: str = Field(description="storage_state JSON, cookie export JSON or li_at value")
    user_agent: str | None = None
    locale: str | None = None
    timezone_id: str | None = None
    viewport: vault.Viewport | None = None


class SessionOut(BaseModel):
    """Everything about the stored session except its cookie values."""

    source: str = Field(description="storage_state | cookie_export | li_at")
    cookie_names: list[str]
    imported_at: str
    age_seconds: int
    expires_at: str | None
    status: str = Field(description="One of the session statuses (valid, expired, checkpoint,"
                        " ...)")
    identity: vault.Identity = Field(description="The browser identity pinned to it")
    last_validated_at: str | None
    last_validation: dict[str, Any] | None = Field(
        description="The last session check: status, at, and what it saw")


class CheckQueued(BaseModel):
    run_id: int


class LivePurpose(StrEnum):
    sign_in = "sign_in"
    checkpoint = "checkpoint"


class LiveStart(BaseModel):
    purpose: LivePurpose | None = None  # default: checkpoint when the session is at one


class LiveStarted(BaseModel):
    run_id: int
    purpose: LivePurpose


class LiveInfo(BaseModel):
    run_id: int
    run_status: str
    purpose: LivePurpose
    state: str | None = None
    message: str | None = None


class LiveInput(BaseModel):
    events: list[live_input.Input] = Field(min_length=1, max_length=MAX_EVENTS_PER_POST)
