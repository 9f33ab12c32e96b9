"""Schedule arithmetic: pure functions of a ``Timing`` and instants (no clock, no database).

Slots are the nominal times (daily HH:MM on chosen weekdays, or a cron expression) in the
schedule's own time zone; a run starts at its slot plus a jitter. DST rules:
- a local time that does not exist (spring forward) runs at the same instant shifted by the gap
  (zoneinfo's fold=0 reading: 02:30 becomes 03:30);
- a local time that happens twice (fall back) runs once, at its first occurrence.
Jitter is drawn from an RNG seeded by the schedule id and the slot, so a restart of the
scheduler computes the same run time for the same slot instead of rolling again.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter  # type: ignore[import-untyped]

WEEKDAY_INDEX = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
# An on-time run must start within this long after its run time even with catch_up_hours = 0:
# the scheduler only looks every ~20 s.
MIN_GRACE = timedelta(minutes=5)
_MAX_STEPS = 20000


@dataclass(frozen=True)
class Timing:
    kind: str  # daily | cron
    tz: ZoneInfo
    time_of_day: time | None = None
    weekdays: frozenset[int] = frozenset(range(7))
    cron: str | None = None
    jitter_minutes: int = 0
    window_start: time | None = None
    window_end: time | None = None
    catch_up_hours: float = 6.0
    seed: int = 0


@dataclass(frozen=True)
class Decision:
    slot: datetime
    action: str  # run | skip | wait
    reason: str


def parse_hhmm(value: str) -> time:
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def next_slot(t: Timing, after: datetime) -> datetime | None:
    """The first slot strictly after ``after`` (UTC), or None if the rule never fires."""
    if t.kind == "daily":
        return _next_daily(t, after)
    return _next_cron(t, after)


def _next_daily(t: Timing, after: datetime) -> datetime | None:
    if t.time_of_day is None or not t.weekdays:
        return None
    day = after.astimezone(t.tz).date() - timedelta(days=1)
    for _ in range(10):
        candidate = _utc(datetime.combine(day, t.time_of_day, tzinfo=t.tz))
        if candidate > after and day.weekday() in t.weekdays:
            return candidate
        day += timedelta(days=1)
    return None


def _next_cron(t: Timing, after: datetime) -> datetime | None:
    # Iterate on naive wall-clock times, then place each in the zone (fold=0): this gives the
    # DST rules of the module docstring whatever croniter's own handling of zones.
    return next(_cron_slots(t, after), None)


def slots_after(t: Timing, after: datetime) -> Iterator[datetime]:
    """Slots strictly after ``after``, in increasing order."""
    if t.kind == "cron":
        yield from _cron_slots(t, after)
        return
    current = after
    for _ in range(_MAX_STEPS):
        nxt = next_slot(t, current)
        if nxt is None:
            return
        yield nxt
        current = nxt


def _cron_slots(t: Timing, after: datetime) -> Iterator[datetime]:
    # One iterator for the whole walk (a new croniter per slot would be quadratic).
    assert t.cron is not None
    it = croniter(t.cron, after.astimezone(t.tz).replace(tzinfo=None) - timedelta(hours=3))
    last = after
    for _ in range(_MAX_STEPS):
        try:
            naive = it.get_next(datetime)
        except Exception:
            return
        candidate = _utc(naive.replace(tzinfo=t.tz))
        if candidate > last:  # also drops the wall-clock repeats of a DST fall-back
            last = candidate
            yield candidate


def jitter(t: Timing, slot: datetime) -> timedelta:
    if t.jitter_minutes <= 0:
        return timedelta(0)
    rng = random.Random(f"{t.seed}|{_utc(slot).isoformat()}")
    return timedelta(seconds=int(rng.random() * t.jitter_minutes * 60))


def run_time(t: Timing, slot: datetime) -> datetime:
    return slot + jitter(t, slot)


def in_window(t: Timing, when: datetime) -> bool:
    """Inside the optional working window (local time; a window may span midnight)."""
    if t.window_start is None or t.window_end is None:
        return True
    local = when.astimezone(t.tz).time()
    if t.window_start <= t.window_end:
        return t.window_start <= local < t.window_end
    return local >= t.window_start or local < t.window_end


def catch_up(t: Timing) -> timedelta:
    return max(timedelta(hours=t.catch_up_hours), MIN_GRACE)


def decide(t: Timing, handled_until: datetime, now: datetime) -> Decision | None:
    """What to do now about the latest slot after ``handled_until`` whose run time has come.

    - no such slot: None (nothing due);
    - several: they collapse into the latest one (one run, never a burst after a power-off);
    - its run time + catch-up has passed: ``skip`` (missed for good, marked handled);
    - outside the window: ``wait`` (not handled: it may still run once the window opens);
    - otherwise ``run``.
    """
    # Far enough back to see (and mark as missed) yesterday's slot after a long power-off.
    lookback = catch_up(t) + timedelta(minutes=t.jitter_minutes) + timedelta(days=1)
    base = max(handled_until, now - lookback)
    latest = None
    for slot in slots_after(t, base):
        if run_time(t, slot) > now:
            break
        latest = slot
    if latest is None:
        # Nothing due; slots older than the look-back were missed for good and are ignored.
        return None
    if now > run_time(t, latest) + catch_up(t):
        return Decision(latest, "skip", "missed: beyond catch-up")
    if not in_window(t, now):
        return Decision(latest, "wait", "outside the window")
    return Decision(latest, "run", "due")


def upcoming(t: Timing, handled_until: datetime, now: datetime, count: int) -> list[datetime]:
    """The next ``count`` run times (UTC) after now, for slots not yet handled."""
    out: list[datetime] = []
    base = max(handled_until, now - timedelta(minutes=t.jitter_minutes))
    for slot in slots_after(t, base):
        when = run_time(t, slot)
        if when > now:
            out.append(when)
            if len(out) >= count:
                break
    return out
