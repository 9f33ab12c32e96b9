"""Contacts and profile visits in SQLite (tables ``contacts`` and ``profile_visits``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from linkedin_auto.clock import iso
from linkedin_auto.db.connection import Database


def profile_url(base_url: str, slug: str) -> str:
    """The canonical profile URL stored in ``contacts.profile_url``."""
    return f"{base_url.rstrip('/')}/in/{slug}/"


def upsert_contact(
    db: Database, now: datetime, *, base_url: str, slug: str, name: str = "",
    headline: str = "", location: str = "",
) -> int:
    """Insert or refresh a contact; empty fields never overwrite what is known."""
    url = profile_url(base_url, slug)
    with db.transaction() as c:
        c.execute(
            "INSERT INTO contacts (profile_url, slug, name, headline, location, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(profile_url) DO UPDATE SET"
            " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END,"
            " headline = CASE WHEN excluded.headline != '' THEN excluded.headline"
            " ELSE headline END,"
            " location = CASE WHEN excluded.location != '' THEN excluded.location"
            " ELSE location END,"
            " updated_at = excluded.updated_at",
            (url, slug, name, headline, location, iso(now), iso(now)),
        )
        row = c.execute("SELECT id FROM contacts WHERE profile_url = ?", (url,)).fetchone()
    return int(row["id"])


def blacklisted_slugs(db: Database) -> set[str]:
    """Contacts blacklisted from the dashboard (``contacts.blacklisted``)."""
    return {r["slug"] for r in db.query("SELECT slug FROM contacts WHERE blacklisted = 1")}


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
