"""Sign in on the appliance: the bots' own Chromium, shown live in the dashboard.

Runs as a job (run type ``live_signin``) on the single worker, like a bot: the same binary,
mode, profile folder and pinned identity (``open_browser``), never beside a bot, torn down and
swept by the worker afterwards. The API only relays (``api/routers/live.py``); the wires are in
``live_channel.py``, the input translation in ``live_input.py``.

- Frames: CDP ``Page.startScreencast`` JPEGs. Chromium sends one only when the page changed and
  waits for our ack before the next, so acking at most ``MAX_FPS`` times a second caps the rate.
- Input: pointer, wheel, editing keys and text, mapped to ``Input.dispatch*`` / ``insertText``.
- Only LinkedIn: a top-level navigation to any other site is refused (route interception), new
  windows are closed, downloads refused, file pickers intercepted and never answered; there is
  no DevTools endpoint (Playwright talks to Chromium over a pipe).
- Done when the page is the logged-in feed: the cookies go to the vault with the identity that
  signed in, the session is marked valid (a checkpoint pause is lifted only then), the browser
  closes. Ends without a session after ``TIME_LIMIT_SECONDS``, on "close", or when the
  dashboard's tab has been gone for ``VIEWER_GRACE_SECONDS``.
- Nothing typed is logged or stored; frames are relayed, never saved.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import structlog
from pydantic import ValidationError

from linkedin_auto.browser import live_input
from linkedin_auto.browser.live_channel import (
    RUN_TYPE,
    VIEWER_HERE,
    VIEWER_LEFT,
    LiveState,
    input_key,
    out_channel,
    publish_status,
    viewer_key,
)
from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunCancelled, RunContext

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Page, Route

    from linkedin_auto.security.vault import Identity

log = structlog.get_logger(__name__)

TIME_LIMIT_SECONDS = 600
# The tab is gone (closed, phone locked) for this long: stop. Long enough for the dashboard's
# EventSource to reconnect after a hiccup (it retries after 2 s).
VIEWER_GRACE_SECONDS = 5
FIRST_VIEWER_SECONDS = 60      # nobody connected at all within this time: stop
# Measured with `make bench` (docs/architecture.md): quality 60 keeps text and a puzzle readable;
# frames are sent only on change, so the cap matters while a page animates or scrolls.
JPEG_QUALITY = 60
MAX_FPS = 6.0
LOOP_MS = 30                   # input latency floor; Playwright delivers frames in this wait
CHECK_EVERY_SECONDS = 0.5


class LiveViewExpired(RuntimeError):
    """The live view ended without a sign-in: time limit, or nobody opened it."""


class Purpose(StrEnum):
    sign_in = "sign_in"        # a fresh login page, no cookies
    checkpoint = "checkpoint"  # the stored session, opened on the feed, to solve a challenge


@dataclass
class _Frames:
    """The newest frame waiting to be relayed (older ones are simply replaced)."""

    data: bytes | None = None
    session_id: int | None = None
    last_sent: float = 0.0
    last: bytes | None = None  # for a dashboard that connects (or reconnects) later
    sent: int = 0
    sizes: list[int] = field(default_factory=list)


def allowed_navigation(url: str, base_url: str) -> bool:
    """Top-level navigations stay on LinkedIn: base_url's origin, or *.linkedin.com over https."""
    target, base = urlsplit(url), urlsplit(base_url)
    if target.scheme in ("about", "data", "blob") or url == "about:blank":
        return target.scheme == "about"
    host = target.hostname or ""
    if (target.scheme, host, target.port) == (base.scheme, base.hostname, base.port):
        return True
    return target.scheme == "https" and (host == "linkedin.com" or host.endswith(".linkedin.com"))


class LiveView:
    def __init__(self, ctx: RunContext, redis: Any, purpose: Purpose) -> None:
        self.ctx = ctx
        self.redis = redis
        self.purpose = purpose
        self.base_url = ctx.settings.linkedin.base_url.rstrip("/")
        self.frames = _Frames()
        self.viewport = (1280, 800)
        self.cdp: CDPSession | None = None
        self.page: Page | None = None
        self.loads = 0
        self.ready_message = ""

    # -- wires ----------------------------------------------------------------------------
    def status(self, state: LiveState, message: str, **extra: Any) -> None:
        try:
            publish_status(self.redis, self.ctx.run_id, state, message, **extra)
        except Exception as exc:  # the dashboard misses one message; the run row stays true
            log.warning("live_status_not_published", error=str(exc))

    def _on_frame(self, params: dict[str, Any]) -> None:
        self.frames.data = base64.b64decode(params["data"])
        self.frames.session_id = int(params["sessionId"])

    def _relay_frame(self, now: float) -> None:
        f = self.frames
        if f.data is None or f.session_id is None or now - f.last_sent < 1.0 / MAX_FPS:
            return
        data, sid = f.data, f.session_id
        f.data, f.session_id, f.last_sent, f.last = None, None, now, data
        f.sent += 1
        if len(f.sizes) < 2000:
            f.sizes.append(len(data))
        try:
            self.redis.publish(out_channel(self.ctx.run_id), data)
        finally:
            assert self.cdp is not None
            self.cdp.send("Page.screencastFrameAck", {"sessionId": sid})

    def _apply_input(self) -> str | None:
        """Apply queued input; returns a reason to stop ("close") or None."""
        raw_items = self.redis.lpop(input_key(self.ctx.run_id), 64) or []
        assert self.cdp is not None
        for raw in raw_items:
            try:
                msg = live_input.parse(raw)
            except ValidationError:
                log.info("live_input_malformed")  # never the content
                continue
            if isinstance(msg, live_input.Close):
                return "Closed from the dashboard: nothing was stored."
            if isinstance(msg, live_input.Refresh):
                if self.frames.last is not None:
                    self.redis.publish(out_channel(self.ctx.run_id), self.frames.last)
                continue
            try:
                commands = live_input.commands_for(msg, self.viewport)
            except live_input.Refused as exc:
                log.info("live_input_refused", kind=msg.type, reason=str(exc))
                continue
            for method, params in commands:
                self.cdp.send(method, params)
        return None

    # -- safety ---------------------------------------------------------------------------
    def _guard_route(self, route: Route) -> None:
        request = route.request
        try:
            top = request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # a service worker's request has no frame: not a navigation
            top = False
        if top and not allowed_navigation(request.url, self.base_url):
            host = urlsplit(request.url).hostname or request.url.split(":", 1)[0]
            log.warning("live_navigation_refused", host=host)
            self.status(LiveState.ready, f"Opening {host} was refused: only LinkedIn is shown"
                        " here.", notice=True)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _lock_down(self, context: BrowserContext, page: Page) -> None:
        context.route("**/*", self._guard_route)
        context.on("page", lambda p: p.close() if p is not page else None)  # no new windows

        def refuse_file_chooser(_: Any) -> None:
            log.warning("live_file_chooser_refused")  # intercepted: the picker never opens
            self.status(LiveState.ready, "Choosing a file is blocked: nothing on the appliance"
                        " is uploaded from here.", notice=True)

        def refuse_download(download: Any) -> None:
            log.warning("live_download_refused")
            self.status(LiveState.ready, "Downloads are blocked in the live view.", notice=True)
            download.cancel()  # the context refuses downloads too: nothing is written

        page.on("filechooser", refuse_file_chooser)
        page.on("load", lambda _: self._loaded())
        page.on("download", refuse_download)

    def _loaded(self) -> None:
        """Each page load, counted (never its address): the dashboard can tell a new page."""
        self.loads += 1
        if self.ready_message:
            self.status(LiveState.ready, self.ready_message, loads=self.loads,
                        viewport={"width": self.viewport[0], "height": self.viewport[1]})

    def _recover(self, page: Page, start_url: str) -> None:
        """A refused navigation leaves Chromium's error page, and the view has no Back button:
        go back to the LinkedIn page it came from (or the start page)."""
        if not page.url.startswith("chrome-error://"):
            return
        try:
            page.go_back(wait_until="domcontentloaded")
        except Exception as exc:  # no history entry to return to
            log.info("live_back_failed", error=type(exc).__name__)
        if page.url.startswith(("chrome-error://", "about:")):
            page.goto(start_url, wait_until="domcontentloaded")

    # -- the session --------------------------------------------------------------------------
    def _signed_in(self, page: Page) -> bool:
        from linkedin_auto.browser.session import SessionStatus, classify_page, classify_url

        path = urlsplit(page.url).path
        if not path.startswith("/feed") or classify_url(page.url) is not None:
            return False
        status, _ = classify_page(page, require_nav=True)
        return status == SessionStatus.ok

    def _store(self, context: BrowserContext, identity: Identity) -> None:
        from linkedin_auto.bots.safety.pause import current_pause, resume
        from linkedin_auto.browser.launch import vault_cookies
        from linkedin_auto.security import vault
        from linkedin_auto.security.secrets import ensure_secrets

        state = context.storage_state()
        cookies = vault_cookies([dict(c) for c in state.get("cookies", [])], self.base_url)
        content = json.dumps({"cookies": cookies, "origins": []})
        db, clock = self.ctx.db, self.ctx.clock
        vault.store_session(db, clock, ensure_secrets(self.ctx.settings), content, identity,
                            source="live_sign_in")
        vault.mark_status(db, clock, "valid", "signed in on the appliance: the feed was reached")
        self.ctx.event("session_stored", "signed in on the appliance; the session is stored"
                       " with the identity that signed in", cookies=len(cookies))
        pause = current_pause(db, clock)
        if self.purpose == Purpose.checkpoint and pause is not None and pause.reason.startswith(
                "checkpoint"):
            resume(db)
            self.ctx.event("pause_lifted", "the security check is solved and the session is"
                           " valid again: the pause is lifted")

    # -- the loop -----------------------------------------------------------------------------
    def run(self) -> None:
        from linkedin_auto.browser.launch import open_browser

        settings = self.ctx.settings
        storage_state, identity = self._session()
        self.viewport = (identity.viewport.width, identity.viewport.height)
        self.status(LiveState.starting, "Starting the appliance's browser…")
        start_url = (f"{self.base_url}/feed/" if self.purpose == Purpose.checkpoint
                     else f"{self.base_url}/login")
        outcome, message, stop = LiveState.closed, "the live view ended", "closed"
        try:
            with open_browser(settings, storage_state, identity.model_dump(),
                              block_resources=False, accept_downloads=False) as context:
                page = context.pages[0] if context.pages else context.new_page()
                self.page = page
                self._lock_down(context, page)
                cdp = context.new_cdp_session(page)
                self.cdp = cdp
                cdp.on("Page.screencastFrame", self._on_frame)
                page.goto(start_url, wait_until="domcontentloaded")
                cdp.send("Page.startScreencast", {
                    "format": "jpeg", "quality": JPEG_QUALITY, "maxWidth": self.viewport[0],
                    "maxHeight": self.viewport[1], "everyNthFrame": 1})
                self.ready_message = ("Sign in to LinkedIn below." if self.purpose ==
                                      Purpose.sign_in else "Solve LinkedIn's security check below.")
                self.status(LiveState.ready, self.ready_message, loads=self.loads,
                            viewport={"width": self.viewport[0], "height": self.viewport[1]})
                self.ctx.event("live_view", f"live view open ({self.purpose.value})")
                outcome, message, stop = self._loop(context, page, identity, start_url)
                if outcome == LiveState.signed_in:
                    cdp.send("Page.stopScreencast")
        except RunCancelled:
            self.status(LiveState.closed, "The live view was cancelled.")
            raise
        except Exception as exc:
            log.exception("live_view_failed")
            self.status(LiveState.failed, f"The browser failed: {type(exc).__name__}")
            raise
        finally:
            self._forget_input()
        self.ctx.event("live_view_end", message, frames=self.frames.sent,
                       frame_bytes_avg=(sum(self.frames.sizes) // len(self.frames.sizes)
                                        if self.frames.sizes else 0))
        self.status(outcome, message)
        if stop == "cancelled":  # the person closed it, or left
            raise RunCancelled(message)
        if stop == "expired":
            raise LiveViewExpired(message)

    def _loop(self, context: BrowserContext, page: Page, identity: Identity,
              start_url: str) -> tuple[LiveState, str, str]:
        started = time.monotonic()
        seen_viewer: float | None = None
        next_check = 0.0
        while True:
            page.wait_for_timeout(LOOP_MS)  # Playwright delivers the frame events here
            now = time.monotonic()
            self._relay_frame(now)
            stop = self._apply_input()
            if stop:
                return LiveState.closed, stop, "cancelled"
            if now < next_check:
                continue
            next_check = now + CHECK_EVERY_SECONDS
            self.ctx.check_cancelled()
            mark = self.redis.get(viewer_key(self.ctx.run_id))
            if mark == VIEWER_HERE or (mark == VIEWER_LEFT and seen_viewer is None):
                seen_viewer = now  # (or: it came and left before this first look)
            if seen_viewer is None and now - started > FIRST_VIEWER_SECONDS:
                return LiveState.closed, "Closed: nobody opened the live view.", "expired"
            if seen_viewer is not None and now - seen_viewer > VIEWER_GRACE_SECONDS:
                return LiveState.closed, "Closed: the dashboard tab went away.", "cancelled"
            if now - started > TIME_LIMIT_SECONDS:
                return (LiveState.closed, f"Closed at its time limit ({TIME_LIMIT_SECONDS} s).",
                        "expired")
            self._recover(page, start_url)
            if self._signed_in(page):
                self._store(context, identity)
                return (LiveState.signed_in, "Signed in: the session is stored on the appliance.",
                        "done")

    def _session(self) -> tuple[dict[str, Any] | None, Identity]:
        """(cookies to start with, identity): the stored session's identity when there is one,
        so signing in again keeps the identity the bots already use."""
        from linkedin_auto.security import vault
        from linkedin_auto.security.secrets import ensure_secrets

        try:
            state, identity = vault.load_session(self.ctx.db, ensure_secrets(self.ctx.settings))
        except vault.SessionMissing:
            if self.purpose == Purpose.checkpoint:
                raise
            return None, vault.Identity(timezone_id=self.ctx.settings.timezone)
        return (state if self.purpose == Purpose.checkpoint else None), identity

    def _forget_input(self) -> None:
        try:
            self.redis.delete(input_key(self.ctx.run_id))
        except Exception as exc:
            log.warning("live_input_not_cleared", error=str(exc))


@register(RUN_TYPE, "Sign in to LinkedIn on the appliance, through the dashboard's live view",
          direct=False, title="Live sign-in")
def live_signin_job(ctx: RunContext) -> None:
    from linkedin_auto.queue.enqueue import redis_from_settings

    purpose = Purpose(str(ctx.options.get("purpose", Purpose.sign_in.value)))
    redis = redis_from_settings(ctx.settings)
    try:
        LiveView(ctx, redis, purpose).run()
    finally:
        redis.close()
