"""Interpreting the visible text of search results and profiles (pure, testable)."""

from __future__ import annotations

import re

_CONTACT_INFO = re.compile(r"\s*(?:[·•]\s*)?(?:Contact info|Coordonnées)\s*$", re.I)
_CONNECTIONS = re.compile(r"\b\d[\d,+]*\s+(?:connections|relations)\b", re.I)


def clean_location(text: str) -> str:
    """A profile's location line without its "Contact info" link; '' for a connection count."""
    location = _CONTACT_INFO.sub("", text).strip()
    return "" if _CONNECTIONS.search(location) else location


def same_person(a: str, b: str) -> bool:
    """Whether two renderings of a name share a word (a profile heading vs a search card)."""
    return bool(set(a.casefold().split()) & set(b.casefold().split()))
