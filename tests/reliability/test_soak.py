"""Soak: consecutive runs through the API (bots in Chromium and maintenance jobs, with
cancels and job timeouts mixed in, human delays zero) leave no Chromium, no job process, no
file-descriptor growth in the API and a bounded growth of the worker's idle memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from linkedin_auto.browser.processes import browser_processes
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.security.apikeys import create_key
from linkedin_auto.settings import load_settings
from reliability_kit import (
    FIGURES,
    free_port,
    import_session,
    start_api,
    start_worker,
    tagged,
    wait_for,
    wait_run,
    write_config,
)

pytestmark = pytest.mark.browser

CYCLES = 5
# One cycle: (run type, options, how it ends); "cancel" = cancelled through the API once
# running, "timeout" = holds past the 3 s limit of hold runs (the tests' own run type) without checking for a stop.
CYCLE: list[tuple[str, dict[str, Any], str]] = [
    ("birthday", {}, "finish"),
    ("session_check", {}, "finish"),
    ("backup", {}, "finish"),
    ("invitations", {}, "finish"),
    ("hold", {"hold_seconds": 30}, "cancel"),
    ("hold", {"hold_seconds": 30, "cooperative": False}, "timeout"),
]
EXPECTED = {"finish": {"succeeded", "partial"}, "cancel": {"cancelled"},
            "timeout": {"timed_out"}}
WORKER_IDLE_RSS_GROWTH_MIB = 8  # the bound this test enforces (measured: +0.1 MiB)
API_FD_GROWTH = 2


def rss_mib(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss) / 2**20


def test_consecutive_runs_leave_nothing_behind(
    sandbox: Any, db: Database, env: dict[str, str], config_file: Path, tmp_path: Path,
) -> None:
    sandbox.reset(seed=9, contacts=20, birthdays_today=3, belated=2, received=6, sent=4,
                  search_results=0)
    write_config(config_file, jobs={"timeout_seconds": {"hold": 3}})
    settings = load_settings()
    import_session(db, settings, sandbox)
    _, key = create_key(db, SystemClock(), "soak")
    port = free_port()
    api = start_api(env, tmp_path / "api.log", port)
    worker = start_worker(env, tmp_path / "worker.log")
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}",
                        headers={"Authorization": f"Bearer {key}"}, timeout=30)
    unexpected: list[str] = []
    marks: dict[str, float] = {}
    runs = 0
    try:
        for cycle in range(CYCLES):
            for bot, options, end in CYCLE:
                r = http.post(f"/api/bots/{bot}/runs", json={"options": options})
                assert r.status_code == 202, (bot, r.status_code, r.text)
                run_id = int(r.json()["run_id"])
                if end == "cancel":
                    wait_for(lambda rid=run_id: db.scalar(
                        "SELECT status FROM runs WHERE id = ?", (rid,)) == "running",
                        30, "the run to start")
                    assert http.post(f"/api/runs/{run_id}/cancel").status_code == 200
                row = wait_run(db, run_id, 120)
                runs += 1
                if row["status"] not in EXPECTED[end]:
                    unexpected.append(f"{bot} #{run_id}: {row['status']} ({row['error']})")
            # Idle between cycles: the worker waits for work, the API has answered.
            wait_for(lambda: not tagged(worker.tag, {worker.pid}), 10, "the job to end")
            if cycle == 0:  # after a first cycle: libraries loaded, caches warm
                marks["rss0"] = rss_mib(worker.pid)
                marks["fd0"] = psutil.Process(api.pid).num_fds()
        marks["rss1"] = rss_mib(worker.pid)
        marks["fd1"] = psutil.Process(api.pid).num_fds()
        left = tagged(worker.tag, {worker.pid})
        chromium = browser_processes(settings.paths.browser_dir)
    finally:
        http.close()
        worker.stop()
        api.stop()
    growth = marks["rss1"] - marks["rss0"]
    FIGURES["soak_runs"] += runs
    FIGURES["soak_unexpected_outcomes"] += len(unexpected)
    FIGURES["soak_processes_left"] += len(left) + len(chromium)
    FIGURES["soak_worker_idle_rss_mib_start"] = round(marks["rss0"], 1)
    FIGURES["soak_worker_idle_rss_mib_end"] = round(marks["rss1"], 1)
    FIGURES["soak_api_fds_start"] = int(marks["fd0"])
    FIGURES["soak_api_fds_end"] = int(marks["fd1"])
    assert not unexpected, unexpected
    assert not left and not chromium
    assert growth <= WORKER_IDLE_RSS_GROWTH_MIB, marks
    assert marks["fd1"] - marks["fd0"] <= API_FD_GROWTH, marks
