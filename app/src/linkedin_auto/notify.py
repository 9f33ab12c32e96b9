"""Notifications through Apprise (ntfy, e-mail, Telegram, webhooks, ...).

``notify`` never raises: a failing notification must not fail the run that reports it.
Every send is recorded in the ``notifications`` table; URLs are never logged (they hold tokens).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import structlog

from linkedin_auto.clock import Clock, iso
from linkedin_auto.config_store import mask_url
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]{0,31})://")
_quiet_threads: set[int] = set()


class _QuietFilter(logging.Filter):
    """Drops Apprise's records while a URL is checked: they repeat the URL, token and all."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.get_ident() not in _quiet_threads


@contextmanager
def _apprise_quiet() -> Iterator[None]:
    logger = logging.getLogger("apprise")
    if not any(isinstance(f, _QuietFilter) for f in logger.filters):
        logger.addFilter(_QuietFilter())
    _quiet_threads.add(threading.get_ident())
    try:
        yield
    finally:
        _quiet_threads.discard(threading.get_ident())


def url_problems(urls: Sequence[str]) -> list[tuple[int, str]]:
    """``(index, reason)`` for each URL Apprise's own parser does not accept as one notification
    target. The reason shows the scheme only (``tgram://…``): the rest may be a token."""
    import apprise  # ~20 MB of plugins: loaded when URLs are saved, not at start

    problems = []
    with _apprise_quiet():
        for i, url in enumerate(urls):
            ap = apprise.Apprise()
            try:
                ok = bool(ap.add(url)) and len(ap) == 1  # "a, b" would be two targets
            except Exception:  # a plugin bug is a refusal, not a 500
                ok = False
            if ok:
                continue
            m = _SCHEME.match(url.strip())
            shown = f"{m.group(1).lower()}://…" if m else "A URL without a scheme (such as ntfy://)"
            problems.append((i, f"{shown} is not a notification URL Apprise understands"))
    return problems


def _send(url: str, title: str, body: str) -> tuple[bool, str | None]:
    import apprise  # ~20 MB of plugins: loaded on the first notification, not at start

    ap = apprise.Apprise()
    if not ap.add(url):
        return False, "not a valid Apprise URL"
    ok = bool(ap.notify(title=title, body=body))
    return ok, None if ok else "delivery failed"


def send_all(
    settings: Settings, db: Database, clock: Clock, event: str, title: str, body: str
) -> list[dict[str, Any]]:
    """Send to every configured URL; return one result per URL (URL masked)."""
    results = []
    for url in settings.notifications.urls:
        try:
            ok, error = _send(url, title, body)
        except Exception as exc:  # a plugin bug must not escape
            ok, error = False, type(exc).__name__
        results.append({"url": mask_url(url), "ok": ok, "error": error})
    errors = [f"{r['url']}: {r['error']}" for r in results if not r["ok"]]
    try:
        db.execute(
            "INSERT INTO notifications (ts, event, title, body, ok, error) VALUES (?,?,?,?,?,?)",
            (iso(clock.now()), event, title, body, int(bool(results) and not errors),
             "; ".join(errors) or (None if results else "no notification URL configured")),
        )
    except Exception:
        log.exception("notification_record_failed", notify_event=event)
    log.info("notification_sent", notify_event=event, targets=len(results),
             failed=len(errors))
    return results


def notify(
    settings: Settings, db: Database, clock: Clock, event: str, title: str, body: str
) -> bool:
    """Send ``event`` if it is enabled; True when every URL accepted it. Never raises."""
    try:
        if event != "test" and event not in settings.notifications.events:
            return False
        if not settings.notifications.urls:
            return False
        results = send_all(settings, db, clock, event, title, body)
        return all(r["ok"] for r in results)
    except Exception:
        log.exception("notification_failed", notify_event=event)
        return False


def recent(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT id, ts, event, title, body, ok, error FROM notifications ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [{**dict(r), "ok": bool(r["ok"])} for r in rows]
