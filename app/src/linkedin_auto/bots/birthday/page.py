"""The birthday page and the messaging overlay, read through the selector registry.

Every action happens inside the overlay whose header names the intended recipient: several
overlays can be open at once, and typing in the wrong one messages the wrong person.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from linkedin_auto.bots.birthday.model import PageChanged
from linkedin_auto.bots.birthday_dates import normalise
from linkedin_auto.bots.common import BotSession
from linkedin_auto.bots.page_read import RawCard, clean_name, read_cards

if TYPE_CHECKING:
    from playwright.sync_api import Locator

BIRTHDAY_PATH = "/mynetwork/catch-up/birthday/"
OVERLAY_WAIT_S = 10.0
_NOT_FIRST_DEGREE = re.compile(r"^(connect|follow|invite|se connecter|suivre|inviter)\b", re.I)
# A status line some overlays show instead of echoing the message ("Sent", "Envoyé").
_SENT_STATUS = re.compile(r"^\s*(sent|delivered|envoy[ée]|distribu[ée])\b", re.I)

_HISTORY_JS = """
el => { const c = el.cloneNode(true);
  c.querySelectorAll('[contenteditable], textarea, input').forEach(x => x.remove());
  return c.textContent || ''; }
"""


def load_cards(bs: BotSession) -> list[RawCard]:
    """Every card, scrolling until no new ones render (the page adds them in batches)."""
    sel, page = bs.selectors, bs.page
    first = sel.wait(page, "birthday_card", timeout_s=10)
    if first is None:
        bs.warning_check()
        if sel.resolve(page, "main") is None:
            raise PageChanged("the birthday page did not render (no <main>)")
        return []
    count = first.count()
    while True:
        page.mouse.wheel(0, 4000)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        deadline = time.monotonic() + 2.0
        grown = False
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            loc = sel.resolve(page, "birthday_card")
            n = loc.count() if loc is not None else 0
            if n > count:
                count, grown = n, True
                break
        if not grown:
            break
    loc = sel.resolve(page, "birthday_card")
    return read_cards(loc) if loc is not None else []


def card_name(card: RawCard) -> str:
    for label in card.labels:
        if label.startswith("Message "):
            return label[len("Message "):].split(":")[0].strip()
    return clean_name(card.link_text)


def has_message_button(card: RawCard) -> bool:
    return any(label.startswith("Message ") for label in card.labels)


def not_first_degree(card: RawCard) -> bool:
    return any(_NOT_FIRST_DEGREE.match(x) for x in (*card.labels, *card.buttons))


def header_names(header_text: str, name: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", normalise(header_text)))


def overlays(bs: BotSession) -> list[Locator]:
    loc = bs.selectors.resolve(bs.page, "message_overlay")
    return [] if loc is None else [loc.nth(i) for i in range(loc.count())]


def overlay_header(bs: BotSession, overlay: Locator) -> str:
    header = bs.selectors.resolve(overlay, "overlay_header")
    if header is None:
        return ""
    try:
        return str(header.first.inner_text(timeout=3000))
    except Exception:
        return ""


def close_overlays(bs: BotSession) -> None:
    for _ in range(10):
        open_ = overlays(bs)
        if not open_:
            return
        button = bs.selectors.resolve(open_[0], "overlay_close")
        if button is None:
            return  # cannot close: the bot still only acts inside the right overlay
        button.first.click()
        bs.page.wait_for_timeout(50)


def find_overlay(bs: BotSession, name: str, timeout_s: float = OVERLAY_WAIT_S) -> Locator | None:
    """The open overlay whose header names ``name``, or None."""
    deadline = time.monotonic() + timeout_s
    while True:
        for ov in overlays(bs):
            if header_names(overlay_header(bs, ov), name):
                return ov
        if time.monotonic() >= deadline:
            return None
        bs.page.wait_for_timeout(100)


def history_text(overlay: Locator) -> str:
    try:
        return normalise(str(overlay.evaluate(_HISTORY_JS)))
    except Exception:
        return ""


def textbox_text(box: Locator) -> str:
    try:
        return normalise(str(box.inner_text(timeout=3000)))
    except Exception:
        return ""


def clear_box(bs: BotSession, box: Locator) -> None:
    box.click()
    bs.page.keyboard.press("ControlOrMeta+A")
    bs.page.keyboard.press("Delete")


def text_elsewhere(bs: BotSession, mine: Locator, text: str) -> bool:
    """True if our text landed in another overlay's box (focus stolen)."""
    target = normalise(text)
    mine_box = bs.selectors.resolve(mine, "overlay_textbox")
    for ov in overlays(bs):
        box = bs.selectors.resolve(ov, "overlay_textbox")
        if box is None:
            continue
        if mine_box is not None and box.first.evaluate(
                "(a, b) => a === b", mine_box.first.element_handle()):
            continue
        if target and target in textbox_text(box.first):
            return True
    return False


def card_for(bs: BotSession, slug: str) -> Locator | None:
    cards = bs.selectors.resolve(bs.page, "birthday_card")
    if cards is None:
        return None
    card = cards.filter(has=bs.page.locator(f"a[href*='/in/{slug}/'], a[href$='/in/{slug}']"))
    return card.first if card.count() else None


def sent_status(bs: BotSession, overlay: Locator) -> bool:
    """The overlay says "Sent" (without necessarily showing the text): the click landed, but
    this is not evidence of delivery to this person."""
    loc = bs.selectors.resolve(overlay, "overlay_status")
    if loc is None:
        return False
    try:
        return any(_SENT_STATUS.match(t or "") for t in loc.all_inner_texts())
    except Exception:
        return False
