"""Reading the visible text of invitation cards (English and French), pure.

LinkedIn gives no dates on invitation cards, only relative ages ("Sent 3 weeks ago",
"Envoyée il y a 3 semaines") and counts ("12 mutual connections", "Jane and 11 other mutual
connections", "12 relations en commun"). Ages are read as a lower bound in days (a month is 30,
a year 365) so "older than N days" never withdraws early.
"""

from __future__ import annotations

import re
import unicodedata

_UNIT_DAYS = {
    # English
    "minute": 0, "min": 0, "m": 0, "hour": 0, "hr": 0, "h": 0,
    "day": 1, "d": 1, "week": 7, "wk": 7, "w": 7, "month": 30, "mo": 30, "year": 365,
    "yr": 365, "y": 365,
    # French
    "seconde": 0, "heure": 0, "jour": 1, "j": 1, "semaine": 7, "sem": 7, "mois": 30, "an": 365,
    "annee": 365,
}
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1}
_AGE = re.compile(r"\b(?P<n>\d+|an?|one|une?)\s*(?P<unit>[a-z]+)\b")


def _fold(text: str) -> str:
    """Lower case without accents, curly quotes or non-breaking spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").lower()


def parse_age_days(text: str) -> int | None:
    """Days since an invitation was sent, from its card text; None when not recognised.

    >>> parse_age_days("Sent 3 weeks ago"), parse_age_days("Envoyée il y a 2 mois")
    (21, 60)
    """
    t = _fold(text)
    if re.search(r"\b(today|just now|aujourd'hui|a l'instant)\b", t):
        return 0
    if re.search(r"\b(yesterday|hier)\b", t):
        return 1
    # Drop the verb so "Sent"/"Envoyée" never reads as a unit; "il y a" precedes French ages.
    t = re.sub(r"\b(sent|envoye+s?|il y a)\b", " ", t)
    for m in _AGE.finditer(t):
        raw_n, unit = m.group("n"), m.group("unit")
        if unit not in _UNIT_DAYS and unit.endswith("s"):
            unit = unit[:-1]
        if unit not in _UNIT_DAYS:
            continue
        n = int(raw_n) if raw_n.isdigit() else _WORD_NUMBERS.get(raw_n)
        if n is None:
            continue
        return n * _UNIT_DAYS[unit]
    return None


_COUNT = r"(\d[\d,.\s]*)"


def _to_int(raw: str) -> int:
    return int(re.sub(r"[^\d]", "", raw))


def parse_mutual(text: str) -> int:
    """Mutual connections named on a card; 0 when the card mentions none.

    Handles "12 mutual connections", "1 mutual connection", "Jane Doe is a mutual connection",
    "Jane and John are mutual connections", "Jane Doe and 11 other mutual connections", and the
    French "12 relations en commun" / "Jane Doe et 11 autres relations en commun".
    """
    t = _fold(text)
    if not re.search(r"mutual connection|relations? en commun", t):
        return 0
    m = re.search(_COUNT + r"\s*other mutual connections?", t) or re.search(
        _COUNT + r"\s*autres? relations? en commun", t
    )
    if m:
        return _to_int(m.group(1)) + 1
    m = re.search(_COUNT + r"\s*mutual connections?", t) or re.search(
        _COUNT + r"\s*relations? en commun", t
    )
    if m:
        return _to_int(m.group(1))
    if re.search(r"\b(and|et)\b.+\b(are mutual connections|sont des relations en commun)", t):
        return 2
    return 1


def mentions_follows_you(text: str) -> bool:
    """True for the "follows you" cards, whose Accept control does nothing."""
    t = _fold(text)
    return bool(re.search(r"\bfollows you\b|\bvous suit\b|\bis following you\b", t))
