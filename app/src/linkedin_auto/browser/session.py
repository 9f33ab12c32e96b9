"""Is the LinkedIn session usable? Classify the page a browser is on (URL, title, content).

Signs (docs/bots.md, from public observations of LinkedIn): login/authwall/checkpoint URLs,
login page titles, the account picker, short "too many requests" pages without <main>, an
account-restriction page, and the global navigation missing from what should be the feed.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import structlog

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from linkedin_auto.browser.selectors import Selectors

log = structlog.get_logger(__name__)


class SessionStatus(StrEnum):
    ok = "ok"
    logged_out = "logged_out"
    authwall = "authwall"
    checkpoint = "checkpoint"
    too_many_requests = "too_many_requests"
    restricted = "restricted"


# The vault's status column for each result (linkedin_session.status).
VAULT_STATUS = {
    SessionStatus.ok: "valid",
    SessionStatus.logged_out: "expired",
    SessionStatus.authwall: "expired",
    SessionStatus.checkpoint: "checkpoint",
    SessionStatus.too_many_requests: "error",
    SessionStatus.restricted: "error",
}
# These are LinkedIn's warnings about the account: every bot pauses for the cool-down.
PAUSING = frozenset({SessionStatus.checkpoint, SessionStatus.too_many_requests,
                     SessionStatus.restricted})

_CHECKPOINT_PATHS = ("/checkpoint/", "/challenge", "/uas/consumer-email-challenge")
_LOGIN_PATHS = ("/login", "/uas/login", "/signup", "/m/login")
_LOGIN_TITLES = re.compile(r"linkedin login|sign in \| linkedin|s'identifier|connexion", re.I)
_TOO_MANY = re.compile(r"too many requests|slow down|trop de requêtes", re.I)
_RESTRICTED = re.compile(r"account (has been )?restricted|compte (a été )?restreint|"
                         r"verify your identity", re.I)
_ACCOUNT_PICKER = re.compile(r"sign in using another account|welcome back", re.I)


def classify_url(url: str) -> SessionStatus | None:
    path = urlsplit(url).path.lower()
    if any(p in path for p in _CHECKPOINT_PATHS):
        return SessionStatus.checkpoint
    if path.startswith("/authwall"):
        return SessionStatus.authwall
    if path.startswith("/checkpoint/lg/") or any(path.startswith(p) for p in _LOGIN_PATHS):
        return SessionStatus.logged_out
    return None


def classify_page(page: Page, *, require_nav: bool = False,
                  selectors: Selectors | None = None) -> tuple[SessionStatus, str]:
    """Status of the page as it is now (no navigation) and a short reason."""
    by_url = classify_url(page.url)
    if by_url is not None:
        return by_url, f"redirected to {urlsplit(page.url).path}"
    try:
        title = page.title()
        has_main = page.locator("main").count() > 0
        text = page.locator("body").inner_text(timeout=5000)[:4000] if not has_main else ""
    except Exception as exc:  # a page torn down mid-read is not a verdict
        return SessionStatus.ok, f"page unreadable: {exc}"
    if _LOGIN_TITLES.search(title):
        return SessionStatus.logged_out, f"login page ({title})"
    if not has_main:
        if _TOO_MANY.search(text) or _TOO_MANY.search(title):
            return SessionStatus.too_many_requests, "LinkedIn says: too many requests"
        if _RESTRICTED.search(text):
            return SessionStatus.restricted, "account restricted or identity check"
        if _ACCOUNT_PICKER.search(text):
            return SessionStatus.logged_out, "account picker shown"
    if require_nav:
        from linkedin_auto.browser.selectors import Selectors

        sel = selectors or Selectors.load()
        if sel.wait(page, "global_nav", timeout_s=5) is None:
            return SessionStatus.logged_out, "global navigation missing"
    return SessionStatus.ok, "logged in"


def check_session(page: Page, base_url: str, *,
                  selectors: Selectors | None = None) -> tuple[SessionStatus, str]:
    """Open the feed and classify: the check every bot run starts with."""
    try:
        page.goto(f"{base_url.rstrip('/')}/feed/", wait_until="domcontentloaded")
    except Exception as exc:
        if "ERR_TOO_MANY_REDIRECTS" in str(exc):
            return SessionStatus.logged_out, "too many redirects (cookies rejected)"
        raise
    status, reason = classify_page(page, require_nav=True, selectors=selectors)
    log.info("session_checked", status=status.value, reason=reason)
    return status, reason
