"""Read models for the dashboard: contacts and their timelines, activity, safety state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog
from fastapi import APIRouter, HTTPException, Query, status

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, Offset, RowId, SettingsDep
from linkedin_auto.api.schemas.dashboard import (
    Activity,
    BlacklistIn,
    BlacklistOut,
    ContactDetail,
    ContactPage,
    LanguageIn,
    LanguageOut,
    Paused,
    PauseIn,
    Resumed,
    SafetyOut,
)
from linkedin_auto.bots.safety.budget import usage as budget_usage
from linkedin_auto.bots.safety.budget import warmup_info
from linkedin_auto.bots.safety.pause import current_pause, pause_all
from linkedin_auto.bots.safety.pause import resume as resume_bots
from linkedin_auto.clock import iso
from linkedin_auto.db import contacts
from linkedin_auto.db.audit import counted_actions_since

router = APIRouter(prefix="/api", tags=["dashboard"])
log = structlog.get_logger(__name__)


@router.get("/contacts", response_model=ContactPage)
def list_contacts(
    _: AuthDep, db: DbDep, q: str = "", limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
) -> ContactPage:
    items, total = contacts.list_contacts(db, q=q, limit=limit, offset=offset)
    return ContactPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/contacts/{contact_id}", response_model=ContactDetail)
def get_contact(contact_id: RowId, _: AuthDep, db: DbDep) -> ContactDetail:
    """The contact and a timeline (newest first) of wishes, visits, invitations and actions."""
    contact = contacts.get_contact(db, contact_id)
    if contact is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no contact {contact_id}")
    return ContactDetail(**contact, timeline=contacts.timeline(db, contact))


@router.put("/contacts/{contact_id}/blacklist", response_model=BlacklistOut)
def set_blacklist(
    contact_id: RowId, body: BlacklistIn, _: AuthDep, db: DbDep, clock: ClockDep
) -> BlacklistOut:
    if not contacts.set_blacklisted(db, contact_id, body.blacklisted, iso(clock.now())):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no contact {contact_id}")
    return BlacklistOut(id=contact_id, blacklisted=body.blacklisted)


@router.put("/contacts/{contact_id}/language", response_model=LanguageOut)
def set_language(
    contact_id: RowId, body: LanguageIn, _: AuthDep, db: DbDep,
    clock: ClockDep,
) -> LanguageOut:
    """The language this person's wishes are written in (wins over what the bot reads)."""
    if not contacts.set_language(db, contact_id, body.language, iso(clock.now())):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no contact {contact_id}")
    log.info("contact_language_set", contact_id=contact_id, language=body.language)
    return LanguageOut(id=contact_id, language=body.language)


@router.get("/activity", response_model=Activity)
def activity(
    _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep,
    days: int = Query(14, ge=1, le=365),
) -> dict[str, Any]:
    """Real actions per day (in the configured time zone) and action type, oldest day first;
    unverified actions count: they may have happened."""
    tz = settings.tz
    today = clock.now().astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    rows = counted_actions_since(db, iso(clock.now() - timedelta(days=days + 1)))
    from linkedin_auto.clock import parse_iso

    per_day: dict[str, dict[str, int]] = {
        (first + timedelta(days=i)).isoformat(): {} for i in range(days)
    }
    actions: set[str] = set()
    for r in rows:
        day = parse_iso(r["ts"]).astimezone(tz).date().isoformat()
        if day in per_day:
            per_day[day][r["action"]] = per_day[day].get(r["action"], 0) + 1
            actions.add(r["action"])
    return {"days": [{"date": d, "counts": c} for d, c in per_day.items()],
            "actions": sorted(actions), "timezone": settings.timezone}


@router.get("/safety", response_model=SafetyOut)
def safety(_: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep) -> dict[str, Any]:
    """Quota use per action (daily/weekly, warm-up applied) and the global pause."""
    pause = current_pause(db, clock)
    return {"paused": pause.to_dict() if pause else None,
            "usage": budget_usage(settings, db, clock),
            "warmup": warmup_info(settings, db, clock)}


@router.post("/safety/pause", response_model=Paused)
def pause(body: PauseIn, _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    """Pause every bot for ``days`` (a holiday). A longer pause already in force (a cool-down
    after a warning sign) is kept: the answer says which one applies."""
    reason = "paused by you" + (f": {body.note.strip()}" if body.note.strip() else "")
    return {"paused": pause_all(db, clock, hours=24 * body.days, reason=reason).to_dict()}


@router.post("/safety/resume", response_model=Resumed)
def resume(_: AuthDep, db: DbDep, clock: ClockDep) -> Resumed:
    """Lift the global pause now (after the person has dealt with the warning)."""
    resume_bots(db)
    return Resumed(paused=None)
