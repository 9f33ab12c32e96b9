"""Helpers for the reliability suite: real worker and API processes, process accounting,
the sandbox's record, and the figures printed at the end of ``make test-reliability``."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil
import redis as redis_lib
import yaml

# ``linkedin-auto`` with the tests' own run types (``hold``), registered here too.
TEST_JOBS = Path(__file__).resolve().parents[1] / "testjobs"
TEST_CLI = [sys.executable, str(TEST_JOBS / "linkedin_auto_cli.py")]
sys.path.insert(0, str(TEST_JOBS))
import hold_job  # noqa: F401

KILLHOOK = Path(__file__).resolve().parent / "killhook"
TAG_ENV = "LINKEDIN_AUTO_TEST_TAG"

# Figures of the whole suite, printed by conftest.pytest_terminal_summary and written to
# reliability-results.json.
FIGURES: Counter[str] = Counter()


def wait_for(pred: Callable[[], Any], timeout: float, what: str, step: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} ({timeout} s)")
        time.sleep(step)


def tagged(tag: str, exclude: set[int] | None = None) -> list[psutil.Process]:
    """Live processes started from a process launched with ``TAG_ENV=tag``: the worker, its
    work horse, Playwright's Node driver and Chromium all inherit that environment."""
    found = []
    for proc in psutil.process_iter():
        if exclude and proc.pid in exclude:
            continue
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            if proc.environ().get(TAG_ENV) == tag:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def describe(procs: list[psutil.Process]) -> list[str]:
    out = []
    for p in procs:
        try:
            out.append(f"{p.pid} {p.name()}")
        except psutil.Error:
            continue
    return out


def kill_all(procs: list[psutil.Process]) -> None:
    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass


class Proc:
    """A ``linkedin-auto`` process with its own tag, log and environment."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.tag = uuid.uuid4().hex
        self.args = args
        self.env = {**env, TAG_ENV: self.tag}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> Proc:
        self.proc = subprocess.Popen([*TEST_CLI, *self.args], env=self.env,
                                     stdout=self.log.open("ab"),
                                     stderr=subprocess.STDOUT)
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def tail(self, n: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-n:] if self.log.exists() else ""

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        kill_all(tagged(self.tag))  # nothing of this process may outlive the test


def start_worker(env: dict[str, str], log: Path, **extra: str) -> Proc:
    from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

    r = redis_lib.Redis.from_url(env["LINKEDIN_AUTO_REDIS__URL"])
    r.delete(HEARTBEAT_KEY)
    # The queue alone: no default schedules, nothing queued by the time of day.
    w = Proc(["worker", "--no-scheduler"], {**env, **extra}, log).start()
    wait_for(lambda: r.exists(HEARTBEAT_KEY) or not w.alive(), 30, "the worker's heartbeat")
    assert w.alive(), w.tail()
    return w


def start_api(env: dict[str, str], log: Path, port: int) -> Proc:
    api = Proc(["api", "--host", "127.0.0.1", "--port", str(port)], env, log).start()
    url = f"http://127.0.0.1:{port}/api/health"

    def up() -> bool:
        if not api.alive():
            return True
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, 60, "the API to answer")
    assert api.alive(), api.tail()
    return api


def wait_run(db: Any, run_id: int, timeout: float = 120) -> Any:
    from linkedin_auto.db.runs import FINISHED

    def done() -> Any:
        row = db.query_one("SELECT * FROM runs WHERE id = ?", (run_id,))
        return row if row is not None and row["status"] in FINISHED else None

    return wait_for(done, timeout, f"run {run_id} to finish")


def wanted(state: dict[str, Any], max_days_late: int = 3) -> dict[str, str]:
    """slug -> first name of everyone the birthday bot should wish on this sandbox."""
    first = {p["slug"]: p["first_name"] for p in state["people"]}
    return {b["slug"]: first[b["slug"]] for b in state["birthdays"]
            if b["degree"] == 1 and b["days_late"] <= max_days_late}


def judge_messages(state: dict[str, Any], people: dict[str, str], quota: int) -> dict[str, int]:
    """From the sandbox's own record: duplicates, wrong recipients, quota excess."""
    per: Counter[str] = Counter(m["to_slug"] for m in state["messages"])
    wrong = sum(1 for m in state["messages"]
                if m["to_slug"] not in people or people[m["to_slug"]] not in m["text"])
    return {
        "messages": len(state["messages"]),
        "duplicates": sum(n - 1 for n in per.values() if n > 1),
        "wrong_recipients": wrong,
        "quota_exceeded": max(0, len(state["messages"]) - quota),
    }


def write_results(path: Path) -> None:
    path.write_text(json.dumps(dict(sorted(FIGURES.items())), indent=2) + "\n")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(path: Path, **sections: Any) -> None:
    """The test's config.yaml: UTC, plus the given sections."""
    path.write_text(yaml.safe_dump({"timezone": "UTC", **sections}))


def import_session(db: Any, settings: Any, sandbox: Any) -> None:
    """Store the sandbox's login cookie in the vault, as a user importing li_at would."""
    from linkedin_auto.security.secrets import ensure_secrets
    from linkedin_auto.security.vault import Identity, store_session

    cookie = sandbox.login_cookie()
    from linkedin_auto.clock import SystemClock

    store_session(db, SystemClock(), ensure_secrets(settings), str(cookie["value"]), Identity())
