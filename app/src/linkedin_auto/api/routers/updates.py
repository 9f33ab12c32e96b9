"""System → Updates: installed version, the feed, a staged bundle, Install, the history.

Installing is handed to the root updater (a request file its path unit waits for): this
process never gains root. See docs/operations.md#updates.
"""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile, status

from linkedin_auto.api.deps import AuthDep, SettingsDep
from linkedin_auto.api.schemas.updates import InstallIn, UpdatesOverview
from linkedin_auto.updates import staging
from linkedin_auto.updates.state import (
    Paths,
    UpdateRecord,
    UpdateStatus,
    allow_unsigned,
    installed_version,
    read_history,
    read_status,
)

router = APIRouter(prefix="/api/updates", tags=["updates"])


@router.get("", response_model=UpdatesOverview)
def overview(_: AuthDep, settings: SettingsDep) -> UpdatesOverview:
    paths = Paths(settings.paths.state_dir)
    return UpdatesOverview(
        installed_version=installed_version(), channel=settings.updates.channel,
        feed_url=settings.updates.feed_url,
        allow_unsigned=allow_unsigned(settings.paths.updater_dir),
        staged=staging.staged(settings), status=read_status(paths),
        history=read_history(paths, 20))


@router.get("/status", response_model=UpdateStatus)
def update_status(_: AuthDep, settings: SettingsDep) -> UpdateStatus:
    """What the updater is doing (polled by the dashboard's banner)."""
    return read_status(Paths(settings.paths.state_dir))


@router.get("/history", response_model=list[UpdateRecord])
def history(_: AuthDep, settings: SettingsDep) -> list[UpdateRecord]:
    return read_history(Paths(settings.paths.state_dir), 200)


@router.post("/check", response_model=staging.FeedCheck)
def check(_: AuthDep, settings: SettingsDep) -> staging.FeedCheck:
    """Read the release feed (`updates.feed_url`, channel `updates.channel`)."""
    return staging.check_feed(settings)


@router.post("/download", response_model=staging.StagedRelease)
def download(_: AuthDep, settings: SettingsDep) -> staging.StagedRelease:
    """Download the feed's release and stage it (verified: signature and every file's hash).
    A bundle that cannot be trusted: 422 at body.bundle (BundleRefused)."""
    return staging.stage_from_feed(settings)


@router.post("/upload", response_model=staging.StagedRelease)
def upload(
    _: AuthDep, settings: SettingsDep,
    file: UploadFile = File(..., description="A linkedin-auto-VERSION.tar from `make dist`."),
) -> staging.StagedRelease:
    """Stage an uploaded bundle, for an appliance that cannot reach the feed. A bundle that
    cannot be trusted: 422 at body.file (BundleRefused)."""
    return staging.stage_from_file(settings, file.file)


@router.delete("/staged", status_code=status.HTTP_204_NO_CONTENT)
def discard(_: AuthDep, settings: SettingsDep) -> None:
    staging.discard(settings)


@router.post("/install", response_model=UpdateStatus, status_code=status.HTTP_202_ACCEPTED)
def install(body: InstallIn, _: AuthDep, settings: SettingsDep) -> UpdateStatus:
    """Install the staged release. Refused (409) before anything starts when it is older than
    the installed one (downgrades), already installed, or needs an intermediate release."""
    staging.request_install(settings, body.version)
    return read_status(Paths(settings.paths.state_dir))
