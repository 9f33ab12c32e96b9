"""``linkedin-auto selectors check``: visit the pages the bots use, read-only, and report per
logical element which fallback resolved (or none). Nothing is typed, sent, accepted or
withdrawn: the only click opens one messaging overlay from the first birthday card's Message
button (the overlay is where a wish is typed), which is closed again after its elements are
looked up.

Card-level elements are looked up inside the first card of their list, with empty variables
(``Message {name}`` becomes the prefix ``Message ``), so the check needs no particular person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import structlog

from linkedin_auto.browser.selectors import Selectors
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

# (page path, [page-level elements], (card element, [elements inside the first card]) or None)
PAGES: list[tuple[str, list[str], tuple[str, list[str]] | None]] = [
    ("/feed/", ["global_nav", "search_box", "main"], None),
    ("/mynetwork/catch-up/birthday/", ["main"],
     ("birthday_card", ["card_profile_link", "card_name", "any_message_button"])),
    ("/mynetwork/invitation-manager/received/", ["main"],
     ("invitation_card", ["card_profile_link", "accept_button", "ignore_button"])),
    ("/mynetwork/invitation-manager/sent/", ["main"],
     ("sent_invitation_card", ["card_profile_link", "withdraw_button"])),
    ("/search/results/people/?keywords=engineer", ["main"],
     ("search_result", ["search_result_link"])),
]
PROFILE_ELEMENTS = ["profile_name", "profile_headline"]
OVERLAY = "messaging overlay (opened from the first birthday card)"
OVERLAY_ELEMENTS = ["overlay_header", "overlay_textbox", "overlay_send", "overlay_close"]


@dataclass
class ElementResult:
    element: str
    resolved: bool
    fallback_index: int | None = None
    fallback: str = ""
    count: int = 0
    within: str = ""


@dataclass
class PageResult:
    page: str
    url: str = ""
    status: str = ""
    error: str = ""
    elements: list[ElementResult] = field(default_factory=list)


def _probe(sel: Selectors, scope: Any, element: str, within: str = "") -> ElementResult:
    found = sel.find(scope, element)
    if found is None:
        return ElementResult(element, False, within=within)
    index, loc = found
    return ElementResult(element, True, index, sel.fallbacks(element)[index].describe(),
                         loc.count(), within)


def check_page(page: Any, sel: Selectors, base_url: str, path: str, elements: list[str],
               card: tuple[str, list[str]] | None) -> PageResult:
    from linkedin_auto.browser.session import classify_page

    result = PageResult(path)
    try:
        page.goto(base_url + path, wait_until="domcontentloaded")
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    result.url = page.url
    status, reason = classify_page(page)
    result.status = status.value if status.value == "ok" else f"{status.value}: {reason}"
    if status.value != "ok":
        return result
    for element in elements:
        result.elements.append(_probe(sel, page, element))
    if card is not None:
        card_name, inner = card
        sel.wait(page, card_name, timeout_s=5)
        first = _probe(sel, page, card_name)
        result.elements.append(first)
        loc = sel.resolve(page, card_name)
        for element in inner:
            if loc is None:
                result.elements.append(ElementResult(element, False, within=card_name))
            else:
                result.elements.append(_probe(sel, loc.first, element, within=card_name))
    return result


def check_overlay(page: Any, sel: Selectors) -> PageResult:
    """Open one conversation overlay from the birthday page now shown, probe it, close it.
    Types nothing: the Send button stays disabled on an empty box."""
    result = PageResult(OVERLAY, url=page.url, status="ok")
    card = sel.resolve(page, "birthday_card")
    button = None if card is None else sel.resolve(card.first, "any_message_button")
    if button is None:
        result.error = "no Message button on the birthday page to open an overlay from"
        return result
    button.first.click()
    overlay = sel.wait(page, "message_overlay", timeout_s=8)
    if overlay is None:
        result.elements.append(ElementResult("message_overlay", False))
        return result
    result.elements.append(_probe(sel, page, "message_overlay"))
    for element in OVERLAY_ELEMENTS:
        result.elements.append(_probe(sel, overlay.first, element, within="message_overlay"))
    close = sel.resolve(overlay.first, "overlay_close")
    if close is not None:
        close.first.click()
    return result


def check(settings: Settings) -> dict[str, Any]:
    """Run the check with the stored session; ``ok`` is False if any element is unresolved."""
    from linkedin_auto.browser.launch import open_browser
    from linkedin_auto.db.connection import open_database
    from linkedin_auto.security.secrets import ensure_secrets
    from linkedin_auto.security.vault import load_session

    db = open_database(settings.paths.db_file)
    try:
        storage_state, identity = load_session(db, ensure_secrets(settings))
    finally:
        db.close()
    sel = Selectors.load(settings)
    base = settings.linkedin.base_url
    pages: list[PageResult] = []
    with open_browser(settings, storage_state, identity.model_dump()) as context:
        page = context.pages[0] if context.pages else context.new_page()
        profile_href = ""
        for path, elements, card in PAGES:
            pages.append(check_page(page, sel, base, path, elements, card))
            if path.startswith("/mynetwork/catch-up/") and pages[-1].status == "ok":
                pages.append(check_overlay(page, sel))
            if path.startswith("/search/"):
                link = sel.resolve(page, "search_result_link")
                if link is not None:
                    profile_href = str(link.first.get_attribute("href") or "")
        if profile_href:
            path = profile_href if profile_href.startswith("/") else \
                "/" + profile_href.split("/", 3)[-1]
            pages.append(check_page(page, sel, base, path.split("?")[0], PROFILE_ELEMENTS, None))
        else:
            pages.append(PageResult("/in/<first search result>/",
                                    error="no search result to open a profile from"))
    ok = all(not p.error and p.status == "ok" and all(e.resolved for e in p.elements)
             for p in pages)
    log.info("selectors_checked", ok=ok)
    return {"ok": ok, "base_url": base, "pages": [asdict(p) for p in pages]}


def format_report(report: dict[str, Any]) -> str:
    lines = [f"Selector check against {report['base_url']}: "
             + ("all elements resolved" if report["ok"] else "SOME ELEMENTS DID NOT RESOLVE")]
    for p in report["pages"]:
        head = f"{p['page']}"
        if p["error"] or (p["status"] and p["status"] != "ok"):
            head += f"  !! {p['error'] or p['status']}"
        lines.append(head)
        for e in p["elements"]:
            where = f" (in {e['within']})" if e["within"] else ""
            if e["resolved"]:
                lines.append(f"  ok    {e['element']}{where}: #{e['fallback_index']} "
                             f"{e['fallback']} ({e['count']} match)")
            else:
                lines.append(f"  NONE  {e['element']}{where}: no fallback matched")
    return "\n".join(lines)
