"""Budget windows, warm-up ramp, working hours and the global pause, on a ManualClock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from linkedin_auto.bots.safety.budget import Budget, usage, warmup_factor
from linkedin_auto.bots.safety.hours import check_hours
from linkedin_auto.bots.safety.pause import current_pause, pause_all, resume
from linkedin_auto.clock import ManualClock, iso
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.settings import Settings, validate_document

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "db.sqlite")


def settings(**doc: object) -> Settings:
    return validate_document(doc)


def add_audit(db: Database, when: datetime, action: str = "message", *, dry_run: bool = False,
              outcome: str = "done") -> None:
    db.execute(
        "INSERT INTO audit_log (ts, bot, action, dry_run, outcome) VALUES (?, 'birthday', ?, ?, ?)",
        (iso(when), action, int(dry_run), outcome),
    )


def test_daily_quota_counts_only_real_done_rows_in_a_sliding_24h(db: Database) -> None:
    s = settings(warmup={"enabled": False}, limits={"messages": {"daily": 3, "weekly": 10}})
    clock = ManualClock(T0)
    add_audit(db, T0 - timedelta(hours=25))          # outside the 24 h window
    add_audit(db, T0 - timedelta(hours=2))
    add_audit(db, T0 - timedelta(hours=1))
    add_audit(db, T0 - timedelta(minutes=5), dry_run=True, outcome="dry_run")
    add_audit(db, T0 - timedelta(minutes=4), outcome="aborted")
    budget = Budget(s, db, clock)
    assert budget.allow("message").ok
    add_audit(db, T0 - timedelta(minutes=1))
    d = budget.allow("message")
    assert not d.ok and "daily quota" in d.reason
    assert "3/3 in 24h" in d.usage_str
    clock.advance(timedelta(hours=23))  # the two-hour-old row slides out
    assert budget.allow("message").ok


def test_weekly_quota_and_other_actions_independent(db: Database) -> None:
    s = settings(warmup={"enabled": False}, limits={"messages": {"daily": 5, "weekly": 5}})
    clock = ManualClock(T0)
    for day in range(1, 6):
        add_audit(db, T0 - timedelta(days=day, hours=1))
    budget = Budget(s, db, clock)
    d = budget.allow("message")
    assert not d.ok and "weekly quota" in d.reason
    assert budget.allow("profile_view").ok
    clock.advance(timedelta(days=2))  # the oldest rows leave the 7-day window
    assert budget.allow("message").ok


def test_per_run_cap_counts_dry_runs_too(db: Database) -> None:
    s = settings(warmup={"enabled": False})
    budget = Budget(s, db, ManualClock(T0), run_caps={"message": 2})
    budget.note("message")
    assert budget.allow("message").ok
    budget.note("message")
    d = budget.allow("message")
    assert not d.ok and "per-run cap of 2" in d.reason


def test_warmup_ramps_from_first_real_action(db: Database) -> None:
    s = settings(warmup={"enabled": True, "days": 10, "start_fraction": 0.2},
                 limits={"messages": {"daily": 10, "weekly": 50}})
    clock = ManualClock(T0)
    assert warmup_factor(s, db, T0) == pytest.approx(0.2)  # nothing done yet: day one
    u = usage(s, db, clock)["message"]
    assert (u["daily_limit"], u["weekly_limit"]) == (2, 10)
    add_audit(db, T0)
    add_audit(db, T0 - timedelta(days=30), dry_run=True, outcome="dry_run")  # not an action
    clock.advance(timedelta(days=5))
    assert warmup_factor(s, db, clock.now()) == pytest.approx(0.6)
    assert usage(s, db, clock)["message"]["daily_limit"] == 6
    clock.advance(timedelta(days=5))
    assert warmup_factor(s, db, clock.now()) == 1.0
    assert usage(s, db, clock)["message"]["daily_limit"] == 10


def test_warmup_never_scales_a_quota_to_zero(db: Database) -> None:
    s = settings(warmup={"enabled": True, "days": 30, "start_fraction": 0.01},
                 limits={"messages": {"daily": 3, "weekly": 10}})
    assert Budget(s, db, ManualClock(T0)).allow("message").ok


def test_unknown_action_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown action type 'poke'"):
        Budget(settings(), db, ManualClock(T0)).allow("poke")


def test_working_hours_in_the_users_time_zone() -> None:
    s = settings(timezone="Europe/Paris",
                 working_hours={"start": "09:00", "end": "18:00",
                                "days": ["mon", "tue", "wed", "thu", "fri"]})
    # 07:30 UTC = 08:30 Paris (winter): before the window
    d = check_hours(s, datetime(2026, 11, 25, 7, 30, tzinfo=UTC))
    assert not d.ok and "08:30" in d.reason
    assert d.next_start is not None and d.next_start.hour == 9 and d.next_start.day == 25
    assert check_hours(s, datetime(2026, 11, 25, 8, 30, tzinfo=UTC)).ok
    assert not check_hours(s, datetime(2026, 11, 25, 17, 0, tzinfo=UTC)).ok  # 18:00 Paris
    sat = check_hours(s, datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    assert not sat.ok and sat.next_start is not None and sat.next_start.weekday() == 0
    assert check_hours(settings(working_hours={"enabled": False}),
                       datetime(2026, 11, 28, 3, 0, tzinfo=UTC)).ok


def test_pause_expires_never_shortens_and_resumes(db: Database) -> None:
    clock = ManualClock(T0)
    assert current_pause(db, clock) is None
    p = pause_all(db, clock, hours=24, reason="error toast")
    assert p.until == T0 + timedelta(hours=24)
    again = pause_all(db, clock, hours=1, reason="later, shorter")
    assert again.until == p.until and again.reason == "error toast"
    longer = pause_all(db, clock, hours=48, reason="checkpoint")
    assert longer.until == T0 + timedelta(hours=48) and longer.since == T0
    clock.advance(timedelta(hours=47))
    assert current_pause(db, clock) is not None
    clock.advance(timedelta(hours=2))
    assert current_pause(db, clock) is None
    pause_all(db, clock, hours=5, reason="x")
    resume(db)
    assert current_pause(db, clock) is None


def test_queue_reads_the_same_pause_value(db: Database) -> None:
    from linkedin_auto.queue.jobs import active_pause

    clock = ManualClock(T0)
    pause_all(db, clock, hours=2, reason="too many requests")
    seen = active_pause(db, clock)
    assert seen is not None and seen["reason"] == "too many requests"
