"""Reading cards from LinkedIn pages: one round trip per list, robust to markup variants.

Cards are found through the selector registry; their content is read in the browser in a
single ``evaluate_all`` call (profile link, visible text lines, button labels) and interpreted
here in Python, where it is testable. Only the most stable cues are relied on: ``/in/<slug>``
links, ``aria-label`` prefixes and visible text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from linkedin_auto.bots.common import BotSession

# Text is read per text node, not from innerText lines: inline elements (a name span next to a
# headline span) would otherwise run together on one line in some markup variants.
_READ_CARDS_JS = """
els => els.map(e => {
  const link = e.querySelector("a[href*='/in/']");
  const labels = Array.from(e.querySelectorAll('button,[role=button],a'))
    .map(b => b.getAttribute('aria-label') || '').filter(Boolean);
  const buttons = Array.from(e.querySelectorAll('button,[role=button]'))
    .map(b => (b.innerText || '').trim()).filter(Boolean);
  const lines = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (p && p.closest('script,style,template')) continue;
    const t = n.textContent.replace(/\\s+/g, ' ').trim();
    if (t) lines.push(t);
  }
  // The first profile link is often the photo (no text): take the first one that names the
  // person, and the photo's alt text only when no link does.
  let linkText = '';
  for (const a of e.querySelectorAll("a[href*='/in/']")) {
    const hidden = a.querySelector("[aria-hidden='true']");
    linkText = ((hidden && hidden.innerText) || a.innerText || '').trim();
    if (linkText) break;
  }
  if (!linkText && link) {
    const img = link.querySelector('img[alt]');
    linkText = img ? img.getAttribute('alt').trim() : '';
  }
  return {href: link ? link.getAttribute('href') : '', link_text: linkText,
          text: lines.join('\\n'), lines: lines, labels: labels, buttons: buttons};
})
"""

_SLUG = re.compile(r"/in/([^/?#]+)")
# Degree badges: "• 2nd", "2nd degree connection", "3rd+", "· 1er", or both glued together.
_DEGREE_TOKENS = re.compile(
    r"[•·]|\d+(?:st|nd|rd|th|er|e)\+?|degree connection|relation de niveau|\s", re.I
)
_NOISE = re.compile(
    r"^(?:connect|follow|message|accept|ignore|withdraw|pending|se connecter|suivre|"
    r"envoyer un message|accepter|ignorer|retirer|en attente|view .*profile|"
    r"voir le profil.*|status is .*|\d+\s*(?:followers|abonnés))$",
    re.I,
)
_MUTUAL = re.compile(r"mutual connection|relations? en commun", re.I)


@dataclass(frozen=True)
class RawCard:
    slug: str
    link_text: str
    lines: tuple[str, ...]
    labels: tuple[str, ...] = ()
    buttons: tuple[str, ...] = ()
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def slug_from_href(href: str) -> str:
    m = _SLUG.search(href or "")
    return m.group(1).strip().lower() if m else ""


def read_cards(cards: Locator) -> list[RawCard]:
    """Every card matched by ``cards``, read in one browser round trip."""
    raw: list[dict[str, Any]] = cards.evaluate_all(_READ_CARDS_JS)
    out = []
    for r in raw:
        text = str(r.get("text") or "")
        lines = tuple(" ".join(str(x).split()) for x in r.get("lines") or () if str(x).strip())
        out.append(RawCard(
            slug=slug_from_href(str(r.get("href") or "")),
            link_text=" ".join(str(r.get("link_text") or "").split()),
            lines=lines,
            labels=tuple(str(x) for x in r.get("labels") or ()),
            buttons=tuple(str(x) for x in r.get("buttons") or ()),
            text=text,
        ))
    return out


def clean_name(text: str) -> str:
    """A person's name from a link text: first line, no "View ... profile" suffix."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = re.sub(r"\s*View .*profile.*$", "", first, flags=re.I)
    return " ".join(first.split())


def _is_degree(line: str) -> bool:
    return not _DEGREE_TOKENS.sub("", line)


def descriptive_lines(
    card: RawCard, name: str, *, skip: tuple[re.Pattern[str], ...] = ()
) -> list[str]:
    """The card's text lines that describe the person (headline, location, ...), in order.

    Drops the name, degree markers, button captions, mutual-connection lines and anything
    matching ``skip``.
    """
    out = []
    buttons = {b.lower() for b in card.buttons}
    for line in card.lines:
        low = line.lower()
        if not line or line == name or low in buttons:
            continue
        if name and line.startswith(name):
            continue  # "Jane Doe • 2nd", "Jane Doe's profile", "Jane Doe follows you"
        if _is_degree(line) or _NOISE.match(line) or _MUTUAL.search(line):
            continue
        if any(p.search(line) for p in skip):
            continue
        out.append(line)
    return out


class PageUnreadable(RuntimeError):
    """A list page shows neither its cards nor its "nothing here" notice: the bot cannot tell
    "nothing to do" from "cannot read the page", so it stops rather than guess (the run fails
    with this message and a screenshot; ``linkedin-auto selectors check`` shows what moved)."""


LIST_WAIT_S = 8.0  # how long a list may take to render after its page loaded


def wait_for_list(s: BotSession, cards: str, empty: str, *, what: str = "") -> Locator | None:
    """The ``cards`` locator once the page shows cards; None as soon as it says the list is
    empty (``empty`` element). Lists may render after the page loads; after ``LIST_WAIT_S``
    with neither, raises PageUnreadable."""
    deadline = time.monotonic() + LIST_WAIT_S
    while True:
        found = s.selectors.resolve(s.page, cards)
        if found is not None:
            return found
        if s.selectors.resolve(s.page, empty) is not None:
            return None
        if time.monotonic() >= deadline:
            raise PageUnreadable(
                f"cannot read the {what or cards} page: it shows neither {cards} cards nor"
                f" its {empty} notice (nothing was done; check `linkedin-auto selectors check`)")
        time.sleep(0.1)
