"""Message templates: choice (language, belated, no repeat to the same person) and rendering."""

from __future__ import annotations

import random
import string
from datetime import datetime

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


def candidates(cfg: BirthdayBot, *, belated: bool, language: str | None) -> list[str]:
    """Per-language lists are keyed by ISO code (``fr``) and ``<code>-belated`` (``fr-belated``)."""
    lang = (language or "").lower()
    if lang:
        key = f"{lang}-belated" if belated else lang
        if cfg.templates_by_language.get(key):
            return list(cfg.templates_by_language[key])
    return list(cfg.belated_templates if belated else cfg.templates)


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
