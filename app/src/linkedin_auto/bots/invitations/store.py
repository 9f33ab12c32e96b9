"""Invitation decisions in SQLite (table ``invitations``).

An action is written as ``intent`` before its first click and moved, after it, to ``done``
(its effect was seen: the card left the list) or ``unverified`` (clicked, effect not seen:
counted, and never repeated automatically on that person), or to ``failed`` when the click
provably never happened (no button to press). A crash in between leaves ``intent``, which the
next run reconciles from the list: still pending means the click never took effect. Dry-runs
write ``dry_run`` rows, skips ``skipped``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from linkedin_auto.clock import iso
from linkedin_auto.db.connection import Database

Direction = Literal["received", "sent"]


class InvitationState(StrEnum):
    intent = "intent"
    done = "done"
    unverified = "unverified"
    failed = "failed"
    dry_run = "dry_run"
    skipped = "skipped"


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
            (direction, contact_id, name, headline, mutual, age_days, decision, rule,
             str(state), int(dry_run), run_id, iso(now)),
        )
        return int(cur.lastrowid or 0)


def finish_decision(db: Database, row_id: int, state: InvitationState) -> None:
    db.execute("UPDATE invitations SET state = ? WHERE id = ? AND state = 'intent'",
               (str(state), row_id))


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


def unverified_keys(db: Database) -> set[tuple[str, str]]:
    """(direction, slug) of real actions left ``unverified``: never clicked again by a bot
    (the person checks them on LinkedIn)."""
    rows = db.query(
        "SELECT DISTINCT i.direction, c.slug FROM invitations i JOIN contacts c"
        " ON c.id = i.contact_id WHERE i.state = 'unverified' AND i.dry_run = 0")
    return {(str(r["direction"]), str(r["slug"])) for r in rows}
