"""Helpers for bot tests: the sandbox served on a loopback port, a stored session, a run.

Plain functions and classes (no fixtures) so every bot test module can build the fixtures it
needs; the bots run exactly as in production (``run_bot``: vault, Chromium, session check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.runs.context import RunContext
from linkedin_auto.settings import Settings


class Sandbox:
    """A running sandbox: reset it, set faults, read what LinkedIn would have seen."""

    def __init__(self, url: str):
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=15)

    def reset(self, **options: Any) -> dict[str, Any]:
        r = self.http.post("/__sandbox/reset", json=options)
        r.raise_for_status()
        return self.state()

    def faults(self, *names: str) -> None:
        self.http.post("/__sandbox/faults", json={"faults": list(names)}).raise_for_status()

    def state(self) -> dict[str, Any]:
        r = self.http.get("/__sandbox/state")
        r.raise_for_status()
        data: dict[str, Any] = r.json()
        return data

    def login_cookie(self) -> dict[str, Any]:
        r = self.http.get("/__sandbox/login-cookie")
        r.raise_for_status()
        data: dict[str, Any] = r.json()
        return data


@contextmanager
def serve_sandbox() -> Iterator[Sandbox]:
    """The sandbox app in a uvicorn thread on a free loopback port."""
    from linkedin_auto.sandbox.runner import SandboxThread

    with SandboxThread() as server:
        sandbox = Sandbox(server.url)
        try:
            yield sandbox
        finally:
            sandbox.http.close()


def import_session(db: Database, settings: Settings, sandbox: Sandbox) -> None:
    """Store the sandbox's current login cookie in the vault, as a user would import li_at."""
    from linkedin_auto.security.secrets import ensure_secrets
    from linkedin_auto.security.vault import Identity, store_session

    cookie = sandbox.login_cookie()
    store_session(db, SystemClock(), ensure_secrets(settings), str(cookie["value"]), Identity())


def bot_settings(settings: Settings, sandbox: Sandbox) -> Settings:
    """Point at the sandbox; no human delays; any hour of any day."""
    settings.linkedin.base_url = sandbox.url
    settings.working_hours.enabled = False
    settings.warmup.enabled = False
    d = settings.delays
    d.min_seconds = d.max_seconds = 0
    d.typing_min_ms = d.typing_max_ms = 0
    return settings


def new_run(settings: Settings, db: Database, bot: str, *, dry_run: bool = False,
            options: dict[str, Any] | None = None) -> RunContext:
    clock = SystemClock()
    store = RunStore(db, clock)
    run_id = store.create(bot, dry_run=dry_run, options=options or {})
    store.start(run_id)
    return RunContext(run_id=run_id, bot=bot, dry_run=dry_run, options=options or {},
                      settings=settings, db=db, clock=clock, store=store)


def execute(func: Callable[[RunContext], None], settings: Settings, db: Database, bot: str, *,
            dry_run: bool = False, options: dict[str, Any] | None = None) -> RunContext:
    """Run a job function like the worker does, marking the run finished either way (with the
    worker's own status mapping: skipped, paused, partial, ...)."""
    from linkedin_auto.queue.jobs import status_for_counts, status_for_exception

    ctx = new_run(settings, db, bot, dry_run=dry_run, options=options)
    try:
        func(ctx)
    except BaseException as exc:
        ctx.store.finish(ctx.run_id, status_for_exception(exc), error=str(exc),
                         counts=dict(ctx.counts))
        raise
    ctx.store.finish(ctx.run_id, status_for_counts(dict(ctx.counts)), counts=dict(ctx.counts))
    return ctx


def events(db: Database, run_id: int, kind: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT kind, level, message FROM run_events WHERE run_id = ?"
    params: list[Any] = [run_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [dict(r) for r in db.query(sql + " ORDER BY id", params)]
