"""Schedules CRUD over the scheduler's store, with next-run previews."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, RowId, SettingsDep
from linkedin_auto.api.schemas.schedules import ScheduleIn, ScheduleOut, SchedulePreview
from linkedin_auto.bots.safety.rest import scheduled_skip
from linkedin_auto.clock import Clock, parse_iso
from linkedin_auto.db.connection import Database
from linkedin_auto.queue.registry import load_all
from linkedin_auto.scheduler.store import ScheduleStore
from linkedin_auto.settings import Settings

router = APIRouter(prefix="/api/schedules", tags=["schedules"])

# A body the schedule model refuses (unknown bot, bad time, bad options) is a 422 naming the
# field, from FastAPI's validation of ``ScheduleIn``.


def _with_skip(rows: list[dict[str, Any]], db: Database, clock: Clock,
               settings: Settings) -> list[dict[str, Any]]:
    """Each schedule's next run, marked with why it would be skipped (if it would)."""
    specs = load_all()
    for row in rows:
        spec = specs.get(row["bot"])
        row["skip_reason"] = None
        if row["enabled"] and row["next_run_at"] and spec is not None and spec.needs_session:
            row["skip_reason"] = scheduled_skip(
                db, clock, settings, parse_iso(row["next_run_at"]), acts=spec.is_bot,
                dry_run=bool(row["dry_run"]))
    return rows


@router.get("", response_model=list[ScheduleOut])
def list_schedules(
    _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> list[dict[str, Any]]:
    return _with_skip(ScheduleStore(db, clock).list(), db, clock, settings)


@router.post("/preview", response_model=SchedulePreview)
def preview(body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep) -> SchedulePreview:
    """The next run times of a schedule before saving it."""
    return SchedulePreview(next_runs=ScheduleStore(db, clock).preview(body, count=5))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ScheduleOut)
def create_schedule(
    body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> dict[str, Any]:
    return _with_skip([ScheduleStore(db, clock).create(body)], db, clock, settings)[0]


@router.get("/{schedule_id}", response_model=ScheduleOut)
def get_schedule(
    schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> dict[str, Any]:
    found = ScheduleStore(db, clock).get(schedule_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
    return _with_skip([found], db, clock, settings)[0]


@router.put("/{schedule_id}", response_model=ScheduleOut)
def update_schedule(
    schedule_id: RowId, body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    updated = ScheduleStore(db, clock).update(schedule_id, body)  # absent: 404
    return _with_skip([updated], db, clock, settings)[0]


@router.delete("/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> None:
    if not ScheduleStore(db, clock).delete(schedule_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
