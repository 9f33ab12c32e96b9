"""The FastAPI application factory.

Everything a route needs (settings, database, Redis, clock, secrets) lives on ``app.state`` and
reaches routes through the dependencies in ``api.deps``; tests pass their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from linkedin_auto.api.errors import (
    config_error_detail,
    document_errors,
    field_error,
    normalise_detail,
)
from linkedin_auto.api.middleware import RequestContextMiddleware
from linkedin_auto.api.routers import (
    auth,
    config,
    dashboard,
    docs,
    keys,
    linkedin,
    live,
    messages,
    runs,
    schedules,
    system,
    updates,
)
from linkedin_auto.api.static import STATIC_DIR, mount_dashboard
from linkedin_auto.clock import Clock, SystemClock
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.errors import DomainError
from linkedin_auto.security.secrets import ensure_secrets
from linkedin_auto.security.setup import ensure_setup_code
from linkedin_auto.settings import ConfigError, Settings, load_settings

log = structlog.get_logger(__name__)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("linkedin-auto")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    db: Database | None = None,
    redis: Any = None,
    static_dir: Path | None = None,
) -> FastAPI:
    settings = settings or load_settings()
    clock = clock or SystemClock()
    owns_db, owns_redis = db is None, redis is None
    if db is None:
        db = open_database(settings.paths.db_file)
    if redis is None:
        from linkedin_auto.queue.enqueue import redis_from_settings

        redis = redis_from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # Close only what this factory opened; injected resources belong to the caller.
        if owns_db:
            app.state.db.close()
        if owns_redis:
            app.state.redis.close()

    app = FastAPI(
        title="LinkedIn Auto",
        version=_version(),
        docs_url=None,  # routers/docs.py serves /api/docs (FastAPI's needs a CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        description="Control API of the LinkedIn Auto appliance. Authenticate with the"
        " dashboard's session cookie (plus X-CSRF-Token on unsafe methods) or an API key as"
        " `Authorization: Bearer la_...`.",
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.db = db
    app.state.redis = redis
    app.state.secrets = ensure_secrets(settings)
    app.state.setup_code = ensure_setup_code(db, settings, clock)

    app.add_middleware(RequestContextMiddleware)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Same shape as FastAPI's default, minus the echoed input (it may hold a secret).
        detail = [field_error(e.get("loc", ()), e.get("msg", ""), e.get("type", ""))
                  for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        # Every 422 answers the published HTTPValidationError shape, whoever raised it.
        if exc.status_code == 422:
            return JSONResponse({"detail": normalise_detail(exc.detail)}, status_code=422,
                                headers=exc.headers)
        return await http_exception_handler(request, exc)

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        # What the domain refuses (errors.py), answered the same from every route: 404 not
        # found, 409 conflict, 403 refused, 422 invalid input naming the field, ...
        log.info("request_refused", status=exc.status_code, error=type(exc).__name__)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)

    @app.exception_handler(ConfigError)
    async def _config(_: Request, exc: ConfigError) -> JSONResponse:
        # Settings or run options refused: one error per dotted path (``options.max_pages``).
        return JSONResponse({"detail": config_error_detail(exc)}, status_code=422)

    modules = (auth, keys, config, linkedin, live, runs, schedules, system, dashboard,
               messages, updates, docs)
    for module in modules:
        app.include_router(module.router)
    document_errors(app, [m.router for m in modules])
    mount_dashboard(app, static_dir or STATIC_DIR)
    return app
