"""The message ledger (table ``messages``): exactly one real wish per person per birthday.

States (``MessageState``) and who moves them:

- ``record_intent`` writes ``intent`` durably once the text is typed, before the Send click.
  The partial unique index ``messages_once`` (contact, occasion, real rows in intent / sent /
  unverified) makes a second real wish for the same birthday impossible, even from a
  concurrent run.
- ``mark_clicked`` sets ``clicked_at`` durably just BEFORE the Send click. From then on the
  wish counts as possibly sent, whatever happens next.
- ``confirm_sent``: the text showed in the conversation -> ``sent``.
- ``mark_unverified``: the click happened, the text did not show -> ``unverified``. It holds
  the once-only slot like ``sent``: never retried automatically.
- A run that dies leaves an ``intent``: ``clicked_at IS NULL`` proves the click never happened
  (``abandon_unclicked`` -> ``abandoned``, the slot is free for a new attempt); a set
  ``clicked_at`` makes it ``unverified`` (``settle_clicked``).
- ``upgrade_verified``: a later run read our text on the conversation's own page ->
  ``unverified`` becomes ``sent``. Nothing ever turns ``unverified`` or ``sent`` back into "not
  sent" automatically; only the person can (``allow_resend``), or confirm it
  (``mark_delivered``).
- Dry-runs write ``state='dry_run', dry_run=1`` rows, outside the index: they never block.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from enum import StrEnum
from typing import Any

from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database


class MessageState(StrEnum):
    intent = "intent"
    sent = "sent"
    unverified = "unverified"
    failed = "failed"
    dry_run = "dry_run"
    abandoned = "abandoned"


# States that hold the once-only slot (the partial unique index ``messages_once``).
HOLDS_SLOT = (MessageState.intent, MessageState.sent, MessageState.unverified)

NOTE_MARKED_DELIVERED = "marked delivered by you"
NOTE_RESEND = "you asked to send it again"


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
    """The real row holding this occasion's slot (intent, sent or unverified), if any."""
    return db.query_one(
        "SELECT * FROM messages WHERE contact_id = ? AND occasion = ? AND dry_run = 0"
        " AND state IN ('intent', 'sent', 'unverified')", (contact_id, occasion),
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


def _move(db: Database, clock: Clock, message_id: int, to: MessageState, note: str, *,
          from_: tuple[MessageState, ...], sent: bool = False, unclicked: bool = False) -> bool:
    """One guarded state change; False when the row is not in an allowed state."""
    sql = ("UPDATE messages SET state = ?, note = ?,"
           " sent_at = CASE WHEN ? THEN ? ELSE sent_at END"
           f" WHERE id = ? AND dry_run = 0 AND state IN ({', '.join('?' * len(from_))})")
    if unclicked:
        sql += " AND clicked_at IS NULL"
    cur = db.execute(sql, (str(to), note or None, int(sent), iso(clock.now()), message_id,
                           *map(str, from_)))
    return bool(cur.rowcount)


def mark_clicked(db: Database, clock: Clock, message_id: int) -> None:
    """Durably note the moment just before the Send click (autocommit: on disk on return)."""
    cur = db.execute("UPDATE messages SET clicked_at = ? WHERE id = ? AND state = 'intent'",
                     (iso(clock.now()), message_id))
    if not cur.rowcount:
        raise RuntimeError(f"message {message_id} is not an intent: not clicking")


def confirm_sent(db: Database, clock: Clock, message_id: int, note: str = "") -> bool:
    """Our text showed in the conversation right after the click."""
    return _move(db, clock, message_id, MessageState.sent, note, sent=True,
                 from_=(MessageState.intent, MessageState.unverified))


def mark_unverified(db: Database, clock: Clock, message_id: int, note: str) -> bool:
    """Clicked, effect not seen: counted, audited, never repeated automatically."""
    return _move(db, clock, message_id, MessageState.unverified, note,
                 from_=(MessageState.intent,))


def upgrade_verified(db: Database, clock: Clock, message_id: int, note: str) -> bool:
    """unverified -> sent, only on positive evidence (our text on the conversation's page)."""
    return _move(db, clock, message_id, MessageState.sent, note, sent=True,
                 from_=(MessageState.unverified,))


def abandon_unclicked(db: Database, clock: Clock, message_id: int, note: str) -> bool:
    """Free the slot of an intent that provably never reached the click (clicked_at NULL)."""
    return _move(db, clock, message_id, MessageState.abandoned, note, unclicked=True,
                 from_=(MessageState.intent,))


def settle_clicked(db: Database, clock: Clock, message_id: int, note: str) -> bool:
    """An intent left by a crash after ``mark_clicked``: it may have been sent."""
    cur = db.execute(
        "UPDATE messages SET state = 'unverified', note = ? WHERE id = ? AND dry_run = 0"
        " AND state = 'intent' AND clicked_at IS NOT NULL", (note, message_id))
    return bool(cur.rowcount)


def mark_failed(db: Database, clock: Clock, message_id: int, note: str) -> bool:
    """Nothing was clicked and the wish cannot be made (e.g. the Send button is missing)."""
    return _move(db, clock, message_id, MessageState.failed, note, unclicked=True,
                 from_=(MessageState.intent,))


def mark_delivered(db: Database, clock: Clock, message_id: int) -> bool:
    """The person saw the wish in LinkedIn: unverified -> sent. False if not unverified."""
    return _move(db, clock, message_id, MessageState.sent, NOTE_MARKED_DELIVERED, sent=True,
                 from_=(MessageState.unverified,))


def allow_resend(db: Database, clock: Clock, message_id: int) -> bool:
    """The person saw it was not delivered: unverified -> abandoned, so a later run may wish
    again (while the birthday is within ``max_days_late``). False if not unverified."""
    return _move(db, clock, message_id, MessageState.abandoned, NOTE_RESEND,
                 from_=(MessageState.unverified,))


def pending_intents(db: Database, occasion_prefix: str = "birthday:") -> list[sqlite3.Row]:
    """Intents left by a run that died (its own run finishes every intent it writes)."""
    return db.query(
        "SELECT m.*, c.slug, c.name, c.profile_url FROM messages m"
        " JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.state = 'intent' AND m.dry_run = 0 AND m.occasion LIKE ? ORDER BY m.id",
        (occasion_prefix + "%",),
    )


def unverified(db: Database, occasion_prefix: str = "birthday:") -> list[sqlite3.Row]:
    """Wishes to check: clicked, delivery not seen (oldest first)."""
    return db.query(
        "SELECT m.*, c.slug, c.name, c.profile_url FROM messages m"
        " JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.state = 'unverified' AND m.dry_run = 0 AND m.occasion LIKE ? ORDER BY m.id",
        (occasion_prefix + "%",),
    )


def templates_used_since(db: Database, contact_id: int, since: datetime) -> dict[str, datetime]:
    """Template -> last time it was really sent to this contact, since ``since``."""
    rows = db.query(
        "SELECT template, MAX(COALESCE(sent_at, created_at)) AS last FROM messages"
        " WHERE contact_id = ? AND dry_run = 0 AND state IN ('sent', 'unverified')"
        " AND created_at >= ?"
        " GROUP BY template", (contact_id, iso(since)),
    )
    return {r["template"]: parse_iso(r["last"]) for r in rows}


def as_dict(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return None if row is None else dict(row)
