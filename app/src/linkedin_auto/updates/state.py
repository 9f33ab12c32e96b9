"""The update's files, shared by the API (service user) and the root updater.

``<state_dir>/updates/`` (the service's): ``staged/`` holds the bundle the dashboard verified
(uploaded or downloaded from the feed), ``spool/request.json`` asks for its installation (the
updater's path unit waits for it). ``status/`` is written by the updater only: ``status.json``
(what it is doing) and ``history.jsonl`` (one line per finished update).
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from linkedin_auto.updates.bundle import Manifest, load_public_keys
from linkedin_auto.updates.versions import BadVersion, Version

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# An updater status older than this without an end is a run that died (power cut, kill).
STALE_AFTER = timedelta(hours=2)
REQUEST = "request.json"
BUNDLE = "bundle.tar"
PACKAGE_KEYS = Path(__file__).with_name("release-keys.txt")


class UpdateState(StrEnum):
    idle = "idle"
    requested = "requested"  # the API asked; the updater has not picked it up yet
    verifying = "verifying"
    waiting_for_bots = "waiting_for_bots"
    installing = "installing"


class UpdateResult(StrEnum):
    installed = "installed"
    rolled_back = "rolled_back"
    refused = "refused"
    failed = "failed"


class UpdateStatus(BaseModel):
    model_config = ConfigDict(extra="ignore")

    state: UpdateState = UpdateState.idle
    id: str | None = None
    version: str | None = None
    from_version: str | None = None
    started_at: str | None = None
    message: str | None = None


class UpdateRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    version: str | None
    from_version: str | None
    started_at: str | None
    finished_at: str
    result: UpdateResult
    reason: str | None = Field(None, description="Why it was refused, failed or rolled back.")


class UpdateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    version: str
    requested_at: str


class Paths:
    def __init__(self, state_dir: Path):
        self.root = state_dir / "updates"
        self.staged = self.root / "staged"
        self.spool = self.root / "spool"
        self.status_dir = self.root / "status"
        self.request = self.spool / REQUEST
        self.staged_bundle = self.staged / BUNDLE
        self.staged_manifest = self.staged / "manifest.json"
        self.status = self.status_dir / "status.json"
        self.history = self.status_dir / "history.jsonl"


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return secrets.token_hex(8)


def installed_version() -> str:
    try:
        return metadata.version("linkedin-auto")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def trusted_keys(updater_dir: Path) -> list[Ed25519PublicKey]:
    """The release's own keys plus the device's (root-owned) ones."""
    return load_public_keys(PACKAGE_KEYS) + load_public_keys(updater_dir / "trusted-keys")


def allow_unsigned(updater_dir: Path) -> bool:
    # A root-owned flag file (Ansible app_update_allow_unsigned), not a dashboard setting: the
    # web service must not be able to lower what the root updater accepts.
    return (updater_dir / "allow-unsigned").is_file()


def refusal(installed: str, manifest: Manifest) -> str | None:
    """Why this release cannot be installed over ``installed`` (None: it can)."""
    try:
        have, new, floor = (Version(installed), Version(manifest.version),
                            Version(manifest.min_upgrade_from))
    except BadVersion as exc:
        return str(exc)
    if new < have:
        return (f"{manifest.version} is older than the installed {installed}: downgrades are"
                " refused, because the database already has the newer release's schema. To go"
                f" back, restore a backup made with {manifest.version} or earlier (restore.yml).")
    if new == have:
        return f"{manifest.version} is already installed"
    if have < floor:
        return (f"{manifest.version} upgrades from {manifest.min_upgrade_from} or later; the"
                f" installed {installed} must first be updated to {manifest.min_upgrade_from}")
    return None


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write beside, then rename: a reader never sees half a file, and a symlink planted at
    ``path`` is replaced rather than followed (the updater writes as root)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_status(paths: Paths) -> UpdateStatus:
    status = UpdateStatus()
    try:
        status = UpdateStatus.model_validate_json(paths.status.read_text())
    except (OSError, ValueError):
        pass
    if status.state is not UpdateState.idle and status.started_at:
        started = datetime.strptime(status.started_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if datetime.now(UTC) - started > STALE_AFTER:
            return UpdateStatus()
    if status.state is UpdateState.idle and paths.request.is_file():
        try:
            req = UpdateRequest.model_validate_json(paths.request.read_text())
            return UpdateStatus(state=UpdateState.requested, id=req.id, version=req.version,
                                from_version=installed_version(), started_at=req.requested_at)
        except (OSError, ValueError):
            pass
    return status


def write_status(paths: Paths, status: UpdateStatus) -> None:
    write_atomic(paths.status, status.model_dump_json() + "\n")


def read_history(paths: Paths, limit: int = 50) -> list[UpdateRecord]:
    try:
        lines = paths.history.read_text().splitlines()
    except OSError:
        return []
    out = []
    for line in reversed(lines):
        try:
            out.append(UpdateRecord.model_validate_json(line))
        except ValueError:
            continue
        if len(out) >= limit:
            break
    return out


def append_history(paths: Paths, record: UpdateRecord, keep: int = 200) -> None:
    try:
        lines = paths.history.read_text().splitlines()[-(keep - 1):]
    except OSError:
        lines = []
    lines.append(record.model_dump_json())
    write_atomic(paths.history, "\n".join(lines) + "\n")


def read_request(path: Path) -> UpdateRequest:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd) as f:
        return UpdateRequest.model_validate_json(f.read(4096))


def write_request(paths: Paths, version: str) -> UpdateRequest:
    req = UpdateRequest(id=new_id(), version=version, requested_at=now_text())
    write_atomic(paths.request, req.model_dump_json() + "\n", 0o640)
    return req


def dump_manifest(manifest: Manifest) -> str:
    return json.dumps(manifest.model_dump(), indent=2, sort_keys=True) + "\n"
