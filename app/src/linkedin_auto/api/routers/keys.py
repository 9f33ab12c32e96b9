"""API keys for scripts: created (shown once), listed (prefix only), revoked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, RowId
from linkedin_auto.security import apikeys

router = APIRouter(prefix="/api/keys", tags=["keys"])


class KeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


@router.get("")
def list_keys(_: AuthDep, db: DbDep) -> list[dict[str, Any]]:
    return apikeys.list_keys(db)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_key(body: KeyIn, _: AuthDep, db: DbDep, clock: ClockDep) -> dict[str, Any]:
    """The full key is in this answer only: store it now."""
    key_id, key = apikeys.create_key(db, clock, body.name)
    item = next(k for k in apikeys.list_keys(db) if k["id"] == key_id)
    return {**item, "key": key}


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_key(key_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> None:
    if not apikeys.revoke_key(db, clock, key_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no API key {key_id}")
