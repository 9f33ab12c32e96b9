"""Wishes to check over HTTP: list unverified wishes, mark one delivered, ask for one again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx


def seed(state_dir: Path) -> dict[str, int]:
    """Two contacts wished by one run, both unverified, plus a sent and a dry-run wish."""
    db = sqlite3.connect(state_dir / "linkedin.db")
    ids: dict[str, int] = {}
    with db:
        run = db.execute("INSERT INTO runs (bot, status, created_at, counts) VALUES"
                         " ('birthday', 'partial', '2026-12-03T08:00:00Z', '{\"unverified\": 2}')")
        ids["run"] = int(run.lastrowid or 0)
        for slug, name, state, dry in (("ada", "Ada Lovelace", "unverified", 0),
                                       ("alan", "Alan Turing", "unverified", 0),
                                       ("grace", "Grace Hopper", "sent", 0),
                                       ("ada", "Ada Lovelace", "dry_run", 1)):
            url = f"https://www.linkedin.com/in/{slug}/"
            db.execute("INSERT OR IGNORE INTO contacts (profile_url, slug, name, created_at,"
                       " updated_at) VALUES (?, ?, ?, '', '')", (url, slug, name))
            cid = db.execute("SELECT id FROM contacts WHERE slug = ?", (slug,)).fetchone()[0]
            occasion = "birthday:2026-12-02" if not dry else "birthday:2026-12-03"
            m = db.execute(
                "INSERT INTO messages (contact_id, occasion, kind, template, text, state, dry_run,"
                " run_id, created_at, clicked_at) VALUES (?, ?, 'belated', 't', ?, ?, ?, ?,"
                " '2026-12-03T08:01:00Z', '2026-12-03T08:01:05Z')",
                (cid, occasion, f"Happy belated birthday, {name.split()[0]}!", state, dry,
                 ids["run"]))
            if not dry:
                ids[slug] = int(m.lastrowid or 0)
                db.execute("INSERT INTO audit_log (ts, run_id, bot, action, target_name,"
                           " target_url, dry_run, outcome) VALUES ('2026-12-03T08:01:05Z', ?,"
                           " 'birthday', 'message', ?, ?, 0, ?)",
                           (ids["run"], name, url, "done" if state == "sent" else "unverified"))
    db.close()
    return ids


def audit_outcomes(state_dir: Path) -> dict[str, str]:
    db = sqlite3.connect(state_dir / "linkedin.db")
    rows = db.execute("SELECT target_name, outcome FROM audit_log").fetchall()
    db.close()
    return dict(rows)


def test_wishes_to_check(admin: httpx.Client, state_dir: Path) -> None:
    ids = seed(state_dir)
    page = admin.get("/api/messages", params={"state": "unverified"}).json()
    assert page["total"] == 2
    assert [(m["contact_name"], m["state"], m["run_id"]) for m in page["items"]] == [
        ("Alan Turing", "unverified", ids["run"]), ("Ada Lovelace", "unverified", ids["run"])]
    assert page["items"][1]["clicked_at"] == "2026-12-03T08:01:05Z"
    assert admin.get("/api/messages").json()["total"] == 3  # dry runs are not listed
    ada_contact = page["items"][1]["contact_id"]
    assert [m["id"] for m in admin.get("/api/messages", params={
        "contact_id": ada_contact}).json()["items"]] == [ids["ada"]]

    r = admin.post(f"/api/messages/{ids['ada']}/delivered")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "sent" and r.json()["sent_at"]
    r = admin.post(f"/api/messages/{ids['alan']}/resend")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "abandoned"
    assert admin.get("/api/messages", params={"state": "unverified"}).json()["total"] == 0
    # The delivered click is now a done action; the resent one stays counted as clicked.
    assert audit_outcomes(state_dir) == {"Ada Lovelace": "done", "Alan Turing": "unverified",
                                         "Grace Hopper": "done"}
    events = admin.get(f"/api/runs/{ids['run']}").json()["events"]
    assert [e["message"] for e in events if e["kind"] == "wish_checked"] == [
        "You marked the wish to Ada Lovelace delivered",
        "You asked for the wish to Alan Turing to be sent again"]

    # Only a wish to check can be decided; clear errors, bounded ids, known states.
    r = admin.post(f"/api/messages/{ids['ada']}/resend")
    assert r.status_code == 409
    assert r.json()["detail"] == (f"wish {ids['ada']} is sent, not unverified: only a wish to"
                                  " check can be sent again")
    r = admin.post(f"/api/messages/{ids['grace']}/delivered")
    assert r.status_code == 409 and "is sent, not unverified" in r.text
    assert admin.post("/api/messages/999999/delivered").status_code == 404
    assert admin.post(f"/api/messages/{2**64}/delivered").status_code == 422
    assert admin.post("/api/messages/0/resend").status_code == 422
    r = admin.get("/api/messages", params={"state": "lost"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "state"]
    assert admin.get("/api/messages", params={"run_id": 2**64}).status_code == 422
    assert admin.get("/api/messages", params={"limit": 10_000}).status_code == 422


def test_wishes_need_a_login(admin: httpx.Client) -> None:
    r = httpx.get(str(admin.base_url) + "/api/messages?state=unverified")
    assert r.status_code == 401
    r = httpx.post(str(admin.base_url) + "/api/messages/1/delivered")
    assert r.status_code in (401, 403)
