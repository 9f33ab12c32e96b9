"""Birthday card wording (English, French) and templates."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from linkedin_auto.bots.birthday_dates import looks_french, parse_card
from linkedin_auto.bots.templates import (
    LanguageSource,
    TemplateError,
    choose,
    choose_language,
    render,
)
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


def _cfg(**pools: dict[str, list[str]]) -> BirthdayBot:
    return BirthdayBot(default_language="en", templates={
        "en": {"today": ["T {first_name}"], "belated": ["B {first_name}"]}, **pools})


def test_language_from_the_contact_setting_first() -> None:
    cfg = _cfg(fr={"today": ["Joyeux anniversaire {first_name} !"], "belated": ["En retard !"]},
               de={"today": ["Alles Gute, {first_name}!"]})
    choice = choose_language(cfg, belated=False, contact_language="de", read_language="fr")
    assert choice == ("de", "German (de): set for this contact", ["Alles Gute, {first_name}!"],
                      LanguageSource.CONTACT)
    # Case and spaces as a person may type them.
    assert choose_language(cfg, belated=True, contact_language=" FR ",
                           read_language=None).templates == ["En retard !"]


def test_language_read_on_the_card_when_the_contact_has_none() -> None:
    cfg = _cfg(fr={"today": ["Joyeux anniversaire {first_name} !"], "belated": ["En retard !"]})
    choice = choose_language(cfg, belated=True, contact_language=None, read_language="fr")
    assert choice.language == "fr"
    assert choice.source is LanguageSource.CARD
    assert choice.reason == "French (fr): read on the birthday card"
    assert choice.templates == ["En retard !"]


def test_default_language_when_nothing_is_known() -> None:
    cfg = _cfg(fr={"today": ["Joyeux anniversaire {first_name} !"], "belated": ["En retard !"]})
    choice = choose_language(cfg, belated=False, contact_language=None, read_language=None)
    assert choice == ("en", "English (en): the account's default language", ["T {first_name}"],
                      LanguageSource.DEFAULT)
    fr_default = cfg.model_copy(update={"default_language": "fr"})
    assert choose_language(fr_default, belated=False, contact_language="",
                           read_language=None).templates == ["Joyeux anniversaire {first_name} !"]


def test_a_language_without_templates_falls_back_to_the_default_one_and_says_so() -> None:
    # German has no belated templates: never a mix, the default language, with the reason.
    cfg = _cfg(de={"today": ["Alles Gute, {first_name}!"]})
    choice = choose_language(cfg, belated=True, contact_language="de", read_language=None)
    assert choice.language == "en" and choice.templates == ["B {first_name}"]
    assert choice.source is LanguageSource.DEFAULT
    assert choice.reason == ("German (de) set for this contact, but there are no belated"
                             " templates in it; English (en): the account's default language")
    # The contact's own setting is not overridden by what the card suggests.
    cfg_fr = _cfg(de={"today": []}, fr={"today": ["Joyeux !"], "belated": ["En retard !"]})
    assert choose_language(cfg_fr, belated=False, contact_language="de",
                           read_language="fr").language == "en"
    # A card read in a language without templates.
    assert choose_language(cfg, belated=False, contact_language=None,
                           read_language="it").reason.startswith("Italian (it) read on the birthday card")


def test_default_pools_never_mix_languages() -> None:
    cfg = BirthdayBot()
    assert cfg.default_language == "en"
    assert set(cfg.templates) == {"en", "fr"}
    for t in cfg.templates["en"].today + cfg.templates["en"].belated:
        assert not looks_french(t) and "anniversaire" not in t.lower(), t
    for t in cfg.templates["fr"].today + cfg.templates["fr"].belated:
        assert "anniversaire" in t.lower(), t
    assert choose_language(cfg, belated=False, contact_language=None,
                           read_language=None).templates == cfg.templates["en"].today


def test_choose_avoids_recent_templates_then_takes_the_oldest() -> None:
    rng = random.Random(4)
    used = {"a": datetime(2026, 1, 1, tzinfo=UTC), "b": datetime(2025, 1, 1, tzinfo=UTC)}
    for _ in range(20):
        assert choose(["a", "b", "c"], used, rng) == "c"
    assert choose(["a", "b"], used, rng) == "b"
