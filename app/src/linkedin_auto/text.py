"""Words for people: counts with the right plural, in the sentences runs and plans show."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "day")`` -> "1 day"; ``plural(3, "wish", "wishes")`` -> "3 wishes"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
