"""What the birthday bot decides per card and what came of each wish."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class PageChanged(RuntimeError):
    """An element the bot needs is not on the page (see ``linkedin-auto selectors check``)."""


class Decision(StrEnum):
    wish = "wish"
    skip = "skip"
    # within the rules, but a quota or the per-run cap leaves it for a later run
    deferred = "deferred"


class Outcome(StrEnum):
    """``Entry.outcome``: what happened to one wish in this run."""

    none = ""
    sent = "sent"  # clicked, our text showed in the conversation
    unverified = "unverified"  # clicked, the text did not show: counted, never repeated
    reconciled = "reconciled"  # an earlier unverified wish found on the conversation page
    dry_run = "dry_run"
    aborted = "aborted"  # nothing clicked: the overlay or the typed text was not right
    failed = "failed"  # nothing clicked: no usable template


@dataclass
class Entry:
    name: str
    slug: str
    profile_url: str
    birthday: date | None
    days_late: int | None
    language: str | None
    decision: Decision = Decision.skip
    language_reason: str = ""
    templates: list[str] = field(default_factory=list)  # in `language`, for `kind`
    reason: str = ""
    contact_id: int | None = None
    template: str = ""
    text: str = ""
    outcome: Outcome = Outcome.none
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "today" if not self.days_late else "belated"

    @property
    def occasion(self) -> str:
        return f"birthday:{self.birthday.isoformat() if self.birthday else 'unknown'}"

    @property
    def rule(self) -> str:
        return f"birthday {self.kind}" + (f" ({self.days_late} d late)" if self.days_late else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "slug": self.slug, "profile_url": self.profile_url,
            "birthday": self.birthday.isoformat() if self.birthday else None,
            "days_late": self.days_late, "kind": self.kind if self.birthday else None,
            "language": self.language, "language_reason": self.language_reason,
            "decision": str(self.decision), "reason": self.reason,
            "text": self.text, "outcome": str(self.outcome),
        }
