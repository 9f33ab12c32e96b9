"""The RQ job function: one call per run, executed in the worker's work horse process."""

from __future__ import annotations

from typing import Any

import structlog
from rq.timeouts import JobTimeoutException

from linkedin_auto.clock import Clock, SystemClock
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.runs import RunStatus, RunStore
from linkedin_auto.queue.enqueue import redis_from_settings, run_store
from linkedin_auto.queue.registry import load_all
from linkedin_auto.runs.context import RunCancelled, RunContext
from linkedin_auto.settings import Settings, load_settings

log = structlog.get_logger(__name__)

# Counts that make a finished run ``partial``: it did not do everything it set out to do.
PARTIAL_COUNTS = ("unverified", "deferred")


def status_for_exception(exc: BaseException) -> RunStatus:
    """How a bot's stop maps to the run's status (see docs/bots.md)."""
    from linkedin_auto.bots.common import BotRefused, SafetyStop, SessionProblem

    if isinstance(exc, BotRefused):
        return RunStatus.skipped
    if isinstance(exc, SafetyStop):
        return RunStatus.paused
    if isinstance(exc, SessionProblem):
        return RunStatus.failed
    return RunStatus.failed


def status_for_counts(counts: dict[str, int]) -> RunStatus:
    """A run that finished: ``partial`` when anything is unverified or deferred."""
    if any(int(counts.get(key, 0)) > 0 for key in PARTIAL_COUNTS):
        return RunStatus.partial
    return RunStatus.succeeded


def active_pause(db: Database, clock: Clock) -> dict[str, Any] | None:
    """The global pause (kv ``pause``, owned by ``bots.safety.pause``) if still in force."""
    from linkedin_auto.bots.safety.pause import current_pause

    pause = current_pause(db, clock)
    return None if pause is None else pause.to_dict()


def execute_run(run_id: int) -> None:
    """Entry point of every job. Reads settings and opens the DB afresh: config may have changed."""
    settings = load_settings()
    clock = SystemClock()
    db = open_database(settings.paths.db_file)
    redis = redis_from_settings(settings)
    store = run_store(db, redis, clock)
    try:
        run(settings, db, clock, store, run_id)
    finally:
        # The browser is already gone: open_browser's teardown and _finish kill strays, and the
        # worker does again after any job whose process died.
        db.close()


def run(settings: Settings, db: Database, clock: Clock, store: RunStore, run_id: int) -> None:
    row = store.get(run_id)
    if row is None:
        log.warning("run_missing", run_id=run_id)
        return
    bot = str(row["bot"])
    if row["cancel_requested"] and store.finish(run_id, RunStatus.cancelled,
                                                error="cancelled by user"):
        return
    other = [r for r in store.active_for_bot(bot) if int(r["id"]) != run_id]
    if other:  # cannot happen with migration 0002's index; kept as the worker's own guard
        store.finish(run_id, RunStatus.failed, error=f"bot busy with run #{other[0]['id']}")
        return
    if not store.start(run_id):
        log.info("run_not_started", run_id=run_id, status=row["status"])
        return
    spec = load_all().get(bot)
    if spec is None:
        store.finish(run_id, RunStatus.failed, error=f"unknown run type {bot!r}")
        return
    ctx = RunContext(
        run_id=run_id,
        bot=bot,
        dry_run=bool(row["dry_run"]),
        options=_loads(row["options"]),
        settings=settings,
        db=db,
        clock=clock,
        store=store,
    )
    bound = log.bind(run_id=run_id, bot=bot)
    if spec.is_bot:
        pause = active_pause(db, clock)
        if pause is not None:
            ctx.event("paused", f"all bots are paused until {pause['until']}: "
                      f"{pause.get('reason', 'no reason given')}", level="warning",
                      until=pause["until"], reason=pause.get("reason", ""))
            store.finish(run_id, RunStatus.skipped,
                         error=f"bots are paused until {pause['until']}",
                         counts=dict(ctx.counts))
            return
    bound.info("run_started")
    from linkedin_auto.bots.common import BotStopped

    try:
        spec.func(ctx)
    except RunCancelled:
        ctx.event("cancelled", "stopped at the user's request", level="warning")
        _finish(store, run_id, RunStatus.cancelled, "cancelled by user", ctx)
    except JobTimeoutException:
        limit = settings.jobs.timeout_seconds.get(bot)
        ctx.event("timed_out", f"the run exceeded its time limit ({limit} s)", level="error")
        _finish(store, run_id, RunStatus.timed_out, f"exceeded the {limit} s time limit", ctx)
    except BotStopped as exc:
        # A stop on purpose (refused, warning sign, session): its own status, no traceback.
        status = status_for_exception(exc)
        bound.warning("run_stopped", status=str(status), reason=str(exc))
        _finish(store, run_id, status, str(exc), ctx)
    except Exception as exc:
        bound.exception("run_failed")
        message = f"{type(exc).__name__}: {exc}"
        try:
            ctx.event("error", message, level="error")
        finally:
            _finish(store, run_id, RunStatus.failed, message, ctx)
    else:
        _finish(store, run_id, status_for_counts(dict(ctx.counts)), None, ctx)


def _finish(
    store: RunStore, run_id: int, status: RunStatus, error: str | None, ctx: RunContext,
) -> None:
    # Browser first: a run shown as finished must have no Chromium left behind.
    _kill_browser_strays(ctx.settings)
    # No in-process counter: this work horse exits after the job; /metrics reads the runs table.
    store.finish(run_id, status, error=error, counts=dict(ctx.counts))
    log.info("run_finished", run_id=run_id, bot=ctx.bot, status=str(status))


def _kill_browser_strays(settings: Settings) -> None:
    from linkedin_auto.browser.processes import kill_strays

    try:
        kill_strays(settings.paths.browser_dir)
    except Exception:
        log.exception("kill_strays_failed")


def _loads(raw: str | None) -> dict[str, Any]:
    from linkedin_auto.db.connection import loads

    value = loads(raw)
    return value if isinstance(value, dict) else {}
