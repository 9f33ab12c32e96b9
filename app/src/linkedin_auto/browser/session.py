"""Is the LinkedIn session usable? Classify the page a browser is on (URL, title, content).

Signs (docs/bots.md, from public observations of LinkedIn): login/authwall/checkpoint URLs,
login page titles, the account picker, an HTTP 429 answer, short "too many requests" / "slow
down" pages without <main>, an account-restriction or identity-verification page, and the
global navigation missing from what should be the feed. The page text is only read on pages
without LinkedIn's own frame (no <main> or no global navigation), so what people write in a
feed never counts; nor does an invisible reCAPTCHA frame, which normal pages load too.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import structlog

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

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
    # An identity check needs a person, like a checkpoint: no bot runs until it is validated.
    SessionStatus.restricted: "checkpoint",
}
# These are LinkedIn's warnings about the account: every bot pauses for the cool-down.
PAUSING = frozenset({SessionStatus.checkpoint, SessionStatus.too_many_requests,
                     SessionStatus.restricted})

_CHECKPOINT_PREFIXES = ("/checkpoint/", "/challenge/", "/uas/consumer-email-challenge",
                        "/uas/consumer-captcha")
_LOGIN_PATHS = ("/login", "/uas/login", "/signup", "/m/login", "/checkpoint/lg/")
_LOGIN_TITLES = re.compile(r"linkedin login|sign in \| linkedin|s'identifier|connexion", re.I)
_TOO_MANY = re.compile(r"too many requests|slow down|trop de requêtes|ralentissez", re.I)
_RESTRICTED = re.compile(r"account (has been |is )?(temporarily )?restricted|"
                         r"compte (a été )?(temporairement )?restreint|"
                         r"verify your identity|vérifie[rz] votre identité", re.I)
_ACCOUNT_PICKER = re.compile(r"sign in using another account|welcome back", re.I)


def classify_url(url: str) -> SessionStatus | None:
    """By path prefix, never by substring: a profile ``/in/challenge-cup/`` is no checkpoint."""
    path = urlsplit(url).path.lower()
    if any(path.startswith(p) for p in _LOGIN_PATHS):
        return SessionStatus.logged_out
    if path.startswith(_CHECKPOINT_PREFIXES) or path == "/challenge":
        return SessionStatus.checkpoint
    if path.startswith("/authwall"):
        return SessionStatus.authwall
    return None


def classify_response(response: Response | None) -> tuple[SessionStatus, str] | None:
    """A navigation's HTTP answer that is a warning sign by itself (429), else None."""
    if response is not None and response.status == 429:
        return SessionStatus.too_many_requests, "LinkedIn answered 429 Too Many Requests"
    return None


def classify_page(page: Page, *, require_nav: bool = False,
                  selectors: Selectors | None = None) -> tuple[SessionStatus, str]:
    """Status of the page as it is now (no navigation) and a short reason."""
    by_url = classify_url(page.url)
    if by_url is not None:
        return by_url, f"redirected to {urlsplit(page.url).path}"
    from linkedin_auto.browser.selectors import Selectors

    sel = selectors or Selectors.load()
    try:
        title = page.title()
        has_main = page.locator("main").count() > 0
        has_nav = sel.find(page, "global_nav") is not None
        framed = has_main and has_nav
        text = "" if framed else page.locator("body").inner_text(timeout=5000)[:4000]
    except Exception as exc:  # a page torn down mid-read is not a verdict
        return SessionStatus.ok, f"page unreadable: {exc}"
    if _LOGIN_TITLES.search(title):
        return SessionStatus.logged_out, f"login page ({title})"
    if not framed:
        if _TOO_MANY.search(text) or _TOO_MANY.search(title):
            return SessionStatus.too_many_requests, "LinkedIn says: too many requests"
        if _RESTRICTED.search(text) or _RESTRICTED.search(title):
            return SessionStatus.restricted, "account restricted or identity check"
        if _ACCOUNT_PICKER.search(text):
            return SessionStatus.logged_out, "account picker shown"
    if require_nav and not has_nav:
        if sel.wait(page, "global_nav", timeout_s=5) is None:
            return SessionStatus.logged_out, "global navigation missing"
    return SessionStatus.ok, "logged in"


def check_session(page: Page, base_url: str, *,
                  selectors: Selectors | None = None) -> tuple[SessionStatus, str]:
    """Open the feed and classify: the check every bot run starts with."""
    try:
        response = page.goto(f"{base_url.rstrip('/')}/feed/", wait_until="domcontentloaded")
    except Exception as exc:
        if "ERR_TOO_MANY_REDIRECTS" in str(exc):
            return SessionStatus.logged_out, "too many redirects (cookies rejected)"
        raise
    verdict = classify_response(response)
    if verdict is not None:
        return verdict
    status, reason = classify_page(page, require_nav=True, selectors=selectors)
    log.info("session_checked", status=status.value, reason=reason)
    return status, reason
