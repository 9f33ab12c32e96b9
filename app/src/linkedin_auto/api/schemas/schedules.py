"""Schedules: the input model is the scheduler's own (``ScheduleIn``), the answer a stored one."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from linkedin_auto.scheduler.store import ScheduleIn
from linkedin_auto.settings import Weekday

__all__ = ["ScheduleIn", "ScheduleOut", "SchedulePreview"]


class ScheduleOut(BaseModel):
    id: int
    bot: str
    name: str
    kind: Literal["daily", "cron"]
    time_of_day: str | None
    weekdays: list[Weekday]
    cron: str | None
    timezone: str
    jitter_minutes: int
    window_start: str | None
    window_end: str | None
    catch_up_hours: float
    dry_run: bool
    options: dict[str, Any]
    enabled: bool
    last_slot_at: str | None
    next_run_at: str | None
    created_at: str
    updated_at: str
    next_runs: list[str] = Field(description="The next run times (none while disabled)")
    skip_reason: str | None = Field(
        None, description="Why the next run would be skipped as things stand (bots paused "
        "past it, no or a dead LinkedIn session, outside working hours), the same reason the "
        "run would give; null when it would run")


class SchedulePreview(BaseModel):
    next_runs: list[str]
