"""Schedules CRUD over the scheduler's store, with next-run previews."""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import ValidationError

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, RowId
from linkedin_auto.api.errors import (
    field_error,
    unprocessable,
    unprocessable_many,
    validation_errors,
)
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import ConfigError

router = APIRouter(prefix="/api/schedules", tags=["schedules"])


def _store_module() -> Any:
    try:
        store = importlib.import_module("linkedin_auto.scheduler.store")
    except ImportError:
        raise HTTPException(
            status.HTTP_501_NOT_IMPLEMENTED, "schedules are not available"
        ) from None
    return store


def _invalid(exc: Exception) -> HTTPException:
    if isinstance(exc, ValidationError):
        return unprocessable_many(validation_errors(exc))
    if isinstance(exc, ConfigError):
        return unprocessable_many([field_error(["body", *loc.split(".")], msg, "config")
                                   for loc, msg in exc.errors])
    text = str(exc)
    loc, _, msg = text.partition(": ")
    if msg and " " not in loc:
        return unprocessable(["body", *loc.split(".")], msg)
    return unprocessable(["body"], text)


def _parse(store: Any, body: dict[str, Any]) -> Any:
    try:
        return store.ScheduleIn.model_validate(body)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _schedule_store(db: Database, clock: Any) -> Any:
    return _store_module().ScheduleStore(db, clock)


@router.get("")
def list_schedules(_: AuthDep, db: DbDep, clock: ClockDep) -> list[dict[str, Any]]:
    return _schedule_store(db, clock).list()  # type: ignore[no-any-return]


@router.post("/preview")
def preview(body: dict[str, Any], _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    """The next run times of a schedule before saving it."""
    store = _store_module()
    data = _parse(store, body)
    try:
        return {"next_runs": _schedule_store(db, clock).preview(data, count=5)}
    except ValueError as exc:
        raise _invalid(exc) from None


@router.post("", status_code=status.HTTP_201_CREATED)
def create_schedule(
    body: dict[str, Any], _: AuthDep, db: DbDep, clock: ClockDep
) -> dict[str, Any]:
    store = _store_module()
    data = _parse(store, body)
    try:
        return _schedule_store(db, clock).create(data)  # type: ignore[no-any-return]
    except ValueError as exc:
        raise _invalid(exc) from None


@router.get("/{schedule_id}")
def get_schedule(schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    found = _schedule_store(db, clock).get(schedule_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
    return found  # type: ignore[no-any-return]


@router.put("/{schedule_id}")
def update_schedule(
    schedule_id: RowId, body: dict[str, Any], _: AuthDep, db: DbDep, clock: ClockDep
) -> dict[str, Any]:
    store = _store_module()
    data = _parse(store, body)
    sched = _schedule_store(db, clock)
    if sched.get(schedule_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
    try:
        return sched.update(schedule_id, data)  # type: ignore[no-any-return]
    except KeyError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}") from None
    except ValueError as exc:
        raise _invalid(exc) from None


@router.delete("/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(schedule_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> None:
    if not _schedule_store(db, clock).delete(schedule_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schedule {schedule_id}")
