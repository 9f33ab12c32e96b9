"""Reading the visitor's pages: people-search results and the profile's own top card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkedin_auto.bots.page_read import (
    RawCard,
    clean_name,
    descriptive_lines,
    read_cards,
    wait_for_list,
)
from linkedin_auto.bots.visitor.rules import Candidate
from linkedin_auto.bots.visitor.text import clean_location, same_person

if TYPE_CHECKING:
    from linkedin_auto.bots.common import BotSession


def candidates_from_cards(cards: list[RawCard], page: int) -> list[Candidate]:
    out = []
    for card in cards:
        if not card.slug:
            continue
        name = clean_name(card.link_text) or (card.lines[0] if card.lines else "")
        lines = descriptive_lines(card, name)
        out.append(Candidate(card.slug, name, lines[0] if lines else "",
                             lines[1] if len(lines) > 1 else "", page))
    return out


def read_search_page(s: BotSession, page: int) -> list[Candidate]:
    """The results of one search page; [] only when the page says there are none (a page
    that shows neither raises ``PageUnreadable``)."""
    cards = wait_for_list(s, "search_result", "search_no_results", what="people search")
    if cards is None:
        return []
    return candidates_from_cards(read_cards(cards), page)


def _text(s: BotSession, name: str) -> str:
    loc = s.selectors.resolve(s.page, name)
    if loc is None:
        return ""
    try:
        return " ".join(loc.first.inner_text(timeout=2000).split())
    except Exception:  # an element that vanished: keep what the search card said
        return ""


def read_profile(s: BotSession, c: Candidate) -> Candidate:
    """The profile's own name, headline and location when shown; the card's otherwise."""
    name = _text(s, "profile_name")
    headline = _text(s, "profile_headline")
    location = clean_location(_text(s, "profile_location"))
    if c.name and not same_person(name, c.name):
        name = ""  # e.g. a section title picked up where the profile shows no name heading
    return Candidate(c.slug, name or c.name, headline or c.headline, location or c.location,
                     c.page)
