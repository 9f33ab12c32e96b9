"""Runs, live events, schedules, health, system, metrics, backups, notifications, read models."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import redis as redis_lib
from api_kit import PASSWORD, ApiServer, free_port
from linkedin_auto.clock import iso
from linkedin_auto.db.connection import open_database


def test_runs_lifecycle_over_http(admin: httpx.Client, state_dir: Path) -> None:
    bots = {b["name"]: b for b in admin.get("/api/bots").json()}
    assert "doctor" in bots and bots["doctor"]["busy"] is False
    assert admin.post("/api/bots/nope/runs", json={}).status_code == 404
    plan = admin.get("/api/bots/birthday/plan")
    assert plan.status_code == 200 and plan.json()["bot"] == "birthday"
    assert admin.get("/api/bots/nope/plan").status_code == 404
    r = admin.post("/api/bots/doctor/runs", json={"dry_run": True, "options": {"x": 1}})
    assert r.status_code == 202
    run_id = r.json()["run_id"]
    r = admin.post("/api/bots/doctor/runs", json={})
    assert r.status_code == 409 and r.json()["detail"]["run_id"] == run_id
    assert admin.get("/api/bots").json()[[b["name"] for b in admin.get("/api/bots").json()]
                                         .index("doctor")]["busy"] is True
    page = admin.get("/api/runs", params={"bot": "doctor", "limit": 1}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == run_id
    assert page["items"][0]["options"] == {"x": 1} and page["items"][0]["dry_run"] is True
    assert admin.get("/api/runs", params={"status": "succeeded"}).json()["total"] == 0
    run = admin.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "queued" and run["events"] == [] and "timings" in run
    shots = state_dir / "screenshots" / str(run_id)
    shots.mkdir(parents=True)
    (shots / "error-1.png").write_bytes(b"\x89PNG fake")
    (state_dir / "secret.txt").write_text("top secret")
    assert admin.get(f"/api/runs/{run_id}").json()["screenshots"] == ["error-1.png"]
    r = admin.get(f"/api/runs/{run_id}/screenshots/error-1.png")
    assert r.status_code == 200 and r.content == b"\x89PNG fake"
    for bad in ("..%2F..%2Fsecret.txt", ".hidden", "%2E%2E%2Fsecret.txt"):
        r = admin.get(f"/api/runs/{run_id}/screenshots/{bad}")
        assert r.status_code == 404 and "top secret" not in r.text
    assert admin.post(f"/api/runs/{run_id}/cancel").json() == {"run_id": run_id,
                                                               "status": "cancelled"}
    assert admin.get(f"/api/runs/{run_id}").json()["status"] == "cancelled"
    assert admin.post("/api/runs/999/cancel").status_code == 404
    assert admin.get("/api/runs/999").status_code == 404


def test_sse_forwards_published_events(api: ApiServer, admin: httpx.Client,
                                       redis_url: str) -> None:
    from linkedin_auto.queue import EVENTS_CHANNEL

    r = redis_lib.Redis.from_url(redis_url)
    got: list[tuple[str, dict]] = []
    with admin.stream("GET", "/api/events") as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        lines = resp.iter_lines()
        assert next(lines).startswith("retry:")  # subscribed before the first byte
        r.publish(EVENTS_CHANNEL, json.dumps({"type": "event", "run_id": 7, "message": "hi"}))
        with api.client() as other:
            other.cookies.update(admin.cookies)
            other.post("/api/bots/doctor/runs", json={"dry_run": True},
                       headers={"X-CSRF-Token": admin.cookies["la_csrf"]})
        kind = ""
        for line in lines:
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                got.append((kind, json.loads(line[6:])))
                if len(got) == 2:
                    break
    assert got[0] == ("event", {"type": "event", "run_id": 7, "message": "hi"})
    assert got[1][0] == "run" and got[1][1]["status"] == "queued"
    assert got[1][1]["bot"] == "doctor"


def test_schedules_crud_and_preview(admin: httpx.Client) -> None:
    spec = {"bot": "birthday", "name": "mornings", "kind": "daily", "time_of_day": "09:30",
            "weekdays": ["mon", "tue", "wed", "thu", "fri"], "timezone": "Europe/Paris"}
    r = admin.post("/api/schedules/preview", json=spec)
    assert r.status_code == 200 and len(r.json()["next_runs"]) == 5
    r = admin.post("/api/schedules", json={**spec, "time_of_day": "25:99"})
    assert r.status_code == 422
    assert "time_of_day" in json.dumps(r.json()["detail"])
    r = admin.post("/api/schedules", json=spec)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert len(r.json()["next_runs"]) == 3
    assert admin.get(f"/api/schedules/{sid}").json()["name"] == "mornings"
    r = admin.put(f"/api/schedules/{sid}", json={**spec, "enabled": False})
    assert r.status_code == 200 and r.json()["enabled"] in (False, 0)
    assert [s["id"] for s in admin.get("/api/schedules").json()] == [sid]
    assert admin.delete(f"/api/schedules/{sid}").status_code == 204
    assert admin.get(f"/api/schedules/{sid}").status_code == 404


def test_health_readiness_follows_the_worker_heartbeat(api: ApiServer, redis_url: str) -> None:
    from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

    with api.client() as c:
        body = c.get("/api/health").json()
        assert body["status"] == "degraded"
        assert body["checks"]["db"]["ok"] and body["checks"]["redis"]["ok"]
        assert body["checks"]["worker"] == {"ok": False, "detail": "no heartbeat",
                                            "age_seconds": None}
        assert c.get("/api/health", params={"ready": 1}).status_code == 503
        # An upgrade's first gate: the new release's API, before the worker is started.
        r = c.get("/api/health", params={"ready": 1, "scope": "api"})
        assert r.status_code == 200 and "worker" not in r.json()["checks"]
        assert c.get("/api/health", params={"scope": "worker"}).status_code == 422
        redis_lib.Redis.from_url(redis_url).set(HEARTBEAT_KEY, iso(datetime.now(UTC)), ex=30)
        body = c.get("/api/health").json()
        assert body["status"] == "ok" and body["checks"]["worker"]["age_seconds"] < 30
        assert c.get("/api/health", params={"ready": 1}).status_code == 200


def test_system_logs_and_metrics(admin: httpx.Client, api: ApiServer) -> None:
    s = admin.get("/api/system").json()
    assert s["memory"]["total_bytes"] > 0 and 0 <= s["memory"]["percent"] <= 100
    assert {"total_bytes", "used_bytes", "devices"} <= set(s["swap"])
    assert s["disk"]["free_bytes"] > 0
    assert len(s["cpu"]["load"]) == 3 and "temperature_c" in s["cpu"]
    assert set(s["services"]) >= {"linkedin-auto-api", "linkedin-auto-worker"}
    assert s["versions"]["python"]
    logs = admin.get("/api/system/logs", params={"lines": 10}).json()
    assert isinstance(logs["lines"], list)
    assert logs["lines"] or logs["reason"]
    admin.post("/api/bots/doctor/runs", json={})
    with api.client() as anon:  # loopback scrapes need no credentials
        text = anon.get("/metrics").text
    assert 'linkedin_auto_runs_total{bot="doctor",status="queued"} 1.0' in text
    assert "linkedin_auto_queue_depth 1.0" in text
    assert "linkedin_auto_paused 0.0" in text


def _audit(state_dir: Path, rows: list[tuple[str, str, str, int]]) -> None:
    """audit_log rows (bot, action, outcome, dry_run), timestamped now."""
    db = open_database(state_dir / "linkedin.db")
    now = iso(datetime.now(UTC))
    with db.transaction() as c:
        for bot, action, outcome, dry in rows:
            c.execute("INSERT INTO audit_log (ts, bot, action, outcome, dry_run)"
                      " VALUES (?, ?, ?, ?, ?)", (now, bot, action, outcome, dry))
    db.close()


def test_unverified_actions_count_in_the_activity_chart_and_the_metrics(
        admin: httpx.Client, api: ApiServer, state_dir: Path) -> None:
    # Clicked but not seen to take effect: it may have happened, so it is activity.
    _audit(state_dir, [("birthday", "message", "done", 0), ("birthday", "message", "unverified", 0),
                       ("visitor", "profile_view", "unverified", 0),
                       ("birthday", "message", "failed", 0), ("birthday", "message", "skipped", 0),
                       ("birthday", "message", "dry_run", 1)])
    days = admin.get("/api/activity", params={"days": 2}).json()["days"]
    assert days[-1]["counts"] == {"message": 2, "profile_view": 1}
    with api.client() as anon:
        text = anon.get("/metrics").text
    actions = sorted(line for line in text.splitlines()
                     if line.startswith("linkedin_auto_actions_total{"))
    prefix = 'linkedin_auto_actions_total{action='
    assert actions == [
        prefix + '"message",bot="birthday",dry_run="false",outcome="done"} 1.0',
        prefix + '"message",bot="birthday",dry_run="false",outcome="unverified"} 1.0',
        prefix + '"profile_view",bot="visitor",dry_run="false",outcome="unverified"} 1.0',
    ]


def test_backups_create_list_download_restore(admin: httpx.Client) -> None:
    r = admin.post("/api/backups")
    assert r.status_code == 201, r.text
    name = r.json()["name"]
    assert name in [b["name"] for b in admin.get("/api/backups").json()]
    r = admin.get(f"/api/backups/{name}")
    assert r.status_code == 200 and r.content.startswith(b"SQLite format 3\x00")
    assert admin.get("/api/backups/..%2Flinkedin.db").status_code == 404
    assert admin.post(f"/api/backups/{name}/restore", json={}).status_code == 422
    r = admin.post(f"/api/backups/{name}/restore", json={"confirm": True})
    assert r.status_code == 200, r.text
    # The API keeps working on the restored database (same admin, same session).
    assert admin.get("/api/runs").status_code == 200


class _Recorder(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Recorder.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[int]:
    _Recorder.received = []
    srv = HTTPServer(("127.0.0.1", 0), _Recorder)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()


def test_notification_test_reaches_a_real_endpoint(admin: httpx.Client, webhook: int) -> None:
    assert admin.post("/api/notifications/test").status_code == 409  # nothing configured
    dead = free_port()
    urls = [f"json://127.0.0.1:{webhook}/", f"json://127.0.0.1:{dead}/"]
    assert admin.put("/api/config", json={"notifications": {"urls": urls}}).status_code == 200
    r = admin.post("/api/notifications/test")
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["ok"] for x in results] == [True, False]
    assert all(x["url"].startswith("json://****") for x in results)
    assert _Recorder.received and _Recorder.received[0]["title"] == "LinkedIn Auto test"
    history = admin.get("/api/notifications").json()
    assert history[0]["event"] == "test" and history[0]["ok"] is False
    assert str(dead) not in json.dumps(history)


def test_contacts_activity_and_safety(admin: httpx.Client, state_dir: Path) -> None:
    db = open_database(state_dir / "linkedin.db")
    now = iso(datetime.now(UTC))
    url = "https://www.linkedin.com/in/ada-lovelace/"
    with db.transaction() as c:
        cid = c.execute(
            "INSERT INTO contacts (profile_url, slug, name, headline, created_at, updated_at)"
            " VALUES (?, 'ada-lovelace', 'Ada Lovelace', 'Analyst', ?, ?)", (url, now, now)
        ).lastrowid
        c.execute("INSERT INTO contacts (profile_url, slug, name, created_at, updated_at)"
                  " VALUES ('https://www.linkedin.com/in/bob/', 'bob', 'Bob', ?, ?)", (now, now))
        c.execute("INSERT INTO messages (contact_id, occasion, kind, template, text, state,"
                  " created_at, sent_at) VALUES (?, 'birthday:2026-11-25', 'today', 't',"
                  " 'Happy birthday, Ada!', 'sent', ?, ?)", (cid, now, now))
        c.execute("INSERT INTO profile_visits (contact_id, visited_at) VALUES (?, ?)", (cid, now))
        c.execute("INSERT INTO audit_log (ts, bot, action, target_name, target_url, rule)"
                  " VALUES (?, 'birthday', 'message', 'Ada Lovelace', ?, 'today')", (now, url))
        c.execute("INSERT INTO audit_log (ts, bot, action, dry_run) VALUES (?, 'visitor',"
                  " 'profile_view', 1)", (now,))
        c.execute("INSERT INTO kv (key, value, updated_at) VALUES ('pause', ?, ?)",
                  (json.dumps({"until": "2999-01-01T00:00:00+00:00", "reason": "limit popup",
                               "since": now}), now))
    db.close()
    page = admin.get("/api/contacts", params={"q": "ada"}).json()
    assert page["total"] == 1
    ada = page["items"][0]
    assert (ada["wishes"], ada["visits"], ada["invitations"]) == (1, 1, 0)
    assert admin.get("/api/contacts", params={"limit": 1, "offset": 1}).json()["total"] == 2
    detail = admin.get(f"/api/contacts/{cid}").json()
    assert {e["type"] for e in detail["timeline"]} == {"message", "visit", "action"}
    assert any(e.get("text") == "Happy birthday, Ada!" for e in detail["timeline"])
    r = admin.put(f"/api/contacts/{cid}/blacklist", json={"blacklisted": True})
    assert r.json()["blacklisted"] is True
    assert admin.get(f"/api/contacts/{cid}").json()["blacklisted"] is True
    days = admin.get("/api/activity", params={"days": 3}).json()["days"]
    assert len(days) == 3 and days[-1]["counts"] == {"message": 1}  # dry runs are not activity
    safety = admin.get("/api/safety").json()
    assert safety["paused"]["reason"] == "limit popup"
    assert admin.post("/api/safety/resume").status_code == 200
    assert admin.get("/api/safety").json()["paused"] is None


def test_pause_all_bots_for_a_holiday(admin: httpx.Client) -> None:
    for bad in ({"days": 0}, {"days": 91}, {"days": 10**30}, {"days": True}, {"days": "7"},
                {"days": 7, "note": "x" * 201}, {"days": 7, "until": "2999-01-01"}, {}):
        r = admin.post("/api/safety/pause", json=bad)
        assert r.status_code == 422, (bad, r.text)
    assert admin.get("/api/safety").json()["paused"] is None  # nothing written by a refusal
    before = datetime.now(UTC)
    r = admin.post("/api/safety/pause", json={"days": 7, "note": " holiday "})
    assert r.status_code == 200, r.text
    paused = r.json()["paused"]
    assert paused["reason"] == "paused by you: holiday"
    until = datetime.fromisoformat(paused["until"])
    assert timedelta(days=7) <= until - before < timedelta(days=7, minutes=1)
    assert admin.get("/api/safety").json()["paused"] == paused
    # A shorter pause never cuts a longer one in force (e.g. a cool-down after a warning).
    assert admin.post("/api/safety/pause", json={"days": 1}).json()["paused"] == paused
    assert admin.post("/api/safety/resume").status_code == 200
    assert admin.get("/api/safety").json()["paused"] is None


def test_no_secret_reaches_the_log(api: ApiServer, state_dir: Path) -> None:
    code = (state_dir / "setup-code").read_text().strip()
    startup = api.log()
    assert startup.count(code) == 1  # logged once at start, on purpose
    li_at = "AQEDARsecretCOOKIEvalue0123456789abcdef"
    with api.client() as c:
        c.post("/api/auth/setup", json={"code": code, "password": "short"})
        c.post("/api/auth/setup", json={"code": code, "password": PASSWORD})
        h = {"X-CSRF-Token": c.cookies["la_csrf"]}
        c.post("/api/auth/login", json={"password": "wrong " + PASSWORD})
        c.post("/api/auth/login", json={"password": PASSWORD})
        h = {"X-CSRF-Token": c.cookies["la_csrf"]}
        c.put("/api/linkedin/session", json={"content": li_at}, headers=h)
        c.put("/api/linkedin/session", json={"content": f'[{{"name":"li_at","value":"{li_at}",'
                                             '"domain":".evil.example"}]'}, headers=h)
        key = c.post("/api/keys", json={"name": "k"}, headers=h).json()["key"]
        c.get("/api/runs", headers={"Authorization": f"Bearer {key}"})
        c.get("/api/runs", headers={"Authorization": f"Bearer {key}x"})
        session_token = c.cookies["la_session"]
    api.stop()
    after = api.log()[len(startup):]
    assert "session_imported" in after and "login" in after  # the log did record the events
    for secret in (PASSWORD, code, li_at, key, session_token, "short"):
        assert secret not in after, secret


def test_restore_over_http_keeps_revoked_keys_revoked_and_hides_paths(
    admin: httpx.Client, api: ApiServer, state_dir: Path
) -> None:
    key = admin.post("/api/keys", json={"name": "leaked"}).json()
    backup = admin.post("/api/backups").json()["name"]
    assert admin.delete(f"/api/keys/{key['id']}").status_code == 204
    r = admin.post(f"/api/backups/{backup}/restore", json={"confirm": True})
    assert r.status_code == 200, r.text
    with api.client() as script:
        r = script.get("/api/runs", headers={"Authorization": f"Bearer {key['key']}"})
        assert r.status_code == 401  # revoked before the restore, still revoked after
    assert admin.get("/api/runs").status_code == 200  # the caller's session is kept
    # A backup whose ledger was dropped is refused, naming the problem but no server path.
    broken = state_dir / "backups" / "linkedin-broken.db"
    broken.write_bytes((state_dir / "backups" / backup).read_bytes())
    import sqlite3

    conn = sqlite3.connect(broken)
    conn.execute("DROP TABLE messages")
    conn.commit()
    conn.close()
    r = admin.post("/api/backups/linkedin-broken.db/restore", json={"confirm": True})
    assert r.status_code == 422
    (err,) = r.json()["detail"]
    assert err["loc"] == ["path", "name"] and err["type"] == "restore_refused"
    assert "missing table messages" in err["msg"] and str(state_dir) not in r.text
    assert admin.get("/api/contacts").status_code == 200  # the live database is untouched
