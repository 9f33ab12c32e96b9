"""The context handed to every job function (bots and built-in jobs alike)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import structlog

from linkedin_auto.clock import Clock
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

    def __post_init__(self) -> None:
        self.log = structlog.get_logger("run").bind(run_id=self.run_id, bot=self.bot)

    def event(self, kind: str, message: str, *, level: str = "info", **data: Any) -> None:
        self.store.add_event(self.run_id, kind, message, level=level, **data)
        getattr(self.log, level if level in ("debug", "info", "warning", "error") else "info")(
            kind, message=message, **data
        )

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n
        self.store.set_counts(self.run_id, dict(self.counts))

    @property
    def scheduled(self) -> bool:
        """Started by a schedule (not by a person or a script)."""
        row = self.store.get(self.run_id)
        return row is not None and row["trigger"] == "schedule"

    def check_cancelled(self) -> None:
        """Call between actions: a cancel request stops the run at a safe point."""
        if self.store.cancel_requested(self.run_id):
            raise RunCancelled(f"run {self.run_id} cancelled")
