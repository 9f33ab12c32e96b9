"""Reads and the few person-made edits of contacts (the bots write them as they meet people)."""

from __future__ import annotations

from typing import Any

from linkedin_auto.db.connection import Database

# Real wishes sent, real profile visits, invitations: beside each contact in the lists.
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


def list_contacts(db: Database, *, q: str = "", limit: int = 50,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Contacts by name (``q`` matched in name, headline or slug) and how many match in all."""
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
    return [_contact(r) for r in rows], total


def get_contact(db: Database, contact_id: int) -> dict[str, Any] | None:
    row = db.query_one(f"SELECT c.*, {_COUNTS} FROM contacts c WHERE c.id = ?", (contact_id,))
    return None if row is None else _contact(row)


def timeline(db: Database, contact: dict[str, Any]) -> list[dict[str, Any]]:
    """Wishes, visits, invitations and audited actions about ``contact``, newest first."""
    contact_id = contact["id"]
    out: list[dict[str, Any]] = []
    for m in db.query("SELECT * FROM messages WHERE contact_id = ?", (contact_id,)):
        out.append({"ts": m["sent_at"] or m["created_at"], "type": "message",
                    "kind": m["kind"], "state": m["state"], "dry_run": bool(m["dry_run"]),
                    "text": m["text"], "occasion": m["occasion"], "run_id": m["run_id"]})
    for v in db.query("SELECT * FROM profile_visits WHERE contact_id = ?", (contact_id,)):
        out.append({"ts": v["visited_at"], "type": "visit", "dry_run": bool(v["dry_run"]),
                    "query": v["query"], "dwell_seconds": v["dwell_seconds"],
                    "run_id": v["run_id"]})
    for i in db.query("SELECT * FROM invitations WHERE contact_id = ?", (contact_id,)):
        out.append({"ts": i["decided_at"], "type": "invitation",
                    "direction": i["direction"], "decision": i["decision"],
                    "rule": i["rule"], "state": i["state"], "dry_run": bool(i["dry_run"]),
                    "run_id": i["run_id"]})
    for a in db.query("SELECT * FROM audit_log WHERE target_url = ? AND target_url != ''",
                      (contact["profile_url"],)):
        out.append({"ts": a["ts"], "type": "action", "bot": a["bot"], "action": a["action"],
                    "rule": a["rule"], "budget": a["budget"], "outcome": a["outcome"],
                    "dry_run": bool(a["dry_run"]), "run_id": a["run_id"]})
    out.sort(key=lambda e: e["ts"] or "", reverse=True)
    return out


def set_blacklisted(db: Database, contact_id: int, blacklisted: bool, now: str) -> bool:
    """False when there is no such contact."""
    cur = db.execute("UPDATE contacts SET blacklisted = ?, updated_at = ? WHERE id = ?",
                     (int(blacklisted), now, contact_id))
    return cur.rowcount == 1


def set_language(db: Database, contact_id: int, language: str | None, now: str) -> bool:
    """False when there is no such contact."""
    cur = db.execute("UPDATE contacts SET language = ?, updated_at = ? WHERE id = ?",
                     (language, now, contact_id))
    return cur.rowcount == 1
