"""The lifecycle every bot run goes through, and the ``BotSession`` a bot body works with.

Writing a bot::

    from linkedin_auto.bots.common import BotSession, Outcome, run_bot
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
                 outcome=Outcome.done)                        # or unverified, dry_run, ...
        bs.delay()                                            # after every action, seen or not

``run_bot`` does, in order:

1. Refuse (``BotRefused``: the run is skipped with the reason) while the global pause is in
   force, while the stored session is logged out (``expired``) or challenged (``checkpoint``):
   never retried automatically, a person imports a new session or validates this one first;
   and outside working hours. A dry-run may run outside working hours (it only reads pages)
   but not during a pause or with a dead session. Nothing is loaded from LinkedIn.
2. Load the session from the vault (none: "no LinkedIn session").
3. Launch Chromium with the pinned identity (``browser.launch.open_browser``).
4. Check the session on the feed. A bad verdict goes through :func:`session_problem`, the one
   path every bot and the ``session_check`` job share: vault status, pause, one notification.
5. Run the body. Any exception: a screenshot of the page, then re-raised (the run fails).
   ``goto`` and ``warning_check()`` raise ``SafetyStop`` after pausing all bots (HTTP 429,
   "too many requests" pages, limit popup, error toast, checkpoint, identity check) and
   ``SessionProblem`` when the session is gone.
6. Always tear down (browser closed, Playwright stopped, stray Chromium killed).

Every click counts: an action is audited the moment its click happened, with outcome ``done``
(its effect was seen) or ``unverified`` (it was not); the budget counts both, and nothing
unverified is repeated automatically. Actions: ``message``, ``profile_view``, ``accept``,
``ignore``, ``withdraw`` (safety.budget). The plan preview is saved with
``bots.plan.save_last_list``.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import structlog

from linkedin_auto.bots.safety.budget import Budget
from linkedin_auto.bots.safety.delays import Delays
from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause, pause_all
from linkedin_auto.bots.safety.rest import rest_refusal
from linkedin_auto.browser.selectors import Selectors
from linkedin_auto.clock import iso
from linkedin_auto.runs.context import RunContext

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

    from linkedin_auto.browser.session import SessionStatus

log = structlog.get_logger(__name__)

SCREENSHOT_KEEP_DAYS = 14
# Typing a whole text in one call (typing delays off): 15 s plus 0.5 s per character, so a long
# template on a busy board is not cut off half typed.
TYPE_TIMEOUT_MS = 15_000
TYPE_MS_PER_CHAR = 500


class Outcome(StrEnum):
    """``audit_log.outcome``: what became of one action on LinkedIn."""

    done = "done"  # clicked, and its effect was seen
    unverified = "unverified"  # clicked, effect not seen: counted, never repeated automatically
    dry_run = "dry_run"
    skipped = "skipped"
    failed = "failed"  # provably never clicked
    aborted = "aborted"


# Outcomes that took one action from the run's cap (the shared quotas count done + unverified).
COUNTED = frozenset({Outcome.done, Outcome.unverified, Outcome.dry_run})


class BotStopped(Exception):
    """The run stopped on purpose; the message says why (shown on the run)."""


class BotRefused(BotStopped):
    """Not started: paused, dead or challenged session, outside working hours, no session."""


class SessionProblem(BotStopped):
    """The LinkedIn session is logged out: no bot runs until a new one is imported."""


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


def sign_in_link(ctx: RunContext) -> str:
    """The dashboard's LinkedIn session page, where the person signs in again."""
    return str(ctx.settings.notifications.dashboard_url).rstrip("/") + "/session/"


def warning_sign(ctx: RunContext, sign: str, *, event: str = "limit_reached",
                 then: str = "") -> SafetyStop:
    """Pause every bot for the cool-down; notify once (not again while a pause is in force),
    ``then`` appended to the message. Returns the exception for the caller to raise."""
    hours = ctx.settings.safety.cooldown_hours
    already = current_pause(ctx.db, ctx.clock)
    pause = pause_all(ctx.db, ctx.clock, hours=hours, reason=sign)
    ctx.event("warning_sign", f"{sign}; all bots paused until {iso(pause.until)}",
              level="error", until=iso(pause.until))
    if already is None:
        notify(ctx, event, "LinkedIn warning: bots paused",
               f"{sign}. All bots are paused until {iso(pause.until)}.{then}")
    return SafetyStop(f"{sign}; all bots paused for {hours:g} h")


def session_problem(ctx: RunContext, status: SessionStatus, reason: str) -> BotStopped:
    """The one path for a session verdict that is not ``ok``, used by every bot (at the start
    and during a run) and by the ``session_check`` job. Returns the exception to raise:

    - checkpoint, identity check, too many requests: a warning sign (``SafetyStop``), every
      bot paused for the cool-down; a checkpoint also blocks every bot until a person
      validates or re-imports the session;
    - logged out / authwall: ``SessionProblem``; every bot is refused before its browser
      starts until a new session is imported or this one validated (``preflight``).

    One notification: sent when the session's state changes, not on every run that sees it.
    """
    from linkedin_auto.browser.session import PAUSING, VAULT_STATUS, SessionStatus

    previous = stored_session_status(ctx)
    vault_status = VAULT_STATUS[status]
    mark_vault(ctx, vault_status, reason)
    ctx.event("session_problem", f"LinkedIn session not usable ({status.value}): {reason}",
              level="error", status=status.value)
    if status in PAUSING:
        if status is SessionStatus.too_many_requests:
            return warning_sign(ctx, f"{status.value}: {reason}")
        already = current_pause(ctx.db, ctx.clock)
        solve = (f" Solve it with 'Open LinkedIn on the appliance': {sign_in_link(ctx)}"
                 " (bots stay paused until the session is valid again).")
        stop = warning_sign(ctx, f"{status.value}: {reason}", event="checkpoint", then=solve)
        if already is not None and previous != vault_status:
            # The pause predates this check (a session check during a cool-down): a new
            # checkpoint is still worth one message.
            notify(ctx, "checkpoint", "LinkedIn security check",
                   f"{reason}. Nothing is retried until it is solved.{solve}")
        return stop
    if previous != vault_status:
        notify(ctx, "session_expired", "LinkedIn session expired",
               f"{reason}. Every bot is stopped until you sign in again on the appliance:"
               f" {sign_in_link(ctx)}")
    return SessionProblem(f"LinkedIn session not usable ({status.value}): {reason}")


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

    def goto(self, path: str, what: str = "") -> None:
        """Open a LinkedIn page, then look for warning signs (an HTTP 429 answer is one).
        ``what`` names the page in the run's live progress ("loading birthdays")."""
        from linkedin_auto.browser.session import SessionStatus, classify_response

        url = self.url(path)
        self.ctx.step(f"loading {what or urlsplit(url).path}")
        try:
            response = self.page.goto(url, wait_until="domcontentloaded")
        except Exception as exc:
            if "ERR_TOO_MANY_REDIRECTS" in str(exc):
                self.stop_for_session(SessionStatus.logged_out,
                                      "too many redirects (cookies rejected)")
            raise
        verdict = classify_response(response)
        if verdict is not None:
            self.stop_for_session(verdict[0], f"{verdict[1]} on {urlsplit(url).path}")
        self.warning_check()

    def delay(self, scale: float = 1.0) -> None:
        """The human delay after an action; the live progress shows it while it lasts."""
        seconds = self.delays.action_seconds(scale)
        if seconds > 0:
            self.ctx.step("human delay", wait_seconds=seconds)
        self.delays.sleep(seconds)

    def type_text(self, target: Locator, text: str) -> None:
        """Type like a person: one key at a time with a random per-character delay."""
        target.click()
        s = self.delays.settings
        if s.typing_max_ms <= 0:
            # One call for the whole text: its time grows with the length on a slow board, so
            # the time limit does too (the default action limit is for one key, not a letter).
            target.press_sequentially(text, timeout=TYPE_TIMEOUT_MS + TYPE_MS_PER_CHAR * len(text))
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
        from linkedin_auto.browser.session import classify_page

        for element, label in (("limit_alert", "limit warning"), ("error_toast", "error toast")):
            loc = self.selectors.resolve(self.page, element)
            if loc is not None and loc.first.is_visible():
                text = (loc.first.inner_text(timeout=2000) or "").strip()[:200]
                self.screenshot("warning-sign")
                raise warning_sign(self.ctx, f"LinkedIn showed a {label}: {text}" if text
                                   else f"LinkedIn {label}")
        status, reason = classify_page(self.page, selectors=self.selectors)
        if status.value != "ok":
            self.stop_for_session(status, reason)

    def stop_for_session(self, status: SessionStatus, reason: str) -> None:
        """Screenshot, then raise what :func:`session_problem` decides."""
        self.screenshot(f"session-{status.value}")
        raise session_problem(self.ctx, status, reason)

    def audit(
        self, action: str, target_name: str = "", target_url: str = "", *, rule: str = "",
        budget: str = "", dry_run: bool | None = None, outcome: str = Outcome.done,
    ) -> int:
        """One audit row (its id); a done, unverified or dry-run action counts against the
        run's cap."""
        dry = self.dry_run if dry_run is None else dry_run
        audit_id = audit(self.ctx, action, target_name, target_url, rule=rule, budget=budget,
                         dry_run=dry, outcome=outcome)
        if outcome in COUNTED:
            self.budget.note(action)
        return audit_id


def audit(
    ctx: RunContext, action: str, target_name: str = "", target_url: str = "", *,
    rule: str = "", budget: str = "", dry_run: bool = False, outcome: str = Outcome.done,
) -> int:
    cur = ctx.db.execute(
        "INSERT INTO audit_log (ts, run_id, bot, action, target_name, target_url, rule, budget,"
        " dry_run, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (iso(ctx.clock.now()), ctx.run_id, ctx.bot, action, target_name, target_url, rule,
         budget, int(dry_run), str(outcome)),
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
    refusal = rest_refusal(ctx.db, ctx.clock)
    if refusal is not None:
        raise BotRefused(refusal)
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
    from linkedin_auto.browser.session import VAULT_STATUS, SessionStatus, check_session

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
    ctx.step("opening Chromium")
    with open_browser(settings, storage_state, identity) as context:
        page = context.pages[0] if context.pages else context.new_page()
        bs = BotSession(
            ctx=ctx, context=context, page=page, selectors=selectors,
            delays=delays or Delays(settings.delays),
            budget=Budget(settings, ctx.db, ctx.clock, dict(run_caps or {}), dry_run=ctx.dry_run),
            screenshots_dir=shots_root / str(ctx.run_id),
        )
        try:
            ctx.step("checking the LinkedIn session")
            status, reason = check_session(page, settings.linkedin.base_url, selectors=selectors)
            if status is not SessionStatus.ok:
                bs.stop_for_session(status, reason)
            mark_vault(ctx, VAULT_STATUS[status], reason)
            ctx.event("session", "LinkedIn session is valid")
            body(bs)
        except BotStopped:
            raise
        except Exception as exc:
            ctx.event("failure_page", f"failed on {page.url}: {type(exc).__name__}",
                      level="error", url=page.url)
            bs.screenshot("error")
            raise
