"""The LinkedIn session vault: import (JSON body or file upload), metadata, delete, validate."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from linkedin_auto.api.deps import (
    AuthDep,
    ClockDep,
    DbDep,
    RedisDep,
    SecretsDep,
    SettingsDep,
)
from linkedin_auto.api.errors import parse_model, unprocessable
from linkedin_auto.api.schemas.linkedin import CheckQueued, SessionIn, SessionOut
from linkedin_auto.security import vault

router = APIRouter(prefix="/api/linkedin", tags=["linkedin"])
log = structlog.get_logger(__name__)


def _unprocessable(field: str, msg: str) -> HTTPException:
    return unprocessable(["body", *field.split(".")], msg)


async def _read_input(request: Request) -> SessionIn:
    is_form = request.headers.get("content-type", "").startswith("multipart/form-data")
    if is_form:
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _unprocessable("file", "multipart upload needs a 'file' part")
        raw = await upload.read(vault.MAX_BYTES + 1)
        if len(raw) > vault.MAX_BYTES:
            raise _unprocessable("file", f"file is larger than {vault.MAX_BYTES // 1024} KiB")
        data: dict[str, Any] = {"content": vault.decode_upload(raw)}
        for k in ("user_agent", "locale", "timezone_id"):
            v = form.get(k)
            if isinstance(v, str) and v:
                data[k] = v
    else:
        body = await request.body()
        if len(body) > 2 * vault.MAX_BYTES:
            raise _unprocessable("content", f"content is larger than {vault.MAX_BYTES // 1024} KiB")
    return parse_model(SessionIn, data if is_form else body)


def _inlined_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its ``$defs`` inlined: inside an OpenAPI document a
    ``#/$defs/...`` reference points at the document's root, where nothing is."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return resolve({**defs[ref.removeprefix("#/$defs/")], **rest})
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)  # type: ignore[no-any-return]


@router.put(
    "/session", response_model=SessionOut,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inlined_schema(SessionIn)},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"},
                           "user_agent": {"type": "string"}, "locale": {"type": "string"},
                           "timezone_id": {"type": "string"}}}},
    }}},
)
async def put_session(
    request: Request, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep,
    secrets: SecretsDep,
) -> SessionOut:
    """Import a session; answers its metadata (never cookie values)."""
    body = await _read_input(request)
    # An unusable session: 422 naming its field (SessionImportError); nothing is stored.
    meta = vault.import_session(
        db, clock, secrets, body.content, body.model_dump(exclude={"content"}),
        default_timezone=settings.timezone,
    )
    log.info("session_imported", source=meta["source"], cookies=len(meta["cookie_names"]))
    return SessionOut(**meta)


@router.get("/session", response_model=SessionOut)
def get_session(_: AuthDep, db: DbDep, clock: ClockDep) -> SessionOut:
    """Metadata only: source, cookie names, age, expiry, status, identity, last validation."""
    meta = vault.session_metadata(db, clock)
    if meta is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no LinkedIn session imported")
    return SessionOut(**meta)


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(_: AuthDep, db: DbDep) -> None:
    if not vault.delete_session(db):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no LinkedIn session imported")
    log.info("session_deleted")


@router.post("/session/validate", status_code=status.HTTP_202_ACCEPTED,
             response_model=CheckQueued)
def validate_session(
    _: AuthDep, db: DbDep, clock: ClockDep, redis: RedisDep, settings: SettingsDep
) -> CheckQueued:
    """Queue a ``session_check`` run; its outcome lands in the session's last validation."""
    from linkedin_auto.queue.enqueue import submit_run

    if vault.session_metadata(db, clock) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no LinkedIn session imported")
    # One already queued or running: 409 (BotBusy) with its run_id.
    run_id = submit_run(db, redis, clock, "session_check", dry_run=False, options={},
                        settings=settings)
    return CheckQueued(run_id=run_id)
