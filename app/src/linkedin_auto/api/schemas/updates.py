"""System → Updates: the overview and the install request (the rest are the updater's models)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from linkedin_auto.updates import staging
from linkedin_auto.updates.state import UpdateRecord, UpdateStatus


class UpdatesOverview(BaseModel):
    installed_version: str
    channel: str
    feed_url: str
    allow_unsigned: bool = Field(description="Unsigned (development) bundles are accepted.")
    staged: staging.StagedRelease | None
    status: UpdateStatus
    history: list[UpdateRecord]


class InstallIn(BaseModel):
    version: str = Field(min_length=1, max_length=64,
                         description="The staged release's version (guards against a swap).")
