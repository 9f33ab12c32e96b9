"""The message ledger (table ``messages``): exactly one real wish per person per birthday.

- ``record_intent`` writes ``state='intent'`` durably BEFORE the Send click. The partial
  unique index ``messages_once`` (contact, occasion, real rows in intent/sent) makes a second
  real wish for the same birthday impossible, even from a concurrent run.
- ``confirm_sent`` after the message shows in the conversation.
- A run that dies between the click and the confirmation leaves an ``intent``. The next run
  reconciles it by reading the conversation: the text is there -> ``sent``; not there ->
  ``abandoned`` (which frees the slot for a new attempt).
- Dry-runs write ``state='dry_run', dry_run=1`` rows, outside the index: they never block.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database


class AlreadyRecorded(Exception):
    """A real wish for this occasion is already in the ledger (intent or sent)."""


def upsert_contact(
    db: Database, clock: Clock, *, profile_url: str, slug: str, name: str,
    language: str | None = None,
) -> sqlite3.Row:
    now = iso(clock.now())
    db.execute(
        "INSERT INTO contacts (profile_url, slug, name, language, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(profile_url) DO UPDATE SET"
        " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE contacts.name END,"
        " language = COALESCE(contacts.language, excluded.language),"
        " updated_at = excluded.updated_at",
        (profile_url, slug, name, language, now, now),
    )
    row = db.query_one("SELECT * FROM contacts WHERE profile_url = ?", (profile_url,))
    assert row is not None
    return row


def active(db: Database, contact_id: int, occasion: str) -> sqlite3.Row | None:
    """The real intent/sent row for this occasion, if any."""
    return db.query_one(
        "SELECT * FROM messages WHERE contact_id = ? AND occasion = ? AND dry_run = 0"
        " AND state IN ('intent', 'sent')", (contact_id, occasion),
    )


def record_intent(
    db: Database, clock: Clock, *, contact_id: int, occasion: str, kind: str, template: str,
    text: str, run_id: int | None,
) -> int:
    try:
        with db.transaction() as c:
            cur = c.execute(
                "INSERT INTO messages (contact_id, occasion, kind, template, text, state, dry_run,"
                " run_id, created_at) VALUES (?, ?, ?, ?, ?, 'intent', 0, ?, ?)",
                (contact_id, occasion, kind, template, text, run_id, iso(clock.now())),
            )
            return int(cur.lastrowid or 0)
    except sqlite3.IntegrityError:
        raise AlreadyRecorded(f"contact {contact_id} already has a wish for {occasion}") from None


def record_dry_run(
    db: Database, clock: Clock, *, contact_id: int, occasion: str, kind: str, template: str,
    text: str, run_id: int | None,
) -> int:
    cur = db.execute(
        "INSERT INTO messages (contact_id, occasion, kind, template, text, state, dry_run,"
        " run_id, created_at) VALUES (?, ?, ?, ?, ?, 'dry_run', 1, ?, ?)",
        (contact_id, occasion, kind, template, text, run_id, iso(clock.now())),
    )
    return int(cur.lastrowid or 0)


def _set_state(db: Database, clock: Clock, message_id: int, state: str, note: str,
               sent: bool = False) -> None:
    db.execute(
        "UPDATE messages SET state = ?, note = ?, sent_at = CASE WHEN ? THEN ? ELSE sent_at END"
        " WHERE id = ?", (state, note or None, int(sent), iso(clock.now()), message_id),
    )


def confirm_sent(db: Database, clock: Clock, message_id: int, note: str = "") -> None:
    _set_state(db, clock, message_id, "sent", note, sent=True)


def mark_abandoned(db: Database, clock: Clock, message_id: int, note: str) -> None:
    _set_state(db, clock, message_id, "abandoned", note)


def mark_failed(db: Database, clock: Clock, message_id: int, note: str) -> None:
    _set_state(db, clock, message_id, "failed", note)


def pending_intents(db: Database, occasion_prefix: str = "birthday:") -> list[sqlite3.Row]:
    return db.query(
        "SELECT m.*, c.slug, c.name, c.profile_url FROM messages m"
        " JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.state = 'intent' AND m.dry_run = 0 AND m.occasion LIKE ? ORDER BY m.id",
        (occasion_prefix + "%",),
    )


def templates_used_since(db: Database, contact_id: int, since: datetime) -> dict[str, datetime]:
    """Template -> last time it was really sent to this contact, since ``since``."""
    rows = db.query(
        "SELECT template, MAX(COALESCE(sent_at, created_at)) AS last FROM messages"
        " WHERE contact_id = ? AND dry_run = 0 AND state = 'sent' AND created_at >= ?"
        " GROUP BY template", (contact_id, iso(since)),
    )
    return {r["template"]: parse_iso(r["last"]) for r in rows}


def as_dict(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return None if row is None else dict(row)
