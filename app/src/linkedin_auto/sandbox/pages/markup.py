"""Per-variant markup: "legacy" keeps LinkedIn's semantic class names, "sdui" hashes them.

Only class names, element choice and href style differ between variants; roles, aria-labels,
visible text and `/in/<slug>` links are the same, as on the real site.
"""

from __future__ import annotations

import hashlib
from html import escape
from urllib.parse import quote

from linkedin_auto.sandbox.state import Variant


def e(text: object) -> str:
    return escape(str(text), quote=True)


class Markup:
    def __init__(self, variant: Variant, seed: int, origin: str, *,
                 recaptcha: bool = False) -> None:
        self.variant = variant
        self.recaptcha = recaptcha  # logged-in pages also load an invisible reCAPTCHA
        self.seed = seed
        self.origin = origin.rstrip("/")
        self._n = 100

    @property
    def sdui(self) -> bool:
        return self.variant == "sdui"

    def c(self, classes: str) -> str:
        """Class attribute value: LinkedIn's names (legacy) or opaque per-seed hashes (sdui)."""
        if not self.sdui:
            return classes
        return " ".join(self._hash(c) for c in classes.split())

    def sel(self, cls: str) -> str:
        """CSS selector for one class, in this variant."""
        return "." + self.c(cls)

    def _hash(self, cls: str) -> str:
        return "_" + hashlib.sha1(f"{self.seed}:{cls}".encode()).hexdigest()[:8]

    def profile_href(self, slug: str, *, search: bool = False) -> str:
        """Legacy links are relative (search results carry a miniProfileUrn query like the real
        site); SDUI links are absolute."""
        if self.sdui:
            return f"{self.origin}/in/{quote(slug)}/"
        if search:
            urn = quote(f"urn:li:fs_miniProfile:ACoAA{hashlib.sha1(slug.encode()).hexdigest()[:20]}")
            return f"/in/{quote(slug)}?miniProfileUrn={urn}"
        return f"/in/{quote(slug)}/"

    def uid(self) -> str:
        self._n += 1
        return f"ember{self._n}" if not self.sdui else self._hash(f"uid{self._n}")[1:]
