"""Operations: health, system state, logs, backups, notifications."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Check(BaseModel):
    ok: bool
    detail: str | None = None
    age_seconds: float | None = None


class Health(BaseModel):
    status: str = Field(description="ok | degraded")
    checks: dict[str, Check] = Field(description="db, redis and (scope=all) worker")


class Memory(BaseModel):
    total_bytes: int
    available_bytes: int
    used_bytes: int
    percent: float


class SwapDevice(BaseModel):
    device: str
    type: str
    size_bytes: int
    used_bytes: int
    priority: int
    zram: bool


class Swap(BaseModel):
    total_bytes: int
    used_bytes: int
    percent: float
    devices: list[SwapDevice]


class Disk(BaseModel):
    path: str
    total_bytes: int
    free_bytes: int
    used_bytes: int
    percent: float


class Cpu(BaseModel):
    count: int | None
    load: list[float]
    temperature_c: float | None


class Versions(BaseModel):
    app: str | None
    python: str
    platform: str
    machine: str


class SystemOut(BaseModel):
    memory: Memory
    swap: Swap
    disk: Disk
    cpu: Cpu
    uptime_seconds: int
    services: dict[str, str] = Field(description="systemd state per service, or unknown")
    versions: Versions


class Logs(BaseModel):
    lines: list[str]
    reason: str | None = Field(description="Why there are none (no journald here, ...)")


class RestoreIn(BaseModel):
    confirm: bool = False


class BackupOut(BaseModel):
    name: str
    size: int
    created_at: str


class BackupCreated(BaseModel):
    name: str
    size_bytes: int


class Restored(BaseModel):
    restored: str
    safety_backup: str | None = Field(description="The backup taken of the replaced database")


class NotificationResult(BaseModel):
    url: str = Field(description="Masked: scheme://****<tag>")
    ok: bool
    error: str | None


class NotificationTest(BaseModel):
    ok: bool
    results: list[NotificationResult]


class NotificationOut(BaseModel):
    id: int
    ts: str
    event: str
    title: str
    body: str
    ok: bool
    error: str | None
