"""Bots (run types), runs, their events and screenshots, and the live event stream."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import anyio
import structlog
from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import FileResponse, StreamingResponse

from linkedin_auto.api.deps import (
    AuthDep,
    ClockDep,
    DbDep,
    Offset,
    RedisDep,
    RowId,
    SettingsDep,
)
from linkedin_auto.api.schemas.bots import BotOption, BotOut, PlanOut, ScheduleDefault
from linkedin_auto.api.schemas.runs import (
    RunCancelled,
    RunDetail,
    RunIn,
    RunOut,
    RunPage,
    RunStarted,
    RunTimings,
)
from linkedin_auto.clock import parse_iso
from linkedin_auto.db.runs import RunStore, event_to_dict, run_to_dict

router = APIRouter(prefix="/api", tags=["runs"])
log = structlog.get_logger(__name__)

KEEPALIVE_SECONDS = 15.0
_SCREENSHOT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def _registry() -> dict[str, Any]:
    from linkedin_auto.queue.registry import load_all

    return load_all()


def _timings(run: dict[str, Any]) -> RunTimings:
    def span(a: str | None, b: str | None) -> float | None:
        return (parse_iso(b) - parse_iso(a)).total_seconds() if a and b else None

    return RunTimings(queued_seconds=span(run["created_at"], run["started_at"]),
                      duration_seconds=span(run["started_at"], run["finished_at"]))


@router.get("/bots", tags=["bots"], response_model=list[BotOut])
def list_bots(_: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep) -> list[BotOut]:
    """The bots and tools that can be started (``POST /api/bots/{bot}/runs``) or scheduled:
    title, whether a dry run is possible, the run options with their bounds, the schedule a new
    install proposes, and the last and active run."""
    from linkedin_auto.bots.run_options import option_fields
    from linkedin_auto.scheduler.defaults import default_specs

    store = RunStore(db, clock)
    proposed = {spec.bot: spec for spec, _ in default_specs(settings)}
    out = []
    for name, spec in sorted(_registry().items()):
        if not spec.direct:
            continue
        last = store.list(bot=name, limit=1)
        active = store.active_for_bot(name)
        default = proposed.get(name)
        out.append(BotOut(
            name=name, title=spec.title, description=spec.description, is_bot=spec.is_bot,
            supports_dry_run=spec.supports_dry_run,
            options=[BotOption(**o) for o in option_fields(name)],
            schedule_default=None if default is None else ScheduleDefault(
                **default.model_dump(include=set(ScheduleDefault.model_fields))),
            busy=bool(active), active_run_id=int(active[0]["id"]) if active else None,
            last_run=RunOut(**run_to_dict(last[0])) if last else None,
        ))
    return out


@router.post("/bots/{bot}/runs", status_code=status.HTTP_202_ACCEPTED, tags=["bots"],
             response_model=RunStarted)
def start_run(
    bot: str, body: RunIn, _: AuthDep, db: DbDep, clock: ClockDep, redis: RedisDep,
    settings: SettingsDep,
) -> RunStarted:
    from linkedin_auto.bots.run_options import validate_run_options
    from linkedin_auto.queue.enqueue import submit_run

    spec = _registry().get(bot)
    if spec is not None and not spec.direct:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{bot!r} is not started here")
    if spec is not None and spec.is_bot:
        # No bot acts while a release is being installed (it may still be rolled back).
        from linkedin_auto.updates.state import Paths, UpdateState, read_status

        update = read_status(Paths(settings.paths.state_dir))
        if update.state is not UpdateState.idle:
            raise HTTPException(status.HTTP_409_CONFLICT, f"an update to {update.version} is"
                                " being installed: bot runs wait until it is finished")
    # Bad bot options are refused now (ConfigError: 422 naming options.<key>), not failed in
    # the worker; an unknown bot is a 404 (UnknownBot), a busy one a 409 with its run_id.
    validate_run_options(bot, body.options)
    run_id = submit_run(db, redis, clock, bot, dry_run=body.dry_run, options=body.options,
                        trigger="manual", settings=settings)
    return RunStarted(run_id=run_id)


@router.get("/bots/{bot}/plan", tags=["bots"], response_model=PlanOut)
def bot_plan(
    bot: str, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> dict[str, Any]:
    """What a run would do now and why (provided by the bots)."""
    from linkedin_auto.bots.plan import plan_for

    if bot not in _registry():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown bot {bot!r}")
    return plan_for(bot, settings, db, clock)  # a run type without a plan: 404 (NoPlan)


@router.get("/runs", response_model=RunPage)
def list_runs(
    _: AuthDep, db: DbDep, clock: ClockDep,
    bot: str | None = None, status_: str | None = Query(None, alias="status"),
    limit: int = Query(50, ge=1, le=500), offset: Offset = 0,
) -> RunPage:
    store = RunStore(db, clock)
    total = store.count(bot=bot, status=status_)
    items = [RunOut(**run_to_dict(r))
             for r in store.list(bot=bot, status=status_, limit=limit, offset=offset)]
    return RunPage(items=items, total=total, limit=limit, offset=offset)


def _screenshots_dir(settings: Any, run_id: int) -> Any:
    return settings.paths.screenshots_dir / str(run_id)


@router.get("/runs/{run_id}", response_model=RunDetail)
def get_run(
    run_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> RunDetail:
    """A run with its events, timings and screenshot names."""
    store = RunStore(db, clock)
    row = store.get(run_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no run {run_id}")
    run = run_to_dict(row)
    shots_dir = _screenshots_dir(settings, run_id)
    shots = sorted(p.name for p in shots_dir.iterdir() if p.is_file()) if shots_dir.is_dir() else []
    return RunDetail(**run, timings=_timings(run),
                     events=[event_to_dict(e) for e in store.events(run_id)], screenshots=shots)


@router.post("/runs/{run_id}/cancel", response_model=RunCancelled)
def cancel(
    run_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep, redis: RedisDep
) -> RunCancelled:
    from linkedin_auto.queue.enqueue import cancel_run

    new_status = cancel_run(db, redis, clock, run_id)  # unknown run: 404 (RunNotFound)
    return RunCancelled(run_id=run_id, status=new_status)


@router.get("/runs/{run_id}/screenshots/{name}", response_class=FileResponse, responses={
    200: {"description": "The screenshot", "content": {"image/png": {}}}})
def screenshot(run_id: RowId, name: str, _: AuthDep, settings: SettingsDep) -> FileResponse:
    base = _screenshots_dir(settings, run_id)
    if not _SCREENSHOT_NAME.match(name):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such screenshot")
    path = base / name
    if not path.resolve().is_relative_to(base.resolve()) or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such screenshot")
    return FileResponse(path, headers={"Cache-Control": "private, max-age=86400"})


@router.get("/events", response_class=StreamingResponse)
async def events(request: Request, _: AuthDep, redis: RedisDep) -> StreamingResponse:
    """Server-sent events: every run state change, progress and event, as ``data: {json}``.

    Each message is ``{"type": "run"|"progress"|"event"|..., ...}``; a comment line is sent
    every 15 s so proxies keep the connection open.
    """
    from linkedin_auto.queue.events import event_kind, subscribe

    pubsub = await anyio.to_thread.run_sync(subscribe, redis)  # Redis down: 503

    async def stream() -> AsyncIterator[bytes]:
        try:
            yield b"retry: 3000\n: connected\n\n"
            waited = 0.0
            while not await request.is_disconnected():
                msg = await anyio.to_thread.run_sync(
                    lambda: pubsub.get_message(timeout=1.0), abandon_on_cancel=True
                )
                if msg and msg.get("type") == "message":
                    data = msg["data"]
                    text = data.decode() if isinstance(data, bytes) else str(data)
                    yield f"event: {event_kind(text)}\ndata: {text}\n\n".encode()
                    waited = 0.0
                else:
                    waited += 1.0
                    if waited >= KEEPALIVE_SECONDS:
                        yield b": keep-alive\n\n"
                        waited = 0.0
        finally:
            await anyio.to_thread.run_sync(pubsub.close)

    return StreamingResponse(
        stream(), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
