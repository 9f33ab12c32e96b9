"""The schedules a new install starts with, added by the scheduler when it starts.

- ``backup``: every night, on. Where the system's backup timer already made one that day, the
  scheduled run is skipped (``backup_job``), so the two never double the backups kept.
- ``session_check``: once a day early in working hours, on. It opens the feed with the stored
  session and acts on nothing, so an expired session or a checkpoint is noticed before the
  day's first bot run (one notification, bots refused until the session is valid again).
- ``birthday``, ``visitor``, ``invitations``: proposed in working hours but off. They act on the
  person's account, so the person switches them on, after a dry run showed what they would do;
  a successful dry run does not switch them on by itself (it proves the pages can be read, not
  that the person agrees with the plan).

Each default is offered once: it is added only where no schedule exists for its bot (an
upgrade never touches schedules the person made), and never again after that (a default the
person deleted stays deleted). The names offered are kept in ``kv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import structlog

from linkedin_auto.clock import Clock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.kv import kv_get, kv_set
from linkedin_auto.scheduler.store import ALL_DAYS, ScheduleIn, ScheduleStore
from linkedin_auto.settings import Settings

log = structlog.get_logger(__name__)

OFFERED_KEY = "default_schedules_offered"
BACKUP_TIME = time(3, 45)  # after the system timer's 03:30 (+ up to 30 min), at night


@dataclass(frozen=True)
class _Default:
    bot: str
    name: str
    share: float | None  # where in the working hours it runs (0..1); None: BACKUP_TIME
    enabled: bool
    jitter_minutes: int = 0


DEFAULTS = (
    _Default("backup", "Daily backup", None, True),
    _Default("session_check", "Daily session check", 0.0, True, 10),
    _Default("birthday", "Birthday wishes", 0.1, False, 30),
    _Default("visitor", "Profile visits", 0.45, False, 30),
    _Default("invitations", "Invitations", 0.8, False, 30),
)


def _at_share(start: time, end: time, share: float) -> time:
    """A time ``share`` of the way through [start, end), on a 5-minute mark, 10 min in at least."""
    day = datetime(2000, 1, 1)
    begin, finish = datetime.combine(day, start), datetime.combine(day, end)
    span = finish - begin
    offset = max(span * share, min(timedelta(minutes=10), span / 4))
    at = begin + offset
    at -= timedelta(minutes=at.minute % 5, seconds=at.second, microseconds=at.microsecond)
    return max(at, begin).time()


def default_specs(settings: Settings) -> list[tuple[ScheduleIn, _Default]]:
    hours = settings.working_hours
    # The schedule's own window keeps a late catch-up inside working hours (when they apply).
    window = ((hours.start.strftime("%H:%M"), hours.end.strftime("%H:%M")) if hours.enabled
              else (None, None))
    specs = []
    for d in DEFAULTS:
        if d.share is None:
            spec = ScheduleIn(bot=d.bot, name=d.name, time_of_day=BACKUP_TIME.strftime("%H:%M"),
                              weekdays=list(ALL_DAYS), timezone=settings.timezone,
                              catch_up_hours=20, enabled=d.enabled)
        else:
            at = _at_share(hours.start, hours.end, d.share)
            spec = ScheduleIn(bot=d.bot, name=d.name, time_of_day=at.strftime("%H:%M"),
                              weekdays=list(hours.days), timezone=settings.timezone,
                              jitter_minutes=d.jitter_minutes, window_start=window[0],
                              window_end=window[1], enabled=d.enabled)
        specs.append((spec, d))
    return specs


def ensure_default_schedules(db: Database, clock: Clock, settings: Settings) -> list[int]:
    """Add the defaults not offered before whose bot has no schedule; returns the new ids."""
    offered = set(kv_get(db, OFFERED_KEY, []) or [])
    store = ScheduleStore(db, clock)
    have = {str(r["bot"]) for r in db.query("SELECT DISTINCT bot FROM schedules")}
    created: list[int] = []
    for spec, d in default_specs(settings):
        if d.bot in offered:
            continue
        offered.add(d.bot)
        if d.bot in have:
            continue  # the person's own schedule for it stays as it is
        row = store.create(spec)
        created.append(int(row["id"]))
        log.info("default_schedule_added", bot=d.bot, schedule_id=row["id"], enabled=d.enabled,
                 time_of_day=spec.time_of_day)
    kv_set(db, clock, OFFERED_KEY, sorted(offered))
    return created
