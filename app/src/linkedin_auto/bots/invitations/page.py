"""Reading the invitation manager: received and sent cards, the buttons inside a card."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from linkedin_auto.bots.invitations.rules import ReceivedCard, SentCard
from linkedin_auto.bots.invitations.text import mentions_follows_you, parse_age_days, parse_mutual
from linkedin_auto.bots.page_read import (
    RawCard,
    clean_name,
    descriptive_lines,
    read_cards,
    wait_for_list,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from linkedin_auto.bots.common import BotSession

_ACCEPT_LABEL = re.compile(r"^Accept (.+?)[’']s invitation", re.I)
_IGNORE_LABEL = re.compile(r"^Ignore an invitation to connect from (.+)$", re.I)
_WITHDRAW_LABEL = re.compile(r"^Withdraw (?:invitation (?:sent )?to )?(.+?)$", re.I)
_AGE_LINE = re.compile(
    r"\b(ago|today|yesterday|il y a|aujourd|hier|sent|envoy)", re.I
)
_FOLLOWS_LINE = re.compile(r"follows you|vous suit|is following you", re.I)
_INVITE_LINE = re.compile(r"invited you|wants to connect|vous a invité|souhaite", re.I)


@dataclass(frozen=True)
class ReceivedItem:
    card: ReceivedCard
    raw: RawCard


@dataclass(frozen=True)
class SentItem:
    card: SentCard
    raw: RawCard


def _name_from_labels(raw: RawCard, *patterns: re.Pattern[str]) -> str:
    for label in raw.labels:
        for p in patterns:
            m = p.match(label.strip())
            if m:
                return " ".join(m.group(1).split())
    return ""


def received_item(raw: RawCard) -> ReceivedItem:
    name = _name_from_labels(raw, _ACCEPT_LABEL, _IGNORE_LABEL) or clean_name(raw.link_text)
    lines = descriptive_lines(raw, name, skip=(_AGE_LINE, _FOLLOWS_LINE, _INVITE_LINE))
    card = ReceivedCard(
        name=name, slug=raw.slug, headline=lines[0] if lines else "",
        mutual=parse_mutual("\n".join(raw.lines)),
        follows_you=mentions_follows_you(raw.text),
    )
    return ReceivedItem(card, raw)


def sent_item(raw: RawCard) -> SentItem:
    name = clean_name(raw.link_text) or _name_from_labels(raw, _WITHDRAW_LABEL)
    age = None
    for line in raw.lines:
        if _AGE_LINE.search(line):
            age = parse_age_days(line)
            if age is not None:
                break
    return SentItem(SentCard(name=name, slug=raw.slug, age_days=age), raw)


def read_received(s: BotSession) -> list[ReceivedItem]:
    """The cards of one load; [] only when the page says nothing is pending."""
    cards = wait_for_list(s, "invitation_card", "invitations_empty",
                          what="received invitations")
    return [] if cards is None else [received_item(r) for r in read_cards(cards)]


def read_sent(s: BotSession) -> list[SentItem]:
    cards = wait_for_list(s, "sent_invitation_card", "invitations_empty",
                          what="sent invitations")
    return [] if cards is None else [sent_item(r) for r in read_cards(cards)]


def has_next_page(s: BotSession) -> bool:
    nxt = s.selectors.resolve(s.page, "pagination_next")
    return nxt is not None and nxt.first.is_enabled()


def find_in(s: BotSession, scope: Locator, element: str, **variables: str) -> Locator | None:
    """The first fallback of ``element`` that matches inside ``scope``, with ``{name}`` filled.

    (``Selectors.resolve`` takes the element as ``name``, so ``{name}`` is filled here.)
    """
    for fb in s.selectors.fallbacks(element):
        loc = fb.locator(scope, variables)
        if loc.count() > 0:
            return loc
    return None


def card_locator(s: BotSession, list_name: str, slug: str, name: str) -> Locator | None:
    """One person's card in the list now on the page (None: the list is gone)."""
    cards = s.selectors.resolve(s.page, list_name)
    if cards is None:
        return None
    if slug:
        return cards.filter(has=s.page.locator(f"a[href*='/in/{slug}']")).first
    return cards.filter(has_text=name).first
