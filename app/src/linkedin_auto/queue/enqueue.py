"""Submitting, cancelling and observing runs.

The run row in SQLite is written first, then the RQ job. If Redis loses the job (flushed,
restarted without its AOF), ``settle_lost`` finds the queued row and enqueues it again, or fails
it when too old. It runs at the worker's start, every ``LOST_JOB_CHECK_SECONDS`` while the
worker is idle, and here when a new run is refused because of a queued one.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from typing import Any

import redis as redis_lib
import structlog
from rq import Queue
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

from linkedin_auto.clock import Clock, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import FINISHED, RunStore
from linkedin_auto.errors import Conflict, NotFound
from linkedin_auto.queue import EVENTS_CHANNEL, QUEUE_NAME
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

HEARTBEAT_KEY = "linkedin-auto:worker:heartbeat"
DEFAULT_TIMEOUT_SECONDS = 3600
# A queued run whose job is lost is enqueued again if younger than this (the user or the
# scheduler asked for it recently), else failed: a stale run started hours late would surprise.
REQUEUE_MAX_AGE = timedelta(hours=1)
# A run row is written a moment before its job: younger rows are never taken for lost.
LOST_JOB_GRACE = timedelta(seconds=10)


class UnknownBot(NotFound, LookupError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(f"unknown bot or run type {name!r}", detail=f"unknown bot {name!r}")


class BotBusy(Conflict, RuntimeError):
    def __init__(self, bot: str, run_id: int):
        self.bot = bot
        self.run_id = run_id
        msg = f"{bot} already has an active run (#{run_id})"
        super().__init__(msg, detail={"msg": msg, "run_id": run_id})


class RunNotFound(NotFound, KeyError):
    def __init__(self, run_id: int):
        self.run_id = run_id
        super().__init__(f"no run {run_id}")

    def __str__(self) -> str:  # KeyError's would quote the message
        return f"no run {self.run_id}"


def redis_from_settings(settings: Settings) -> redis_lib.Redis:
    """A client for ``redis.url`` (``redis://``, ``rediss://`` or ``unix:///path``).

    Bytes responses: RQ stores pickled payloads and needs ``decode_responses=False``.
    """
    return redis_lib.Redis.from_url(
        settings.redis.url, socket_connect_timeout=5, health_check_interval=30
    )


def event_publisher(redis: redis_lib.Redis) -> Any:
    """A RunStore ``publish`` callback sending ``{"type": kind, **payload}`` on the events channel.

    Publishing is best effort: the row in SQLite is the truth, a lost live event is not.
    """

    def publish(kind: str, payload: dict[str, Any]) -> None:
        try:
            redis.publish(EVENTS_CHANNEL, json.dumps({"type": kind, **payload}, default=str))
        except redis_lib.RedisError as exc:
            log.warning("event_publish_failed", error=str(exc))

    return publish


def run_store(db: Database, redis: redis_lib.Redis, clock: Clock) -> RunStore:
    return RunStore(db, clock, publish=event_publisher(redis))


def job_id_for(run_id: int) -> str:
    # Deterministic: re-enqueueing a run (reconciliation) reuses its id instead of duplicating it.
    return f"run-{run_id}"


def job_timeout(settings: Settings, bot: str) -> int:
    return int(settings.jobs.timeout_seconds.get(bot, DEFAULT_TIMEOUT_SECONDS))


def get_queue(redis: redis_lib.Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=redis)


def enqueue_existing(redis: redis_lib.Redis, settings: Settings, run_id: int, bot: str) -> str:
    job = get_queue(redis).enqueue(
        "linkedin_auto.queue.jobs.execute_run",
        run_id,
        job_id=job_id_for(run_id),
        job_timeout=job_timeout(settings, bot),
        result_ttl=3600,
        failure_ttl=24 * 3600,
        description=f"{bot} run #{run_id}",
    )
    return str(job.id)


def submit_run(
    db: Database,
    redis: redis_lib.Redis,
    clock: Clock,
    bot: str,
    *,
    dry_run: bool,
    options: dict[str, Any],
    trigger: str = "manual",
    schedule_id: int | None = None,
    settings: Settings | None = None,
) -> int:
    """Create the run row (queued), then enqueue its job. Returns the run id."""
    from linkedin_auto.queue.registry import load_all
    from linkedin_auto.settings import load_settings

    if bot not in load_all():
        raise UnknownBot(bot)
    settings = settings or load_settings()
    store = run_store(db, redis, clock)
    active = [r for r in store.active_for_bot(bot)
              if settle_lost(store, redis, settings, clock, r) != "expired"]
    if active:
        raise BotBusy(bot, int(active[0]["id"]))
    try:
        run_id = store.create(
            bot, dry_run=dry_run, options=options, trigger=trigger, schedule_id=schedule_id
        )
    except sqlite3.IntegrityError:
        # Lost a race with another process: the partial unique index said no (migration 0002).
        active = store.active_for_bot(bot)
        raise BotBusy(bot, int(active[0]["id"]) if active else 0) from None
    try:
        job_id = enqueue_existing(redis, settings, run_id, bot)
    except redis_lib.RedisError as exc:
        store.finish(run_id, "failed", error=f"could not enqueue: {exc}")
        raise
    store.set_job(run_id, job_id)
    log.info("run_submitted", run_id=run_id, bot=bot, dry_run=dry_run, trigger=trigger)
    return run_id


def job_lost(redis: redis_lib.Redis, job_id: str, queued_ids: set[str] | None = None) -> bool:
    """True when Redis knows nothing of the job: not on the queue and no job hash."""
    if queued_ids is None:
        queued_ids = set(get_queue(redis).get_job_ids())
    return job_id not in queued_ids and not Job.exists(job_id, connection=redis)


def settle_lost(
    store: RunStore, redis: redis_lib.Redis, settings: Settings, clock: Clock, row: Any, *,
    queued_ids: set[str] | None = None, grace: timedelta = LOST_JOB_GRACE,
) -> str | None:
    """A ``queued`` run whose job vanished from Redis: enqueue it again or fail it.

    Returns ``"requeued"``, ``"expired"`` (failed: too old to start now) or None (nothing to do:
    not queued, its job is still known to Redis, or the row is too young to judge).
    """
    if row["status"] != "queued":
        return None
    age = clock.now() - parse_iso(row["created_at"])
    if age < grace:
        return None
    run_id = int(row["id"])
    if not job_lost(redis, row["job_id"] or job_id_for(run_id), queued_ids):
        return None
    if age <= REQUEUE_MAX_AGE:
        enqueue_existing(redis, settings, run_id, str(row["bot"]))
        store.set_job(run_id, job_id_for(run_id))
        store.add_event(run_id, "requeued", "the job was lost from the queue; enqueued again")
        log.warning("lost_run_requeued", run_id=run_id)
        return "requeued"
    if store.finish(run_id, "failed",
                    error="lost from the queue and too old to start now; submit it again"):
        log.warning("lost_run_expired", run_id=run_id)
    return "expired"


def cancel_run(db: Database, redis: redis_lib.Redis, clock: Clock, run_id: int) -> str:
    """Cancel a run; returns its status afterwards.

    - queued: removed from the queue, status ``cancelled``;
    - running: ``cancel_requested`` is set (a cooperative job stops at its next check) and the
      worker is told to kill the job's process (RQ stop-job): the worker then records
      ``cancelled`` and kills stray Chromium processes. Returns ``running`` until that lands;
    - finished: unchanged.
    Raises RunNotFound (a KeyError) when the run does not exist.
    """
    store = run_store(db, redis, clock)
    row = store.get(run_id)
    if row is None:
        raise RunNotFound(run_id)
    if row["status"] in FINISHED:
        return str(row["status"])
    store.request_cancel(run_id)
    job_id = row["job_id"] or job_id_for(run_id)
    if row["status"] == "queued" and store.finish(run_id, "cancelled", error="cancelled by user"):
        get_queue(redis).remove(job_id)
        try:
            Job.fetch(job_id, connection=redis).delete()
        except NoSuchJobError:
            pass
        log.info("run_cancelled", run_id=run_id, was="queued")
        return "cancelled"
    try:
        send_stop_job_command(redis, job_id)
        log.info("run_stop_sent", run_id=run_id, job_id=job_id)
    except (NoSuchJobError, InvalidJobOperation):
        # The job is gone from Redis (flushed) or not yet picked up: the flag is all we can do;
        # the worker honours it before starting and the job at its next check.
        log.warning("run_stop_not_delivered", run_id=run_id, job_id=job_id)
    row = store.get(run_id)
    return str(row["status"])


def queue_depth(redis: redis_lib.Redis) -> int:
    return int(get_queue(redis).count)


def worker_heartbeat(redis: redis_lib.Redis) -> datetime | None:
    raw = redis.get(HEARTBEAT_KEY)
    if raw is None:
        return None
    try:
        return parse_iso(raw.decode() if isinstance(raw, bytes) else str(raw))
    except ValueError:
        return None
