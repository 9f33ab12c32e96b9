"""The live sign-in view through the real API process: start it, follow its event stream, send
input, and see the appliance's own Chromium sign in to the sandbox (2FA and a checkpoint).

The job runs in this test's process (as the worker's work horse would run it), so time limits
can be shortened; the dashboard end-to-end test runs it on the real worker.
"""

from __future__ import annotations

import base64
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis as redis_lib
from api_kit import ApiServer
from linkedin_auto.browser.processes import browser_processes
from sandbox_fixture import Sandbox

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "me@example.com", "sandbox"


def wait_until(pred: Callable[[], object], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := pred()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
    return value


class Stream:
    """The live view's server-sent events, read in a thread into a queue."""

    def __init__(self, client: httpx.Client, run_id: int) -> None:
        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        self.frames = 0
        self._client = client
        self._run_id = run_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            self._read_events()
        except httpx.TransportError:
            if not self._stop.is_set():
                raise

    def _read_events(self) -> None:
        with self._client.stream("GET", f"/api/linkedin/live/{self._run_id}/stream",
                                 timeout=httpx.Timeout(10, read=120)) as r:
            assert r.status_code == 200, r.read()
            event = ""
            for line in r.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    if event == "frame":
                        self.frames += 1
                    self.events.put((event, line[6:]))

    def wait_status(self, state: str, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            kind, data = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if kind == "status" and json.loads(data)["state"] == state:
                return json.loads(data)  # type: ignore[no-any-return]
            if kind == "status" and json.loads(data)["state"] in ("failed", "closed"):
                raise AssertionError(f"live view ended: {data}")

    def wait_load(self, after: int, timeout: float = 90) -> int:
        """The next page load the live view reports (its `load` event fired: the page is
        there to type into, as a person watching would see)."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.wait_status("ready", max(0.1, deadline - time.monotonic()))
            if int(status.get("loads", 0)) > after:
                return int(status["loads"])

    def wait_frame(self, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            kind, data = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if kind == "frame":
                return base64.b64decode(data)

    def close(self) -> None:
        """Close the connection, as a closed tab does (the reader leaves at its next line)."""
        self._stop.set()
        self._thread.join(30)


@pytest.fixture
def live_env(app_env: dict[str, str], sandbox: Sandbox,
             monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("LINKEDIN_AUTO_LINKEDIN__BASE_URL", sandbox.url)
    app_env["LINKEDIN_AUTO_LINKEDIN__BASE_URL"] = sandbox.url
    return app_env


@pytest.fixture
def live_api(live_env: dict[str, str], tmp_path: Path) -> Iterator[ApiServer]:
    server = ApiServer(live_env, tmp_path / "api.log").start()
    yield server
    server.stop()


@pytest.fixture
def live_admin(live_api: ApiServer, state_dir: Path, redis_url: str) -> Iterator[httpx.Client]:
    from api_kit import PASSWORD as ADMIN_PASSWORD
    from api_kit import csrf_headers
    from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

    client = live_api.client()
    code = (state_dir / "setup-code").read_text().strip()
    r = client.post("/api/auth/setup", json={"code": code, "password": ADMIN_PASSWORD})
    assert r.status_code == 200, r.text
    client.headers.update(csrf_headers(client))
    # The job runs in this process; the API only needs to see a live worker.
    redis_lib.Redis.from_url(redis_url).set(HEARTBEAT_KEY, "2026-01-01T00:00:00+00:00")
    yield client
    client.close()


def run_job(run_id: int) -> threading.Thread:
    from linkedin_auto.queue.jobs import execute_run

    t = threading.Thread(target=execute_run, args=(run_id,), daemon=True)
    t.start()
    return t


def send(client: httpx.Client, run_id: int, *events: dict[str, Any]) -> None:
    r = client.post(f"/api/linkedin/live/{run_id}/input", json={"events": list(events)})
    assert r.status_code == 204, r.text


def signin_state(sandbox: Sandbox) -> dict[str, Any]:
    return httpx.get(sandbox.url + "/__sandbox/signin").json()  # type: ignore[no-any-return]


def tab() -> dict[str, Any]:
    return {"type": "key", "key": "Tab"}


def test_sign_in_with_a_code_through_the_live_view(
    sandbox: Sandbox, live_api: ApiServer, live_admin: httpx.Client, state_dir: Path
) -> None:
    httpx.post(sandbox.url + "/__sandbox/signin", json={"second_factor": "code"})
    r = live_admin.post("/api/linkedin/live", json={})
    assert r.status_code == 201, r.text
    run_id = r.json()["run_id"]
    assert r.json()["purpose"] == "sign_in"
    job = run_job(run_id)
    stream = Stream(live_admin, run_id)
    try:
        ready = stream.wait_status("ready")
        assert ready["viewport"] == {"width": 1280, "height": 800}
        assert stream.wait_frame()[:2] == b"\xff\xd8"  # a JPEG
        assert live_admin.get("/api/linkedin/live").json()["state"] == "ready"
        send(live_admin, run_id, tab(), {"type": "text", "text": EMAIL}, tab(),
             {"type": "text", "text": PASSWORD}, {"type": "key", "key": "Enter"})
        pending = wait_until(lambda: signin_state(sandbox)["pending"], 60, "the code page")
        assert pending["step"] == "code"
        # Type only once the code page has loaded in the appliance's browser (the login page
        # was load 1): the sandbox knows the code before the browser shows its page, a gap a
        # busy machine makes long enough to lose the keys.
        stream.wait_load(after=max(1, int(ready["loads"])))
        send(live_admin, run_id, tab(), {"type": "text", "text": pending["code"]},
             {"type": "key", "key": "Enter"})
        stream.wait_status("signed_in")
    finally:
        stream.close()
    job.join(60)
    assert not job.is_alive()
    assert browser_processes(state_dir / "browser") == []

    session = live_admin.get("/api/linkedin/session").json()
    assert session["source"] == "live_sign_in" and session["status"] == "valid"
    logins = signin_state(sandbox)["logins"]
    assert [x["steps"] for x in logins] == [["code"]]
    assert logins[0]["user_agent"] == session["identity"]["user_agent"]
    run = live_admin.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "succeeded"
    # Nothing typed reaches the logs or the run's record.
    record = live_api.log() + json.dumps(run)
    assert PASSWORD not in record.replace("sandbox_", "") and EMAIL not in record
    assert pending["code"] not in record
    assert live_admin.get("/api/linkedin/live").status_code == 404


def test_checkpoint_solved_in_the_live_view_lifts_the_pause(
    sandbox: Sandbox, live_api: ApiServer, live_admin: httpx.Client, state_dir: Path
) -> None:
    from linkedin_auto.bots.safety.pause import current_pause, pause_all
    from linkedin_auto.clock import SystemClock
    from linkedin_auto.db.connection import open_database
    from linkedin_auto.security.vault import mark_status

    r = live_admin.put("/api/linkedin/session", json={"content": sandbox.login_cookie()["value"]})
    assert r.status_code == 200, r.text
    db, clock = open_database(state_dir / "linkedin.db"), SystemClock()
    mark_status(db, clock, "checkpoint", "redirected to /checkpoint/challenge/")
    pause_all(db, clock, hours=48, reason="checkpoint: redirected to /checkpoint/challenge/")
    sandbox.set_faults(["checkpoint"])

    r = live_admin.post("/api/linkedin/live", json={})
    assert r.status_code == 201 and r.json()["purpose"] == "checkpoint", r.text
    run_id = r.json()["run_id"]
    job = run_job(run_id)
    stream = Stream(live_admin, run_id)
    try:
        stream.wait_status("ready")
        # Tick "I'm not a robot" with the space bar, then Verify.
        send(live_admin, run_id, tab(), {"type": "key", "key": " "}, tab(),
             {"type": "key", "key": "Enter"})
        stream.wait_status("signed_in")
    finally:
        stream.close()
    job.join(60)
    assert sandbox.state()["faults"] == []
    assert signin_state(sandbox)["checkpoints_solved"] == 1
    assert current_pause(db, clock) is None
    assert live_admin.get("/api/linkedin/session").json()["status"] == "valid"
    assert browser_processes(state_dir / "browser") == []
    db.close()


def test_closing_the_tab_ends_the_live_view_and_its_browser(
    sandbox: Sandbox, live_api: ApiServer, live_admin: httpx.Client, state_dir: Path,
    redis_url: str,
) -> None:
    from linkedin_auto.browser.live_channel import VIEWER_LEFT, viewer_key

    run_id = live_admin.post("/api/linkedin/live", json={}).json()["run_id"]
    job = run_job(run_id)
    stream = Stream(live_admin, run_id)
    stream.wait_status("ready")
    assert browser_processes(state_dir / "browser")
    r = redis_lib.Redis.from_url(redis_url)
    stream.close()
    live_admin.close()  # the tab goes away: the stream's connection closes
    # The API marks the viewer gone as the connection ends: the job need not wait for the mark
    # to lapse (a few seconds, not half a minute, until the browser is gone).
    wait_until(lambda: r.get(viewer_key(run_id)) == VIEWER_LEFT, 60, "the viewer marked gone")
    job.join(90)
    assert not job.is_alive()
    assert browser_processes(state_dir / "browser") == []
    c = live_api.client()
    from api_kit import PASSWORD as ADMIN_PASSWORD

    assert c.post("/api/auth/login", json={"password": ADMIN_PASSWORD}).status_code == 200
    run = c.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "cancelled" and "went away" in json.dumps(run["events"]), run["error"]
    assert signin_state(sandbox)["logins"] == []
    c.close()


def test_refused_for_api_keys_while_a_run_is_active_and_without_a_worker(
    live_api: ApiServer, live_admin: httpx.Client, redis_url: str
) -> None:
    from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

    key = live_admin.post("/api/keys", json={"name": "script"}).json()["key"]
    r = httpx.post(live_api.url + "/api/linkedin/live", json={},
                   headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 403 and "API keys" in r.json()["detail"]
    r = live_admin.post("/api/linkedin/live", json={"purpose": "checkpoint"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "purpose"]
    r = live_admin.post("/api/linkedin/live", json={"purpose": "elsewhere"})
    assert r.status_code == 422
    # Only its own route starts it: not the generic run route, not a schedule, not listed.
    assert live_admin.post("/api/bots/live_signin/runs", json={}).status_code == 404
    assert "live_signin" not in {b["name"] for b in live_admin.get("/api/bots").json()}
    r = live_admin.post("/api/schedules", json={"bot": "live_signin", "time_of_day": "09:00"})
    assert r.status_code == 422 and "unknown bot" in r.text

    doctor = live_admin.post("/api/bots/doctor/runs", json={}).json()["run_id"]  # no worker
    r = live_admin.post("/api/linkedin/live", json={})
    assert r.status_code == 409 and "one browser at a time" in r.json()["detail"]
    assert live_admin.post(f"/api/runs/{doctor}/cancel").status_code == 200

    first = live_admin.post("/api/linkedin/live", json={})
    assert first.status_code == 201
    r = live_admin.post("/api/linkedin/live", json={})
    assert r.status_code == 409 and "already open" in r.json()["detail"]
    run_id = first.json()["run_id"]
    assert live_admin.delete(f"/api/linkedin/live/{run_id}").status_code == 204
    assert live_admin.get(f"/api/runs/{run_id}").json()["status"] == "cancelled"

    redis_lib.Redis.from_url(redis_url).delete(HEARTBEAT_KEY)
    r = live_admin.post("/api/linkedin/live", json={})
    assert r.status_code == 503 and "worker" in r.json()["detail"]
    r = live_admin.post("/api/linkedin/live/1/input", json={"events": [
        {"type": "text", "text": "hunter2"}]})
    assert r.status_code == 404 and "hunter2" not in r.text
    r = live_admin.post("/api/linkedin/live/1/input", json={"events": [
        {"type": "text", "text": "x" * 600}]})
    assert r.status_code == 422 and "xxxx" not in r.text


def test_app_approval_and_a_typed_answer_through_the_live_view(
    sandbox: Sandbox, live_api: ApiServer, live_admin: httpx.Client, state_dir: Path
) -> None:
    httpx.post(sandbox.url + "/__sandbox/signin",
               json={"second_factor": "app", "checkpoint": "answer"})
    run_id = live_admin.post("/api/linkedin/live", json={"purpose": "sign_in"}).json()["run_id"]
    job = run_job(run_id)
    stream = Stream(live_admin, run_id)
    try:
        ready = stream.wait_status("ready")
        send(live_admin, run_id, tab(), {"type": "text", "text": EMAIL}, tab(),
             {"type": "text", "text": PASSWORD}, {"type": "key", "key": "Enter"})
        wait_until(lambda: (signin_state(sandbox)["pending"] or {}).get("step") == "app", 60,
                   "the app approval page")
        r = httpx.post(sandbox.url + "/__sandbox/signin/approve")  # the phone says yes
        assert r.status_code == 200
        pending = wait_until(
            lambda: (p := signin_state(sandbox)["pending"]) and p["step"] == "answer" and p, 60,
            "the security check")
        # The page moved on by itself; wait for it to load before typing into it.
        wait_until(lambda: any(
            json.loads(d).get("loads", 0) > ready["loads"] + 1
            for k, d in list(stream.events.queue) if k == "status"), 60, "the check page")
        send(live_admin, run_id, tab(), {"type": "text", "text": pending["answer"]},
             {"type": "key", "key": "Enter"})
        stream.wait_status("signed_in")
    finally:
        stream.close()
    job.join(60)
    assert [x["steps"] for x in signin_state(sandbox)["logins"]] == [["app", "answer"]]
    assert browser_processes(state_dir / "browser") == []


def test_the_live_view_ends_at_its_time_limit(
    sandbox: Sandbox, live_api: ApiServer, live_admin: httpx.Client, state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from linkedin_auto.browser import live

    monkeypatch.setattr(live, "TIME_LIMIT_SECONDS", 3)
    run_id = live_admin.post("/api/linkedin/live", json={}).json()["run_id"]
    job = run_job(run_id)
    stream = Stream(live_admin, run_id)
    try:
        stream.wait_status("ready")
        deadline = time.monotonic() + 60
        while True:
            kind, data = stream.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if kind == "status" and json.loads(data)["state"] == "closed":
                assert "time limit" in json.loads(data)["message"]
                break
    finally:
        stream.close()
    job.join(60)
    assert browser_processes(state_dir / "browser") == []
    run = live_admin.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "failed" and "time limit" in run["error"]
    assert live_admin.get("/api/linkedin/session").status_code == 404  # nothing stored
