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
    Resumed,
    SafetyOut,
)
from linkedin_auto.bots.safety.budget import usage as budget_usage
from linkedin_auto.bots.safety.pause import current_pause
from linkedin_auto.bots.safety.pause import resume as resume_bots
from linkedin_auto.clock import iso
from linkedin_auto.db.audit import COUNTED_SQL

router = APIRouter(prefix="/api", tags=["dashboard"])
log = structlog.get_logger(__name__)


_COUNTS = (
    "(SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id AND m.dry_run = 0"
    " AND m.state = 'sent') AS wishes,"
    " (SELECT COUNT(*) FROM profile_visits v WHERE v.contact_id = c.id AND v.dry_run = 0)"
    " AS visits,"
    " (SELECT COUNT(*) FROM invitations i WHERE i.contact_id = c.id) AS invitations"
)


def _contact(row: Any) -> dict[str, Any]:
    d = dict(row)
    d["blacklisted"] = bool(d["blacklisted"])
    return d


@router.get("/contacts", response_model=ContactPage)
def list_contacts(
    _: AuthDep, db: DbDep, q: str = "", limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
) -> dict[str, Any]:
    where, params = "", []
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        where = " WHERE c.name LIKE ? OR c.headline LIKE ? OR c.slug LIKE ?"
        params = [like, like, like]
    total = int(db.scalar("SELECT COUNT(*) FROM contacts c" + where, params))
    rows = db.query(
        f"SELECT c.*, {_COUNTS} FROM contacts c{where} ORDER BY c.name COLLATE NOCASE, c.id"
        " LIMIT ? OFFSET ?", [*params, limit, offset],
    )
    return {"items": [_contact(r) for r in rows], "total": total, "limit": limit,
            "offset": offset}


@router.get("/contacts/{contact_id}", response_model=ContactDetail)
def get_contact(contact_id: RowId, _: AuthDep, db: DbDep) -> dict[str, Any]:
    """The contact and a timeline (newest first) of wishes, visits, invitations and actions."""
    row = db.query_one(f"SELECT c.*, {_COUNTS} FROM contacts c WHERE c.id = ?", (contact_id,))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no contact {contact_id}")
    contact = _contact(row)
    timeline: list[dict[str, Any]] = []
    for m in db.query("SELECT * FROM messages WHERE contact_id = ?", (contact_id,)):
        timeline.append({"ts": m["sent_at"] or m["created_at"], "type": "message",
                         "kind": m["kind"], "state": m["state"], "dry_run": bool(m["dry_run"]),
                         "text": m["text"], "occasion": m["occasion"], "run_id": m["run_id"]})
    for v in db.query("SELECT * FROM profile_visits WHERE contact_id = ?", (contact_id,)):
        timeline.append({"ts": v["visited_at"], "type": "visit", "dry_run": bool(v["dry_run"]),
                         "query": v["query"], "dwell_seconds": v["dwell_seconds"],
                         "run_id": v["run_id"]})
    for i in db.query("SELECT * FROM invitations WHERE contact_id = ?", (contact_id,)):
        timeline.append({"ts": i["decided_at"], "type": "invitation",
                         "direction": i["direction"], "decision": i["decision"],
                         "rule": i["rule"], "state": i["state"], "dry_run": bool(i["dry_run"]),
                         "run_id": i["run_id"]})
    for a in db.query("SELECT * FROM audit_log WHERE target_url = ? AND target_url != ''",
                      (contact["profile_url"],)):
        timeline.append({"ts": a["ts"], "type": "action", "bot": a["bot"], "action": a["action"],
                         "rule": a["rule"], "budget": a["budget"], "outcome": a["outcome"],
                         "dry_run": bool(a["dry_run"]), "run_id": a["run_id"]})
    timeline.sort(key=lambda e: e["ts"] or "", reverse=True)
    return {**contact, "timeline": timeline}


@router.put("/contacts/{contact_id}/blacklist", response_model=BlacklistOut)
def set_blacklist(
    contact_id: RowId, body: BlacklistIn, _: AuthDep, db: DbDep, clock: ClockDep
) -> BlacklistOut:
    cur = db.execute("UPDATE contacts SET blacklisted = ?, updated_at = ? WHERE id = ?",
                     (int(body.blacklisted), iso(clock.now()), contact_id))
    if cur.rowcount != 1:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no contact {contact_id}")
    return BlacklistOut(id=contact_id, blacklisted=body.blacklisted)


@router.put("/contacts/{contact_id}/language", response_model=LanguageOut)
def set_language(
    contact_id: RowId, body: LanguageIn, _: AuthDep, db: DbDep,
    clock: ClockDep,
) -> LanguageOut:
    """The language this person's wishes are written in (wins over what the bot reads)."""
    cur = db.execute("UPDATE contacts SET language = ?, updated_at = ? WHERE id = ?",
                     (body.language, iso(clock.now()), contact_id))
    if cur.rowcount != 1:
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
    rows = db.query(
        f"SELECT ts, action FROM audit_log WHERE dry_run = 0 AND {COUNTED_SQL} AND ts >= ?",
        (iso(clock.now() - timedelta(days=days + 1)),),
    )
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
            "usage": budget_usage(settings, db, clock)}


@router.post("/safety/resume", response_model=Resumed)
def resume(_: AuthDep, db: DbDep, clock: ClockDep) -> Resumed:
    """Lift the global pause now (after the person has dealt with the warning)."""
    resume_bots(db)
    return Resumed(paused=None)
