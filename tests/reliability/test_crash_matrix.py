"""Crash matrix: SIGKILL of the job process or of the worker's main process at each step of a
birthday wish, then a normal run. Judged from the sandbox's own record of what it received.

Steps (the kill hook in ``killhook/`` wraps the ledger's and the bot's functions, on the
second wish of the run): before the intent, between the intent (with its click mark) and the
Send click, between the click and the confirmation, after the confirmation.

Conversation variants of the sandbox: ``echoing`` shows a sent message in the conversation;
``non_echoing`` (fault ``overlay_no_echo``) only says "Sent": nothing can be confirmed, every
wish is unverified (counted, never sent again).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import redis as redis_lib
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.queue.enqueue import submit_run
from linkedin_auto.settings import Settings
from reliability_kit import (
    FIGURES,
    KILLHOOK,
    describe,
    import_session,
    judge_messages,
    kill_all,
    start_worker,
    tagged,
    wait_for,
    wait_run,
    wanted,
    write_config,
)

pytestmark = pytest.mark.browser

STEPS = ("before_intent", "after_intent", "after_click", "after_confirm")
TARGETS = ("job", "worker")
VARIANT_FAULTS = {"echoing": [], "non_echoing": ["overlay_no_echo"]}
# Kept within the suite's time: the job killed at every step on the echoing variant, the
# worker at the two steps around the click; on the non-echoing variant (which never confirms,
# so there is no "after the confirmation") one target per step.
CASES = [
    *((step, "job", "echoing") for step in STEPS),
    ("after_intent", "worker", "echoing"),
    ("after_click", "worker", "echoing"),
    ("before_intent", "job", "non_echoing"),
    ("after_intent", "worker", "non_echoing"),
    ("after_click", "job", "non_echoing"),
]
ORPHAN_WINDOW_S = 5.0


@pytest.mark.parametrize(("step", "target", "variant"), CASES)
def test_kill_at_a_step_then_a_normal_run(
    step: str, target: str, variant: str, sandbox: Any, db: Database, env: dict[str, str],
    config_file: Path, tmp_path: Path, redis_url: str,
) -> None:
    seed = 100 + STEPS.index(step) * 10 + TARGETS.index(target)
    sandbox.reset(seed=seed, contacts=12, birthdays_today=3, belated=2, received=0, sent=0,
                  search_results=0, faults=VARIANT_FAULTS[variant])
    people = wanted(sandbox.state())
    assert len(people) >= 4
    quota = len(people) - 1  # the quota, not the page, ends the last run
    write_config(config_file, limits={"messages": {"daily": quota, "weekly": 60}})
    from linkedin_auto.settings import load_settings

    settings: Settings = load_settings()
    import_session(db, settings, sandbox)
    rds = redis_lib.Redis.from_url(redis_url)
    mark = tmp_path / "killed"
    hook_env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(KILLHOOK), env.get("PYTHONPATH")])),
        "RELIABILITY_KILL": f"{step}:{target}:2",
        "RELIABILITY_KILL_MARK": str(mark),
    }

    crashing = start_worker(env, tmp_path / "worker-crash.log", **hook_env)
    try:
        run_id = submit_run(db, rds, SystemClock(), "birthday", dry_run=False, options={},
                            settings=settings)
        if target == "job":
            row = wait_run(db, run_id, 120)  # the worker records the job's death
            assert row["status"] == "failed", (row["status"], row["error"])
        else:
            assert crashing.proc is not None
            crashing.proc.wait(120)
        killed_at = time.monotonic()
        assert mark.exists(), f"the kill step was never reached\n{crashing.tail()}"
        FIGURES["crash_kills"] += 1
        sent_at_kill = len(sandbox.state()["messages"])
        keep = {crashing.pid} if target == "job" else set()
        try:
            wait_for(lambda: not tagged(crashing.tag, keep), ORPHAN_WINDOW_S,
                     "the job, Chromium and the driver to end", step=0.05)
        except AssertionError:
            left = tagged(crashing.tag, keep)
            FIGURES["crash_orphans"] += len(left)
            kill_all(left)
            raise AssertionError(f"left {ORPHAN_WINDOW_S} s after the kill: {describe(left)}"
                                 ) from None
        assert time.monotonic() - killed_at <= ORPHAN_WINDOW_S + 1
        time.sleep(1)
        assert len(sandbox.state()["messages"]) == sent_at_kill, "sent after the kill"
    finally:
        crashing.stop()

    normal = start_worker(env, tmp_path / "worker-normal.log")
    try:
        run2 = submit_run(db, rds, SystemClock(), "birthday", dry_run=False, options={},
                          settings=settings)
        row2 = wait_run(db, run2, 120)
    finally:
        normal.stop()
    assert row2["status"] in ("succeeded", "partial"), (row2["status"], row2["error"])
    verdict = judge_messages(sandbox.state(), people, quota)
    FIGURES["crash_runs_judged"] += 1
    for key in ("duplicates", "wrong_recipients", "quota_exceeded"):
        FIGURES[f"crash_{key}"] += verdict[key]
    FIGURES["crash_messages"] += verdict["messages"]
    assert verdict["duplicates"] == 0, sandbox.state()["messages"]
    assert verdict["wrong_recipients"] == 0, sandbox.state()["messages"]
    assert verdict["quota_exceeded"] == 0, (verdict, json.loads(row2["counts"]))
    # Everyone within the quota got exactly one wish, except after a kill between the click
    # mark and the click: that wish counts (it might have gone) and is never sent again.
    missed = 1 if step == "after_intent" else 0
    FIGURES["crash_missed_wishes"] += quota - verdict["messages"]
    assert verdict["messages"] >= quota - missed, (verdict, json.loads(row2["counts"]))
