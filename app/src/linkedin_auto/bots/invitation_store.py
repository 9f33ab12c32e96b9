"""Invitation decisions in SQLite (table ``invitations``).

An action is written as ``intent`` before the click and moved to ``done`` / ``failed`` after,
so a crash in between leaves a visible trace. Dry-runs write ``dry_run`` rows, skips ``skipped``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from linkedin_auto.clock import iso
from linkedin_auto.db.connection import Database

Direction = Literal["received", "sent"]
FinalState = Literal["done", "failed"]


def record_decision(
    db: Database, now: datetime, *, direction: Direction, contact_id: int | None, name: str,
    headline: str = "", mutual: int | None = None, age_days: int | None = None,
    decision: str, rule: str, state: str, dry_run: bool, run_id: int | None,
) -> int:
    with db.transaction() as c:
        cur = c.execute(
            "INSERT INTO invitations (direction, contact_id, name, headline, mutual_connections,"
            " age_days, decision, rule, state, dry_run, run_id, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (direction, contact_id, name, headline, mutual, age_days, decision, rule, state,
             int(dry_run), run_id, iso(now)),
        )
        return int(cur.lastrowid or 0)


def finish_decision(db: Database, row_id: int, state: FinalState) -> None:
    db.execute("UPDATE invitations SET state = ? WHERE id = ? AND state = 'intent'",
               (state, row_id))


def stale_intents(db: Database, run_id: int) -> dict[tuple[str, str], int]:
    """Real actions of other runs left at ``intent`` (a crash between click and record),
    keyed by (direction, profile slug)."""
    rows = db.query(
        "SELECT i.id, i.direction, c.slug FROM invitations i JOIN contacts c"
        " ON c.id = i.contact_id WHERE i.state = 'intent' AND i.dry_run = 0"
        " AND (i.run_id IS NULL OR i.run_id != ?)",
        (run_id,),
    )
    return {(str(r["direction"]), str(r["slug"])): int(r["id"]) for r in rows}
