"""Contacts shared by every bot: the ``contacts`` table, profile URLs and the blacklist."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from linkedin_auto.clock import iso
from linkedin_auto.db.connection import Database


def profile_url(base_url: str, slug: str) -> str:
    """The canonical profile URL stored in ``contacts.profile_url``."""
    return f"{base_url.rstrip('/')}/in/{slug}/"


def upsert_contact(
    db: Database, now: datetime, *, base_url: str, slug: str, name: str = "",
    headline: str = "", location: str = "",
) -> int:
    """Insert or refresh a contact; empty fields never overwrite what is known."""
    url = profile_url(base_url, slug)
    with db.transaction() as c:
        c.execute(
            "INSERT INTO contacts (profile_url, slug, name, headline, location, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(profile_url) DO UPDATE SET"
            " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END,"
            " headline = CASE WHEN excluded.headline != '' THEN excluded.headline"
            " ELSE headline END,"
            " location = CASE WHEN excluded.location != '' THEN excluded.location"
            " ELSE location END,"
            " updated_at = excluded.updated_at",
            (url, slug, name, headline, location, iso(now), iso(now)),
        )
        row = c.execute("SELECT id FROM contacts WHERE profile_url = ?", (url,)).fetchone()
    return int(row["id"])


def blacklisted_slugs(db: Database) -> set[str]:
    """Contacts blacklisted from the dashboard (``contacts.blacklisted``)."""
    return {r["slug"] for r in db.query("SELECT slug FROM contacts WHERE blacklisted = 1")}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def slug_of(value: str) -> str:
    """``https://www.linkedin.com/in/jane-doe/`` or ``/in/jane-doe`` -> ``jane-doe``."""
    m = re.search(r"/in/([^/?#]+)", value)
    return (m.group(1) if m else value).strip().strip("/").lower()


class Blacklist:
    """Entries are slugs, profile URLs or full names (case-insensitive)."""

    def __init__(self, entries: Iterable[str]):
        self._slugs: set[str] = set()
        self._names: set[str] = set()
        for e in entries:
            e = e.strip()
            if not e:
                continue
            # Both readings are kept: a slug never equals a name with spaces and vice versa.
            self._slugs.add(slug_of(e))
            self._names.add(fold(" ".join(e.split())))

    def __contains__(self, item: tuple[str, str]) -> bool:
        name, slug = item
        return bool(
            (slug and slug.lower() in self._slugs) or fold(" ".join(name.split())) in self._names
        )

    def matches(self, *, name: str = "", slug: str = "") -> bool:
        return (name, slug) in self
