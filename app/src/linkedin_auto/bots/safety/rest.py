"""When the account must rest: the pause, a dead or challenged session, and (for a run that
acts) the working hours. Bots refuse to start on it; the API shows the same reason beside each
scheduled run that will be skipped, so the two never disagree."""

from __future__ import annotations

from datetime import datetime

from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause
from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Settings


def session_refusal(db: Database, at: datetime) -> str | None:
    """Why the stored session must not be used at ``at`` (no traffic at all), or None."""
    row = db.query_one(
        "SELECT status, expires_at, last_validated_at FROM linkedin_session WHERE id = 1")
    if row is None:
        return None  # the vault refuses with its own message
    since = f" (since {row['last_validated_at']})" if row["last_validated_at"] else ""
    if row["status"] == "checkpoint":
        return (f"LinkedIn asked for a security check{since}: resolve it in a browser, then "
                "validate or re-import the session (never retried automatically)")
    if row["status"] == "expired":
        return (f"the LinkedIn session is logged out{since}: import a new session or "
                "validate this one; no bot runs until then")
    if row["expires_at"] and parse_iso(row["expires_at"]) <= at:
        return (f"the LinkedIn session cookie expired at {row['expires_at']}: import a new "
                "session")
    return None


def rest_refusal(db: Database, clock: Clock, at: datetime | None = None) -> str | None:
    """Why nothing may load LinkedIn now, or at ``at`` (later), or None."""
    when = at or clock.now()
    pause = current_pause(db, clock)
    if pause is not None and pause.until > when:
        return f"all bots are paused until {iso(pause.until)}: {pause.reason}"
    return session_refusal(db, when)


def scheduled_skip(
    db: Database, clock: Clock, settings: Settings, at: datetime, *, acts: bool, dry_run: bool
) -> str | None:
    """Why a scheduled run at ``at`` would be skipped as things stand, or None. ``acts``: a bot
    that acts on the account (working hours apply to it unless it is a dry run)."""
    if db.query_one("SELECT 1 FROM linkedin_session WHERE id = 1") is None:
        return "there is no LinkedIn session yet"
    refusal = rest_refusal(db, clock, at)
    if refusal is not None:
        return refusal
    if acts and not dry_run:
        hours = check_hours(settings, at)
        if not hours.ok:
            return hours.reason
    return None
