"""Profile visits in SQLite (table ``profile_visits``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from linkedin_auto.clock import iso
from linkedin_auto.db.connection import Database


def recently_visited(db: Database, now: datetime, days: int) -> set[str]:
    """Slugs really visited (not dry-run) within the last ``days`` days."""
    if days <= 0:
        return set()
    rows = db.query(
        "SELECT DISTINCT c.slug FROM profile_visits v JOIN contacts c ON c.id = v.contact_id"
        " WHERE v.dry_run = 0 AND v.visited_at > ?",
        (iso(now - timedelta(days=days)),),
    )
    return {r["slug"] for r in rows}


def record_visit(
    db: Database, now: datetime, *, contact_id: int, run_id: int | None, query: str,
    dry_run: bool, dwell_seconds: float,
) -> int:
    with db.transaction() as c:
        cur = c.execute(
            "INSERT INTO profile_visits (contact_id, run_id, query, dry_run, dwell_seconds,"
            " visited_at) VALUES (?, ?, ?, ?, ?, ?)",
            (contact_id, run_id, query, int(dry_run), dwell_seconds, iso(now)),
        )
        return int(cur.lastrowid or 0)
