"""The API's side of an update: stage a verified bundle, read the feed, ask the updater.

The API checks a bundle as soon as it arrives so the dashboard can show its release notes and
refuse a bad or older one before anything starts; the root updater checks it again itself.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkedin_auto.errors import Conflict
from linkedin_auto.settings import Settings
from linkedin_auto.updates.bundle import MAX_BUNDLE_BYTES, BundleRefused, Manifest, verify_bundle
from linkedin_auto.updates.state import (
    Paths,
    UpdateRequest,
    UpdateState,
    allow_unsigned,
    dump_manifest,
    installed_version,
    read_status,
    refusal,
    trusted_keys,
    write_request,
)
from linkedin_auto.updates.versions import BadVersion, Version

FEED_TIMEOUT_S = 15
MAX_FEED_BYTES = 1 << 20


class UpdateConflict(Conflict):
    """The request cannot be honoured now (nothing staged, an update running, a downgrade)."""


class StagedRelease(BaseModel):
    version: str
    min_upgrade_from: str
    created: str
    notes: str
    signed: bool
    installable: bool
    refusal: str | None = Field(None, description="Why Install would be refused.")


class FeedRelease(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: str = Field(max_length=64)
    url: str = Field(max_length=2000)
    notes: str = Field("", max_length=100_000)
    min_upgrade_from: str | None = Field(None, max_length=64)


class FeedCheck(BaseModel):
    channel: str
    ok: bool
    error: str | None = None
    latest: FeedRelease | None = None
    update_available: bool = False
    refusal: str | None = None


def _paths(settings: Settings) -> Paths:
    return Paths(settings.paths.state_dir)


def _describe(manifest: Manifest, signed: bool) -> StagedRelease:
    why = refusal(installed_version(), manifest)
    return StagedRelease(version=manifest.version, min_upgrade_from=manifest.min_upgrade_from,
                         created=manifest.created, notes=manifest.notes, signed=signed,
                         installable=why is None, refusal=why)


def staged(settings: Settings) -> StagedRelease | None:
    p = _paths(settings)
    try:
        data = json.loads(p.staged_manifest.read_text())
        manifest = Manifest.model_validate(data["manifest"])
        return _describe(manifest, bool(data["signed"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard(settings: Settings) -> None:
    _ensure_idle(settings)
    shutil.rmtree(_paths(settings).staged, ignore_errors=True)


def _ensure_idle(settings: Settings) -> None:
    if read_status(_paths(settings)).state is not UpdateState.idle:
        raise UpdateConflict("an update is in progress")


def stage_from_file(settings: Settings, src: IO[bytes]) -> StagedRelease:
    """Copy (size-capped), verify, keep. Raises BundleRefused naming what is wrong."""
    try:
        return _stage_upload(settings, src)
    except BundleRefused as exc:
        exc.loc = ["body", "file"]  # the upload's form field, not a downloaded bundle
        raise


def _stage_upload(settings: Settings, src: IO[bytes]) -> StagedRelease:
    _ensure_idle(settings)
    p = _paths(settings)
    p.root.mkdir(mode=0o750, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=p.root, prefix=".incoming-") as tmp:
        bundle = Path(tmp) / "bundle.tar"
        copied = 0
        with bundle.open("wb") as out:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                copied += len(chunk)
                if copied > MAX_BUNDLE_BYTES:
                    raise BundleRefused(f"the bundle is larger than {MAX_BUNDLE_BYTES >> 20} MiB")
                out.write(chunk)
        updater = settings.paths.updater_dir
        try:
            release = verify_bundle(bundle, Path(tmp) / "release", trusted_keys(updater),
                                    allow_unsigned=allow_unsigned(updater))
        except ValueError as exc:  # an unreadable trusted-keys file
            raise BundleRefused(str(exc)) from None
        shutil.rmtree(p.staged, ignore_errors=True)
        p.staged.mkdir(mode=0o750)
        bundle.replace(p.staged_bundle)
        record = {"manifest": json.loads(dump_manifest(release.manifest)),
                  "signed": release.signed}
        p.staged_manifest.write_text(json.dumps(record, indent=2) + "\n")
    return _describe(release.manifest, release.signed)


def _open_url(url: str) -> IO[bytes]:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("only http:// and https:// addresses")
    agent = f"linkedin-auto/{installed_version()}"
    req = urllib.request.Request(url, headers={"User-Agent": agent})
    return urllib.request.urlopen(req, timeout=FEED_TIMEOUT_S)  # type: ignore[no-any-return]


def _fetch_feed(settings: Settings) -> FeedRelease | None:
    url = settings.updates.feed_url
    with _open_url(url) as resp:
        raw = resp.read(MAX_FEED_BYTES + 1)
    if len(raw) > MAX_FEED_BYTES:
        raise ValueError("the feed is larger than 1 MiB")
    data = json.loads(raw)
    entry = (data.get("channels") or {}).get(settings.updates.channel) if isinstance(data, dict) \
        else None
    if entry is None:
        return None
    release = FeedRelease.model_validate(entry)
    Version(release.version)
    release.url = urllib.parse.urljoin(url, release.url)
    return release


def check_feed(settings: Settings) -> FeedCheck:
    channel = settings.updates.channel
    try:
        latest = _fetch_feed(settings)
    except (OSError, urllib.error.URLError, ValueError, ValidationError, BadVersion) as exc:
        reason = getattr(exc, "reason", None) or exc
        return FeedCheck(channel=channel, ok=False,
                         error=f"the release feed cannot be read: {str(reason)[:300]}")
    if latest is None:
        return FeedCheck(channel=channel, ok=True, error=f"the feed has no {channel} release")
    have = Version(installed_version())
    new = Version(latest.version)
    why = None
    if latest.min_upgrade_from and have < Version(latest.min_upgrade_from):
        why = (f"{latest.version} upgrades from {latest.min_upgrade_from} or later; update to"
               f" {latest.min_upgrade_from} first")
    return FeedCheck(channel=channel, ok=True, latest=latest, update_available=new > have,
                     refusal=why)


def stage_from_feed(settings: Settings) -> StagedRelease:
    try:
        latest = _fetch_feed(settings)
    except (OSError, urllib.error.URLError, ValueError, ValidationError, BadVersion) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UpdateConflict(f"the release feed cannot be read: {str(reason)[:300]}") from None
    if latest is None:
        raise UpdateConflict(f"the feed has no {settings.updates.channel} release")
    if Version(latest.version) <= Version(installed_version()):
        raise UpdateConflict(f"the feed's {latest.version} is not newer than the installed"
                             f" {installed_version()}")
    try:
        with _open_url(latest.url) as resp:
            return stage_from_file(settings, resp)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UpdateConflict(f"the bundle cannot be downloaded: {str(reason)[:300]}") from None


def request_install(settings: Settings, version: str) -> UpdateRequest:
    """Hand the staged release to the root updater (its path unit starts it)."""
    _ensure_idle(settings)
    release = staged(settings)
    if release is None:
        raise UpdateConflict("no release is staged: check for updates or upload a bundle first")
    if release.version != version:
        raise UpdateConflict(f"the staged release is {release.version}, not {version}")
    if release.refusal:
        raise UpdateConflict(release.refusal)
    return write_request(_paths(settings), version)
