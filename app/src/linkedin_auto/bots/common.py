"""The lifecycle every bot run goes through, and the ``BotSession`` a bot body works with.

Writing a bot::

    from linkedin_auto.bots.common import BotSession, run_bot
    from linkedin_auto.queue.registry import register

    @register("visitor", "Visit profiles from a people search", is_bot=True)
    def visitor(ctx: RunContext) -> None:
        run_bot(ctx, _body, run_caps={"profile_view": ctx.settings.bots.visitor.max_per_run})

    def _body(bs: BotSession) -> None:
        bs.goto("/search/results/people/?keywords=python")     # + warning_check()
        card = bs.selectors.wait(bs.page, "search_result")    # see browser/selectors.yaml
        decision = bs.budget.allow("profile_view")            # Decision(ok, reason, usage_str)
        if not decision.ok: ...
        bs.ctx.check_cancelled()                              # between actions
        ... act ...; bs.warning_check()                       # after every action
        bs.audit("profile_view", name, url, rule="keywords", budget=decision.usage_str,
                 dry_run=bs.dry_run, outcome="done" | "dry_run" | "skipped" | "failed")
        bs.delay()                                            # human-like pause

``run_bot`` does, in order:

1. Refuse (``BotRefused``, the run fails with the reason as an event) while the global pause is
   in force, while the stored session is marked ``checkpoint`` (never retried automatically: a
   person validates or re-imports the session first), and outside working hours. A dry-run may
   run outside working hours (it only reads pages) but not during a pause.
2. Load the session from the vault (none: "no LinkedIn session").
3. Launch Chromium with the pinned identity (``browser.launch.open_browser``).
4. Check the session on the feed. Any bad status stops the run (``SessionProblem``), updates the
   vault status and notifies; checkpoint / too-many-requests / restriction also pause every bot
   for ``safety.cooldown_hours``.
5. Run the body. Any exception: a screenshot of the page, then re-raised (the run fails).
   ``warning_check()`` raises ``SafetyStop`` after pausing all bots and notifying.
6. Always tear down (browser closed, Playwright stopped, stray Chromium killed).

Audit rows are what the budget counts: ``outcome`` ``done`` or ``unverified`` with
``dry_run=False`` (a click counts whatever its confirmation says).
Actions: ``message``, ``profile_view``, ``accept``, ``ignore``, ``withdraw`` (safety.budget).
The plan preview of a bot is saved with ``bots.plan.save_last_list``.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from linkedin_auto.bots.safety.budget import Budget
from linkedin_auto.bots.safety.delays import Delays
from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause, pause_all
from linkedin_auto.browser.selectors import Selectors
from linkedin_auto.clock import iso
from linkedin_auto.runs.context import RunContext

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

log = structlog.get_logger(__name__)

SCREENSHOT_KEEP_DAYS = 14


class BotStopped(Exception):
    """The run stopped on purpose; the message says why (shown on the run)."""


class BotRefused(BotStopped):
    """Not started: paused, checkpoint pending, outside working hours, no session."""


class SessionProblem(BotStopped):
    """The LinkedIn session is logged out, challenged or blocked."""


class SafetyStop(BotStopped):
    """LinkedIn showed a warning sign: every bot is paused for the cool-down."""


SessionLoader = Callable[[RunContext], tuple[dict[str, Any], dict[str, Any]]]
Body = Callable[["BotSession"], None]


def vault_session(ctx: RunContext) -> tuple[dict[str, Any], dict[str, Any]]:
    """(storage_state, identity) from the encrypted vault; BotRefused when there is none."""
    from linkedin_auto.security.secrets import ensure_secrets
    from linkedin_auto.security.vault import SessionMissing, load_session

    try:
        state, identity = load_session(ctx.db, ensure_secrets(ctx.settings))
    except SessionMissing as exc:
        raise BotRefused(f"no LinkedIn session: {exc}") from None
    return state, identity.model_dump()


def mark_vault(ctx: RunContext, status: str, detail: str) -> None:
    try:
        from linkedin_auto.security.vault import mark_status

        mark_status(ctx.db, ctx.clock, status, detail)
    except Exception as exc:  # the run's own outcome matters more than this bookkeeping
        log.warning("vault_status_not_updated", error=str(exc))


def notify(ctx: RunContext, event: str, title: str, body: str) -> None:
    """Send a notification through ``linkedin_auto.notify`` when that module is present."""
    try:
        from linkedin_auto import notify as notify_mod
    except ImportError:
        return
    try:
        notify_mod.notify(ctx.settings, ctx.db, ctx.clock, event, title, body)
    except Exception as exc:  # a notification failure must not hide the real problem
        log.warning("notify_failed", notify_event=event, error=str(exc))


def stored_session_status(ctx: RunContext) -> str | None:
    value = ctx.db.scalar("SELECT status FROM linkedin_session WHERE id = 1")
    return None if value is None else str(value)


@dataclass
class BotSession:
    ctx: RunContext
    context: BrowserContext
    page: Page
    selectors: Selectors
    delays: Delays
    budget: Budget
    screenshots_dir: Path
    _shots: int = field(default=0)

    @property
    def settings(self) -> Any:
        return self.ctx.settings

    @property
    def dry_run(self) -> bool:
        return self.ctx.dry_run

    @property
    def base_url(self) -> str:
        return str(self.ctx.settings.linkedin.base_url)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + "/" + path.lstrip("/")

    def goto(self, path: str) -> None:
        """Open a LinkedIn page, then look for warning signs."""
        self.page.goto(self.url(path), wait_until="domcontentloaded")
        self.warning_check()

    def delay(self, scale: float = 1.0) -> None:
        self.delays.pause(scale)

    def type_text(self, target: Locator, text: str) -> None:
        """Type like a person: one key at a time with a random per-character delay."""
        target.click()
        s = self.delays.settings
        if s.typing_max_ms <= 0:
            target.press_sequentially(text)
            return
        for ch in text:
            target.press_sequentially(ch, delay=0)
            self.delays.sleep(self.delays.typing_ms() / 1000)

    def screenshot(self, name: str) -> Path | None:
        self._shots += 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)[:60]
        path = self.screenshots_dir / f"{self._shots:03d}-{safe}.png"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(path), timeout=10000)
        except Exception as exc:
            log.warning("screenshot_failed", error=str(exc))
            return None
        self.ctx.event("screenshot", f"screenshot {path.name}", path=str(path))
        return path

    def warning_check(self) -> None:
        """After every action: a limit popup, error toast or blocking page stops everything."""
        from linkedin_auto.browser.session import PAUSING, VAULT_STATUS, classify_page

        sign = None
        for element, label in (("limit_alert", "limit warning"), ("error_toast", "error toast")):
            loc = self.selectors.resolve(self.page, element)
            if loc is not None and loc.first.is_visible():
                text = (loc.first.inner_text(timeout=2000) or "").strip()[:200]
                sign = f"LinkedIn showed a {label}: {text}" if text else f"LinkedIn {label}"
                break
        if sign is None:
            status, reason = classify_page(self.page)
            if status.value == "ok":
                return
            mark_vault(self.ctx, VAULT_STATUS[status], reason)
            if status not in PAUSING:
                self.ctx.event("session_lost", f"session lost during the run: {reason}",
                               level="error", status=status.value)
                notify(self.ctx, "session_expired", "LinkedIn session expired", reason)
                self.screenshot("session-lost")
                raise SessionProblem(f"LinkedIn session lost: {reason}")
            sign = f"{status.value}: {reason}"
        self._pause_and_stop(sign)

    def _pause_and_stop(self, sign: str) -> None:
        hours = self.ctx.settings.safety.cooldown_hours
        pause = pause_all(self.ctx.db, self.ctx.clock, hours=hours, reason=sign)
        self.ctx.event("warning_sign", f"{sign}; all bots paused until {iso(pause.until)}",
                       level="error", until=iso(pause.until))
        self.screenshot("warning-sign")
        notify(self.ctx, "limit_reached", "LinkedIn warning: bots paused",
               f"{sign}. All bots are paused until {iso(pause.until)}.")
        raise SafetyStop(f"{sign}; all bots paused for {hours:g} h")

    def audit(
        self, action: str, target_name: str = "", target_url: str = "", *, rule: str = "",
        budget: str = "", dry_run: bool | None = None, outcome: str = "done",
    ) -> int:
        """One audit row (its id); a done, unverified or dry-run action counts against the
        run's cap."""
        dry = self.dry_run if dry_run is None else dry_run
        audit_id = audit(self.ctx, action, target_name, target_url, rule=rule, budget=budget,
                         dry_run=dry, outcome=outcome)
        if outcome in ("done", "unverified", "dry_run"):
            self.budget.note(action)
        return audit_id


def audit(
    ctx: RunContext, action: str, target_name: str = "", target_url: str = "", *,
    rule: str = "", budget: str = "", dry_run: bool = False, outcome: str = "done",
) -> int:
    cur = ctx.db.execute(
        "INSERT INTO audit_log (ts, run_id, bot, action, target_name, target_url, rule, budget,"
        " dry_run, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (iso(ctx.clock.now()), ctx.run_id, ctx.bot, action, target_name, target_url, rule,
         budget, int(dry_run), outcome),
    )
    return int(cur.lastrowid or 0)


def set_audit_outcome(ctx: RunContext, audit_id: int, outcome: str) -> None:
    """An action audited ``unverified`` at its click, confirmed afterwards (``done``)."""
    ctx.db.execute("UPDATE audit_log SET outcome = ? WHERE id = ?", (outcome, audit_id))


def prune_screenshots(root: Path, keep_days: float = SCREENSHOT_KEEP_DAYS) -> int:
    if not root.is_dir():
        return 0
    cutoff = time.time() - keep_days * 86400
    removed = 0
    for d in root.iterdir():
        try:
            if d.stat().st_mtime < cutoff:
                shutil.rmtree(d) if d.is_dir() else d.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def preflight(ctx: RunContext) -> None:
    """Refuse to start when the account must rest; raises BotRefused with the reason."""
    pause = current_pause(ctx.db, ctx.clock)
    if pause is not None:
        raise BotRefused(f"all bots are paused until {iso(pause.until)}: {pause.reason}")
    if stored_session_status(ctx) == "checkpoint":
        raise BotRefused("LinkedIn asked for a security check: resolve it in a browser, then "
                         "validate or re-import the session (never retried automatically)")
    hours = check_hours(ctx.settings, ctx.clock.now())
    if not hours.ok:
        if not ctx.dry_run:
            raise BotRefused(hours.reason)
        ctx.event("hours", f"dry-run {hours.reason}: allowed, no action is taken")


def run_bot(
    ctx: RunContext,
    body: Body,
    *,
    run_caps: dict[str, int] | None = None,
    session_loader: SessionLoader | None = None,
    delays: Delays | None = None,
) -> None:
    """Run ``body`` inside the full lifecycle (see the module docstring)."""
    from linkedin_auto.browser.launch import open_browser
    from linkedin_auto.browser.session import PAUSING, VAULT_STATUS, SessionStatus, check_session

    settings = ctx.settings
    try:
        preflight(ctx)
    except BotRefused as exc:
        ctx.event("refused", str(exc), level="warning")
        raise
    storage_state, identity = (session_loader or vault_session)(ctx)
    selectors = Selectors.load(settings)
    shots_root = settings.paths.screenshots_dir
    prune_screenshots(shots_root)
    ctx.event("browser", "starting the browser")
    with open_browser(settings, storage_state, identity) as context:
        page = context.pages[0] if context.pages else context.new_page()
        bs = BotSession(
            ctx=ctx, context=context, page=page, selectors=selectors,
            delays=delays or Delays(settings.delays),
            budget=Budget(settings, ctx.db, ctx.clock, dict(run_caps or {}), dry_run=ctx.dry_run),
            screenshots_dir=shots_root / str(ctx.run_id),
        )
        try:
            status, reason = check_session(page, settings.linkedin.base_url, selectors=selectors)
            mark_vault(ctx, VAULT_STATUS[status], reason)
            if status is not SessionStatus.ok:
                _session_problem(bs, status, reason, PAUSING)
            ctx.event("session", "LinkedIn session is valid")
            body(bs)
        except BotStopped:
            raise
        except Exception as exc:
            ctx.event("failure_page", f"failed on {page.url}: {type(exc).__name__}",
                      level="error", url=page.url)
            bs.screenshot("error")
            raise


def _session_problem(bs: BotSession, status: Any, reason: str, pausing: frozenset[Any]) -> None:
    ctx = bs.ctx
    bs.screenshot(f"session-{status.value}")
    ctx.event("session_problem", f"LinkedIn session not usable ({status.value}): {reason}",
              level="error", status=status.value)
    if status in pausing:
        pause = pause_all(ctx.db, ctx.clock, hours=ctx.settings.safety.cooldown_hours,
                          reason=f"{status.value}: {reason}")
        ctx.event("paused", f"all bots paused until {iso(pause.until)}", level="warning")
    event = {"checkpoint": "checkpoint", "logged_out": "session_expired",
             "authwall": "session_expired"}.get(status.value, "limit_reached")
    notify(ctx, event, f"LinkedIn session: {status.value}",
           f"{reason}. The run stopped; no retry until you act." if status.value == "checkpoint"
           else f"{reason}. The run stopped.")
    raise SessionProblem(f"LinkedIn session not usable ({status.value}): {reason}")
