"""Schedule arithmetic: weekdays, cron, DST, jitter, windows, catch-up (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from linkedin_auto.scheduler.timing import (
    Timing,
    decide,
    in_window,
    jitter,
    next_slot,
    run_time,
    slots_after,
    upcoming,
)

PARIS = ZoneInfo("Europe/Paris")
NY = ZoneInfo("America/New_York")


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


def daily(hh: int, mm: int, days: range | list[int] = range(7), tz: ZoneInfo = PARIS,
          **kw: object) -> Timing:
    return Timing(kind="daily", tz=tz, time_of_day=time(hh, mm), weekdays=frozenset(days),
                  **kw)  # type: ignore[arg-type]


def cron(expr: str, tz: ZoneInfo = PARIS, **kw: object) -> Timing:
    return Timing(kind="cron", tz=tz, cron=expr, **kw)  # type: ignore[arg-type]


def test_daily_on_weekdays_skips_the_weekend() -> None:
    t = daily(9, 0, days=range(5))  # mon..fri
    friday_after = utc(2026, 1, 9, 9, 30)  # Fri 10:30 Paris (CET, +1)
    assert next_slot(t, friday_after) == utc(2026, 1, 12, 8, 0)  # Mon 09:00 Paris


def test_daily_same_day_if_still_ahead_and_strictly_after() -> None:
    t = daily(9, 0)
    assert next_slot(t, utc(2026, 1, 9, 7, 0)) == utc(2026, 1, 9, 8, 0)
    assert next_slot(t, utc(2026, 1, 9, 8, 0)) == utc(2026, 1, 10, 8, 0)


def test_daily_keeps_local_time_across_spring_forward() -> None:
    t = daily(9, 0)
    # 2026-03-29: Paris moves from +1 to +2.
    assert next_slot(t, utc(2026, 3, 28, 8, 0)) == utc(2026, 3, 29, 7, 0)


def test_nonexistent_local_time_runs_shifted_by_the_gap() -> None:
    t = daily(2, 30)
    slot = next_slot(t, utc(2026, 3, 28, 12, 0))
    assert slot == utc(2026, 3, 29, 1, 30)
    assert slot is not None and slot.astimezone(PARIS).strftime("%H:%M") == "03:30"


def test_ambiguous_local_time_runs_once_at_first_occurrence() -> None:
    t = daily(2, 30)
    # 2026-10-25: 02:30 happens twice in Paris (CEST then CET).
    slots = list(_take(slots_after(t, utc(2026, 10, 24, 12, 0)), 3))
    assert slots == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30), utc(2026, 10, 27, 1, 30)]


def test_cron_across_dst_in_new_york() -> None:
    t = cron("0 9 * * 1-5", tz=NY)
    # 2026-03-08 (Sunday) New York moves from -5 to -4.
    assert next_slot(t, utc(2026, 3, 6, 15, 0)) == utc(2026, 3, 9, 13, 0)  # Mon 09:00 EDT
    assert next_slot(t, utc(2026, 3, 5, 15, 0)) == utc(2026, 3, 6, 14, 0)  # Fri 09:00 EST


def test_cron_ambiguous_and_missing_hours() -> None:
    t = cron("30 2 * * *")
    assert next_slot(t, utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 30)
    slots = list(_take(slots_after(t, utc(2026, 10, 24, 12, 0)), 2))
    assert slots == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]


def test_cron_that_never_fires() -> None:
    assert next_slot(cron("0 0 30 2 *"), utc(2026, 1, 1)) is None


def test_jitter_is_deterministic_per_slot_and_bounded() -> None:
    t = daily(9, 0, jitter_minutes=30, seed=7)
    slots = list(_take(slots_after(t, utc(2026, 1, 1)), 20))
    first = [jitter(t, s) for s in slots]
    again = [jitter(Timing(**t.__dict__), s) for s in slots]  # a "restarted" scheduler
    assert first == again
    assert all(timedelta(0) <= j < timedelta(minutes=30) for j in first)
    assert len(set(first)) > 1  # it does vary from slot to slot
    other = daily(9, 0, jitter_minutes=30, seed=8)
    assert [jitter(other, s) for s in slots] != first
    assert jitter(daily(9, 0), slots[0]) == timedelta(0)


def test_window_including_overnight() -> None:
    day = daily(9, 0, window_start=time(9, 0), window_end=time(18, 0))
    assert in_window(day, utc(2026, 1, 9, 8, 0))  # 09:00 Paris
    assert not in_window(day, utc(2026, 1, 9, 17, 0))  # 18:00 Paris: end excluded
    night = daily(9, 0, window_start=time(22, 0), window_end=time(6, 0))
    assert in_window(night, utc(2026, 1, 9, 23, 0))  # 00:00 Paris
    assert not in_window(night, utc(2026, 1, 9, 12, 0))


def test_decide_runs_on_time_and_not_twice() -> None:
    t = daily(9, 0)
    slot = utc(2026, 1, 9, 8, 0)
    assert decide(t, utc(2026, 1, 9, 7, 0), utc(2026, 1, 9, 7, 59)) is None
    d = decide(t, utc(2026, 1, 9, 7, 0), utc(2026, 1, 9, 8, 0, 20))
    assert d is not None and d.action == "run" and d.slot == slot
    assert decide(t, slot, utc(2026, 1, 9, 8, 1)) is None


def test_decide_collapses_missed_slots_and_honours_catch_up() -> None:
    t = daily(9, 0, catch_up_hours=3)
    off_since = utc(2026, 1, 5, 7, 0)
    back_inside = utc(2026, 1, 9, 10, 0)  # 11:00 Paris, 2 h after today's slot
    d = decide(t, off_since, back_inside)
    assert d is not None and (d.action, d.slot) == ("run", utc(2026, 1, 9, 8, 0))
    back_late = utc(2026, 1, 9, 12, 0)  # 4 h after the slot
    d = decide(t, off_since, back_late)
    assert d is not None and d.action == "skip"


def test_decide_waits_for_the_window_then_runs() -> None:
    t = daily(7, 0, catch_up_hours=4, window_start=time(9, 0), window_end=time(18, 0))
    d = decide(t, utc(2026, 1, 8, 12, 0), utc(2026, 1, 9, 6, 30))  # 07:30 Paris
    assert d is not None and d.action == "wait"
    d = decide(t, utc(2026, 1, 8, 12, 0), utc(2026, 1, 9, 8, 5))  # 09:05 Paris
    assert d is not None and d.action == "run"


def test_upcoming_includes_jitter_and_is_sorted() -> None:
    t = daily(9, 0, jitter_minutes=20, seed=3)
    now = utc(2026, 1, 9, 9, 0)
    times = upcoming(t, now, now, 3)
    assert len(times) == 3 and times == sorted(times)
    assert times[0] == run_time(t, utc(2026, 1, 10, 8, 0))


def _take(it, n):  # type: ignore[no-untyped-def]
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
