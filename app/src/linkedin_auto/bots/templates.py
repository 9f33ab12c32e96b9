"""Message templates: choice (language, belated, no repeat to the same person) and rendering."""

from __future__ import annotations

import random
import string
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from linkedin_auto.settings import BirthdayBot, check_template


class TemplateError(ValueError):
    pass


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else full_name


def render(template: str, full_name: str, days_late: int = 0) -> str:
    try:
        check_template(template)
    except ValueError as exc:
        raise TemplateError(f"template {template!r}: {exc}") from None
    parts = full_name.split()
    values = {
        "first_name": first_name(full_name),
        "last_name": " ".join(parts[1:]),
        "full_name": full_name,
        "days_late": str(days_late),
    }
    return string.Formatter().vformat(template, (), values).strip()


class LanguageSource(StrEnum):
    CONTACT = "contact"  # set by the person for this contact (contacts.language)
    CARD = "card"  # read on the contact's birthday card
    DEFAULT = "default"  # bots.birthday.default_language


class LanguageChoice(NamedTuple):
    language: str
    reason: str
    templates: list[str]
    source: LanguageSource


def choose_language(
    cfg: BirthdayBot, *, belated: bool, contact_language: str | None,
    read_language: str | None,
) -> LanguageChoice:
    """The language of a wish, why, and the templates to pick from.

    The contact's own setting wins, then what was read on the card, then the account's default
    language. A language without templates of the needed kind falls back to the default
    language (never to a pool mixing languages), and the reason says so.
    """
    kind = "belated" if belated else "today"
    note = ""
    for source, code in ((LanguageSource.CONTACT, contact_language),
                         (LanguageSource.CARD, read_language)):
        lang = (code or "").strip().lower()
        if not lang:
            continue
        said = ("set for this contact" if source is LanguageSource.CONTACT
                else "read on the birthday card")
        texts = _pool(cfg, lang, belated)
        if texts:
            return LanguageChoice(lang, f"{language_name(lang)}: {said}", texts, source)
        note = f"{language_name(lang)} {said}, but there are no {kind} templates in it; "
        break  # a contact's own setting is not overridden by a guess from the card
    lang = cfg.default_language
    texts = _pool(cfg, lang, belated)
    if not texts:
        raise TemplateError(f"no {kind} templates for the default language {lang!r}")
    return LanguageChoice(lang, f"{note}{language_name(lang)}: the account's default language",
                          texts, LanguageSource.DEFAULT)


def _pool(cfg: BirthdayBot, lang: str, belated: bool) -> list[str]:
    pool = cfg.templates.get(lang)
    if pool is None:
        return []
    return list(pool.belated if belated else pool.today)


LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
                  "it": "Italian", "nl": "Dutch", "pt": "Portuguese", "pl": "Polish"}


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def choose(
    options: list[str], recently_used: dict[str, datetime], rng: random.Random | None = None
) -> str:
    """A random template not sent to this person recently; else the one used longest ago."""
    if not options:
        raise TemplateError("no template configured")
    rng = rng or random.SystemRandom()
    fresh = [t for t in options if t not in recently_used]
    if fresh:
        return rng.choice(fresh)
    return min(options, key=lambda t: recently_used[t])
