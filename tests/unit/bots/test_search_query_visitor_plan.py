"""The visitor's plan: settings plus run options, and search result cards to candidates."""

from __future__ import annotations

import pytest
from linkedin_auto.bots.page_read import RawCard
from linkedin_auto.bots.visitor.page import candidates_from_cards
from linkedin_auto.bots.visitor.rules import plan_from
from linkedin_auto.settings import ConfigError, VisitorBot


def test_options_override_caps_and_search() -> None:
    cfg = VisitorBot(keywords="python", max_per_run=15, max_pages=3)
    plan = plan_from(cfg, {"max_per_run": 4, "title": "CTO"})
    assert (plan.max_per_run, plan.max_pages) == (4, 3)
    assert (plan.search.keywords, plan.search.title) == ("python", "CTO")


def test_bad_options_name_the_field() -> None:
    with pytest.raises(ConfigError) as exc:
        plan_from(VisitorBot(keywords="x"), {"max_pages": 50, "max_per_run": "many"})
    assert {loc for loc, _ in exc.value.errors} == {"options.max_pages", "options.max_per_run"}


def test_cards_without_profile_link_are_ignored() -> None:
    cards = [
        RawCard("ann-1", "Ann Lee", ("Ann Lee", "• 2nd", "Engineer at X", "Lyon", "Connect"),
                buttons=("Connect",)),
        RawCard("", "LinkedIn Member", ("LinkedIn Member", "Engineer")),
    ]
    out = candidates_from_cards(cards, page=2)
    assert [(c.slug, c.name, c.headline, c.location, c.page) for c in out] == [
        ("ann-1", "Ann Lee", "Engineer at X", "Lyon", 2)]
