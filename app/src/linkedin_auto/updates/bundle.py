"""Release bundles: a tar of the release's files with a manifest signed by an Ed25519 key.

``manifest.json`` names the version, the oldest version it may upgrade, the release notes and
the sha256 of every other file; ``manifest.sig`` is the base64 Ed25519 signature of the
manifest's exact bytes. A bundle is accepted only when the signature is made by a trusted key
and every file matches its hash, nothing missing and nothing extra. Unsigned bundles (a
developer's ``make dist`` without a key) pass only with ``allow_unsigned``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import tarfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from linkedin_auto.errors import InvalidInput
from linkedin_auto.updates.versions import BadVersion, Version

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

# cryptography is imported where a key is used: its bindings cost ~9 MiB of RSS, and the API and
# the worker's scheduler import this module only for the manifest model and the update status.

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 5000
_SHA256_HEX = r"^[0-9a-f]{64}$"


class BundleRefused(InvalidInput):
    """The bundle cannot be trusted or installed; the message says why (no server paths).

    The API reports it at ``body.bundle`` (downloaded from the feed) or ``body.file`` (an
    upload: ``stage_from_file`` sets ``loc``)."""

    error_type = "bundle_refused"

    def __init__(self, message: str):
        super().__init__(message, ["body", "bundle"])

    @property
    def detail(self) -> Any:
        return [{"loc": self.loc, "msg": f"bundle refused: {self}", "type": self.type_}]


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = 1
    name: Literal["linkedin-auto"] = "linkedin-auto"
    version: str
    min_upgrade_from: str
    created: str
    notes: str = Field("", max_length=100_000)
    files: dict[str, str]

    @field_validator("version", "min_upgrade_from")
    @classmethod
    def _version(cls, v: str) -> str:
        Version(v)  # raises BadVersion (a ValueError): a clear validation error
        return v

    @field_validator("files")
    @classmethod
    def _files(cls, v: dict[str, str]) -> dict[str, str]:
        import re

        for name, digest in v.items():
            _check_member_name(name)
            if name in (MANIFEST, SIGNATURE):
                raise ValueError(f"{name} cannot be listed in the manifest")
            if not re.match(_SHA256_HEX, digest):
                raise ValueError(f"{name}: not a sha256 hex digest")
        if not any(_is_wheel(n) for n in v):
            raise ValueError("the release has no linkedin_auto wheel")
        return v

    @property
    def wheel(self) -> str:
        return next(n for n in sorted(self.files) if _is_wheel(n))


@dataclass(frozen=True)
class VerifiedRelease:
    manifest: Manifest
    signed: bool
    key_id: str | None
    root: Path  # where the files were extracted

    @property
    def wheel_path(self) -> Path:
        return self.root / self.manifest.wheel


def _is_wheel(name: str) -> bool:
    return "/" not in name and name.startswith("linkedin_auto-") and name.endswith(".whl")


def _check_member_name(name: str) -> None:
    norm = posixpath.normpath(name)
    if (not name or name != norm or name.startswith("/") or norm.startswith("..")
            or "\\" in name or "\x00" in name):
        raise ValueError(f"unsafe file name in the bundle: {name!r}")


# --- keys -------------------------------------------------------------------------------------

def key_id(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_text(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def parse_public_key(text: str) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ValueError("not a base64 Ed25519 public key (32 bytes)") from None


def load_public_keys(path: Path) -> list[Ed25519PublicKey]:
    """One base64 public key per line; '#' starts a comment. A missing file: no keys."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return []
    keys = []
    for n, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            try:
                keys.append(parse_public_key(text))
            except ValueError as exc:
                raise ValueError(f"{path.name} line {n}: {exc}") from None
    return keys


def generate_private_key(path: Path) -> Ed25519PublicKey:
    """Write a new private key (PEM, mode 0600, refuses to overwrite); returns its public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key.public_key()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path.name} is not an Ed25519 private key")
    return key


# --- building ---------------------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_manifest(
    files_root: Path, files: Iterable[str], *, version: str, min_upgrade_from: str, notes: str,
    now: datetime | None = None,
) -> bytes:
    """The manifest's bytes for ``files`` (paths relative to ``files_root``)."""
    manifest = Manifest(
        version=version, min_upgrade_from=min_upgrade_from, notes=notes,
        created=(now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        files={f: _sha256_file(files_root / f) for f in sorted(files)},
    )
    if Version(min_upgrade_from) > Version(version):
        raise ValueError(f"min_upgrade_from {min_upgrade_from} is newer than the release {version}")
    return (json.dumps(manifest.model_dump(), indent=2, sort_keys=True) + "\n").encode()


def sign_manifest(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    return base64.b64encode(key.sign(manifest)) + b"\n"


def write_bundle(files_root: Path, out: Path, manifest: bytes, signature: bytes | None) -> None:
    """A plain tar (the wheel is already compressed) with fixed owners and times."""
    files = json.loads(manifest)["files"]
    created = int(datetime.strptime(json.loads(manifest)["created"], "%Y-%m-%dT%H:%M:%SZ")
                  .replace(tzinfo=UTC).timestamp())

    def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
        import io

        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), created, 0o644
        tar.addfile(info, io.BytesIO(data))

    tmp = out.with_name(out.name + ".part")
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, MANIFEST, manifest)
        if signature is not None:
            add_bytes(tar, SIGNATURE, signature)
        for name in sorted(files):
            add_bytes(tar, name, (files_root / name).read_bytes())
    tmp.replace(out)


# --- verifying --------------------------------------------------------------------------------

def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo, limit: int) -> bytes:
    if member.size > limit:
        raise BundleRefused(f"{member.name} is too large")
    f = tar.extractfile(member)
    assert f is not None
    return f.read()


def verify_bundle(
    bundle: Path, dest: Path, keys: Sequence[Ed25519PublicKey], *, allow_unsigned: bool = False,
) -> VerifiedRelease:
    """Check the bundle and extract its files into ``dest`` (created; must not exist).

    Order: the manifest's signature first (nothing else is read from an untrusted bundle),
    then every file against its hash while it is extracted. On any refusal ``dest`` holds no
    file of the bundle.
    """
    from cryptography.exceptions import InvalidSignature

    try:
        size = bundle.stat().st_size
    except OSError:
        raise BundleRefused("the bundle file cannot be read") from None
    if size > MAX_BUNDLE_BYTES:
        raise BundleRefused(f"the bundle is larger than {MAX_BUNDLE_BYTES >> 20} MiB")
    try:
        tar = tarfile.open(bundle, "r:*")
    except (tarfile.TarError, OSError):
        raise BundleRefused("not a release bundle (a tar file made by `make dist`)") from None
    with tar:
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError):
            raise BundleRefused("the bundle is damaged (truncated or not a tar file)") from None
        if len(members) > MAX_MEMBERS:
            raise BundleRefused("the bundle has too many files")
        by_name: dict[str, tarfile.TarInfo] = {}
        for m in members:
            if m.isdir():
                continue
            if not m.isfile():
                raise BundleRefused(f"{m.name}: links and special files are not allowed")
            try:
                _check_member_name(m.name)
            except ValueError as exc:
                raise BundleRefused(str(exc)) from None
            if m.name in by_name:
                raise BundleRefused(f"{m.name} appears twice in the bundle")
            by_name[m.name] = m
        if MANIFEST not in by_name:
            raise BundleRefused("the bundle has no manifest.json")
        raw = _read_member(tar, by_name[MANIFEST], 1 << 20)

        signed, kid = False, None
        if SIGNATURE in by_name:
            sig_text = _read_member(tar, by_name[SIGNATURE], 4096)
            try:
                sig = base64.b64decode(sig_text.strip(), validate=True)
            except ValueError:
                raise BundleRefused("the signature is not valid base64") from None
            for key in keys:
                try:
                    key.verify(sig, raw)
                except InvalidSignature:
                    continue
                signed, kid = True, key_id(key)
                break
            else:
                raise BundleRefused(
                    "the signature does not match any trusted release key (a tampered manifest"
                    " or a bundle signed by someone else)" if keys else
                    "the bundle is signed but this appliance has no trusted release key")
        elif not allow_unsigned:
            raise BundleRefused("the bundle is not signed (unsigned bundles are accepted only"
                                " with updates allow_unsigned, for development)")

        try:
            manifest = Manifest.model_validate_json(raw)
        except (ValidationError, BadVersion) as exc:
            first = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc)}
            raise BundleRefused(f"the manifest is not valid: {first['msg']}") from None

        listed = set(manifest.files)
        present = set(by_name) - {MANIFEST, SIGNATURE}
        if listed - present:
            raise BundleRefused(f"missing from the bundle: {sorted(listed - present)[0]}")
        if present - listed:
            raise BundleRefused(f"not in the manifest: {sorted(present - listed)[0]}")

        dest.mkdir(parents=True, exist_ok=False)
        try:
            for name in sorted(listed):
                _extract_checked(tar, by_name[name], dest / name, manifest.files[name])
            (dest / MANIFEST).write_bytes(raw)
        except BaseException:
            import shutil

            shutil.rmtree(dest, ignore_errors=True)
            raise
    return VerifiedRelease(manifest=manifest, signed=signed, key_id=kid, root=dest)


def _extract_checked(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path,
                     digest: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = tar.extractfile(member)
    assert src is not None
    h = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            h.update(chunk)
            out.write(chunk)
    if h.hexdigest() != digest:
        raise BundleRefused(f"{member.name} does not match its sha256 in the manifest"
                            " (changed after signing)")
    target.chmod(0o644)
