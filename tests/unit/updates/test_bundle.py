"""Release bundles: signed with a test key made here, refused when anything does not match."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from linkedin_auto.updates.bundle import (
    BundleRefused,
    build_manifest,
    generate_private_key,
    load_private_key,
    load_public_keys,
    public_key_text,
    verify_bundle,
)
from linkedin_auto.updates.versions import BadVersion, Version
from release_kit import WHEEL, bundle_of, make_release, rewrite


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_signed_bundle_verifies_and_extracts_every_file(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    release = verify_bundle(bundle, tmp_path / "out", [key.public_key()])
    assert release.signed and release.key_id
    assert release.manifest.version == "0.2.0"
    assert release.manifest.min_upgrade_from == "0.1.0"
    assert release.manifest.notes == "Faster wishes."
    assert release.wheel_path == tmp_path / "out" / WHEEL
    assert release.wheel_path.read_bytes() == b"PK wheel bytes " * 100
    assert (tmp_path / "out" / "ansible" / "update.yml").is_file()


def test_tampered_file_is_refused_and_nothing_is_left(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    bad = rewrite(bundle, tmp_path / "bad.tar", {WHEEL: b"PK evil"})
    with pytest.raises(BundleRefused, match=f"{WHEEL} does not match its sha256"):
        verify_bundle(bad, tmp_path / "out", [key.public_key()])
    assert not (tmp_path / "out").exists()


def test_tampered_manifest_fails_the_signature(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    with tarfile.open(bundle) as t:
        manifest = json.loads(t.extractfile("manifest.json").read())  # type: ignore[union-attr]
    manifest["min_upgrade_from"] = "0.0.1"
    bad = rewrite(bundle, tmp_path / "bad.tar", {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(BundleRefused, match="does not match any trusted release key"):
        verify_bundle(bad, tmp_path / "out", [key.public_key()])


def test_wrong_key_is_refused(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, Ed25519PrivateKey.generate())
    with pytest.raises(BundleRefused, match="does not match any trusted release key"):
        verify_bundle(bundle, tmp_path / "out", [key.public_key()])
    with pytest.raises(BundleRefused, match="no trusted release key"):
        verify_bundle(bundle, tmp_path / "out2", [])


def test_unsigned_is_refused_unless_allowed(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, None)
    with pytest.raises(BundleRefused, match="not signed"):
        verify_bundle(bundle, tmp_path / "out", [key.public_key()])
    release = verify_bundle(bundle, tmp_path / "out", [key.public_key()], allow_unsigned=True)
    assert not release.signed and release.key_id is None


def test_dropping_the_signature_of_a_signed_bundle_is_refused(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    bad = rewrite(bundle, tmp_path / "bad.tar", {"manifest.sig": None})
    with pytest.raises(BundleRefused, match="not signed"):
        verify_bundle(bad, tmp_path / "out", [key.public_key()])


@pytest.mark.parametrize("name, match", [
    ("extra.sh", "not in the manifest: extra.sh"),
    ("../escape", "unsafe file name"),
])
def test_extra_or_unsafe_members_are_refused(tmp_path: Path, key, name: str, match: str) -> None:
    bundle = bundle_of(tmp_path, key)
    bad = rewrite(bundle, tmp_path / "bad.tar", {}, add={name: b"#!/bin/sh\n"})
    with pytest.raises(BundleRefused, match=match):
        verify_bundle(bad, tmp_path / "out", [key.public_key()])
    assert not (tmp_path / "escape").exists()


def test_missing_file_is_refused(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    bad = rewrite(bundle, tmp_path / "bad.tar", {"requirements.lock": None})
    with pytest.raises(BundleRefused, match="missing from the bundle: requirements.lock"):
        verify_bundle(bad, tmp_path / "out", [key.public_key()])


def test_symlink_member_is_refused(tmp_path: Path, key) -> None:
    bundle = bundle_of(tmp_path, key)
    with tarfile.open(bundle, "a") as t:
        link = tarfile.TarInfo("link")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        t.addfile(link)
    with pytest.raises(BundleRefused, match="links and special files are not allowed"):
        verify_bundle(bundle, tmp_path / "out", [key.public_key()])


def test_not_a_tar_is_refused(tmp_path: Path, key) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"hello" * 1000)
    with pytest.raises(BundleRefused, match="not a release bundle"):
        verify_bundle(junk, tmp_path / "out", [key.public_key()])


def test_key_files_round_trip(tmp_path: Path) -> None:
    public = generate_private_key(tmp_path / "release.pem")
    assert (tmp_path / "release.pem").stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        generate_private_key(tmp_path / "release.pem")
    (tmp_path / "keys").write_text(f"# project key\n{public_key_text(public)}  # 2026\n")
    [loaded] = load_public_keys(tmp_path / "keys")
    bundle = bundle_of(tmp_path, load_private_key(tmp_path / "release.pem"))
    assert verify_bundle(bundle, tmp_path / "out", [loaded]).signed
    (tmp_path / "bad").write_text("not-a-key\n")
    with pytest.raises(ValueError, match="bad line 1"):
        load_public_keys(tmp_path / "bad")
    assert load_public_keys(tmp_path / "absent") == []


def test_manifest_refuses_min_version_newer_than_release(tmp_path: Path) -> None:
    files = make_release(tmp_path / "src")
    with pytest.raises(ValueError, match="newer than the release"):
        build_manifest(tmp_path / "src", files, version="0.2.0", min_upgrade_from="0.3.0",
                       notes="")


def test_version_order() -> None:
    order = ["0.1.0.dev1", "0.1.0a1", "0.1.0rc1", "0.1.0", "0.1.0.post1", "0.1.1", "0.10.0",
             "1.0"]
    assert sorted(order, key=Version) == order
    assert Version("1.0") == Version("1.0.0")
    assert Version("0.2.0rc1").is_prerelease and not Version("0.2.0.post1").is_prerelease
    with pytest.raises(BadVersion, match="not a release version"):
        Version("latest")
