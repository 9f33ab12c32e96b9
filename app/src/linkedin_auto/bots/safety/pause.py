"""The global pause: one switch that stops every bot until a time (cool-down) or a resume.

Stored in the kv table under ``pause`` as ``{"until": iso, "reason": str, "since": iso}`` so the
API, the worker (and its scheduler thread) and the jobs it forks all see the same value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.db.kv import kv_delete, kv_get, kv_set

PAUSE_KEY = "pause"
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Pause:
    until: datetime
    reason: str
    since: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"until": iso(self.until), "reason": self.reason, "since": iso(self.since)}


def current_pause(db: Database, clock: Clock) -> Pause | None:
    """The active pause, or None once it has expired (an expired pause is cleared lazily)."""
    raw = kv_get(db, PAUSE_KEY)
    if not raw:
        return None
    try:
        pause = Pause(parse_iso(raw["until"]), str(raw.get("reason", "")),
                      parse_iso(raw.get("since") or raw["until"]))
    except (KeyError, TypeError, ValueError):
        log.warning("pause_value_invalid", value=raw)
        return None
    if pause.until <= clock.now():
        return None
    return pause


def pause_all(db: Database, clock: Clock, *, hours: float, reason: str) -> Pause:
    """Pause every bot for ``hours``; never shortens a pause already in force."""
    now = clock.now()
    until = now + timedelta(hours=hours)
    existing = current_pause(db, clock)
    if existing is not None and existing.until >= until:
        return existing
    pause = Pause(until, reason, existing.since if existing else now)
    kv_set(db, clock, PAUSE_KEY, pause.to_dict())
    log.warning("bots_paused", until=iso(until), reason=reason)
    return pause


def resume(db: Database) -> None:
    kv_delete(db, PAUSE_KEY)
    log.info("bots_resumed")
