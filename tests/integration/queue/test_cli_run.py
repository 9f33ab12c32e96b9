"""`linkedin-auto run BOT --wait` goes through the same queue and worker as the API."""

from __future__ import annotations

import subprocess

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
