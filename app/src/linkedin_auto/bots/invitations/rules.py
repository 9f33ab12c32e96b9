"""Which invitations to accept, ignore, withdraw or leave alone, and why.

Pure functions over what a card shows, so the plan preview, dry-runs and real runs decide the
same way. Every :class:`Decision` names the rule that decided it; that name is stored in the
``invitations`` table and the audit log.

Received invitations, first matching rule wins:
1. "follows you" cards: skip (their Accept control does nothing).
2. blacklist (slug, profile URL or exact name): skip; never touched either way.
3. ``ignore.enabled`` and the headline matches ``ignore.exclude_keywords``: ignore.
4. ``accept.enabled`` is off: skip.
5. headline matches ``accept.exclude_keywords``: skip.
6. fewer than ``accept.min_mutual`` mutual connections: skip.
7. ``accept.include_keywords`` set and none matches: skip.
8. otherwise: accept.

Keywords match case- and accent-insensitively at the start of a word, so "recruit" matches
"Recruiter" and "cto" does not match "Director".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from linkedin_auto.bots.contacts import Blacklist, fold
from linkedin_auto.settings import InvitationsBot
from linkedin_auto.text import plural

Action = Literal["accept", "ignore", "withdraw", "skip"]


@dataclass(frozen=True)
class ReceivedCard:
    name: str
    slug: str = ""
    headline: str = ""
    mutual: int = 0
    follows_you: bool = False


@dataclass(frozen=True)
class SentCard:
    name: str
    slug: str = ""
    age_days: int | None = None


@dataclass(frozen=True)
class Decision:
    action: Action
    rule: str
    reason: str

    @property
    def acts(self) -> bool:
        return self.action != "skip"


def matching_keyword(text: str, keywords: Iterable[str]) -> str | None:
    """The first keyword found at the start of a word of ``text``, or None."""
    folded = fold(text)
    for kw in keywords:
        k = fold(kw).strip()
        if k and re.search(r"(?<!\w)" + re.escape(k), folded):
            return kw
    return None


def decide_received(
    card: ReceivedCard, rules: InvitationsBot, blacklist: Blacklist | None = None
) -> Decision:
    if card.follows_you:
        return Decision("skip", "follows_you", "a follower, not an invitation to connect")
    if blacklist is not None and blacklist.matches(name=card.name, slug=card.slug):
        return Decision("skip", "blacklist", "on the blacklist")
    if rules.ignore.enabled:
        kw = matching_keyword(card.headline, rules.ignore.exclude_keywords)
        if kw is not None:
            return Decision("ignore", "ignore.exclude_keywords", f"headline matches {kw!r}")
    accept = rules.accept
    if not accept.enabled:
        return Decision("skip", "accept.disabled", "accepting is turned off")
    kw = matching_keyword(card.headline, accept.exclude_keywords)
    if kw is not None:
        return Decision("skip", "accept.exclude_keywords", f"headline matches {kw!r}")
    if card.mutual < accept.min_mutual:
        return Decision(
            "skip", "accept.min_mutual",
            f"{plural(card.mutual, 'mutual connection')}, fewer than {accept.min_mutual}",
        )
    if accept.include_keywords:
        kw = matching_keyword(card.headline, accept.include_keywords)
        if kw is None:
            return Decision("skip", "accept.include_keywords", "headline matches no keyword")
        return Decision(
            "accept", "accept.include_keywords",
            f"headline matches {kw!r}, {plural(card.mutual, 'mutual connection')}",
        )
    return Decision(
        "accept", "accept.min_mutual",
        f"{plural(card.mutual, 'mutual connection')}, at least {accept.min_mutual}",
    )


def decide_sent(card: SentCard, rules: InvitationsBot) -> Decision:
    """Withdraw when the invitation is at least ``withdraw.older_than_days`` old."""
    w = rules.withdraw
    if not w.enabled:
        return Decision("skip", "withdraw.disabled", "withdrawing is turned off")
    if card.age_days is None:
        return Decision("skip", "withdraw.age_unknown", "the card's age could not be read")
    if card.age_days >= w.older_than_days:
        return Decision(
            "withdraw", "withdraw.older_than_days",
            f"sent about {card.age_days} days ago, at least {w.older_than_days}",
        )
    return Decision(
        "skip", "withdraw.too_recent",
        f"sent about {card.age_days} days ago, under {w.older_than_days}",
    )
