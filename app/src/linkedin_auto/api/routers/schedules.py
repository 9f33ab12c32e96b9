"""Schedules CRUD over the scheduler's store, with next-run previews."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, RowId
from linkedin_auto.api.schemas.schedules import ScheduleIn, ScheduleOut, SchedulePreview
from linkedin_auto.scheduler.store import ScheduleStore

router = APIRouter(prefix="/api/schedules", tags=["schedules"])

# A body the schedule model refuses (unknown bot, bad time, bad options) is a 422 naming the
# field, from FastAPI's validation of ``ScheduleIn``.


@router.get("", response_model=list[ScheduleOut])
def list_schedules(_: AuthDep, db: DbDep, clock: ClockDep) -> list[dict[str, Any]]:
    return ScheduleStore(db, clock).list()


@router.post("/preview", response_model=SchedulePreview)
def preview(body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep) -> SchedulePreview:
    """The next run times of a schedule before saving it."""
    return SchedulePreview(next_runs=ScheduleStore(db, clock).preview(body, count=5))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ScheduleOut)
def create_schedule(body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    return ScheduleStore(db, clock).create(body)


@router.get("/{schedule_id}", response_model=ScheduleOut)
def get_schedule(schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    found = ScheduleStore(db, clock).get(schedule_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
    return found


@router.put("/{schedule_id}", response_model=ScheduleOut)
def update_schedule(
    schedule_id: RowId, body: ScheduleIn, _: AuthDep, db: DbDep, clock: ClockDep
) -> dict[str, Any]:
    return ScheduleStore(db, clock).update(schedule_id, body)  # absent: 404 (ScheduleNotFound)


@router.delete("/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> None:
    if not ScheduleStore(db, clock).delete(schedule_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
