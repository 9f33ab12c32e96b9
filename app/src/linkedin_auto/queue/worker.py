"""``linkedin-auto worker``: exactly one RQ worker on the queue, with run bookkeeping.

RQ forks a "work horse" per job. When the horse dies without recording an outcome (killed by a
stop command, by RQ's own timeout guard, or crashed), ``RunWorker`` records one in SQLite so no
run is ever left ``running``, and kills any Chromium the job left behind.

Start-up reconciliation (after a crash or a power cut):
- runs left ``running`` -> ``failed`` ("worker restarted"): their process is gone;
- runs ``queued`` whose job is no longer in Redis (Redis flushed or lost its AOF) -> enqueued
  again if younger than ``REQUEUE_MAX_AGE`` (the user or the scheduler asked for them recently),
  else ``failed``: a stale run started hours late would surprise more than it helps.
The queued rule is applied again every ``LOST_JOB_CHECK_SECONDS`` while the worker waits for
work, so a Redis flush never leaves a run (and with it its bot) queued forever.

The work horse dies with the worker: it asks the kernel for a signal when its parent dies
(``PR_SET_PDEATHSIG``), then kills its browser and Playwright's driver and exits. Nothing keeps
acting on LinkedIn after the worker is gone, however the worker was started or killed.

The scheduler's loop runs in a thread of this process (``scheduler.loop.SchedulerThread``), not
in a process of its own; ``--burst`` and ``--no-scheduler`` (tests) run the queue alone.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
import time
from datetime import timedelta
from types import FrameType
from typing import Any

import psutil  # type: ignore[import-untyped]
import redis as redis_lib
import structlog
from rq import Worker
from rq.job import Job
from rq.queue import Queue

from linkedin_auto.browser.processes import kill_strays
from linkedin_auto.clock import Clock, SystemClock, iso
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.runs import ACTIVE, RunStore
from linkedin_auto.queue import QUEUE_NAME
from linkedin_auto.queue.enqueue import (
    HEARTBEAT_KEY,
    get_queue,
    redis_from_settings,
    run_store,
    settle_lost,
)
from linkedin_auto.scheduler.loop import SchedulerThread
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

HEARTBEAT_INTERVAL_SECONDS = 10
HEARTBEAT_TTL_SECONDS = 30
# How often an idle worker looks for queued runs whose job vanished from Redis.
LOST_JOB_CHECK_SECONDS = 15
PR_SET_PDEATHSIG = 1
PARENT_DEATH_SIGNAL = signal.SIGHUP


def reconcile(
    db: Database, redis: redis_lib.Redis, clock: Clock, settings: Settings, *,
    at_start: bool = True,
) -> dict[str, int]:
    """Settle runs a previous worker or a lost Redis left behind (rules: module docstring).

    ``at_start``: also fail runs left ``running``. Only at start: later, a ``running`` row may
    belong to ``linkedin-auto run`` in another process.
    """
    store = run_store(db, redis, clock)
    queued_ids = set(get_queue(redis).get_job_ids())
    result = {"failed": 0, "requeued": 0, "expired": 0}
    for row in db.query("SELECT * FROM runs WHERE status IN ('queued', 'running') ORDER BY id"):
        run_id = int(row["id"])
        if row["status"] == "running":
            if at_start:
                store.add_event(run_id, "worker_restarted",
                                "the worker restarted while this run was in progress",
                                level="error")
                store.finish(run_id, "failed",
                             error="worker restarted while the run was in progress")
                result["failed"] += 1
            continue
        # At start nothing can be about to enqueue a row: no grace needed.
        outcome = settle_lost(store, redis, settings, clock, row, queued_ids=queued_ids,
                              **({"grace": timedelta(0)} if at_start else {}))
        if outcome is not None:
            result[outcome] += 1
    if any(result.values()):
        log.warning("runs_reconciled", **result)
    return result


def die_with_parent(cleanup: Any) -> None:
    """In a forked child: run ``cleanup`` then exit when the parent process dies (Linux)."""
    parent = os.getppid()

    def on_parent_death(signum: int, frame: FrameType | None) -> None:
        try:
            cleanup()
        finally:
            os._exit(1)

    signal.signal(PARENT_DEATH_SIGNAL, on_parent_death)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(PARENT_DEATH_SIGNAL), 0, 0, 0) != 0:
            log.warning("parent_death_signal_unavailable", errno=ctypes.get_errno())
    if os.getppid() != parent:  # the parent died before the request took effect
        on_parent_death(int(PARENT_DEATH_SIGNAL), None)


def kill_job_processes(settings: Settings) -> None:
    """The work horse's last act when its worker died: no browser or driver outlives it.

    Chromium runs in process groups of its own (found by its profile directory); Playwright's
    Node driver is a child of the horse, in the horse's process group.
    """
    try:
        kill_strays(settings.paths.browser_dir, grace_seconds=1.0)
    finally:
        for child in psutil.Process().children(recursive=True):
            try:
                child.kill()
            except psutil.Error:
                pass


class RunWorker(Worker):
    """An RQ worker that records the outcome of every job whose horse died without one."""

    def __init__(self, *args: Any, settings: Settings, db: Database, clock: Clock,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        self.db = db
        self.clock = clock
        self._stop_timer: threading.Thread | None = None
        self._shutdown_stopped: str | None = None
        # Held by the scheduler thread during each pass, and here during a fork.
        self.fork_lock = threading.Lock()

    # -- fork --------------------------------------------------------------------------------
    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        # The horse shares the worker's memory copy-on-write. Freezing the worker's objects
        # keeps the horse's garbage collector from writing to (and so copying) every page of
        # them: horse 50 -> 44 MiB PSS, worker 35 -> 30 during a sandbox birthday run.
        # The horse always leaves through os._exit; only the worker returns here.
        with self.fork_lock:
            gc.collect()
            gc.freeze()
            try:
                super().fork_work_horse(job, queue)
            finally:
                gc.unfreeze()  # the long-lived worker collects its own cycles as before

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        die_with_parent(lambda: kill_job_processes(self.settings))
        super().main_work_horse(job, queue)

    # -- lost jobs ---------------------------------------------------------------------------
    @property
    def dequeue_timeout(self) -> int:
        # Wake up from the blocking wait for work often enough to look for lost jobs.
        return min(super().dequeue_timeout, LOST_JOB_CHECK_SECONDS)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        try:
            reconcile(self.db, self.connection, self.clock, self.settings, at_start=False)
        except (redis_lib.RedisError, OSError) as exc:
            log.warning("lost_job_check_failed", error=str(exc))

    # -- job outcome -------------------------------------------------------------------------
    def monitor_work_horse(self, job: Job, queue: Queue) -> None:
        started = time.monotonic()
        try:
            super().monitor_work_horse(job, queue)
        finally:
            self._settle(job, time.monotonic() - started)

    def _settle(self, job: Job, elapsed: float) -> None:
        # Browser first: a run shown as finished must have no Chromium left behind.
        try:
            kill_strays(self.settings.paths.browser_dir)
        except Exception:
            log.exception("kill_strays_failed")
        try:
            run_id = int(job.args[0])
        except (IndexError, TypeError, ValueError):
            return
        store = run_store(self.db, self.connection, self.clock)
        row = store.get(run_id)
        if row is not None and row["status"] in ACTIVE:
            timeout = job.timeout if isinstance(job.timeout, int | float) else None
            if self._stopped_job_id == job.id or self._shutdown_stopped == job.id:
                status, error = "cancelled", (
                    "stopped: the worker was shutting down" if self._shutdown_stopped == job.id
                    else "cancelled by user")
            elif getattr(self, "_stop_requested", False):
                # systemd signalled the whole unit and the job died with it.
                status, error = "cancelled", "stopped: the worker was shutting down"
            elif store.cancel_requested(run_id):
                status, error = "cancelled", "cancelled by user"
            elif timeout is not None and timeout > 0 and elapsed >= timeout:
                status, error = "timed_out", f"exceeded the {timeout} s time limit"
            else:
                status, error = "failed", "the job process ended without recording an outcome"
            store.add_event(run_id, status, f"job process stopped: {error}",
                            level="warning" if status == "cancelled" else "error")
            store.finish(run_id, status, error=error)
            log.warning("run_settled_by_worker", run_id=run_id, status=status)

    # -- graceful shutdown -------------------------------------------------------------------
    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        job_id = self.get_current_job_id() if self.horse_pid else None
        super().request_stop(signum, frame)  # raises StopRequested when idle
        if job_id and self._stop_timer is None:
            self._stop_timer = threading.Thread(
                target=self._stop_current, args=(job_id,), daemon=True, name="stop-current-job"
            )
            self._stop_timer.start()

    def _stop_current(self, job_id: str) -> None:
        """Ask the running job to stop, then kill it if it has not within the grace period."""
        try:
            run_id = int(job_id.removeprefix("run-"))
            RunStore(self.db, self.clock).request_cancel(run_id)
        except ValueError:
            pass
        # Asked to stop (cancel flag), then killed after the grace period, which stays inside
        # systemd's stop timeout for the unit.
        deadline = time.monotonic() + self.settings.jobs.stop_grace_seconds
        while time.monotonic() < deadline:
            if not self.horse_pid:
                return
            time.sleep(0.2)
        if self.horse_pid and self.get_current_job_id() == job_id:
            log.warning("job_killed_on_shutdown", job_id=job_id)
            self._shutdown_stopped = job_id
            self.kill_horse()


class Heartbeat:
    """Writes ``HEARTBEAT_KEY`` (ISO time, TTL) so the API and doctor can see the worker is alive.

    Its own Redis client: a lock held in a shared pool at fork time must not reach the horse.
    """

    def __init__(self, settings: Settings, clock: Clock):
        self.redis = redis_from_settings(settings)
        self.clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="heartbeat")

    def beat(self) -> None:
        self.redis.set(HEARTBEAT_KEY, iso(self.clock.now()), ex=HEARTBEAT_TTL_SECONDS)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except redis_lib.RedisError as exc:
                log.warning("heartbeat_failed", error=str(exc))
            self._stop.wait(HEARTBEAT_INTERVAL_SECONDS)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        try:
            self.redis.delete(HEARTBEAT_KEY)
        except redis_lib.RedisError:
            pass


def run_worker(settings: Settings, *, burst: bool = False, scheduler: bool = True) -> None:
    clock = SystemClock()
    db = open_database(settings.paths.db_file)
    redis = redis_from_settings(settings)
    redis.ping()
    kill_strays(settings.paths.browser_dir)
    reconcile(db, redis, clock, settings)
    heartbeat = Heartbeat(settings, clock)
    heartbeat.start()
    worker = RunWorker(
        [QUEUE_NAME], connection=redis, settings=settings, db=db, clock=clock,
        job_monitoring_interval=5, maintenance_interval=LOST_JOB_CHECK_SECONDS,
    )
    loop = SchedulerThread(settings, worker.fork_lock, clock) if scheduler and not burst else None
    log.info("worker_started", pid=os.getpid(), name=worker.name, queue=QUEUE_NAME,
             scheduler=loop is not None)
    try:
        if loop is not None:
            loop.start()
        # with_scheduler: RQ's own scheduler of delayed jobs, unused (ours is the thread).
        worker.work(burst=burst, logging_level=settings.logging.level.upper(),
                    with_scheduler=False)
    finally:
        if loop is not None:
            loop.stop()
        heartbeat.stop()
        db.close()
        log.info("worker_stopped")

