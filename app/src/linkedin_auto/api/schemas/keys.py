"""API keys for scripts."""

from __future__ import annotations

from pydantic import BaseModel, Field


class KeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class KeyOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to tell keys apart")
    created_at: str
    last_used_at: str | None


class KeyCreated(KeyOut):
    key: str = Field(description="The full key: in this answer only, store it now")
