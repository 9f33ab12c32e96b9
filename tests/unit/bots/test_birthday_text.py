"""Birthday card wording (English, French) and templates."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from linkedin_auto.bots.birthday_dates import looks_french, parse_card
from linkedin_auto.bots.templates import TemplateError, candidates, choose, render
from linkedin_auto.settings import BirthdayBot

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("text", "expected"), [
    ("Jane Doe\nCelebrate Jane Doe’s birthday today", date(2026, 11, 25)),
    ("Birthday today", date(2026, 11, 25)),
    ("Yesterday", date(2026, 11, 24)),
    ("2 days ago", date(2026, 11, 23)),
    ("Recent birthday on Nov 22", date(2026, 11, 22)),
    ("recent birthday on Sep 25", date(2026, 9, 25)),
    ("Aujourd’hui", date(2026, 11, 25)),
    ("hier", date(2026, 11, 24)),
    ("il y a 3 jours", date(2026, 11, 22)),
    ("24 novembre", date(2026, 11, 24)),
    ("1er décembre", date(2025, 12, 1)),   # a future date is last year's
    ("Dec 31", date(2025, 12, 31)),
    ("June Lee\nSoftware engineer", None),  # a month-like name is not a date
])
def test_card_dates(text: str, expected: date | None) -> None:
    name = text.split("\n")[0] if "\n" in text else ""
    assert parse_card(text, TODAY, name=name) == expected


def test_names_that_look_like_months_do_not_shadow_the_date() -> None:
    assert parse_card("May 3 Lee\nRecent birthday on Nov 23", TODAY,
                      name="May 3 Lee") == date(2026, 11, 23)


def test_leap_day_birthdays_in_common_years() -> None:
    assert parse_card("Feb 29", date(2027, 3, 1)) == date(2027, 2, 28)


def test_french_detection() -> None:
    assert looks_french("Marie Curie\nil y a 2 jours")
    assert looks_french("24 octobre")
    assert not looks_french("Celebrate Jane’s birthday today")


def test_render_variables_and_unknown_placeholder() -> None:
    assert render("Happy birthday {first_name}! ({full_name}, {days_late})", "Ada King Lovelace",
                  2) == "Happy birthday Ada! (Ada King Lovelace, 2)"
    with pytest.raises(TemplateError, match="unknown placeholder"):
        render("Hi {nickname}", "Ada")


def test_candidates_by_language_and_belated() -> None:
    cfg = BirthdayBot(templates=["T {first_name}"], belated_templates=["B {first_name}"],
                      templates_by_language={"fr": ["Joyeux anniversaire {first_name} !"],
                                             "fr-belated": ["Bon anniversaire en retard !"]})
    assert candidates(cfg, belated=False, language=None) == ["T {first_name}"]
    assert candidates(cfg, belated=True, language="de") == ["B {first_name}"]
    assert candidates(cfg, belated=False, language="fr") == ["Joyeux anniversaire {first_name} !"]
    assert candidates(cfg, belated=True, language="FR") == ["Bon anniversaire en retard !"]


def test_choose_avoids_recent_templates_then_takes_the_oldest() -> None:
    rng = random.Random(4)
    used = {"a": datetime(2026, 1, 1, tzinfo=UTC), "b": datetime(2025, 1, 1, tzinfo=UTC)}
    for _ in range(20):
        assert choose(["a", "b", "c"], used, rng) == "c"
    assert choose(["a", "b"], used, rng) == "b"
