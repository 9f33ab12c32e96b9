"""System → Updates over HTTP: a real API process, a local release feed, bundles signed with a
key made for the test. Installing writes the request the root updater's path unit waits for."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from api_kit import ApiServer, csrf_headers
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from linkedin_auto.updates.bundle import public_key_text
from linkedin_auto.updates.state import (
    Paths,
    UpdateRecord,
    UpdateResult,
    append_history,
)
from release_kit import WHEEL, bundle_of, rewrite


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def feed(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static file server on loopback: (base URL, folder it serves)."""
    root = tmp_path / "feed"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(SimpleHTTPRequestHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", root
    server.shutdown()
    server.server_close()


@pytest.fixture
def upd(app_env: dict[str, str], tmp_path: Path, state_dir: Path, key: Ed25519PrivateKey,
        feed: tuple[str, Path]) -> Iterator[httpx.Client]:
    updater = tmp_path / "updater"
    updater.mkdir()
    (updater / "trusted-keys").write_text(public_key_text(key.public_key()) + "\n")
    env = {**app_env, "LINKEDIN_AUTO_PATHS__UPDATER_DIR": str(updater),
           "LINKEDIN_AUTO_UPDATES__FEED_URL": f"{feed[0]}/feed.json"}
    server = ApiServer(env, tmp_path / "api.log").start()
    client = server.client()
    code = (state_dir / "setup-code").read_text().strip()
    assert client.post("/api/auth/setup",
                       json={"code": code, "password": "correct horse battery 9"}).status_code == 200
    client.headers.update(csrf_headers(client))
    yield client
    client.close()
    server.stop()


def upload(client: httpx.Client, bundle: Path) -> httpx.Response:
    return client.post("/api/updates/upload",
                       files={"file": (bundle.name, bundle.read_bytes(), "application/x-tar")})


def test_upload_shows_notes_and_install_hands_over(upd: httpx.Client, tmp_path: Path, key,
                                                   state_dir: Path) -> None:
    r = upd.get("/api/updates")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["installed_version"] == "0.1.0" and body["channel"] == "stable"
    assert body["staged"] is None and body["status"]["state"] == "idle"
    assert body["allow_unsigned"] is False

    r = upload(upd, bundle_of(tmp_path, key, "0.2.0", notes="Belated wishes in German."))
    assert r.status_code == 200, r.text
    staged = r.json()
    assert staged == {**staged, "version": "0.2.0", "signed": True, "installable": True,
                      "refusal": None, "notes": "Belated wishes in German."}

    # Install asks for the staged version only.
    r = upd.post("/api/updates/install", json={"version": "0.3.0"})
    assert r.status_code == 409 and "staged release is 0.2.0" in r.json()["detail"]
    r = upd.post("/api/updates/install", json={"version": "0.2.0"})
    assert r.status_code == 202, r.text
    assert r.json()["state"] == "requested" and r.json()["version"] == "0.2.0"
    request = json.loads((state_dir / "updates" / "spool" / "request.json").read_text())
    assert request["version"] == "0.2.0"
    # The banner's source says an update is running; a second install or upload waits.
    assert upd.get("/api/updates/status").json()["state"] == "requested"
    assert upd.post("/api/updates/install", json={"version": "0.2.0"}).status_code == 409
    r = upload(upd, bundle_of(tmp_path / "b", key, "0.2.0"))
    assert r.status_code == 409 and "in progress" in r.json()["detail"]
    # Bots wait for the update; built-in jobs do not.
    r = upd.post("/api/bots/birthday/runs", json={"dry_run": True})
    assert r.status_code == 409 and "update to 0.2.0 is being installed" in r.json()["detail"]
    assert upd.post("/api/bots/doctor/runs", json={"dry_run": True}).status_code == 202


def test_history_keeps_the_result(upd: httpx.Client, state_dir: Path) -> None:
    append_history(Paths(state_dir), UpdateRecord(
        id="0123456789abcdef", version="0.2.0", from_version="0.1.0",
        started_at="2026-12-03T10:00:00Z", finished_at="2026-12-03T10:02:00Z",
        result=UpdateResult.rolled_back, reason="Rolled back to 0.1.0, database untouched"))
    [entry] = upd.get("/api/updates/history").json()
    assert entry["result"] == "rolled_back" and "Rolled back to 0.1.0" in entry["reason"]
    assert upd.get("/api/updates").json()["history"][0]["id"] == "0123456789abcdef"


def test_downgrade_and_same_version_are_refused_before_starting(upd: httpx.Client,
                                                                tmp_path: Path, key,
                                                                state_dir: Path) -> None:
    r = upload(upd, bundle_of(tmp_path, key, "0.0.9"))
    assert r.status_code == 200
    assert r.json()["installable"] is False
    assert "downgrades are refused" in r.json()["refusal"]
    r = upd.post("/api/updates/install", json={"version": "0.0.9"})
    assert r.status_code == 409 and "older than the installed 0.1.0" in r.json()["detail"]
    assert not (state_dir / "updates" / "spool" / "request.json").exists()
    r = upload(upd, bundle_of(tmp_path / "same", key, "0.1.0"))
    assert r.json()["refusal"] == "0.1.0 is already installed"


@pytest.mark.parametrize("kind", ["tampered", "wrong_key", "unsigned", "junk"])
def test_bad_bundles_are_422_and_nothing_is_staged(upd: httpx.Client, tmp_path: Path, key,
                                                   kind: str) -> None:
    good = bundle_of(tmp_path, key, "0.2.0")
    bundle = {
        "tampered": lambda: rewrite(good, tmp_path / "t.tar", {WHEEL: b"PK evil"}),
        "wrong_key": lambda: bundle_of(tmp_path / "w", Ed25519PrivateKey.generate(), "0.2.0"),
        "unsigned": lambda: bundle_of(tmp_path / "u", None, "0.2.0"),
        "junk": lambda: (tmp_path / "j.tar").write_bytes(b"x" * 5000) and tmp_path / "j.tar",
    }[kind]()
    r = upload(upd, bundle)
    assert r.status_code == 422, r.text
    [err] = r.json()["detail"]
    assert err["loc"] == ["body", "file"] and err["msg"].startswith("bundle refused:")
    assert str(tmp_path) not in r.text  # no server paths
    assert upd.get("/api/updates").json()["staged"] is None


def test_feed_check_and_download(upd: httpx.Client, tmp_path: Path, key,
                                 feed: tuple[str, Path]) -> None:
    base, root = feed
    r = upd.post("/api/updates/check")
    assert r.status_code == 200
    assert r.json()["ok"] is False and "cannot be read" in r.json()["error"]

    bundle = bundle_of(tmp_path, key, "0.2.0", notes="Signed notes.")
    (root / "linkedin-auto-0.2.0.tar").write_bytes(bundle.read_bytes())
    (root / "feed.json").write_text(json.dumps({"channels": {
        "stable": {"version": "0.2.0", "url": "linkedin-auto-0.2.0.tar", "notes": "Feed notes."},
        "beta": {"version": "0.3.0rc1", "url": "nope.tar"},
    }}))
    r = upd.post("/api/updates/check")
    check = r.json()
    assert check["ok"] and check["update_available"] and check["latest"]["version"] == "0.2.0"
    assert check["latest"]["url"] == f"{base}/linkedin-auto-0.2.0.tar"
    r = upd.post("/api/updates/download")
    assert r.status_code == 200, r.text
    # What is shown before Install comes from the signed manifest, not from the feed.
    assert r.json()["version"] == "0.2.0" and r.json()["notes"] == "Signed notes."
    assert upd.delete("/api/updates/staged").status_code == 204
    assert upd.get("/api/updates").json()["staged"] is None


def test_feed_offering_a_tampered_bundle_stages_nothing(upd: httpx.Client, tmp_path: Path, key,
                                                        feed: tuple[str, Path]) -> None:
    _, root = feed
    good = bundle_of(tmp_path, key, "0.2.0")
    rewrite(good, root / "b.tar", {"requirements.lock": b"evil==1\n"})
    (root / "feed.json").write_text(json.dumps(
        {"channels": {"stable": {"version": "0.2.0", "url": "b.tar"}}}))
    r = upd.post("/api/updates/download")
    assert r.status_code == 422
    assert "requirements.lock does not match its sha256" in r.json()["detail"][0]["msg"]
    assert upd.get("/api/updates").json()["staged"] is None


def test_bad_input_is_422_and_auth_is_required(upd: httpx.Client, app_env, tmp_path) -> None:
    assert upd.post("/api/updates/install", json={}).status_code == 422
    assert upd.post("/api/updates/install", json={"version": "x" * 65}).status_code == 422
    assert upd.post("/api/updates/upload").status_code == 422
    r = upd.put("/api/config", json={"updates": {"channel": "nightly"}})
    assert r.status_code == 422
    anon = httpx.Client(base_url=str(upd.base_url))
    for method, path in (("GET", "/api/updates"), ("POST", "/api/updates/check"),
                         ("GET", "/api/updates/status")):
        assert anon.request(method, path).status_code == 401
    anon.close()
