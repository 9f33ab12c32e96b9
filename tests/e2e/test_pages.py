"""Every page at phone and desktop size, with some history in the database: each renders its
heading, shows no error, fits the phone screen without sideways scrolling, and is saved as a
screenshot in test-artifacts/screenshots/ for review."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, alert, screenshot, wait_until

PAGES = [
    ("/", "Overview"),
    ("/bots/", "Bots"),
    ("/runs/", "Runs"),
    ("/wishes/", "Wishes to check"),
    ("/contacts/", "Contacts"),
    ("/schedules/", "Schedules"),
    ("/messages/", "Messages"),
    ("/session/", "LinkedIn session"),
    ("/settings/", "Settings"),
    ("/notifications/", "Notifications"),
    ("/system/", "System"),
    ("/system/updates/", "Updates"),
]


def iso(d: datetime) -> str:
    return d.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def seed_history(stack: Stack) -> None:
    """Contacts with wishes, visits and invitation decisions over the last days."""
    now = datetime.now(UTC)
    people = [("ada-lovelace", "Ada Lovelace", "Analyst at Analytical Engines"),
              ("alan-turing", "Alan Turing", "Research at Bletchley"),
              ("grace-hopper", "Grace Hopper", "Rear Admiral, compilers"),
              ("edsger-dijkstra", "Edsger Dijkstra", "Professor of Computing Science")]
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    with db:
        for slug, name, headline in people:
            db.execute(
                "INSERT INTO contacts (profile_url, slug, name, headline, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (f"https://www.linkedin.com/in/{slug}/", slug, name, headline, iso(now), iso(now)),
            )
        ids = [r[0] for r in db.execute("SELECT id FROM contacts ORDER BY id")]
        for day in range(10):
            ts = now - timedelta(days=day, hours=1)
            for i, action in enumerate(["message", "profile_view", "profile_view", "accept"]):
                if (day + i) % 3 == 0:
                    continue
                db.execute(
                    "INSERT INTO audit_log (ts, bot, action, target_name, target_url, rule)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (iso(ts), "birthday" if action == "message" else "visitor", action,
                     people[i][1], f"https://www.linkedin.com/in/{people[i][0]}/", "seed"),
                )
        db.execute(
            "INSERT INTO messages (contact_id, occasion, kind, template, text, state, created_at,"
            " sent_at) VALUES (?, ?, 'today', ?, ?, 'sent', ?, ?)",
            (ids[0], f"birthday:{now.date()}", "Happy birthday, {first_name}!",
             "Happy birthday, Ada!", iso(now), iso(now)),
        )
        db.execute(
            "INSERT INTO profile_visits (contact_id, query, dwell_seconds, visited_at)"
            " VALUES (?, 'engineering manager', 12.5, ?)", (ids[0], iso(now - timedelta(days=2))),
        )


def test_every_page_at_phone_and_desktop_size(admin_page: Page, stack: Stack) -> None:
    client = stack.admin()
    run_id = client.post("/api/bots/doctor/runs", json={"dry_run": False}).json()["run_id"]
    assert client.post("/api/schedules", json={
        "bot": "birthday", "name": "Morning birthdays", "kind": "daily", "time_of_day": "09:30",
        "timezone": "UTC", "jitter_minutes": 10}).status_code == 201
    assert client.post("/api/backups").status_code == 201
    seed_history(stack)
    wait_until(lambda: client.get(f"/api/runs/{run_id}").json()["status"]
               not in ("queued", "running"), 60, "the doctor run")

    page = admin_page
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        for path, heading in PAGES:
            page.goto(path)
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            expect(page.get_by_text("Loading…")).to_have_count(0)
            expect(alert(page)).to_have_count(0)
            fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert fits, f"{path} scrolls sideways at {size_name} size"
            name = path.strip("/") or "overview"
            screenshot(page, f"{name}-{size_name}")
        page.goto(f"/runs/detail/?id={run_id}")
        expect(page.get_by_role("heading", name=f"Run #{run_id}: doctor")).to_be_visible()
        screenshot(page, f"run-detail-{size_name}")

    # The phone layout hides the navigation behind a labelled menu button.
    page.set_viewport_size(PHONE)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    nav.get_by_role("link", name="Contacts").click()
    expect(page.get_by_role("heading", name="Contacts", level=1)).to_be_visible()
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="Ada Lovelace").click()
    expect(page.get_by_role("region", name="Ada Lovelace")).to_contain_text("Happy birthday, Ada!")
    screenshot(page, "contact-phone")
