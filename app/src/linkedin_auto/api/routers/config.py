"""The settings as the dashboard edits them (see config_store for merge/mask/history rules)."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, Body, Request

from linkedin_auto import config_store
from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, SettingsDep
from linkedin_auto.api.schemas.config import ConfigOut, ConfigVersion
from linkedin_auto.settings import config_file_path, load_settings

router = APIRouter(prefix="/api/config", tags=["config"])
log = structlog.get_logger(__name__)


def _answer(settings: Any) -> ConfigOut:
    return ConfigOut(config=config_store.effective_config(settings), file=str(config_file_path()),
                     env_overrides=config_store.env_overrides())


@router.get("", response_model=ConfigOut)
def get_config(_: AuthDep, settings: SettingsDep) -> ConfigOut:
    """Settings in force (file + environment + defaults), secrets masked."""
    return _answer(settings)


@router.put("", response_model=ConfigOut)
def put_config(
    request: Request, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep,
    patch: dict[str, Any] = Body(..., examples=[{"limits": {"messages": {"daily": 10}}}]),
) -> ConfigOut:
    """Deep-merge a partial document into the file; 422 with field paths if invalid."""
    config_store.update_config(db, clock, patch, effective=settings)  # ConfigError: 422
    new = load_settings()
    request.app.state.settings = new
    log.info("config_updated", sections=sorted(patch))
    return _answer(new)


@router.get("/schema", response_model=dict[str, Any])
def get_schema(_: AuthDep) -> dict[str, Any]:
    """JSON schema of the settings, for the dashboard's forms."""
    return config_store.json_schema()


@router.get("/history", response_model=list[ConfigVersion])
def get_history(_: AuthDep, db: DbDep) -> list[ConfigVersion]:
    """The last versions written (newest first), secrets masked."""
    return [ConfigVersion(**v) for v in config_store.history(db)]
