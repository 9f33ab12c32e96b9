"""The live sign-in view: start it, follow it (server-sent events) and send it input (POST).

The browser itself runs as a job on the worker (``browser/live.py``); this router only checks
who may use it (the admin's dashboard session; input carries the CSRF header like every
write), and relays frames out and the person's input in through Redis
(``browser/live_channel.py``). Nothing typed is logged here or answered back.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
import structlog
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import StreamingResponse

from linkedin_auto.api.deps import (
    AuthDep,
    ClockDep,
    DbDep,
    Principal,
    RedisDep,
    RowId,
    SettingsDep,
)
from linkedin_auto.api.schemas.linkedin import (
    LiveInfo,
    LiveInput,
    LivePurpose,
    LiveStart,
    LiveStarted,
)
from linkedin_auto.browser import live_channel as ch
from linkedin_auto.browser import live_input
from linkedin_auto.db.connection import loads
from linkedin_auto.db.runs import active_runs
from linkedin_auto.security import vault

router = APIRouter(prefix="/api/linkedin/live", tags=["linkedin"])
log = structlog.get_logger(__name__)

FINAL_STATES = frozenset(s.value for s in ch.FINAL)


def _person(principal: Principal) -> Principal:
    if principal.kind != "session":
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "the live view is for the admin signed in to the dashboard,"
                            " not for API keys")
    return principal


def _current(db: Any) -> Any | None:
    return next((r for r in active_runs(db) if r["bot"] == ch.RUN_TYPE), None)


def _purpose(row: Any) -> LivePurpose:
    purpose = loads(row["options"]).get("purpose")
    return LivePurpose(purpose) if purpose in set(LivePurpose) else LivePurpose.sign_in


@router.post("", response_model=LiveStarted, status_code=status.HTTP_201_CREATED)
def start_live(body: LiveStart, principal: AuthDep, db: DbDep, clock: ClockDep,
               redis: RedisDep, settings: SettingsDep) -> LiveStarted:
    """Start the live view (a ``live_signin`` run on the worker); follow it at ``/stream``."""
    from linkedin_auto.queue.enqueue import submit_run, worker_heartbeat

    _person(principal)
    for row in active_runs(db):
        if row["bot"] == ch.RUN_TYPE:
            raise HTTPException(status.HTTP_409_CONFLICT,
                                f"a live view is already open (run #{row['id']})")
        raise HTTPException(status.HTTP_409_CONFLICT,
                            f"{row['bot']} run #{row['id']} is {row['status']}: the appliance"
                            " runs one browser at a time, try again when it has finished")
    if worker_heartbeat(redis) is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "the worker is not running: the live view needs it")
    meta = vault.session_metadata(db, clock)
    purpose = body.purpose or (LivePurpose.checkpoint if meta and meta["status"] == "checkpoint"
                               else LivePurpose.sign_in)
    if purpose == LivePurpose.checkpoint and meta is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            [{"loc": ["body", "purpose"],
                              "msg": "no stored session to open at its checkpoint: sign in"}])
    run_id = submit_run(db, redis, clock, ch.RUN_TYPE, dry_run=False,  # busy: 409 (BotBusy)
                        options={"purpose": purpose.value}, settings=settings)
    # Only if the job has not said anything yet: it may already be further along.
    redis.set(ch.state_key(run_id), ch.status_message(
        ch.LiveState.starting, "Waiting for the worker…"), ex=ch.STATE_TTL_SECONDS, nx=True)
    log.info("live_view_requested", run_id=run_id, purpose=purpose.value)
    return LiveStarted(run_id=run_id, purpose=purpose)


@router.get("", response_model=LiveInfo)
def current_live(principal: AuthDep, db: DbDep, redis: RedisDep) -> LiveInfo:
    """The open live view, if any (404 when none)."""
    _person(principal)
    row = _current(db)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no live view is open")
    last = ch.last_status(redis, int(row["id"])) or {}
    return LiveInfo(run_id=int(row["id"]), run_status=str(row["status"]), purpose=_purpose(row),
                    state=last.get("state"), message=last.get("message"))


@router.delete("/{run_id}", status_code=status.HTTP_204_NO_CONTENT)
def close_live(run_id: RowId, principal: AuthDep, db: DbDep, clock: ClockDep,
               redis: RedisDep) -> None:
    """Close the live view without storing anything."""
    from linkedin_auto.queue.enqueue import cancel_run

    _person(principal)
    row = _open_live(db, run_id)
    _push(redis, run_id, live_input.Close(type="close"))
    if row["status"] == "queued":
        cancel_run(db, redis, clock, run_id)


# -- the stream and the input ----------------------------------------------------------------

def _open_live(db: Any, run_id: int) -> Any:
    row = _current(db)
    if row is None or int(row["id"]) != run_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"live view #{run_id} is not open")
    return row


@router.get("/{run_id}/stream", response_class=StreamingResponse)
async def live_stream(run_id: RowId, request: Request, principal: AuthDep, db: DbDep,
                      redis: RedisDep) -> StreamingResponse:
    """Server-sent events: ``status`` (JSON) and ``frame`` (a base64 JPEG) messages.

    While this stream is open the live view knows its tab is there; when it closes for
    longer than a short grace (a phone's screen locked), the live view ends.
    """
    _person(principal)
    _open_live(db, run_id)
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await anyio.to_thread.run_sync(pubsub.subscribe, ch.out_channel(run_id))
    redis.set(ch.viewer_key(run_id), ch.VIEWER_HERE, ex=ch.VIEWER_TTL_SECONDS)
    _push(redis, run_id, live_input.Refresh(type="refresh"))

    async def stream() -> AsyncIterator[bytes]:
        try:
            yield b"retry: 2000\n\n"
            last = ch.last_status(redis, run_id)
            if last is not None:
                yield _sse("status", json.dumps(last))
                if last.get("state") in FINAL_STATES:
                    return
            beat = 0.0
            while not await request.is_disconnected():
                msg = await anyio.to_thread.run_sync(
                    lambda: pubsub.get_message(timeout=0.5), abandon_on_cancel=True)
                now = anyio.current_time()
                if now - beat >= ch.VIEWER_TTL_SECONDS / 3:
                    if _current(db) is None:  # the job has ended
                        final = ch.last_status(redis, run_id) or {}
                        yield (_sse("status", json.dumps(final))
                               if final.get("state") in FINAL_STATES else _sse(
                                   "status", ch.status_message(  # killed without a word
                                       ch.LiveState.failed, "The live view stopped.").decode()))
                        return
                    redis.set(ch.viewer_key(run_id), ch.VIEWER_HERE, ex=ch.VIEWER_TTL_SECONDS)
                    yield b": keep-alive\n\n"
                    beat = now
                data = msg.get("data") if msg else None
                if not isinstance(data, bytes):
                    continue
                if data[:1] == b"{":
                    yield _sse("status", data.decode())
                    if json.loads(data).get("state") in FINAL_STATES:
                        return
                else:
                    yield _sse("frame", base64.b64encode(data).decode())
        finally:
            # At once, not through a thread: on a disconnect this task is being cancelled. The
            # job then ends after its short grace instead of waiting for the mark to lapse.
            redis.set(ch.viewer_key(run_id), ch.VIEWER_LEFT, ex=ch.LEFT_TTL_SECONDS)
            await anyio.to_thread.run_sync(pubsub.close)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _sse(event: str, data: str) -> bytes:
    return f"event: {event}\ndata: {data}\n\n".encode()


def _push(redis: Any, run_id: int, *msgs: live_input.Message) -> None:
    if msgs:
        redis.rpush(ch.input_key(run_id), *(m.model_dump_json().encode() for m in msgs))
        redis.expire(ch.input_key(run_id), ch.INPUT_TTL_SECONDS)


@router.post("/{run_id}/input", status_code=status.HTTP_204_NO_CONTENT)
def live_input_post(run_id: RowId, body: LiveInput, request: Request, principal: AuthDep,
                    db: DbDep, redis: RedisDep) -> None:
    """The person's clicks, scrolls, keys and text, in order. Never logged, never answered."""
    _person(principal)
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "origin not allowed")
    _open_live(db, run_id)
    _push(redis, run_id, *body.events)
