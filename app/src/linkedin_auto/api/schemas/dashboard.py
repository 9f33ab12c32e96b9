"""Read models for the dashboard: contacts and their timelines, activity, safety state."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from linkedin_auto.settings import LanguageCode


class BlacklistIn(BaseModel):
    blacklisted: bool


class LanguageIn(BaseModel):
    # null: no language of their own (the card's, else bots.birthday.default_language).
    language: LanguageCode | None = Field(
        description="ISO 639 code such as en or fr; null to clear", examples=["fr"])


class LanguageOut(BaseModel):
    id: int
    language: str | None


class BlacklistOut(BaseModel):
    id: int
    blacklisted: bool


class ContactOut(BaseModel):
    id: int
    profile_url: str
    slug: str
    name: str
    headline: str
    location: str
    language: str | None
    blacklisted: bool
    created_at: str
    updated_at: str
    wishes: int = Field(description="Real wishes sent")
    visits: int = Field(description="Real profile visits")
    invitations: int


class ContactPage(BaseModel):
    items: list[ContactOut]
    total: int
    limit: int
    offset: int


class TimelineEntry(BaseModel):
    """One thing that happened with a contact; the fields present depend on ``type``."""

    ts: str | None
    type: Literal["message", "visit", "invitation", "action"]
    dry_run: bool
    run_id: int | None
    # message
    kind: str | None = None
    state: str | None = None
    text: str | None = None
    occasion: str | None = None
    # visit
    query: str | None = None
    dwell_seconds: float | None = None
    # invitation
    direction: str | None = None
    decision: str | None = None
    rule: str | None = None
    # action (audit log)
    bot: str | None = None
    action: str | None = None
    budget: str | None = None
    outcome: str | None = None


class ContactDetail(ContactOut):
    timeline: list[TimelineEntry] = Field(description="Newest first")


class ActivityDay(BaseModel):
    date: str
    counts: dict[str, int] = Field(description="Real actions per action type")


class Activity(BaseModel):
    days: list[ActivityDay] = Field(description="Oldest day first")
    actions: list[str]
    timezone: str


class PauseOut(BaseModel):
    until: str
    reason: str
    since: str


class ActionUsage(BaseModel):
    daily_used: int
    daily_limit: int = Field(description="The limit in force now (warm-up applied)")
    weekly_used: int
    weekly_limit: int = Field(description="The limit in force now (warm-up applied)")
    configured_daily: int = Field(description="The setting (limits.*.daily)")
    configured_weekly: int = Field(description="The setting (limits.*.weekly)")
    warmup_factor: float


class WarmupOut(BaseModel):
    """The warm-up of a new install: every quota starts at ``warmup.start_fraction`` of its
    setting on the day of the first real action and rises to the full setting after
    ``warmup.days``."""

    enabled: bool
    active: bool = Field(description="The limits in force are below the configured ones")
    factor: float = Field(description="Share of each configured quota allowed now (0-1)")
    days: int
    started_at: str | None = Field(description="The first real action; null: not started yet")
    full_at: str | None = Field(
        description="When the configured limits apply in full; null while the warm-up has not "
                    "started (it starts with the first real action) or when it is off")


class SafetyOut(BaseModel):
    paused: PauseOut | None
    usage: dict[str, ActionUsage] = Field(description="Per action type, warm-up applied")
    warmup: WarmupOut


class PauseIn(BaseModel):
    """A pause the person asks for (a holiday): every bot stops until it ends or is resumed."""

    model_config = ConfigDict(extra="forbid")
    days: int = Field(ge=1, le=90, strict=True, description="How long, in days (1 to 90)")
    note: str = Field("", max_length=200, description="Shown with the pause, e.g. 'holiday'")


class Paused(BaseModel):
    paused: PauseOut


class Resumed(BaseModel):
    paused: None
