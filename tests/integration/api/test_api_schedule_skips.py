"""A scheduled run that would be skipped says so, with the reason the run itself would give:
no session, bots paused past it, a dead session, outside working hours (not for a dry run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

DAILY = {"kind": "daily", "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
         "timezone": "UTC", "jitter_minutes": 0}


def _skips(admin: httpx.Client) -> dict[str, str | None]:
    return {s["name"]: s["skip_reason"] for s in admin.get("/api/schedules").json()}


def test_scheduled_runs_that_would_be_skipped_say_why(admin: httpx.Client,
                                                      state_dir: Path) -> None:
    for name, bot, at, dry in (("wishes", "birthday", "10:00", False),
                               ("night wishes", "birthday", "03:00", False),
                               ("night plan", "birthday", "03:00", True),
                               ("check", "session_check", "10:00", False),
                               ("backup", "backup", "03:00", False)):
        r = admin.post("/api/schedules", json={**DAILY, "name": name, "bot": bot,
                                               "time_of_day": at, "dry_run": dry,
                                               "enabled": True})
        assert r.status_code == 201, r.text
        assert r.json()["skip_reason"] == (None if bot == "backup"
                                           else "there is no LinkedIn session yet"), r.json()

    skips = _skips(admin)
    assert skips["backup"] is None  # needs no LinkedIn session
    for name in ("wishes", "night wishes", "night plan", "check"):
        assert skips[name] == "there is no LinkedIn session yet", (name, skips)

    li_at = "AQEDARsomeSESSIONvalue0123456789abcdef"
    assert admin.put("/api/linkedin/session", json={"content": li_at}).status_code == 200
    skips = _skips(admin)
    # Working hours 09:00-20:00 by default: a real run at 03:00 would be refused, a dry run not.
    assert skips["night wishes"] is not None and skips["night wishes"].startswith(
        "outside working hours (09:00-20:00 UTC")
    assert skips["wishes"] is None and skips["night plan"] is None and skips["check"] is None
    one = admin.get(f"/api/schedules/{admin.get('/api/schedules').json()[1]['id']}").json()
    assert one["name"] == "night wishes" and one["skip_reason"] == skips["night wishes"]

    # A pause past the next run: every run that loads LinkedIn is skipped, the backup is not.
    assert admin.post("/api/safety/pause", json={"days": 3, "note": "holiday"}).status_code == 200
    skips = _skips(admin)
    for name in ("wishes", "night wishes", "night plan", "check"):
        assert (skips[name] or "").startswith("all bots are paused until "), (name, skips)
        assert (skips[name] or "").endswith(": paused by you: holiday")
    assert skips["backup"] is None
    assert admin.post("/api/safety/resume").status_code == 200
    assert _skips(admin)["wishes"] is None

    # LinkedIn logged the session out: nothing that uses it runs until a new one is imported.
    db = sqlite3.connect(state_dir / "linkedin.db")
    with db:
        db.execute("UPDATE linkedin_session SET status = 'expired' WHERE id = 1")
    db.close()
    skips = _skips(admin)
    for name in ("wishes", "night plan", "check"):
        assert (skips[name] or "").startswith("the LinkedIn session is logged out"), skips
    assert skips["backup"] is None

    # A disabled schedule has no next run to skip.
    sid = next(s["id"] for s in admin.get("/api/schedules").json() if s["name"] == "wishes")
    r = admin.put(f"/api/schedules/{sid}", json={**DAILY, "name": "wishes", "bot": "birthday",
                                                 "time_of_day": "10:00", "enabled": False})
    assert r.status_code == 200 and r.json()["skip_reason"] is None
