"""Invitation card text parsing and the accept / ignore / withdraw rules."""

from __future__ import annotations

import pytest
from linkedin_auto.bots.contacts import Blacklist
from linkedin_auto.bots.invitations.rules import (
    ReceivedCard,
    SentCard,
    decide_received,
    decide_sent,
    matching_keyword,
)
from linkedin_auto.bots.invitations.text import (
    mentions_follows_you,
    parse_age_days,
    parse_mutual,
)
from linkedin_auto.settings import InvitationsBot


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Sent today", 0),
        ("Sent yesterday", 1),
        ("Sent 3 days ago", 3),
        ("Sent 1 day ago", 1),
        ("Sent 1 week ago", 7),
        ("Sent 3 weeks ago", 21),
        ("Sent 2 months ago", 60),
        ("Sent a month ago", 30),
        ("Sent 1 year ago", 365),
        ("Sent 5 hours ago", 0),
        ("2 months ago", 60),
        ("Sent 3w ago", 21),
        ("Envoyée il y a 3 semaines", 21),
        ("Envoyée aujourd’hui", 0),
        ("Envoyée hier", 1),
        ("Envoyée il y a 2 mois", 60),
        ("Envoyé il y a 4 jours", 4),
        ("Envoyée il y a 1 an", 365),
        ("Envoyée il y a 2 ans", 730),
    ],
)
def test_parse_age_days(text: str, days: int) -> None:
    assert parse_age_days(text) == days


@pytest.mark.parametrize("text", ["", "Pending", "Sent", "Withdraw"])
def test_unreadable_age_is_none(text: str) -> None:
    assert parse_age_days(text) is None


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("12 mutual connections", 12),
        ("1 mutual connection", 1),
        ("1,204 mutual connections", 1204),
        ("Jane Doe is a mutual connection", 1),
        ("Jane Doe and John Roe are mutual connections", 2),
        ("Jane Doe and 11 other mutual connections", 12),
        ("12 relations en commun", 12),
        ("1 relation en commun", 1),
        ("Jane Doe et 4 autres relations en commun", 5),
        ("Software engineer at Acme", 0),
    ],
)
def test_parse_mutual(text: str, n: int) -> None:
    assert parse_mutual(text) == n


def test_follows_you() -> None:
    assert mentions_follows_you("Jane Doe follows you")
    assert mentions_follows_you("Jane Doe vous suit")
    assert not mentions_follows_you("Jane Doe wants to connect")


def test_keyword_matches_at_word_start_ignoring_case_and_accents() -> None:
    assert matching_keyword("Senior Recruiter at Acme", ["recruit"]) == "recruit"
    assert matching_keyword("Director of Sales", ["cto"]) is None
    assert matching_keyword("Ingénieure logiciel", ["ingenieur"]) == "ingenieur"
    assert matching_keyword("Anything", ["  "]) is None


def _rules(**kw: object) -> InvitationsBot:
    return InvitationsBot.model_validate(kw)


def test_accept_by_min_mutual() -> None:
    rules = _rules(accept={"min_mutual": 3})
    d = decide_received(ReceivedCard("Ann", headline="Engineer", mutual=3), rules)
    assert (d.action, d.rule) == ("accept", "accept.min_mutual")
    d = decide_received(ReceivedCard("Bob", headline="Engineer", mutual=2), rules)
    assert (d.action, d.rule) == ("skip", "accept.min_mutual")
    assert not d.acts


def test_include_and_exclude_keywords() -> None:
    rules = _rules(accept={"min_mutual": 0, "include_keywords": ["engineer", "developer"],
                           "exclude_keywords": ["recruit"]})
    d = decide_received(ReceivedCard("Ann", headline="Python Developer"), rules)
    assert (d.action, d.rule) == ("accept", "accept.include_keywords")
    assert "developer" in d.reason
    d = decide_received(ReceivedCard("Bob", headline="Sales manager"), rules)
    assert (d.action, d.rule) == ("skip", "accept.include_keywords")
    d = decide_received(ReceivedCard("Cid", headline="Engineering recruiter"), rules)
    assert (d.action, d.rule) == ("skip", "accept.exclude_keywords")


def test_ignore_only_when_enabled() -> None:
    card = ReceivedCard("Dan", headline="Crypto trading coach", mutual=10)
    on = _rules(ignore={"enabled": True, "exclude_keywords": ["crypto"]})
    off = _rules(ignore={"enabled": False, "exclude_keywords": ["crypto"]})
    assert (decide_received(card, on).action, decide_received(card, on).rule) == (
        "ignore", "ignore.exclude_keywords"
    )
    assert decide_received(card, off).action == "accept"


def test_follows_you_and_blacklist_come_first() -> None:
    rules = _rules(accept={"min_mutual": 0}, ignore={"enabled": True, "exclude_keywords": ["a"]})
    d = decide_received(ReceivedCard("Eve", headline="a", follows_you=True), rules)
    assert (d.action, d.rule) == ("skip", "follows_you")
    bl = Blacklist(["https://www.linkedin.com/in/eve-x/", "Frank Zed"])
    d = decide_received(ReceivedCard("Eve X", slug="eve-x", headline="a"), rules, bl)
    assert (d.action, d.rule) == ("skip", "blacklist")
    d = decide_received(ReceivedCard("frank  zed", slug="fz-1", headline="b"), rules, bl)
    assert (d.action, d.rule) == ("skip", "blacklist")
    assert decide_received(ReceivedCard("Gus", slug="gus", headline="b"), rules, bl).action == (
        "accept"
    )


def test_accept_disabled() -> None:
    d = decide_received(ReceivedCard("Ann", mutual=50), _rules(accept={"enabled": False}))
    assert (d.action, d.rule) == ("skip", "accept.disabled")


def test_withdraw_rules() -> None:
    rules = _rules(withdraw={"older_than_days": 21})
    assert decide_sent(SentCard("A", age_days=21), rules).action == "withdraw"
    assert decide_sent(SentCard("A", age_days=21), rules).rule == "withdraw.older_than_days"
    assert decide_sent(SentCard("B", age_days=20), rules).rule == "withdraw.too_recent"
    assert decide_sent(SentCard("C", age_days=None), rules).rule == "withdraw.age_unknown"
    off = _rules(withdraw={"enabled": False})
    assert decide_sent(SentCard("D", age_days=400), off).rule == "withdraw.disabled"
