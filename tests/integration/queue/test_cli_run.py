"""`linkedin-auto run BOT --wait` goes through the same queue and worker as the API."""

from __future__ import annotations

import subprocess

from linkedin_auto.bots.safety.pause import pause_all
from linkedin_auto.cli import EXIT_CONFIG, run_exit_code
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import FINISHED, RunStatus
from workerproc import CLI, WorkerProc


def test_run_waits_and_streams_events(worker: WorkerProc, testing_env: dict[str, str]) -> None:
    out = subprocess.run([CLI, "run", "backup", "--wait"], env=testing_env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "queued" in out.stdout
    assert "backup: wrote linkedin-" in out.stdout
    assert out.stdout.rstrip().endswith("succeeded")


def test_run_refuses_unknown_bot_and_bad_option(testing_env: dict[str, str]) -> None:
    unknown = subprocess.run([CLI, "run", "nope"], env=testing_env, capture_output=True,
                             text=True, timeout=60, check=False)
    assert unknown.returncode == 1 and "unknown bot" in unknown.stderr
    bad = subprocess.run([CLI, "run", "doctor", "--option", "novalue"], env=testing_env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 1 and "key=value" in bad.stderr


def test_run_exits_non_zero_unless_the_run_succeeded(
        worker: WorkerProc, db: Database, testing_env: dict[str, str]) -> None:
    pause_all(db, SystemClock(), hours=1, reason="limit popup seen")
    out = subprocess.run([CLI, "run", "birthday", "--dry-run", "--wait"], env=testing_env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.stdout.rstrip().split("\n")[-1].startswith(
        tuple(f"run #{n} skipped" for n in range(1, 10))), out.stdout
    assert out.returncode == 4, out.stderr


def test_every_finished_status_has_its_own_exit_code() -> None:
    codes = {s: run_exit_code(s) for s in FINISHED}
    assert set(codes) == {s for s in RunStatus if s not in ("queued", "running")}
    assert [s for s, c in codes.items() if c == 0] == [RunStatus.succeeded]
    assert codes[RunStatus.partial] == 1
    assert len(set(codes.values())) == len(codes) and EXIT_CONFIG not in codes.values()
