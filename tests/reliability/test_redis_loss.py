"""Redis loss: flushed while idle, flushed with a run queued, restarted with its AOF removed.
The history (SQLite) is intact, the stuck run is settled and new runs work, with the same
worker process throughout (nothing restarted by hand)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.queue.enqueue import queue_depth, submit_run
from reliability_kit import FIGURES, start_worker, wait_for, wait_run

clock = SystemClock()


class OwnRedis:
    """A redis-server with AOF on (as on the device), on a unix socket of its own."""

    def __init__(self, root: Path):
        self.dir = root / "redis"
        self.sock = root / "redis.sock"
        self.url = f"unix://{self.sock}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.dir.mkdir(exist_ok=True)
        exe = shutil.which("redis-server")
        assert exe
        self.proc = subprocess.Popen(
            [exe, "--port", "0", "--unixsocket", str(self.sock), "--unixsocketperm", "700",
             "--dir", str(self.dir), "--save", "", "--appendonly", "yes",
             "--appendfsync", "everysec"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis_lib.Redis.from_url(self.url)

        def up() -> bool:
            try:
                return bool(client.ping())
            except (redis_lib.ConnectionError, FileNotFoundError):
                return False

        wait_for(up, 10, "redis-server")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    r = OwnRedis(tmp_path)
    r.start()
    yield r
    r.kill()


def history(db: Database) -> list[tuple[int, str]]:
    return [(int(r["id"]), str(r["status"])) for r in db.query(
        "SELECT id, status FROM runs WHERE status NOT IN ('queued', 'running') ORDER BY id")]


def test_redis_flushed_or_restarted_empty(
    own_redis: OwnRedis, db: Database, env: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINKEDIN_AUTO_REDIS__URL", own_redis.url)
    env = {**env, "LINKEDIN_AUTO_REDIS__URL": own_redis.url}
    rds = redis_lib.Redis.from_url(own_redis.url)
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        def run(bot: str = "backup", **options: object) -> int:
            return submit_run(db, rds, clock, bot, dry_run=False, options=dict(options))

        first = run()
        assert wait_run(db, first, 60)["status"] == "succeeded"

        # 1. Flushed while idle.
        before = history(db)
        rds.flushall()
        FIGURES["redis_losses"] += 1
        assert history(db) == before
        assert wait_run(db, run(), 60)["status"] == "succeeded"

        # 2. Flushed with a run queued behind a busy one.
        busy = run("hold", hold_seconds=3)
        wait_for(lambda: db.scalar("SELECT status FROM runs WHERE id = ?", (busy,))
                 == "running", 30, "the busy run to start")
        stuck = run()
        before = history(db)
        rds.flushall()
        FIGURES["redis_losses"] += 1
        assert queue_depth(rds) == 0
        wait_run(db, busy, 60)
        started = time.monotonic()
        assert wait_run(db, stuck, 90)["status"] == "succeeded"
        FIGURES["redis_stuck_run_settled_s"] = max(FIGURES["redis_stuck_run_settled_s"],
                                                   round(time.monotonic() - started))
        assert history(db)[:len(before)] == before

        # 3. Redis killed and restarted with its append-only file removed, a run queued.
        busy = run("hold", hold_seconds=3)
        wait_for(lambda: db.scalar("SELECT status FROM runs WHERE id = ?", (busy,))
                 == "running", 30, "the busy run to start")
        stuck = run()
        before = history(db)
        own_redis.kill()
        shutil.rmtree(own_redis.dir)
        own_redis.start()
        FIGURES["redis_losses"] += 1
        assert queue_depth(rds) == 0
        wait_run(db, busy, 60)
        assert wait_run(db, stuck, 90)["status"] == "succeeded"
        assert history(db)[:len(before)] == before
        assert wait_run(db, run(), 60)["status"] == "succeeded"
        assert worker.alive(), worker.tail()  # the same worker process all along
    finally:
        worker.stop()
