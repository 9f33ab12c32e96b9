"""Which ``audit_log`` rows are actions that happened on LinkedIn.

An ``unverified`` action was clicked and its effect not seen: it may have happened, so every
count of real activity (the quotas, the activity chart, the daily summary, the metrics)
counts it like ``done``. One definition, so no count forgets it.
"""

from __future__ import annotations

from typing import Any

from linkedin_auto.db.connection import Database

# SQL condition on audit_log (combine with ``dry_run = 0`` for real actions only).
COUNTED_SQL = "outcome IN ('done', 'unverified')"


def counted_actions_since(db: Database, since: str) -> list[Any]:
    """``ts`` and ``action`` of every real counted action since ``since`` (ISO time)."""
    return db.query(
        f"SELECT ts, action FROM audit_log WHERE dry_run = 0 AND {COUNTED_SQL} AND ts >= ?",
        (since,))
