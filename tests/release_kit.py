"""Test release bundles made on the fly (a throw-away Ed25519 key, never a stored one)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from linkedin_auto.updates.bundle import build_manifest, sign_manifest, write_bundle

WHEEL = "linkedin_auto-0.2.0-py3-none-any.whl"


def make_release(root: Path, version: str = "0.2.0") -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    wheel = f"linkedin_auto-{version}-py3-none-any.whl"
    (root / wheel).write_bytes(b"PK wheel bytes " * 100)
    (root / "requirements.lock").write_text("fastapi==1 --hash=sha256:00\n")
    (root / "ansible" / "roles" / "app" / "tasks").mkdir(parents=True)
    (root / "ansible" / "roles" / "app" / "tasks" / "main.yml").write_text("---\n")
    (root / "ansible" / "update.yml").write_text("---\n")
    return [wheel, "requirements.lock", "ansible/roles/app/tasks/main.yml", "ansible/update.yml"]


def bundle_of(tmp_path: Path, key: Ed25519PrivateKey | None, version: str = "0.2.0",
              notes: str = "Faster wishes.", min_from: str | None = None) -> Path:
    src = tmp_path / f"src-{version}"
    files = make_release(src, version)
    # A test version below 0.1.0 (a downgrade) upgrades from itself.
    floor = min_from or min(version, "0.1.0")
    manifest = build_manifest(src, files, version=version, min_upgrade_from=floor, notes=notes)
    out = tmp_path / f"linkedin-auto-{version}.tar"
    write_bundle(src, out, manifest, sign_manifest(manifest, key) if key else None)
    return out


def rewrite(bundle: Path, out: Path, change: dict[str, bytes | None],
            add: dict[str, bytes] | None = None) -> Path:
    """A copy of the bundle with members replaced (bytes) or dropped (None)."""
    with tarfile.open(bundle) as src, tarfile.open(out, "w") as dst:
        for m in src.getmembers():
            data = src.extractfile(m).read()  # type: ignore[union-attr]
            if m.name in change:
                if change[m.name] is None:
                    continue
                data = change[m.name]  # type: ignore[assignment]
            info = tarfile.TarInfo(m.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
        for name, data in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return out
