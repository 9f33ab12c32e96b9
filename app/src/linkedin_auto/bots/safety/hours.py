"""Working hours in the user's time zone (``settings.timezone``), decided by an injected clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from linkedin_auto.settings import WEEKDAYS, Settings


@dataclass(frozen=True)
class HoursDecision:
    ok: bool
    reason: str
    next_start: datetime | None = None  # aware, in settings.tz; None when ok or never


def check_hours(settings: Settings, now: datetime) -> HoursDecision:
    wh = settings.working_hours
    if not wh.enabled:
        return HoursDecision(True, "working hours disabled")
    local = now.astimezone(settings.tz)
    day = WEEKDAYS[local.weekday()]
    window = f"{wh.start:%H:%M}-{wh.end:%H:%M} {settings.timezone} on {','.join(wh.days)}"
    if day in wh.days and wh.start <= local.time().replace(tzinfo=None) < wh.end:
        return HoursDecision(True, f"inside working hours ({window})")
    return HoursDecision(
        False, f"outside working hours ({window}); local time {local:%a %H:%M}",
        next_window_start(settings, now),
    )


def next_window_start(settings: Settings, now: datetime) -> datetime | None:
    wh = settings.working_hours
    if not wh.days:
        return None
    local = now.astimezone(settings.tz)
    for offset in range(8):
        d = (local + timedelta(days=offset)).date()
        if WEEKDAYS[d.weekday()] not in wh.days:
            continue
        start = datetime.combine(d, wh.start, tzinfo=settings.tz)
        if start > local:
            return start
    return None
