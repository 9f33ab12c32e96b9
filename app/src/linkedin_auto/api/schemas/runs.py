"""Runs, their events, and starting or cancelling one."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from linkedin_auto.db.runs import RunStatus


class RunIn(BaseModel):
    dry_run: bool = Field(False, strict=True)  # 1 or "yes" is a mistake, not a dry run
    options: dict[str, Any] = Field(default_factory=dict)


class RunProgress(BaseModel):
    """A run's live progress, as the bot reports it (empty until it does)."""

    done: int | None = Field(None, description="Planned items handled so far")
    planned: int | None = Field(None, description="Items the run means to act on")
    unit: str | None = Field(None, description="What the items are: wishes, visits, invitations")
    at_most: bool = Field(False, description="planned is the run's cap, not items already seen")
    step: str | None = Field(
        None, description="What the run does now or waits for: opening Chromium, loading "
        "birthdays, human delay")
    wait_seconds: float | None = Field(None, description="Length of the current wait, if any")
    wait_until: str | None = Field(None, description="When the current wait ends")
    updated_at: str | None = None


class RunOut(BaseModel):
    id: int
    bot: str
    status: RunStatus
    dry_run: bool
    trigger: str = Field(description="manual | schedule | cli")
    schedule_id: int | None
    options: dict[str, Any]
    job_id: str | None
    counts: dict[str, int] = Field(
        description="sent, unverified, deferred, skipped, aborted, reconciled, dry_run, ...")
    progress: RunProgress = Field(default_factory=RunProgress)
    error: str | None
    cancel_requested: bool
    created_at: str
    started_at: str | None
    finished_at: str | None


class RunEventOut(BaseModel):
    id: int
    run_id: int
    ts: str
    level: str
    kind: str
    message: str
    data: dict[str, Any]


class RunTimings(BaseModel):
    queued_seconds: float | None
    duration_seconds: float | None


class RunDetail(RunOut):
    timings: RunTimings
    events: list[RunEventOut]
    screenshots: list[str] = Field(description="File names under /api/runs/{id}/screenshots/")


class RunPage(BaseModel):
    items: list[RunOut]
    total: int
    limit: int
    offset: int


class RunStarted(BaseModel):
    run_id: int


class RunCancelled(BaseModel):
    run_id: int
    status: RunStatus | str = Field(description="The run's status afterwards")
