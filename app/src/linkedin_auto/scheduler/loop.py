"""The scheduler: turns due schedules into queued runs.

One pass (``tick``) is a pure function of the database, Redis and the injected clock, so tests
drive it with a ManualClock. ``SchedulerThread`` calls it every ~20 s inside the worker
process (``linkedin-auto worker``): a process of its own cost ~55 MiB of idle memory for a loop
that sleeps. It stops with the worker; while a release is being installed it starts nothing
(the updater stops the worker only once the bot run in progress finished).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import redis as redis_lib
import structlog

from linkedin_auto.clock import Clock, SystemClock, iso
from linkedin_auto.db.audit import COUNTED_SQL
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.kv import kv_get, kv_set
from linkedin_auto.queue.enqueue import BotBusy, UnknownBot, redis_from_settings, submit_run
from linkedin_auto.scheduler.store import ScheduleStore, handled_until, timing_of
from linkedin_auto.scheduler.timing import decide
from linkedin_auto.settings import ConfigError, Settings, config_file_path, load_settings

log = structlog.get_logger(__name__)

TICK_SECONDS = 20.0
SUMMARY_KEY = "daily_summary_sent"
# A daily summary more than this late (machine was off) is skipped rather than sent at night.
SUMMARY_GRACE = timedelta(hours=2)


def tick(db: Database, redis: redis_lib.Redis, clock: Clock, settings: Settings) -> list[int]:
    """One pass over the enabled schedules; returns the ids of the runs it queued."""
    store = ScheduleStore(db, clock)
    now = clock.now()
    queued: list[int] = []
    try:
        redis.ping()
    except redis_lib.RedisError as exc:
        # Nothing is marked handled: due slots run at a later pass, within their catch-up.
        log.error("scheduler_redis_unreachable", error=str(exc))
        return queued
    for row in db.query("SELECT * FROM schedules WHERE enabled = 1 ORDER BY id"):
        sched = dict(row)
        sid = int(sched["id"])
        try:
            timing = timing_of(sched, seed=sid)
        except Exception:
            log.exception("schedule_invalid", schedule_id=sid)
            continue
        decision = decide(timing, handled_until(sched), now)
        if decision is None or decision.action == "wait":
            continue
        bound = log.bind(schedule_id=sid, bot=sched["bot"], slot=iso(decision.slot))
        if decision.action == "run":
            try:
                run_id = submit_run(
                    db, redis, clock, sched["bot"], dry_run=bool(sched["dry_run"]),
                    options=_options(sched), trigger="schedule", schedule_id=sid,
                    settings=settings,
                )
                queued.append(run_id)
                bound.info("schedule_fired", run_id=run_id)
            except BotBusy as exc:
                # The slot counts as handled: catching it up later would stack runs.
                bound.warning("schedule_skipped_bot_busy", active_run=exc.run_id)
            except UnknownBot:
                bound.error("schedule_unknown_bot")
            except redis_lib.RedisError as exc:
                bound.error("schedule_enqueue_failed", error=str(exc))
                continue  # not handled: retried at the next pass while still inside catch-up
        else:
            bound.warning("schedule_slot_missed", reason=decision.reason)
        store.mark_handled(sid, decision.slot)
    return queued


def _options(sched: dict[str, Any]) -> dict[str, Any]:
    from linkedin_auto.db.connection import loads

    value = loads(sched["options"])
    return value if isinstance(value, dict) else {}


def maybe_daily_summary(db: Database, clock: Clock, settings: Settings) -> bool:
    """Send the daily summary once a day at ``notifications.daily_summary_time``."""
    now = clock.now()
    local = now.astimezone(settings.tz)
    due_at = datetime.combine(local.date(), settings.notifications.daily_summary_time,
                              tzinfo=settings.tz)
    if local < due_at or kv_get(db, SUMMARY_KEY) == local.date().isoformat():
        return False
    kv_set(db, clock, SUMMARY_KEY, local.date().isoformat())
    if local - due_at > SUMMARY_GRACE:
        return False
    title, body = summary_text(db, now)
    try:
        from linkedin_auto.notify import notify
    except ImportError:
        log.info("daily_summary_no_notifier")
        return False
    return bool(notify(settings, db, clock, "daily_summary", title, body))


def summary_text(db: Database, now: datetime) -> tuple[str, str]:
    since = iso(now - timedelta(days=1))
    runs = db.query(
        "SELECT bot, status, COUNT(*) AS n FROM runs WHERE created_at >= ? GROUP BY bot, status"
        " ORDER BY bot, status", (since,))
    actions = db.query(
        "SELECT action, COUNT(*) AS n, SUM(outcome = 'unverified') AS unverified FROM audit_log"
        f" WHERE ts >= ? AND dry_run = 0 AND {COUNTED_SQL} GROUP BY action ORDER BY action",
        (since,))
    lines = ["Runs in the last 24 hours:"]
    lines += [f"  {r['bot']}: {r['n']} {r['status']}" for r in runs] or ["  none"]
    lines.append("Actions on LinkedIn:")
    lines += [f"  {a['action']}: {a['n']}"
              + (f" ({a['unverified']} unverified)" if a["unverified"] else "")
              for a in actions] or ["  none"]
    return "LinkedIn Auto daily summary", "\n".join(lines)


def update_in_progress(settings: Settings) -> bool:
    """A release is being installed (the API refuses bot runs meanwhile, with 409)."""
    from linkedin_auto.updates.state import Paths, UpdateState, read_status

    return read_status(Paths(settings.paths.state_dir)).state is not UpdateState.idle


class SchedulerThread:
    """The scheduler's loop in a thread of the worker process.

    Its own database connection and Redis client, and every pass runs under ``fork_lock``,
    which the worker also holds while it forks a job's process: the fork never copies a lock
    (SQLite's, Redis's pool, the log writer's) this thread holds half-way through a pass.
    """

    def __init__(self, settings: Settings, fork_lock: threading.Lock,
                 clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.fork_lock = fork_lock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="scheduler")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            self.loop()
        except Exception:  # the worker keeps running the queue; the log says why
            log.exception("scheduler_crashed")

    def run_pass(self, db: Database, redis: redis_lib.Redis, settings: Settings) -> list[int]:
        """One pass: the runs due now are queued, the daily summary sent when due. Nothing
        while a release is being installed, and nothing marked handled: the slots due meanwhile
        run after it, within their catch-up."""
        if update_in_progress(settings):
            return []
        queued = tick(db, redis, self.clock, settings)
        maybe_daily_summary(db, self.clock, settings)
        return queued

    def loop(self) -> None:
        settings = self.settings
        db = open_database(settings.paths.db_file)
        redis = redis_from_settings(settings)
        path = config_file_path()
        mtime = _mtime(path)
        from linkedin_auto.scheduler.defaults import ensure_default_schedules

        with self.fork_lock:
            try:
                ensure_default_schedules(db, self.clock, settings)
            except Exception:  # the person's schedules must still run
                log.exception("default_schedules_failed")
            log.info("scheduler_started", tick_seconds=TICK_SECONDS)
        try:
            while not self._stop.is_set():
                with self.fork_lock:
                    current = _mtime(path)
                    if current != mtime:
                        mtime = current
                        try:
                            settings = load_settings()
                            log.info("settings_reloaded")
                        except ConfigError as exc:
                            log.error("settings_reload_refused", errors=exc.errors)
                    try:
                        self.run_pass(db, redis, settings)
                    except Exception:
                        log.exception("scheduler_tick_failed")
                self._stop.wait(TICK_SECONDS)
        finally:
            db.close()
            redis.close()
            log.info("scheduler_stopped")


def _mtime(path: Any) -> float | None:
    try:
        return float(path.stat().st_mtime)
    except OSError:
        return None
