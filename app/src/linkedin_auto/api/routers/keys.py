"""API keys for scripts: created (shown once), listed (prefix only), revoked."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from linkedin_auto.api.deps import AuthDep, ClockDep, DbDep, RowId
from linkedin_auto.api.schemas.keys import KeyCreated, KeyIn, KeyOut
from linkedin_auto.security import apikeys

router = APIRouter(prefix="/api/keys", tags=["keys"])


@router.get("", response_model=list[KeyOut])
def list_keys(_: AuthDep, db: DbDep) -> list[KeyOut]:
    return [KeyOut(**k) for k in apikeys.list_keys(db)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=KeyCreated)
def create_key(body: KeyIn, _: AuthDep, db: DbDep, clock: ClockDep) -> KeyCreated:
    """The full key is in this answer only: store it now."""
    key_id, key = apikeys.create_key(db, clock, body.name)
    item = next(k for k in apikeys.list_keys(db) if k["id"] == key_id)
    return KeyCreated(**item, key=key)


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_key(key_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> None:
    if not apikeys.revoke_key(db, clock, key_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no API key {key_id}")
