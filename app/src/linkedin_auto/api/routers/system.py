"""Operations: health, system state, logs, backups, notifications, Prometheus metrics."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path
from typing import Any, Literal

import anyio
import psutil  # type: ignore[import-untyped,unused-ignore]
import structlog
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import FileResponse, JSONResponse

from linkedin_auto import notify, sysinfo
from linkedin_auto.api.deps import (
    AuthDep,
    ClockDep,
    DbDep,
    RedisDep,
    SettingsDep,
    client_address,
    require_auth,
)
from linkedin_auto.api.errors import unprocessable
from linkedin_auto.api.schemas.system import (
    BackupCreated,
    BackupOut,
    Health,
    Logs,
    NotificationOut,
    NotificationTest,
    Restored,
    RestoreIn,
    SystemOut,
)

router = APIRouter(tags=["system"])
log = structlog.get_logger(__name__)

_BACKUP_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$"


@router.get("/api/health", response_model=Health, responses={503: {
    "description": "With ?ready=1: not ready (the failed checks say why).", "model": Health,
}})
def health(
    db: DbDep, redis: RedisDep, clock: ClockDep, ready: bool = False,
    scope: Literal["all", "api"] = "all",
) -> JSONResponse:
    """Liveness (always 200 while the API answers); ``?ready=1``: 503 unless all checks pass.

    ``scope=api`` leaves out the worker: an upgrade checks the new release's API first and
    starts the worker (and with it the scheduler) only once it is ready.
    """
    checks = sysinfo.health_checks(db, redis, clock)
    if scope == "api":
        checks.pop("worker", None)
    ok = all(c["ok"] for c in checks.values())
    body = {"status": "ok" if ok else "degraded", "checks": checks}  # the shape of Health
    code = status.HTTP_503_SERVICE_UNAVAILABLE if ready and not ok else status.HTTP_200_OK
    return JSONResponse(body, status_code=code)


@router.get("/api/system", response_model=SystemOut)
def system(_: AuthDep, settings: SettingsDep) -> dict[str, Any]:
    """Memory, swap (zram included), disk, temperature, load, uptime, services, versions."""
    vm = psutil.virtual_memory()
    sw = psutil.swap_memory()
    state = settings.paths.state_dir
    disk_path = state if state.exists() else Path("/")
    du = psutil.disk_usage(str(disk_path))
    return {
        "memory": {"total_bytes": vm.total, "available_bytes": vm.available, "used_bytes": vm.used,
                   "percent": vm.percent},
        "swap": {"total_bytes": sw.total, "used_bytes": sw.used, "percent": sw.percent,
                 "devices": sysinfo.swaps()},
        "disk": {"path": str(disk_path), "total_bytes": du.total, "free_bytes": du.free,
                 "used_bytes": du.used, "percent": du.percent},
        "cpu": {"count": psutil.cpu_count(), "load": list(os.getloadavg()),
                "temperature_c": sysinfo.temperature()},
        "uptime_seconds": int(time.time() - psutil.boot_time()),
        "services": sysinfo.service_states(),
        "versions": {"app": sysinfo.package_version("linkedin-auto"),
                     "python": sys.version.split()[0], "platform": platform.platform(),
                     "machine": platform.machine()},
    }


@router.get("/api/system/logs", response_model=Logs)
def system_logs(
    _: AuthDep, settings: SettingsDep, lines: int = Query(200, ge=1, le=5000)
) -> Logs:
    """The last lines of the services' journal (empty with a reason where journald is absent),
    or of their log files where ``paths.log_dir`` says they write them (``make demo``)."""
    text, reason = sysinfo.journal(lines, settings.paths.log_dir)
    return Logs(lines=text, reason=reason)


# --- backups ---------------------------------------------------------------------------------

def _backup_path(settings: Any, name: str) -> Path:
    import re

    base = settings.paths.backups_dir
    if not re.match(_BACKUP_NAME, name):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such backup")
    path = base / name
    if not path.resolve().is_relative_to(base.resolve()) or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such backup")
    return path


@router.get("/api/backups", response_model=list[BackupOut])
def list_backups(_: AuthDep, settings: SettingsDep) -> list[BackupOut]:
    from linkedin_auto.backup import list_backups as _list

    # Server paths are not the client's business: names are enough to download or restore.
    return [BackupOut(**b) for b in _list(settings)]


@router.post("/api/backups", status_code=status.HTTP_201_CREATED, response_model=BackupCreated)
def create_backup(_: AuthDep, db: DbDep, settings: SettingsDep, clock: ClockDep) -> BackupCreated:
    from linkedin_auto.backup import create_backup as _create

    path = _create(db, settings, clock)
    return BackupCreated(name=path.name, size_bytes=path.stat().st_size)


@router.get("/api/backups/{name}", response_class=FileResponse, responses={
    200: {"description": "The backup (an SQLite file)",
          "content": {"application/octet-stream": {}}}})
def download_backup(name: str, _: AuthDep, settings: SettingsDep) -> FileResponse:
    path = _backup_path(settings, name)
    return FileResponse(path, media_type="application/octet-stream", filename=path.name)


@router.post("/api/backups/{name}/restore", response_model=Restored)
def restore(
    name: str, body: RestoreIn, request: Request, _: AuthDep, settings: SettingsDep,
    clock: ClockDep,
) -> Restored:
    """Replace the database with a backup (a safety backup of the current one is made first).

    The backup's schema must be exactly what the migrations at its version create. The sign-in
    state (admin password, API keys, sessions) stays as it is now: a restore never brings back
    a revoked key. The other services should be restarted afterwards; this process reopens its
    connection.
    """
    from linkedin_auto.backup import restore_backup
    from linkedin_auto.db.connection import open_database

    if not body.confirm:
        raise unprocessable(["body", "confirm"], 'send {"confirm": true} to replace the database')
    path = _backup_path(settings, name)
    old = request.app.state.db
    # Not a usable backup: 422 at path.name (RestoreRefused, naming no server path).
    safety = restore_backup(settings, path, clock)
    request.app.state.db = open_database(settings.paths.db_file)
    old.close_quietly()
    log.info("backup_restored", backup=name)
    return Restored(restored=name, safety_backup=safety.name if safety else None)


# --- notifications ---------------------------------------------------------------------------

@router.post("/api/notifications/test", response_model=NotificationTest)
async def notification_test(
    _: AuthDep, db: DbDep, clock: ClockDep, settings: SettingsDep
) -> NotificationTest:
    """Send a test notification to every configured URL; one result per (masked) URL."""
    if not settings.notifications.urls:
        raise HTTPException(status.HTTP_409_CONFLICT, "no notification URL configured")
    results = await anyio.to_thread.run_sync(
        notify.send_all, settings, db, clock, "test", "LinkedIn Auto test",
        "Notifications from your LinkedIn Auto appliance work.",
    )
    return NotificationTest(ok=all(r["ok"] for r in results), results=results)


@router.get("/api/notifications", response_model=list[NotificationOut])
def notification_history(
    _: AuthDep, db: DbDep, limit: int = Query(50, ge=1, le=500)
) -> list[dict[str, Any]]:
    return notify.recent(db, limit)


# --- metrics ---------------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@router.get("/metrics", include_in_schema=False)
def prometheus(
    request: Request, db: DbDep, clock: ClockDep, redis: RedisDep
) -> Response:
    """Prometheus text format. Open to loopback (a local Prometheus or node agent), otherwise
    the same authentication as the API (an API key as Bearer)."""
    from linkedin_auto import metrics  # prometheus_client: loaded on the first scrape

    if client_address(request) not in LOOPBACK:
        require_auth(request, db, clock, request.app.state.secrets)

    registry = metrics.build_registry(db, clock, lambda: sysinfo.queue_depth(redis))
    return Response(metrics.render(registry), media_type="text/plain; version=0.0.4")
