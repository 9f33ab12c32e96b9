"""Birthday card wording -> the birthday's date, in English and French.

LinkedIn writes "birthday today", "Celebrate <Name>'s birthday today", "yesterday",
"2 days ago", "recent birthday on Sep 25", "Sep 25"; in French "Aujourd'hui", "hier",
"il y a 3 jours", "24 octobre". ``today`` is the user's local date (clock + settings.timezone).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # French (accents stripped before matching)
    "janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "fev": 2, "mars": 3, "avr": 4,
    "avril": 4, "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TODAY = re.compile(r"\btoday\b|\baujourd'hui\b")
_YESTERDAY = re.compile(r"\byesterday\b|\bhier\b")
_DAYS_AGO = re.compile(r"\b(\d{1,2}|a|one)\s+days?\s+ago\b|\bil y a\s+(\d{1,2}|un)\s+jours?\b")
_WEEKS_AGO = re.compile(r"\b(\d{1,2}|a|one)\s+weeks?\s+ago\b|\bil y a\s+(\d{1,2}|une)\s+"
                        r"semaines?\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\b\.?")
_FRENCH = re.compile(r"aujourd'hui|\bhier\b|\bil y a\b|anniversaire|\b(?:janvier|fevrier|mars|"
                     r"avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b")
_KEYWORDS = re.compile(r"birthday|anniversaire|\bago\b|\bil y a\b|today|aujourd'hui|"
                       r"yesterday|\bhier\b")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).replace("’", "'")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def _count(raw: str) -> int:
    return 1 if raw in ("a", "one", "un", "une") else int(raw)


def _month_day(month: int, day: int, today: date) -> date | None:
    for year in (today.year, today.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:  # celebrated on the 28th in common years
                d = date(year, 2, 28)
            else:
                return None
        if d <= today:
            return d
    return None


def parse_line(line: str, today: date) -> date | None:
    t = normalise(line)
    if _TODAY.search(t):
        return today
    if _YESTERDAY.search(t):
        return today - timedelta(days=1)
    m = _DAYS_AGO.search(t)
    if m:
        return today - timedelta(days=_count(m.group(1) or m.group(2)))
    m = _WEEKS_AGO.search(t)
    if m:
        return today - timedelta(weeks=_count(m.group(1) or m.group(2)))
    m = _MONTH_DAY.search(t)
    if m:
        return _month_day(MONTHS[m.group(1)], int(m.group(2)), today)
    m = _DAY_MONTH.search(t)
    if m:
        return _month_day(MONTHS[m.group(2)], int(m.group(1)), today)
    return None


def parse_card(text: str, today: date, *, name: str = "") -> date | None:
    """The birthday in a card's text; lines naming the person are ignored (``June Lee``)."""
    lines = [ln for ln in (x.strip() for x in text.splitlines()) if ln]
    if name:
        n = normalise(name)
        lines = [ln.replace(name, " ") if normalise(ln) != n else "" for ln in lines]
    keyed = [ln for ln in lines if _KEYWORDS.search(normalise(ln))]
    for ln in keyed + [ln for ln in lines if ln not in keyed]:
        found = parse_line(ln, today)
        if found is not None:
            return found
    return None


def looks_french(text: str) -> bool:
    return bool(_FRENCH.search(normalise(text)))
