"""Default schedules: what a new install starts with, and what an upgrade adds (only where the
person has no schedule of their own), against real SQLite and Redis and the real scheduler
process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis as redis_lib
from linkedin_auto.backup import create_backup
from linkedin_auto.clock import ManualClock
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.kv import kv_get
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue import jobs
from linkedin_auto.scheduler.defaults import OFFERED_KEY, ensure_default_schedules
from linkedin_auto.scheduler.loop import tick
from linkedin_auto.scheduler.store import ScheduleIn, ScheduleStore
from linkedin_auto.settings import Settings, load_settings

CLI = str(Path(sys.executable).with_name("linkedin-auto"))
# Monday 2026-01-12, Paris is UTC+1.
START = datetime(2026, 1, 12, 6, 0, tzinfo=UTC)


@pytest.fixture
def env(app_env: dict[str, str], state_dir: Path) -> Iterator[tuple[Database, ManualClock,
                                                                      Settings]]:
    settings = load_settings()
    settings.timezone = "Europe/Paris"
    db = open_database(state_dir / "linkedin.db")
    yield db, ManualClock(START), settings
    db.close()


def _rows(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("SELECT * FROM schedules ORDER BY id")]


def test_a_new_install_gets_backup_and_session_check_on_and_the_bots_proposed_off(env) -> None:  # type: ignore[no-untyped-def]
    db, clock, settings = env
    ids = ensure_default_schedules(db, clock, settings)
    got = {s["bot"]: s for s in ScheduleStore(db, clock).list()}
    assert len(ids) == 5 and set(got) == {"backup", "session_check", "birthday", "visitor",
                                          "invitations"}
    assert {b for b, s in got.items() if s["enabled"]} == {"backup", "session_check"}
    for bot in ("session_check", "birthday", "visitor", "invitations"):
        s = got[bot]
        assert (s["window_start"], s["window_end"], s["timezone"]) == ("09:00", "20:00",
                                                                      "Europe/Paris")
        assert "09:00" <= s["time_of_day"] < "20:00"
        assert not s["dry_run"]
    # The check comes first in the day, before any bot would run.
    assert got["session_check"]["time_of_day"] < min(
        got[b]["time_of_day"] for b in ("birthday", "visitor", "invitations"))
    assert got["backup"]["time_of_day"] < "09:00"
    assert got["session_check"]["next_runs"] and not got["birthday"]["next_runs"]

    # Offered once: a second start adds nothing, and a deleted default stays deleted.
    assert ensure_default_schedules(db, clock, settings) == []
    ScheduleStore(db, clock).delete(got["visitor"]["id"])
    assert ensure_default_schedules(db, clock, settings) == []
    assert "visitor" not in {s["bot"] for s in _rows(db)}


def test_the_proposed_times_follow_the_working_hours(env) -> None:  # type: ignore[no-untyped-def]
    db, clock, settings = env
    settings.working_hours.start = datetime(2000, 1, 1, 18, 0).time()
    settings.working_hours.end = datetime(2000, 1, 1, 21, 0).time()
    settings.working_hours.days = ["sat", "sun"]
    ensure_default_schedules(db, clock, settings)
    for s in ScheduleStore(db, clock).list():
        if s["bot"] == "backup":
            continue
        assert "18:00" <= s["time_of_day"] < "21:00", s
        assert s["weekdays"] == ["sat", "sun"]


def test_an_upgrade_keeps_the_persons_schedules_and_adds_only_what_is_missing(env) -> None:  # type: ignore[no-untyped-def]
    db, clock, settings = env
    store = ScheduleStore(db, clock)
    mine = [
        store.create(ScheduleIn(bot="birthday", name="my wishes", time_of_day="07:15",
                                timezone="UTC", dry_run=True, jitter_minutes=5)),
        store.create(ScheduleIn(bot="backup", kind="cron", cron="0 2 * * 0", timezone="UTC",
                                enabled=False)),
    ]
    before = _rows(db)
    clock.advance(timedelta(days=3))
    ensure_default_schedules(db, clock, settings)
    after = _rows(db)
    assert after[:2] == before  # byte for byte, updated_at included
    assert sorted(s["bot"] for s in after[2:]) == ["invitations", "session_check", "visitor"]
    assert kv_get(db, OFFERED_KEY) == ["backup", "birthday", "invitations", "session_check",
                                       "visitor"]
    # The person deletes their own birthday schedule later: no default takes its place.
    store.delete(int(mine[0]["id"]))
    assert ensure_default_schedules(db, clock, settings) == []


def test_the_default_backup_is_skipped_when_the_system_timer_made_one(  # type: ignore[no-untyped-def]
    env, app_env: dict[str, str]
) -> None:
    db, clock, settings = env
    ensure_default_schedules(db, clock, settings)
    r = redis_lib.Redis.from_url(app_env["LINKEDIN_AUTO_REDIS__URL"])
    store = RunStore(db, clock)
    # 03:45 Paris on Tuesday: the timer's backup of 03:30 exists.
    clock.set(datetime(2026, 1, 13, 2, 30, tzinfo=UTC))
    create_backup(db, settings, clock)
    clock.set(datetime(2026, 1, 13, 2, 45, 30, tzinfo=UTC))
    (run_id,) = tick(db, r, clock, settings)
    jobs.run(settings, db, clock, store, run_id)
    row = store.get(run_id)
    assert (row["bot"], row["status"]) == ("backup", "skipped")
    assert "a backup was made at 2026-01-13T02:30" in row["error"]
    assert len(list(settings.paths.backups_dir.glob("linkedin-*.db"))) == 1
    # No timer (a plain install): the scheduled one makes the backup.
    clock.set(datetime(2026, 1, 14, 2, 45, 30, tzinfo=UTC))
    (run_id,) = tick(db, r, clock, settings)
    jobs.run(settings, db, clock, store, run_id)
    assert store.get(run_id)["status"] == "succeeded"
    assert len(list(settings.paths.backups_dir.glob("linkedin-*.db"))) == 2


def test_the_worker_adds_the_defaults_when_its_scheduler_starts(
    app_env: dict[str, str], state_dir: Path
) -> None:
    db = open_database(state_dir / "linkedin.db")
    try:
        ScheduleStore(db, ManualClock(START)).create(
            ScheduleIn(bot="visitor", time_of_day="12:00", timezone="UTC", enabled=True))
        proc = subprocess.Popen([CLI, "worker"], env=app_env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while kv_get(db, OFFERED_KEY) is None and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        bots = [(r["bot"], bool(r["enabled"])) for r in _rows(db)]
    finally:
        db.close()
    assert bots == [("visitor", True), ("backup", True), ("session_check", True),
                    ("birthday", False), ("invitations", False)]
