"""The settings as the dashboard edits them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ConfigOut(BaseModel):
    config: dict[str, Any] = Field(description="Settings in force, secrets masked")
    file: str = Field(description="The config.yaml the API writes")
    env_overrides: list[str] = Field(
        description="Setting paths set by LINKEDIN_AUTO_* variables (they win over the file)")


class ConfigVersion(BaseModel):
    id: int
    source: str
    created_at: str
    content: str = Field(description="The YAML written, secrets masked")
