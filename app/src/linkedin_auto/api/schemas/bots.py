"""The run types (bots and built-in jobs) as ``GET /api/bots`` lists them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from linkedin_auto.api.schemas.dashboard import ActionUsage, PauseOut
from linkedin_auto.api.schemas.runs import RunOut
from linkedin_auto.settings import Weekday


class BotOption(BaseModel):
    """One run option (``POST /api/bots/{bot}/runs`` body ``options``)."""

    name: str
    types: list[str] = Field(description="JSON types accepted: integer, boolean, string, array")
    nullable: bool = Field(description="null (or leaving it out) uses the configured setting")
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None


class ScheduleDefault(BaseModel):
    """The schedule a new install proposes for this run type."""

    name: str
    time_of_day: str | None
    weekdays: list[Weekday]
    timezone: str
    jitter_minutes: int
    window_start: str | None
    window_end: str | None
    catch_up_hours: float
    enabled: bool = Field(description="Whether it starts switched on")


class BotOut(BaseModel):
    name: str
    title: str
    description: str
    is_bot: bool = Field(description="Acts on LinkedIn (needs the session, honours pause and"
                         " working hours)")
    supports_dry_run: bool
    options: list[BotOption] = Field(description="Options a run accepts (empty: none)")
    schedule_default: ScheduleDefault | None
    busy: bool
    active_run_id: int | None
    last_run: RunOut | None


class WorkingHoursNow(BaseModel):
    ok: bool
    reason: str
    next_start: str | None


class PlanEntry(BaseModel):
    """One person the last run or dry run saw; the other fields depend on the bot."""

    model_config = ConfigDict(extra="allow")

    name: str = ""
    decision: str = Field("", description="What it does (wish, visit, accept, skip, deferred, ...)"
                          " or, after a real run, done")
    reason: str | None = None
    kind: str | None = Field(None, description="birthday: today | belated")
    text: str | None = Field(None, description="birthday: the wish written")


class PlanList(BaseModel):
    """The list the most recent run or dry run of the bot saw."""

    run_id: int
    dry_run: bool
    at: str
    entries: list[PlanEntry]


class PlanOut(BaseModel):
    """What a run of the bot would do now and why (``GET /api/bots/{bot}/plan``)."""

    bot: str
    now: str
    would_run: bool
    reasons: list[str] = Field(description="Why it would not run, or that it is ready")
    enabled: bool
    pause: PauseOut | None
    working_hours: WorkingHoursNow
    budget: dict[str, ActionUsage] = Field(description="The bot's action types only")
    last_list: PlanList | None = Field(description="What the most recent run or dry run saw")
    note: str
    text_note: str | None = Field(None, description="birthday: how wishes are written")
    summary: dict[str, Any] | None = Field(
        None, description="birthday: how many now, how many deferred and why")
