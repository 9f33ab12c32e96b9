"""The scheduler pass against real SQLite and Redis, with time driven by a ManualClock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis as redis_lib
from linkedin_auto.clock import ManualClock, iso
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue.enqueue import cancel_run, queue_depth, submit_run
from linkedin_auto.scheduler.loop import tick
from linkedin_auto.scheduler.store import ScheduleIn, ScheduleStore, preview
from linkedin_auto.settings import Settings, load_settings
from pydantic import ValidationError

# Friday 2026-01-09, Paris is UTC+1.
START = datetime(2026, 1, 9, 7, 0, tzinfo=UTC)  # 08:00 Paris


@pytest.fixture
def env(app_env: dict[str, str], state_dir: Path) -> Iterator[tuple[Database, redis_lib.Redis,
                                                                      ManualClock, Settings]]:
    settings = load_settings()
    db = open_database(state_dir / "linkedin.db")
    r = redis_lib.Redis.from_url(app_env["LINKEDIN_AUTO_REDIS__URL"])
    yield db, r, ManualClock(START), settings
    db.close()


def spec(**kw: object) -> ScheduleIn:
    base: dict[str, object] = {"bot": "backup", "kind": "daily", "time_of_day": "09:00",
                               "timezone": "Europe/Paris", "catch_up_hours": 3}
    base.update(kw)
    return ScheduleIn(**base)  # type: ignore[arg-type]


def test_fires_once_at_its_time(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    s = ScheduleStore(db, clock).create(spec())
    assert s["next_runs"][0] == iso(datetime(2026, 1, 9, 8, 0, tzinfo=UTC))
    assert len(s["next_runs"]) == 3
    clock.set(datetime(2026, 1, 9, 7, 59, tzinfo=UTC))
    assert tick(db, r, clock, settings) == []
    clock.set(datetime(2026, 1, 9, 8, 0, 15, tzinfo=UTC))
    ids = tick(db, r, clock, settings)
    assert len(ids) == 1
    run = RunStore(db, clock).get(ids[0])
    assert (run["bot"], run["trigger"], run["schedule_id"]) == ("backup", "schedule", s["id"])
    assert queue_depth(r) == 1
    cancel_run(db, r, clock, ids[0])
    clock.advance(timedelta(seconds=20))
    assert tick(db, r, clock, settings) == []  # the slot is handled
    row = ScheduleStore(db, clock).get(s["id"])
    assert row is not None and row["last_slot_at"] == iso(datetime(2026, 1, 9, 8, 0, tzinfo=UTC))
    assert row["next_run_at"] == iso(datetime(2026, 1, 10, 8, 0, tzinfo=UTC))


def test_power_off_catch_up_runs_once_inside_the_window(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    ScheduleStore(db, clock).create(spec(window_start="08:00", window_end="20:00"))
    # Off from Friday 08:00 to Sunday 11:30 Paris: three slots missed, the last 2.5 h ago.
    clock.set(datetime(2026, 1, 11, 10, 30, tzinfo=UTC))
    assert len(tick(db, r, clock, settings)) == 1
    clock.advance(timedelta(minutes=1))
    assert tick(db, r, clock, settings) == []


def test_power_off_beyond_catch_up_runs_nothing(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    s = ScheduleStore(db, clock).create(spec())
    clock.set(datetime(2026, 1, 11, 12, 30, tzinfo=UTC))  # 13:30 Paris, 4.5 h late
    assert tick(db, r, clock, settings) == []
    assert db.scalar("SELECT COUNT(*) FROM runs") == 0
    row = ScheduleStore(db, clock).get(s["id"])
    assert row is not None and row["last_slot_at"] == iso(datetime(2026, 1, 11, 8, 0, tzinfo=UTC))


def test_catch_up_waits_for_the_window(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    ScheduleStore(db, clock).create(spec(time_of_day="07:00", catch_up_hours=4,
                                         window_start="09:00", window_end="18:00"))
    clock.set(datetime(2026, 1, 10, 6, 30, tzinfo=UTC))  # 07:30 Paris: slot passed, too early
    assert tick(db, r, clock, settings) == []
    clock.set(datetime(2026, 1, 10, 8, 1, tzinfo=UTC))  # 09:01 Paris
    assert len(tick(db, r, clock, settings)) == 1


def test_bot_busy_skips_the_slot(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    ScheduleStore(db, clock).create(spec())
    busy = submit_run(db, r, clock, "backup", dry_run=False, options={}, settings=settings)
    clock.set(datetime(2026, 1, 9, 8, 0, 10, tzinfo=UTC))
    assert tick(db, r, clock, settings) == []
    cancel_run(db, r, clock, busy)
    clock.advance(timedelta(minutes=1))
    assert tick(db, r, clock, settings) == []  # handled, not stacked for later
    assert db.scalar("SELECT COUNT(*) FROM runs") == 1


def test_disabled_and_deleted_schedules_never_fire(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    store = ScheduleStore(db, clock)
    off = store.create(spec(enabled=False))
    assert off["next_runs"] == []
    gone = store.create(spec(bot="doctor"))
    assert store.delete(gone["id"]) is True
    assert store.delete(gone["id"]) is False
    clock.set(datetime(2026, 1, 9, 8, 0, 10, tzinfo=UTC))
    assert tick(db, r, clock, settings) == []


def test_update_does_not_fire_slots_from_before_the_edit(env) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    store = ScheduleStore(db, clock)
    s = store.create(spec(time_of_day="12:00"))
    clock.set(datetime(2026, 1, 9, 9, 0, tzinfo=UTC))  # 10:00 Paris
    updated = store.update(s["id"], spec(time_of_day="09:30"))  # a slot 30 min ago
    assert updated["time_of_day"] == "09:30"
    assert tick(db, r, clock, settings) == []
    with pytest.raises(KeyError):
        store.update(999, spec())


def test_cron_schedule_and_preview(env) -> None:  # type: ignore[no-untyped-def]
    db, _r, clock, _settings = env
    store = ScheduleStore(db, clock)
    c = spec(kind="cron", cron="0 9 * * 1-5", time_of_day=None)
    assert store.preview(c, 3) == [iso(datetime(2026, 1, d, 8, 0, tzinfo=UTC))
                                   for d in (9, 12, 13)]
    assert len(preview(c, 5, now=START)) == 5
    s = store.create(c)
    assert s["cron"] == "0 9 * * 1-5" and s["time_of_day"] is None


@pytest.mark.parametrize(("field", "kw"), [
    ("cron", {"kind": "cron", "cron": "61 * * * *"}),
    ("timezone", {"timezone": "Mars/Olympus"}),
    ("time_of_day", {"time_of_day": "25:00"}),
    ("bot", {"bot": "nope"}),
    ("weekdays", {"weekdays": ["funday"]}),
    ("jitter_minutes", {"jitter_minutes": -1}),
])
def test_invalid_schedules_name_the_field(field: str, kw: dict, app_env: dict) -> None:
    with pytest.raises(ValidationError) as exc:
        spec(**kw)
    assert field in str(exc.value)


def test_daily_needs_a_time(app_env: dict) -> None:
    with pytest.raises(ValidationError, match="time_of_day is required"):
        spec(time_of_day=None)


def test_daily_summary_once_a_day_at_its_time(env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import linkedin_auto.notify as notify_mod
    from linkedin_auto.scheduler.loop import maybe_daily_summary

    db, _r, clock, _ = env
    settings = Settings(timezone="Europe/Paris", notifications={"daily_summary_time": "20:30"})
    sent: list[tuple[str, str, str]] = []
    monkeypatch.setattr(notify_mod, "notify",
                        lambda s, d, c, event, title, body: sent.append((event, title, body))
                        or True)
    db.execute("INSERT INTO runs (bot, status, created_at) VALUES ('birthday', 'succeeded', ?)",
                (iso(START),))
    clock.set(datetime(2026, 1, 9, 19, 29, tzinfo=UTC))  # 20:29 Paris
    assert maybe_daily_summary(db, clock, settings) is False and sent == []
    clock.set(datetime(2026, 1, 9, 19, 31, tzinfo=UTC))
    assert maybe_daily_summary(db, clock, settings) is True
    clock.advance(timedelta(minutes=5))
    assert maybe_daily_summary(db, clock, settings) is False  # once a day
    assert len(sent) == 1 and sent[0][0] == "daily_summary"
    assert "birthday: 1 succeeded" in sent[0][2]
    # The machine was off all evening: a summary hours late is skipped, not sent at night.
    clock.set(datetime(2026, 1, 10, 23, 50, tzinfo=UTC))
    assert maybe_daily_summary(db, clock, settings) is False and len(sent) == 1


def test_daily_summary_counts_unverified_actions(env) -> None:  # type: ignore[no-untyped-def]
    from linkedin_auto.scheduler.loop import summary_text

    db, _r, _clock, _ = env
    for action, outcome, dry in [("message", "done", 0), ("message", "unverified", 0),
                                 ("accept", "done", 0), ("message", "failed", 0),
                                 ("profile_view", "dry_run", 1)]:
        db.execute("INSERT INTO audit_log (ts, bot, action, outcome, dry_run)"
                   " VALUES (?, 'birthday', ?, ?, ?)", (iso(START), action, outcome, dry))
    _title, body = summary_text(db, START + timedelta(hours=1))
    actions = body.split("Actions on LinkedIn:\n", 1)[1].splitlines()
    assert actions == ["  accept: 1", "  message: 2 (1 unverified)"]


def test_redis_down_defers_the_slot(env, state_dir: Path) -> None:  # type: ignore[no-untyped-def]
    db, r, clock, settings = env
    ScheduleStore(db, clock).create(spec())
    down = redis_lib.Redis.from_url(f"unix://{state_dir}/no-redis.sock")
    clock.set(datetime(2026, 1, 9, 8, 0, 10, tzinfo=UTC))
    assert tick(db, down, clock, settings) == []
    assert db.scalar("SELECT COUNT(*) FROM runs") == 0
    clock.advance(timedelta(minutes=10))  # Redis is back
    assert len(tick(db, r, clock, settings)) == 1


def test_the_worker_s_scheduler_starts_nothing_while_a_release_is_installed(  # type: ignore[no-untyped-def]
    env,
) -> None:
    import threading

    from linkedin_auto.scheduler.loop import SchedulerThread
    from linkedin_auto.updates.state import (
        Paths,
        UpdateState,
        UpdateStatus,
        write_status,
    )

    db, r, clock, settings = env
    ScheduleStore(db, clock).create(spec())
    clock.set(datetime(2026, 1, 9, 8, 0, 15, tzinfo=UTC))
    scheduler = SchedulerThread(settings, threading.Lock(), clock)
    paths = Paths(settings.paths.state_dir)
    write_status(paths, UpdateStatus(state=UpdateState.waiting_for_bots, version="0.2.0"))
    assert scheduler.run_pass(db, r, settings) == []
    assert queue_depth(r) == 0
    # Installed: the slot that came due meanwhile still runs, within its catch-up.
    clock.advance(timedelta(minutes=10))
    write_status(paths, UpdateStatus())
    (run_id,) = scheduler.run_pass(db, r, settings)
    assert RunStore(db, clock).get(run_id)["trigger"] == "schedule"
    assert queue_depth(r) == 1
