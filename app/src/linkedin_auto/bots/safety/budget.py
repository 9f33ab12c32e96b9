"""The activity budget: sliding daily (24 h) and weekly (7 days) quotas per action type.

Usage is counted from real rows of ``audit_log`` (``dry_run = 0`` and outcome ``done`` or
``unverified``: a click counts from the moment it happens, whatever its confirmation says), so
the budget is shared by every bot and survives restarts. A warm-up ramp scales every quota for
new installs: from ``warmup.start_fraction`` on the day of the first real action up to 100% after
``warmup.days``. Per-run caps are counted in memory by the ``Budget`` of one run. A dry-run's
own would-be actions count against its caps and its view of the quotas too, so it stops
where a real run would (they are never written as real rows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.audit import COUNTED_SQL
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Quota, Settings

# audit_log.action -> settings.limits attribute
ACTIONS: dict[str, str] = {
    "message": "messages",
    "profile_view": "profile_views",
    "accept": "accepts",
    "ignore": "ignores",
    "withdraw": "withdrawals",
}


@dataclass(frozen=True)
class Decision:
    ok: bool
    reason: str
    usage_str: str


def _quota(settings: Settings, action: str) -> Quota:
    if action not in ACTIONS:
        raise ValueError(f"unknown action type {action!r} (known: {', '.join(ACTIONS)})")
    quota: Quota = getattr(settings.limits, ACTIONS[action])
    return quota


def first_real_action(db: Database) -> datetime | None:
    ts = db.scalar(f"SELECT MIN(ts) FROM audit_log WHERE dry_run = 0 AND {COUNTED_SQL}")
    return parse_iso(ts) if ts else None


@dataclass(frozen=True)
class Warmup:
    """Where the warm-up stands: the share of every configured quota allowed now, and when the
    configured quotas apply in full. The one place the rule is written: the run's ``Budget``,
    the plan and the API all read it from here."""

    enabled: bool
    factor: float
    days: int
    started_at: datetime | None  # the first real action; None: the warm-up has not started
    full_at: datetime | None  # when the factor reaches 1; None: off, or not started yet

    @property
    def active(self) -> bool:
        return self.factor < 1


def warmup_state(settings: Settings, db: Database, now: datetime) -> Warmup:
    w = settings.warmup
    if not w.enabled:
        return Warmup(False, 1.0, w.days, None, None)
    first = first_real_action(db)
    if first is None:
        return Warmup(True, w.start_fraction, w.days, None, None)
    full_at = first + timedelta(days=w.days)
    days = max(0.0, (now - first).total_seconds() / 86400)
    factor = 1.0 if days >= w.days else w.start_fraction + (1 - w.start_fraction) * days / w.days
    return Warmup(True, factor, w.days, first, full_at)


def warmup_factor(settings: Settings, db: Database, now: datetime) -> float:
    return warmup_state(settings, db, now).factor


def scaled(limit: int, factor: float) -> int:
    """A quota scaled by the warm-up; a non-zero quota never drops to zero."""
    if limit <= 0:
        return 0
    return max(1, math.floor(limit * factor))


def count_done(db: Database, action: str, since: datetime) -> int:
    return int(db.scalar(
        f"SELECT COUNT(*) FROM audit_log WHERE action = ? AND dry_run = 0 AND {COUNTED_SQL}"
        " AND ts > ?", (action, iso(since)),
    ) or 0)


def action_usage(settings: Settings, db: Database, now: datetime, action: str) -> dict[str, Any]:
    quota = _quota(settings, action)
    factor = warmup_factor(settings, db, now)
    return {
        "daily_used": count_done(db, action, now - timedelta(days=1)),
        "daily_limit": scaled(quota.daily, factor),
        "weekly_used": count_done(db, action, now - timedelta(days=7)),
        "weekly_limit": scaled(quota.weekly, factor),
        "configured_daily": quota.daily,
        "configured_weekly": quota.weekly,
        "warmup_factor": round(factor, 3),
    }


def warmup_info(settings: Settings, db: Database, clock: Clock) -> dict[str, Any]:
    """The warm-up as the API shows it next to the limits."""
    w = warmup_state(settings, db, clock.now())
    return {"enabled": w.enabled, "active": w.active, "factor": round(w.factor, 3),
            "days": w.days, "started_at": iso(w.started_at) if w.started_at else None,
            "full_at": iso(w.full_at) if w.full_at else None}


def usage(settings: Settings, db: Database, clock: Clock) -> dict[str, dict[str, Any]]:
    """Every action type's usage and effective limits now (for the API and the plan)."""
    now = clock.now()
    return {action: action_usage(settings, db, now, action) for action in ACTIONS}


def _usage_str(action: str, u: dict[str, Any], run_used: int | None, cap: int | None) -> str:
    s = (f"{action}: {u['daily_used']}/{u['daily_limit']} in 24h, "
         f"{u['weekly_used']}/{u['weekly_limit']} in 7d")
    if u["warmup_factor"] < 1:
        s += f", warm-up {u['warmup_factor']:.0%}"
    if cap is not None:
        s += f", run {run_used}/{cap}"
    return s


@dataclass
class Budget:
    """One run's view of the budget: shared quotas plus this run's caps."""

    settings: Settings
    db: Database
    clock: Clock
    run_caps: dict[str, int] = field(default_factory=dict)
    run_used: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def allow(self, action: str) -> Decision:
        u = action_usage(self.settings, self.db, self.clock.now(), action)
        cap = self.run_caps.get(action)
        used = self.run_used.get(action, 0)
        if self.dry_run:  # its actions are not in audit_log as real rows: count them here
            u = {**u, "daily_used": u["daily_used"] + used,
                 "weekly_used": u["weekly_used"] + used}
        text = _usage_str(action, u, used, cap)
        if cap is not None and used >= cap:
            return Decision(False, f"per-run cap of {cap} reached", text)
        if u["daily_used"] >= u["daily_limit"]:
            return Decision(False, f"daily quota reached ({u['daily_limit']} in 24h)", text)
        if u["weekly_used"] >= u["weekly_limit"]:
            return Decision(False, f"weekly quota reached ({u['weekly_limit']} in 7 days)", text)
        return Decision(True, "within budget", text)

    def note(self, action: str) -> None:
        """Count one action (real or dry-run) against this run's cap."""
        self.run_used[action] = self.run_used.get(action, 0) + 1
