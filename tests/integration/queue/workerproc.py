"""Helpers: a real ``linkedin-auto worker`` process and polling waits (imported by tests)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis as redis_lib
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import FINISHED, RunStore

CLI = str(Path(sys.executable).with_name("linkedin-auto"))
# The tests' own run types (``hold``), registered here and in the workers the tests start.
TEST_JOBS = Path(__file__).resolve().parents[2] / "testjobs"
TEST_CLI = [sys.executable, str(TEST_JOBS / "linkedin_auto_cli.py")]
sys.path.insert(0, str(TEST_JOBS))
import hold_job  # noqa: F401


def wait_for(pred: Callable[[], Any], timeout: float = 30, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


class WorkerProc:
    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

        r = redis_lib.Redis.from_url(self.env["LINKEDIN_AUTO_REDIS__URL"])
        r.delete(HEARTBEAT_KEY)
        self.proc = subprocess.Popen(
            [*TEST_CLI, "worker", "--no-scheduler"], env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
        )
        wait_for(lambda: r.exists(HEARTBEAT_KEY) or self.proc.poll() is not None, 30,
                 "worker heartbeat")
        assert self.proc.poll() is None, self.log.read_text()[-3000:]

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(10)


def wait_finished(db: Database, run_id: int, timeout: float = 60) -> Any:
    store = RunStore(db, SystemClock())
    return wait_for(lambda: (r := store.get(run_id)) is not None and r["status"] in FINISHED
                    and r, timeout, f"run {run_id} to finish")


def wait_status(db: Database, run_id: int, status: str, timeout: float = 30) -> Any:
    store = RunStore(db, SystemClock())
    return wait_for(lambda: (r := store.get(run_id)) is not None and r["status"] == status
                    and r, timeout, f"run {run_id} to be {status}")
