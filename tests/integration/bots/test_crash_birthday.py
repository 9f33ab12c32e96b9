"""A real worker process runs the birthday bot and is killed around the Send click, then rerun:
before the click -> the wish is retried; after the click -> unverified, never sent again;
after delivery -> reconciled from the conversation page. Nobody ever gets a second wish. Also:
no Chromium survives a crash, a cancel (the job's process is killed) or a timeout."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
import pytest
import redis as redis_lib
from linkedin_auto.browser.processes import browser_processes
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue.enqueue import cancel_run, submit_run
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, import_session

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queue"))
from workerproc import WorkerProc, wait_finished, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def env(app_env: dict[str, str], sandbox: Sandbox) -> dict[str, str]:
    """The worker's environment: the test's files, the sandbox, any hour, no warm-up."""
    return {**app_env, "LINKEDIN_AUTO_LINKEDIN__BASE_URL": sandbox.url,
            "LINKEDIN_AUTO_WORKING_HOURS__ENABLED": "false",
            "LINKEDIN_AUTO_WARMUP__ENABLED": "false"}


@pytest.fixture
def rds(redis_url: str) -> redis_lib.Redis:
    return redis_lib.Redis.from_url(redis_url)


HERE = Path(__file__).resolve().parent


class CrashingWorker(WorkerProc):
    """``linkedin-auto worker`` with ``crash_points`` imported first (the job's process is
    forked from it, patches included)."""

    def start(self) -> None:
        import redis as redis_mod
        from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

        r = redis_mod.Redis.from_url(self.env["LINKEDIN_AUTO_REDIS__URL"])
        r.delete(HEARTBEAT_KEY)
        code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import crash_points; "
                "from linkedin_auto.cli import main; sys.argv = ['linkedin-auto', 'worker']; "
                "main()")
        self.proc = subprocess.Popen([sys.executable, "-c", code], env=self.env,
                                     stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        proc = self.proc
        wait_for(lambda: r.exists(HEARTBEAT_KEY) or proc.poll() is not None, 30,
                 "worker heartbeat")
        assert proc.poll() is None, self.log.read_text()[-3000:]


def start_worker(env: dict[str, str], log: Path, crash_at: str = "") -> WorkerProc:
    w = CrashingWorker({**env, "CRASH_AT": crash_at}, log) if crash_at else WorkerProc(env, log)
    w.start()
    return w


def submit(db: Database, rds: redis_lib.Redis, settings: Settings) -> int:
    return submit_run(db, rds, SystemClock(), "birthday", dry_run=False, options={},
                      settings=settings)


def wanted(state: dict[str, Any]) -> set[str]:
    return {b["slug"] for b in state["birthdays"] if b["degree"] == 1 and b["days_late"] <= 3}


def per_person(sandbox: Sandbox) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in sandbox.state()["messages"]:
        out[m["to_slug"]] = out.get(m["to_slug"], 0) + 1
    return out


def test_killed_after_send_before_confirmation_never_sends_twice(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path,
) -> None:
    state = sandbox.reset(seed=4, contacts=12, birthdays_today=2, belated=1, received=0, sent=0,
                          search_results=0)
    import_session(db, settings, sandbox)
    people = wanted(state)
    assert len(people) >= 2

    crashing = start_worker(env, tmp_path / "worker1.log", crash_at="after_delivery")
    try:
        run_id = submit(db, rds, settings)
        row = wait_finished(db, run_id, 120)
    finally:
        crashing.stop()
    assert row["status"] == "failed", row["error"]
    # The message went out, the ledger still says "intent": the dangerous window.
    assert sum(per_person(sandbox).values()) == 1
    assert [r["state"] for r in db.query("SELECT state FROM messages")] == ["intent"]
    assert browser_processes(settings.paths.browser_dir) == []

    worker = start_worker(env, tmp_path / "worker2.log")
    try:
        run2 = submit(db, rds, settings)
        row2 = wait_finished(db, run2, 120)
    finally:
        worker.stop()
    assert row2["status"] == "succeeded", row2["error"]
    assert per_person(sandbox) == {slug: 1 for slug in people}
    states = [r["state"] for r in db.query("SELECT state FROM messages ORDER BY id")]
    assert states == ["sent"] * len(people)  # the intent was reconciled as delivered
    counts = json.loads(row2["counts"])
    assert counts.get("reconciled") == 1 and counts.get("sent") == len(people) - 1
    assert browser_processes(settings.paths.browser_dir) == []


def crash_then_rerun(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path, crash_at: str, faults: list[str],
) -> tuple[set[str], dict[str, Any], dict[str, Any]]:
    state = sandbox.reset(seed=4, contacts=12, birthdays_today=2, belated=1, received=0, sent=0,
                          search_results=0, faults=faults)
    import_session(db, settings, sandbox)
    people = wanted(state)
    assert len(people) >= 2
    crashing = start_worker(env, tmp_path / "worker1.log", crash_at=crash_at)
    try:
        row = wait_finished(db, submit(db, rds, settings), 120)
    finally:
        crashing.stop()
    assert row["status"] == "failed", row["error"]
    assert browser_processes(settings.paths.browser_dir) == []
    sandbox.faults()  # LinkedIn behaves again for the rerun
    worker = start_worker(env, tmp_path / "worker2.log")
    try:
        row2 = wait_finished(db, submit(db, rds, settings), 120)
    finally:
        worker.stop()
    assert browser_processes(settings.paths.browser_dir) == []
    return people, dict(row), dict(row2)


def test_killed_before_the_click_is_retried(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path,
) -> None:
    people, _, row2 = crash_then_rerun(sandbox, db, settings, env, rds, tmp_path,
                                       "before_click", [])
    assert row2["status"] == "succeeded", row2["error"]
    assert per_person(sandbox) == {slug: 1 for slug in people}
    assert [a["result"] for a in sandbox.state()["send_attempts"]] == ["delivered"] * len(people)
    states = [r["state"] for r in db.query("SELECT state FROM messages ORDER BY id")]
    assert states == ["abandoned"] + ["sent"] * len(people)  # provably never clicked: retried
    assert db.scalar("SELECT clicked_at FROM messages ORDER BY id LIMIT 1") is None
    assert json.loads(row2["counts"]).get("sent") == len(people)


def test_killed_after_the_click_is_unverified_and_never_resent(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path,
) -> None:
    # The click's request reaches LinkedIn but nothing shows anywhere (send_lost).
    people, _, row2 = crash_then_rerun(sandbox, db, settings, env, rds, tmp_path,
                                       "after_click", ["send_lost"])
    attempts = sandbox.state()["send_attempts"]
    first = attempts[0]["to_slug"]
    assert attempts[0]["result"] == "lost"
    per_slug: dict[str, int] = {}
    for a in attempts:
        per_slug[a["to_slug"]] = per_slug.get(a["to_slug"], 0) + 1
    assert per_slug == {slug: 1 for slug in people}  # the clicked one was not clicked again
    assert per_person(sandbox) == {slug: 1 for slug in people - {first}}
    rows = db.query("SELECT c.slug, m.state, m.clicked_at FROM messages m"
                    " JOIN contacts c ON c.id = m.contact_id ORDER BY m.id")
    assert (rows[0]["slug"], rows[0]["state"]) == (first, "unverified")
    assert rows[0]["clicked_at"] is not None
    assert sorted(r["state"] for r in rows[1:]) == ["sent"] * (len(people) - 1)
    outcomes = [r["outcome"] for r in db.query(
        "SELECT outcome FROM audit_log WHERE action = 'message' AND dry_run = 0 ORDER BY id")]
    assert outcomes == ["unverified"] + ["done"] * (len(people) - 1)
    counts = json.loads(row2["counts"])
    assert row2["status"] == "partial" and counts.get("unverified") == 1


def test_no_chromium_left_after_cancel_or_timeout(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path,
) -> None:
    sandbox.reset(seed=5, contacts=30, birthdays_today=6, belated=3, received=0, sent=0,
                  search_results=0, faults=["slow"])
    import_session(db, settings, sandbox)
    timeouts = json.dumps({"birthday": 6})
    settings.jobs.timeout_seconds = {"birthday": 6}  # the limit travels with the job
    worker = start_worker({**env, "LINKEDIN_AUTO_JOBS__TIMEOUT_SECONDS": timeouts},
                          tmp_path / "worker.log")
    profile = settings.paths.browser_dir
    try:
        # cancelled while the browser is up: the worker kills the job's process
        run_id = submit(db, rds, settings)
        wait_for(lambda: browser_processes(profile), 60, "Chromium to start")
        cancel_run(db, rds, SystemClock(), run_id)
        row = wait_finished(db, run_id, 60)
        assert row["status"] == "cancelled"
        assert browser_processes(profile) == []

        # timed out: slow pages make the run exceed its 6 s limit
        run2 = submit(db, rds, settings)
        wait_for(lambda: browser_processes(profile), 60, "Chromium to start")
        row2 = wait_finished(db, run2, 60)
        assert row2["status"] == "timed_out"
        assert browser_processes(profile) == []
    finally:
        worker.stop()
    assert browser_processes(profile) == []


def tagged_processes(tag: str) -> list[psutil.Process]:
    """Processes started from a worker launched with ``LINKEDIN_AUTO_TEST_TAG=tag``: the
    worker, its work horse, Playwright's driver and Chromium all inherit its environment."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("LINKEDIN_AUTO_TEST_TAG") == tag:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_sigkill_of_the_worker_takes_its_job_and_browser_with_it(
    sandbox: Sandbox, db: Database, settings: Settings, env: dict[str, str],
    rds: redis_lib.Redis, tmp_path: Path,
) -> None:
    sandbox.reset(seed=6, contacts=30, birthdays_today=6, belated=3, received=0, sent=0,
                  search_results=0)
    import_session(db, settings, sandbox)
    tag = uuid.uuid4().hex
    worker = start_worker({**env, "LINKEDIN_AUTO_TEST_TAG": tag}, tmp_path / "worker.log")
    assert worker.proc is not None
    try:
        run_id = submit(db, rds, settings)
        wait_for(lambda: sandbox.state()["messages"], 120, "the first wish")
        names = {p.name() for p in tagged_processes(tag)}
        assert any("chrom" in n for n in names) and any(n.startswith("node") for n in names), names
        worker.proc.send_signal(signal.SIGKILL)
        worker.proc.wait(10)
        killed_at = time.monotonic()
        sent_at_kill = len(sandbox.state()["messages"])
        wait_for(lambda: not tagged_processes(tag), 5, "the job's processes to end")
        assert time.monotonic() - killed_at <= 5
    finally:
        worker.stop()
        for proc in tagged_processes(tag):  # only when the assertion above failed
            proc.kill()
    time.sleep(2)
    # At most the wish already on its way when the worker died, nothing after it.
    assert len(sandbox.state()["messages"]) - sent_at_kill <= 1
    assert max(per_person(sandbox).values()) == 1
    assert browser_processes(settings.paths.browser_dir) == []
    assert RunStore(db, SystemClock()).get(run_id)["status"] == "running"  # nobody settled it
