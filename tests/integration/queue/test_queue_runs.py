"""API-less path: submit -> Redis -> real worker process -> SQLite, with cancel and timeouts."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import psutil
import pytest
import redis as redis_lib
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue import EVENTS_CHANNEL
from linkedin_auto.queue.enqueue import (
    BotBusy,
    UnknownBot,
    cancel_run,
    queue_depth,
    submit_run,
    worker_heartbeat,
)
from workerproc import WorkerProc, wait_finished, wait_for, wait_status

clock = SystemClock()


def _hold_pid(db: Database, run_id: int) -> int:
    store = RunStore(db, clock)

    def find() -> int | None:
        for ev in store.events(run_id):
            if ev["kind"] == "hold":
                return int(json.loads(ev["data"])["pid"])
        return None

    return int(wait_for(find, 30, "the job to start holding"))


def test_doctor_run_goes_through_the_worker(worker: WorkerProc, db: Database,
                                            rds: redis_lib.Redis) -> None:
    seen: list[dict] = []
    pubsub = rds.pubsub()
    pubsub.subscribe(EVENTS_CHANNEL)
    wait_for(lambda: pubsub.get_message(timeout=0.1), 5, "subscription")  # the subscribe ack

    stop = threading.Event()

    def listen() -> None:
        while not stop.is_set():
            msg = pubsub.get_message(timeout=0.2)
            if msg and msg["type"] == "message":
                seen.append(json.loads(msg["data"]))

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert worker_heartbeat(rds) is not None
    run_id = submit_run(db, rds, clock, "doctor", dry_run=False, options={})
    row = wait_finished(db, run_id)
    assert row["status"] == "succeeded", row["error"]
    events = RunStore(db, clock).events(run_id)
    names = {json.loads(e["data"]).get("name") for e in events if e["kind"] == "check"}
    assert {"config", "database", "redis", "worker", "chromium", "secrets"} <= names
    assert json.loads(row["counts"])["checks"] == len(names)
    wait_for(lambda: any(m.get("type") == "run" and m.get("id") == run_id
                         and m.get("status") == "succeeded" for m in seen), 10, "live event")
    assert any(m["type"] == "event" and m["run_id"] == run_id for m in seen)
    stop.set()
    listener.join(5)
    pubsub.close()


def test_unknown_bot_is_refused(db: Database, rds: redis_lib.Redis, app_env: dict) -> None:
    with pytest.raises(UnknownBot):
        submit_run(db, rds, clock, "nope", dry_run=False, options={})
    assert db.scalar("SELECT COUNT(*) FROM runs") == 0


def test_never_two_runs_of_the_same_bot(worker: WorkerProc, db: Database,
                                        rds: redis_lib.Redis) -> None:
    first = submit_run(db, rds, clock, "hold", dry_run=False, options={"hold_seconds": 30})
    with pytest.raises(BotBusy) as busy:
        submit_run(db, rds, clock, "hold", dry_run=False, options={})
    assert busy.value.run_id == first
    # The storage refuses it too, whatever the code path (migration 0002).
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        RunStore(db, clock).create("hold")
    other = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    wait_status(db, first, "running")
    assert cancel_run(db, rds, clock, first) in ("running", "cancelled")
    assert wait_finished(db, first)["status"] == "cancelled"
    assert wait_finished(db, other)["status"] == "succeeded"
    # Once finished, the bot is free again.
    again = submit_run(db, rds, clock, "hold", dry_run=False, options={})
    assert again > first


def test_cancel_queued_run_removes_the_job(db: Database, rds: redis_lib.Redis,
                                           app_env: dict) -> None:
    run_id = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    assert queue_depth(rds) == 1
    assert cancel_run(db, rds, clock, run_id) == "cancelled"
    assert queue_depth(rds) == 0
    row = RunStore(db, clock).get(run_id)
    assert row["status"] == "cancelled" and row["finished_at"]
    assert cancel_run(db, rds, clock, run_id) == "cancelled"  # finished: unchanged
    with pytest.raises(KeyError):
        cancel_run(db, rds, clock, 9999)


def test_cancel_kills_a_running_job_that_does_not_cooperate(
    worker: WorkerProc, db: Database, rds: redis_lib.Redis
) -> None:
    run_id = submit_run(db, rds, clock, "hold", dry_run=False,
                        options={"hold_seconds": 120, "cooperative": False})
    pid = _hold_pid(db, run_id)
    assert psutil.pid_exists(pid)
    cancel_run(db, rds, clock, run_id)
    row = wait_finished(db, run_id)
    assert row["status"] == "cancelled"
    assert not psutil.pid_exists(pid)
    assert worker.proc is not None and worker.proc.poll() is None  # the worker itself lives on
    # ... and takes the next job.
    nxt = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    assert wait_finished(db, nxt)["status"] == "succeeded"


def test_job_exceeding_its_timeout_ends_timed_out(
    testing_env: dict[str, str], tmp_path: Path, db: Database, rds: redis_lib.Redis
) -> None:
    Path(testing_env["LINKEDIN_AUTO_CONFIG"]).write_text(
        "timezone: UTC\njobs:\n  timeout_seconds: {hold: 2, backup: 60}\n")
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    try:
        run_id = submit_run(db, rds, clock, "hold", dry_run=False,
                            options={"hold_seconds": 60, "cooperative": False})
        pid = _hold_pid(db, run_id)
        row = wait_finished(db, run_id)
        assert row["status"] == "timed_out", row["error"]
        assert "2 s" in row["error"]
        wait_for(lambda: not psutil.pid_exists(pid), 10, "the horse to exit")
    finally:
        w.stop()


def test_worker_crash_leaves_no_run_running(
    testing_env: dict[str, str], tmp_path: Path, db: Database, rds: redis_lib.Redis
) -> None:
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    run_id = submit_run(db, rds, clock, "hold", dry_run=False,
                        options={"hold_seconds": 120, "cooperative": False})
    pid = _hold_pid(db, run_id)
    assert w.proc is not None
    os.kill(w.proc.pid, signal.SIGKILL)  # a crash: no handler runs
    os.kill(pid, signal.SIGKILL)
    w.proc.wait(10)
    assert RunStore(db, clock).get(run_id)["status"] == "running"
    w2 = WorkerProc(testing_env, tmp_path / "worker2.log")
    w2.start()
    try:
        row = RunStore(db, clock).get(run_id)
        assert row["status"] == "failed"
        assert "worker restarted" in row["error"]
        # The bot is usable again right away.
        nxt = submit_run(db, rds, clock, "hold", dry_run=False, options={})
        assert wait_finished(db, nxt)["status"] == "succeeded"
    finally:
        w2.stop()


def test_history_survives_a_redis_flush_and_lost_jobs_are_requeued(
    testing_env: dict[str, str], tmp_path: Path, db: Database, rds: redis_lib.Redis
) -> None:
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    done = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    assert wait_finished(db, done)["status"] == "succeeded"
    w.stop()
    pending = submit_run(db, rds, clock, "doctor", dry_run=False, options={})
    rds.flushall()
    assert queue_depth(rds) == 0
    store = RunStore(db, clock)
    assert store.get(done)["status"] == "succeeded"
    assert [e["kind"] for e in store.events(done)] == ["backup"]
    w2 = WorkerProc(testing_env, tmp_path / "worker2.log")
    w2.start()
    try:
        assert wait_finished(db, pending)["status"] == "succeeded"
        assert "requeued" in [e["kind"] for e in store.events(pending)]
    finally:
        w2.stop()


def test_run_queued_during_a_redis_flush_runs_without_restarting_the_worker(
    worker: WorkerProc, db: Database, rds: redis_lib.Redis
) -> None:
    busy = submit_run(db, rds, clock, "hold", dry_run=False, options={"hold_seconds": 3})
    wait_status(db, busy, "running")
    pending = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    rds.flushall()  # the queued job is gone; its row says queued
    assert queue_depth(rds) == 0
    wait_finished(db, busy)  # (its worker check may fail: the flush took the heartbeat too)
    # The idle worker finds the lost job by itself (no restart, nobody cancels).
    assert wait_finished(db, pending, 60)["status"] == "succeeded"
    assert "requeued" in [e["kind"] for e in RunStore(db, clock).events(pending)]
    again = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    assert wait_finished(db, again)["status"] == "succeeded"


def test_a_new_run_settles_a_queued_run_whose_job_was_lost(
    db: Database, rds: redis_lib.Redis, app_env: dict
) -> None:
    from datetime import timedelta

    from linkedin_auto.clock import iso

    def age(run_id: int, delta: timedelta) -> None:
        db.execute("UPDATE runs SET created_at = ? WHERE id = ?",
                   (iso(clock.now() - delta), run_id))

    recent = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    rds.flushall()
    age(recent, timedelta(seconds=30))
    # Asked recently: enqueued again, so the bot is still busy with it, and it will run.
    with pytest.raises(BotBusy) as busy:
        submit_run(db, rds, clock, "backup", dry_run=False, options={})
    assert busy.value.run_id == recent
    assert queue_depth(rds) == 1
    store = RunStore(db, clock)
    assert store.get(recent)["status"] == "queued"
    assert "requeued" in [e["kind"] for e in store.events(recent)]

    rds.flushall()
    age(recent, timedelta(hours=2))
    # Too old to start now: failed, and the new run is accepted.
    new = submit_run(db, rds, clock, "backup", dry_run=False, options={})
    row = store.get(recent)
    assert row["status"] == "failed" and "lost from the queue" in row["error"]
    assert store.get(new)["status"] == "queued" and queue_depth(rds) == 1


def test_sigterm_stops_a_running_job_and_records_it(
    testing_env: dict[str, str], tmp_path: Path, db: Database, rds: redis_lib.Redis
) -> None:
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    run_id = submit_run(db, rds, clock, "hold", dry_run=False, options={"hold_seconds": 120})
    _hold_pid(db, run_id)
    assert w.stop(signal.SIGTERM) == 0
    row = RunStore(db, clock).get(run_id)
    assert row["status"] == "cancelled"
    assert worker_heartbeat(rds) is None


def test_bots_are_skipped_while_paused(worker: WorkerProc, db: Database,
                                       rds: redis_lib.Redis) -> None:

    from linkedin_auto.bots.safety.pause import pause_all

    pause_all(db, clock, hours=1, reason="limit popup seen")
    run_id = submit_run(db, rds, clock, "birthday", dry_run=True, options={})
    row = wait_finished(db, run_id)
    assert row["status"] == "skipped" and "paused" in row["error"]
    events = RunStore(db, clock).events(run_id)
    assert events[0]["kind"] == "paused" and "limit popup seen" in events[0]["message"]
    # Built-in jobs are not bots: they still run during a pause.
    assert wait_finished(db, submit_run(db, rds, clock, "backup", dry_run=False,
                                        options={}))["status"] == "succeeded"


def test_sigterm_kills_a_job_that_ignores_the_stop_request(
    testing_env: dict[str, str], tmp_path: Path, db: Database, rds: redis_lib.Redis
) -> None:
    Path(testing_env["LINKEDIN_AUTO_CONFIG"]).write_text(
        "timezone: UTC\njobs:\n  stop_grace_seconds: 1\n")
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    run_id = submit_run(db, rds, clock, "hold", dry_run=False,
                        options={"hold_seconds": 120, "cooperative": False})
    pid = _hold_pid(db, run_id)
    assert w.stop(signal.SIGTERM) == 0
    row = RunStore(db, clock).get(run_id)
    assert row["status"] == "cancelled" and "shutting down" in row["error"]
    assert not psutil.pid_exists(pid)
