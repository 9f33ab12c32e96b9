"""Runs and their events: the source of truth for what happened (Redis only carries work)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database, dumps, loads


class RunStatus(StrEnum):
    """A run's status (``runs.status``; migration 0003 lists the same values)."""

    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    # finished, but with unverified actions or work deferred by a quota or cap
    partial = "partial"
    # stopped by a LinkedIn warning sign: every bot is paused for the cool-down
    paused = "paused"
    # refused before starting (pause, dead session, outside working hours): reason in `error`
    skipped = "skipped"
    failed = "failed"
    cancelled = "cancelled"
    timed_out = "timed_out"


ACTIVE = (RunStatus.queued, RunStatus.running)
FINISHED = tuple(s for s in RunStatus if s not in ACTIVE)

# Called with (event type, payload) after each state change or event; the worker wires it to
# Redis pub/sub so the API can stream it (GET /api/events).
Publisher = Callable[[str, dict[str, Any]], None]


@dataclass
class RunStore:
    db: Database
    clock: Clock
    publish: Publisher | None = None

    def _emit(self, kind: str, payload: dict[str, Any]) -> None:
        if self.publish is not None:
            self.publish(kind, payload)

    def create(
        self,
        bot: str,
        *,
        dry_run: bool = False,
        options: dict[str, Any] | None = None,
        trigger: str = "manual",
        schedule_id: int | None = None,
    ) -> int:
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO runs (bot, status, dry_run, trigger, schedule_id, options, created_at)"
                " VALUES (?, 'queued', ?, ?, ?, ?, ?)",
                (bot, int(dry_run), trigger, schedule_id, dumps(options or {}),
                 iso(self.clock.now())),
            )
            run_id = int(cur.lastrowid or 0)
        self._emit("run", {"id": run_id, "bot": bot, "status": "queued", "dry_run": dry_run})
        return run_id

    def set_job(self, run_id: int, job_id: str) -> None:
        self.db.execute("UPDATE runs SET job_id = ? WHERE id = ?", (job_id, run_id))

    def start(self, run_id: int) -> bool:
        """queued -> running; False if the run is no longer queued (e.g. cancelled)."""
        cur = self.db.execute(
            "UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
            (iso(self.clock.now()), run_id),
        )
        if cur.rowcount:
            row = self.get(run_id)
            assert row is not None
            self._emit("run", {"id": run_id, "bot": row["bot"], "status": "running"})
        return bool(cur.rowcount)

    def finish(
        self, run_id: int, status: str, *, error: str | None = None,
        counts: dict[str, int] | None = None,
    ) -> bool:
        """Move an active run to a final status; False if it had already finished."""
        assert status in FINISHED, status
        params: list[Any] = [str(status), error, iso(self.clock.now())]
        sql = "UPDATE runs SET status = ?, error = ?, finished_at = ?"
        if counts is not None:
            sql += ", counts = ?"
            params.append(dumps(counts))
        sql += " WHERE id = ? AND status IN ('queued', 'running')"
        params.append(run_id)
        cur = self.db.execute(sql, params)
        if cur.rowcount:
            row = self.get(run_id)
            assert row is not None
            self._emit("run", {"id": run_id, "bot": row["bot"], "status": str(status),
                               "error": error, "counts": loads(row["counts"])})
        return bool(cur.rowcount)

    def request_cancel(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET cancel_requested = 1 WHERE id = ?", (run_id,))

    def cancel_requested(self, run_id: int) -> bool:
        return bool(self.db.scalar("SELECT cancel_requested FROM runs WHERE id = ?", (run_id,)))

    def set_counts(self, run_id: int, counts: dict[str, int],
                   progress: dict[str, Any] | None = None) -> None:
        """The run's counts (and its live progress, when given); streamed as ``progress``."""
        if progress is None:
            self.db.execute("UPDATE runs SET counts = ? WHERE id = ?", (dumps(counts), run_id))
            self._emit("progress", {"id": run_id, "counts": counts})
            return
        self.db.execute("UPDATE runs SET counts = ?, progress = ? WHERE id = ?",
                        (dumps(counts), dumps(progress), run_id))
        self._emit("progress", {"id": run_id, "counts": counts, "progress": progress})

    def add_event(
        self, run_id: int, kind: str, message: str, *, level: str = "info", **data: Any
    ) -> int:
        ts = iso(self.clock.now())
        cur = self.db.execute(
            "INSERT INTO run_events (run_id, ts, level, kind, message, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (run_id, ts, level, kind, message, dumps(data)),
        )
        self._emit("event", {"run_id": run_id, "ts": ts, "level": level, "kind": kind,
                             "message": message, "data": data})
        return int(cur.lastrowid or 0)

    def get(self, run_id: int) -> Any:
        return self.db.query_one("SELECT * FROM runs WHERE id = ?", (run_id,))

    def events(self, run_id: int, after_id: int = 0) -> list[Any]:
        return self.db.query(
            "SELECT * FROM run_events WHERE run_id = ? AND id > ? ORDER BY id", (run_id, after_id)
        )

    def active_for_bot(self, bot: str) -> list[Any]:
        return self.db.query(
            "SELECT * FROM runs WHERE bot = ? AND status IN ('queued', 'running') ORDER BY id",
            (bot,),
        )

    def count(self, *, bot: str | None = None, status: str | None = None) -> int:
        where, params = self._where(bot, status)
        return int(self.db.scalar("SELECT COUNT(*) FROM runs" + where, params))

    @staticmethod
    def _where(bot: str | None, status: str | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if bot:
            where.append("bot = ?")
            params.append(bot)
        if status:
            where.append("status = ?")
            params.append(status)
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def list(
        self, *, bot: str | None = None, status: str | None = None, limit: int = 50,
        offset: int = 0,
    ) -> list[Any]:
        where, params = self._where(bot, status)
        return self.db.query(f"SELECT * FROM runs{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                             [*params, limit, offset])


def active_runs(db: Database) -> list[Any]:
    """Every queued or running run, oldest first (the appliance runs one at a time)."""
    return db.query("SELECT * FROM runs WHERE status IN ('queued', 'running') ORDER BY id")


def run_to_dict(row: Any) -> dict[str, Any]:
    d = dict(row)
    d["dry_run"] = bool(d["dry_run"])
    d["cancel_requested"] = bool(d["cancel_requested"])
    d["options"] = loads(d["options"])
    d["counts"] = loads(d["counts"])
    d["progress"] = loads(d["progress"]) if d.get("progress") else {}
    return d


def event_to_dict(row: Any) -> dict[str, Any]:
    d = dict(row)
    d["data"] = loads(d["data"])
    return d
