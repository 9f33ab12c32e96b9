"""Schedules in SQLite: the validated input model and the repository (``/api/schedules``)."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from croniter import croniter  # type: ignore[import-untyped]
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from linkedin_auto.bots.run_options import check_run_options
from linkedin_auto.clock import Clock, iso, parse_iso
from linkedin_auto.db.connection import Database, dumps, loads
from linkedin_auto.errors import NotFound
from linkedin_auto.scheduler.timing import (
    WEEKDAY_INDEX,
    Timing,
    parse_hhmm,
    upcoming,
)
from linkedin_auto.settings import WEEKDAYS, TimeZoneName, Weekday

ALL_DAYS: list[Weekday] = list(WEEKDAYS)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
NEXT_RUNS = 3


def _hhmm(v: str | None) -> str | None:
    if v is None or v == "":
        return None
    if not _HHMM.match(v):
        raise ValueError("must be a time as HH:MM (00:00 to 23:59)")
    return v


class ScheduleIn(BaseModel):
    # No NaN/Infinity, and a boolean is not a number (nor 1 a boolean): what a user could
    # mistype is refused, not coerced.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    bot: str
    name: str = Field("", max_length=100)
    kind: Literal["daily", "cron"] = "daily"
    time_of_day: str | None = None
    weekdays: list[Weekday] = Field(default_factory=lambda: list(ALL_DAYS))
    cron: str | None = None
    timezone: TimeZoneName = "UTC"
    jitter_minutes: int = Field(0, ge=0, le=240, strict=True)
    window_start: str | None = None
    window_end: str | None = None
    catch_up_hours: float = Field(6, ge=0, le=72, strict=True)
    dry_run: bool = Field(False, strict=True)
    options: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = Field(True, strict=True)

    @field_validator("bot")
    @classmethod
    def _bot(cls, v: str) -> str:
        from linkedin_auto.queue.registry import load_all

        known = {name: spec for name, spec in load_all().items() if spec.direct}
        if v not in known:
            raise ValueError(f"unknown bot (known: {', '.join(sorted(known))})")
        return v

    @field_validator("options")
    @classmethod
    def _options(cls, v: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        # The checks a run of this bot makes when it is asked for; a ValidationError raised
        # here is reported under options.<key>.
        check_run_options(info.data.get("bot", ""), v)
        return v

    @field_validator("time_of_day", "window_start", "window_end")
    @classmethod
    def _times(cls, v: str | None) -> str | None:
        return _hhmm(v)

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = " ".join(v.split())
        if len(v.split()) != 5 or not croniter.is_valid(v):
            raise ValueError("not a valid 5-field cron expression (minute hour day month weekday)")
        return v

    @field_validator("weekdays")
    @classmethod
    def _days(cls, v: list[Weekday]) -> list[Weekday]:
        if not v:
            raise ValueError("choose at least one day")
        return [d for d in ALL_DAYS if d in set(v)]

    @model_validator(mode="after")
    def _consistent(self) -> ScheduleIn:
        if self.kind == "daily" and self.time_of_day is None:
            raise ValueError("time_of_day is required for a daily schedule")
        if self.kind == "cron" and self.cron is None:
            raise ValueError("cron is required for a cron schedule")
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("window_start and window_end go together")
        if self.window_start is not None and self.window_start == self.window_end:
            raise ValueError("window_start and window_end must differ")
        return self


class ScheduleNotFound(NotFound, KeyError):
    def __init__(self, schedule_id: int):
        self.schedule_id = schedule_id
        super().__init__(f"no schedule {schedule_id}")

    def __str__(self) -> str:  # KeyError's would quote the message
        return f"no schedule {self.schedule_id}"


def timing_of(spec: ScheduleIn | dict[str, Any], seed: int = 0) -> Timing:
    d = spec.model_dump() if isinstance(spec, ScheduleIn) else spec
    days = d["weekdays"]
    if isinstance(days, str):
        days = [x for x in days.split(",") if x]
    return Timing(
        kind=d["kind"],
        tz=ZoneInfo(d["timezone"]),
        time_of_day=parse_hhmm(d["time_of_day"]) if d.get("time_of_day") else None,
        weekdays=frozenset(WEEKDAY_INDEX[x] for x in days),
        cron=d.get("cron"),
        jitter_minutes=int(d.get("jitter_minutes") or 0),
        window_start=parse_hhmm(d["window_start"]) if d.get("window_start") else None,
        window_end=parse_hhmm(d["window_end"]) if d.get("window_end") else None,
        catch_up_hours=float(d.get("catch_up_hours") or 0),
        seed=seed,
    )


def handled_until(row: dict[str, Any]) -> datetime:
    """Slots at or before this instant are done with: the last handled slot, or the last edit
    (a schedule never fires for slots from before it was created or changed)."""
    updated = parse_iso(row["updated_at"])
    last = row.get("last_slot_at")
    return max(updated, parse_iso(last)) if last else updated


def _row_to_dict(row: Any, now: datetime) -> dict[str, Any]:
    d = dict(row)
    d["weekdays"] = [x for x in (d["weekdays"] or "").split(",") if x]
    d["dry_run"] = bool(d["dry_run"])
    d["enabled"] = bool(d["enabled"])
    d["options"] = loads(d["options"])
    t = timing_of(d, seed=int(d["id"]))
    d["next_runs"] = (
        [iso(x) for x in upcoming(t, handled_until(d), now, NEXT_RUNS)] if d["enabled"] else []
    )
    return d


_COLUMNS = ("bot", "name", "kind", "time_of_day", "weekdays", "cron", "timezone",
            "jitter_minutes", "window_start", "window_end", "catch_up_hours", "dry_run",
            "options", "enabled")


def _values(spec: ScheduleIn) -> list[Any]:
    d = spec.model_dump()
    d["weekdays"] = ",".join(d["weekdays"])
    d["dry_run"] = int(d["dry_run"])
    d["enabled"] = int(d["enabled"])
    d["options"] = dumps(d["options"])
    if spec.kind == "daily":
        d["cron"] = None
    else:
        d["time_of_day"] = None
    return [d[c] for c in _COLUMNS]


@dataclass
class ScheduleStore:
    db: Database
    clock: Clock

    def list(self) -> list[dict[str, Any]]:
        now = self.clock.now()
        return [_row_to_dict(r, now) for r in self.db.query("SELECT * FROM schedules ORDER BY id")]

    def get(self, schedule_id: int) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT * FROM schedules WHERE id = ?", (schedule_id,))
        return None if row is None else _row_to_dict(row, self.clock.now())

    def create(self, spec: ScheduleIn) -> dict[str, Any]:
        now = iso(self.clock.now())
        cols = ", ".join(_COLUMNS)
        marks = ", ".join("?" for _ in _COLUMNS)
        with self.db.transaction() as c:
            cur = c.execute(
                f"INSERT INTO schedules ({cols}, created_at, updated_at) VALUES ({marks}, ?, ?)",
                [*_values(spec), now, now],
            )
            new_id = int(cur.lastrowid or 0)
        self._refresh_next(new_id)
        created = self.get(new_id)
        assert created is not None
        return created

    def update(self, schedule_id: int, spec: ScheduleIn) -> dict[str, Any]:
        """Replace a schedule; raises ScheduleNotFound (a KeyError) if absent. Slots before the
        edit never fire."""
        sets = ", ".join(f"{c} = ?" for c in _COLUMNS)
        cur = self.db.execute(
            f"UPDATE schedules SET {sets}, updated_at = ? WHERE id = ?",
            [*_values(spec), iso(self.clock.now()), schedule_id],
        )
        if not cur.rowcount:
            raise ScheduleNotFound(schedule_id)
        self._refresh_next(schedule_id)
        updated = self.get(schedule_id)
        assert updated is not None
        return updated

    def delete(self, schedule_id: int) -> bool:
        return bool(self.db.execute("DELETE FROM schedules WHERE id = ?", (schedule_id,)).rowcount)

    def mark_handled(self, schedule_id: int, slot: datetime) -> None:
        self.db.execute("UPDATE schedules SET last_slot_at = ? WHERE id = ?",
                        (iso(slot), schedule_id))
        self._refresh_next(schedule_id)

    def _refresh_next(self, schedule_id: int) -> None:
        s = self.get(schedule_id)
        if s is None:
            return
        nxt = s["next_runs"][0] if s["next_runs"] else None
        self.db.execute("UPDATE schedules SET next_run_at = ? WHERE id = ?", (nxt, schedule_id))

    def preview(self, spec: ScheduleIn, count: int = 5) -> builtins.list[str]:
        """Next run times of a schedule that is not saved yet (jitter seeded with 0)."""
        now = self.clock.now()
        return [iso(x) for x in upcoming(timing_of(spec), now, now, count)]


def preview(spec: ScheduleIn, count: int = 5, now: datetime | None = None) -> list[str]:
    """Module-level form of ``ScheduleStore.preview`` for callers without a database."""
    from linkedin_auto.clock import SystemClock

    when = now or SystemClock().now()
    return [iso(x) for x in upcoming(timing_of(spec), when, when, count)]
