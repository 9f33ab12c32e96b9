"""Reading invitation cards: names from aria-labels, headline, mutual count, age, follows-you."""

from __future__ import annotations

import pytest
from linkedin_auto.bots.invitations.page import received_item, sent_item
from linkedin_auto.bots.page_read import (
    RawCard,
    clean_name,
    descriptive_lines,
    slug_from_href,
)
from linkedin_auto.bots.run_options import validate_run_options
from linkedin_auto.settings import ConfigError


def _card(slug: str, lines: list[str], labels: tuple[str, ...] | list[str] = (),
          buttons: tuple[str, ...] | list[str] = (), link_text: str = "") -> RawCard:
    return RawCard(slug=slug, link_text=link_text or lines[0], lines=tuple(lines),
                   labels=tuple(labels), buttons=tuple(buttons), text="\n".join(lines))


def test_received_card() -> None:
    raw = _card(
        "jane-doe-1",
        ["Jane Doe", "Senior Recruiter at Acme", "12 mutual connections", "3 days ago",
         "Ignore", "Accept"],
        labels=["Ignore an invitation to connect from Jane Doe", "Accept Jane Doe’s invitation"],
        buttons=["Ignore", "Accept"],
    )
    card = received_item(raw).card
    assert (card.name, card.slug, card.headline, card.mutual, card.follows_you) == (
        "Jane Doe", "jane-doe-1", "Senior Recruiter at Acme", 12, False)


def test_follows_you_card() -> None:
    raw = _card("bob-2", ["Bob Roe", "Bob Roe follows you", "Today", "Ignore", "Accept"],
                labels=["Accept Bob Roe's invitation"], buttons=["Ignore", "Accept"])
    card = received_item(raw).card
    assert card.follows_you and card.headline == "" and card.mutual == 0


def test_sent_cards_in_english_and_french() -> None:
    en = sent_item(_card("a-1", ["Ann Lee", "CTO at Initech", "Sent 2 months ago", "Withdraw"],
                         labels=["Withdraw invitation sent to Ann Lee"], buttons=["Withdraw"]))
    assert (en.card.name, en.card.age_days) == ("Ann Lee", 60)
    fr = sent_item(_card("b-2", ["Léa André", "Consultante chez Hooli",
                                 "Envoyée il y a 3 semaines", "Retirer"], buttons=["Retirer"]))
    assert (fr.card.name, fr.card.age_days) == ("Léa André", 21)
    unknown = sent_item(_card("c-3", ["Cy Ho", "Withdraw"], buttons=["Withdraw"]))
    assert unknown.card.age_days is None


def test_search_card_lines_and_degree_badges() -> None:
    raw = _card("x-1", ["Ann Lee", "• 2nd", "2nd degree connection", "Data Engineer at Hooli",
                        "Berlin, Germany", "Connect"], buttons=["Connect"])
    assert descriptive_lines(raw, "Ann Lee") == ["Data Engineer at Hooli", "Berlin, Germany"]
    glued = _card("x-1", ["Ann Lee • 3rd+", "Founder", "Paris", "Follow"], buttons=["Follow"],
                  link_text="Ann Lee")
    assert descriptive_lines(glued, "Ann Lee") == ["Founder", "Paris"]


def test_links_and_names() -> None:
    assert slug_from_href("/in/ann-lee-1?miniProfileUrn=urn%3Ali") == "ann-lee-1"
    assert slug_from_href("https://www.linkedin.com/in/Ann-Lee/") == "ann-lee"
    assert slug_from_href("/company/acme/") == ""
    assert clean_name("Ann Lee\nView Ann Lee’s profile") == "Ann Lee"


def test_run_options_are_validated_with_field_names() -> None:
    validate_run_options("invitations", {"max_per_run": 5, "sent": False})
    validate_run_options("birthday", {"anything": 1})  # not ours to judge
    with pytest.raises(ConfigError) as exc:
        validate_run_options("invitations", {"max_per_run": 0, "colour": "red"})
    assert {loc for loc, _ in exc.value.errors} == {"options.max_per_run", "options.colour"}
