"""Reads of the message ledger for the dashboard (the bots write it through bots/ledger.py)."""

from __future__ import annotations

import sqlite3

from linkedin_auto.db.connection import Database

_SELECT = (
    "SELECT m.id, m.contact_id, c.name AS contact_name, c.slug, c.profile_url, m.occasion,"
    " m.kind, m.text, m.state, m.run_id, m.created_at, m.clicked_at, m.sent_at, m.note"
    " FROM messages m JOIN contacts c ON c.id = m.contact_id"
)


def list_messages(
    db: Database, *, state: str | None = None, contact_id: int | None = None,
    run_id: int | None = None, limit: int = 50, offset: int = 0,
) -> tuple[list[sqlite3.Row], int]:
    """Real wishes (no dry-run rows), newest first, and how many match in all."""
    where, params = ["m.dry_run = 0"], []
    for column, value in (("m.state", state), ("m.contact_id", contact_id),
                          ("m.run_id", run_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = " WHERE " + " AND ".join(where)
    total = int(db.scalar(
        "SELECT COUNT(*) FROM messages m JOIN contacts c ON c.id = m.contact_id" + clause,
        tuple(params)))
    rows = db.query(f"{_SELECT}{clause} ORDER BY m.id DESC LIMIT ? OFFSET ?",
                    (*params, limit, offset))
    return rows, total


def message_state(db: Database, message_id: int) -> str | None:
    state = db.scalar("SELECT state FROM messages WHERE id = ?", (message_id,))
    return None if state is None else str(state)


def get_message(db: Database, message_id: int) -> sqlite3.Row | None:
    return db.query_one(f"{_SELECT} WHERE m.id = ? AND m.dry_run = 0", (message_id,))


def confirm_click_audit(db: Database, *, run_id: int | None, profile_url: str) -> None:
    """The audit row of a wish's Send click (written ``unverified``) becomes ``done``."""
    db.execute(
        "UPDATE audit_log SET outcome = 'done' WHERE id = (SELECT id FROM audit_log"
        " WHERE action = 'message' AND dry_run = 0 AND outcome = 'unverified'"
        " AND target_url = ? AND run_id IS ? ORDER BY id DESC LIMIT 1)",
        (profile_url, run_id),
    )
