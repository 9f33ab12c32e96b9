"""The context handed to every job function (bots and built-in jobs alike)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog

from linkedin_auto.clock import Clock, iso
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.settings import Settings


class RunCancelled(Exception):
    """Raised by ``RunContext.check_cancelled`` when the user asked the run to stop."""


@dataclass
class RunContext:
    run_id: int
    bot: str
    dry_run: bool
    options: dict[str, Any]
    settings: Settings
    db: Database
    clock: Clock
    store: RunStore
    counts: Counter[str] = field(default_factory=Counter)
    # Live progress (``runs.progress``, api.schemas.runs.RunProgress): done of planned items
    # and the current step, streamed with the counts.
    progress: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.log = structlog.get_logger("run").bind(run_id=self.run_id, bot=self.bot)

    def event(self, kind: str, message: str, *, level: str = "info", **data: Any) -> None:
        self.store.add_event(self.run_id, kind, message, level=level, **data)
        getattr(self.log, level if level in ("debug", "info", "warning", "error") else "info")(
            kind, message=message, **data
        )

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n
        self._publish()

    def _publish(self) -> None:
        self.store.set_counts(self.run_id, dict(self.counts),
                              dict(self.progress) if self.progress else None)

    def plan(self, planned: int, unit: str, *, at_most: bool = False, add: bool = False) -> None:
        """How many items (``unit``: "wishes", "visits", ...) this run means to act on;
        ``at_most``: a cap rather than a count of items seen; ``add``: more were found."""
        before = int(self.progress.get("planned") or 0) if add else 0
        self.progress.update(planned=before + max(0, planned), unit=unit, at_most=at_most)
        self.progress.setdefault("done", 0)
        self._publish()

    def item_done(self, n: int = 1) -> None:
        """One more planned item handled (sent, visited, answered; verified or not)."""
        self.progress["done"] = int(self.progress.get("done") or 0) + n
        self._publish()

    def step(self, what: str, *, wait_seconds: float | None = None) -> None:
        """What the run does now ("loading birthdays"), or waits for ("human delay") with
        ``wait_seconds``: shown live until the next step."""
        now = self.clock.now()
        wait = wait_seconds if wait_seconds is not None and wait_seconds > 0 else None
        self.progress.update(
            step=what, wait_seconds=None if wait is None else round(wait, 1),
            wait_until=None if wait is None else iso(now + timedelta(seconds=wait)),
            updated_at=iso(now))
        self._publish()

    @property
    def scheduled(self) -> bool:
        """Started by a schedule (not by a person or a script)."""
        row = self.store.get(self.run_id)
        return row is not None and row["trigger"] == "schedule"

    def check_cancelled(self) -> None:
        """Call between actions: a cancel request stops the run at a safe point."""
        if self.store.cancel_requested(self.run_id):
            raise RunCancelled(f"run {self.run_id} cancelled")
