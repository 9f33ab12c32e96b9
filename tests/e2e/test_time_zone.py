"""Times are shown in the appliance's time zone, labelled, not in the browser's own zone."""

from __future__ import annotations

import sqlite3

import httpx
from playwright.sync_api import Page, expect

from .conftest import Stack

STARTED = "2026-12-03T08:00:00Z"  # 17:00 in Tokyo (UTC+9, no summer time)


def test_run_times_follow_the_appliance_time_zone(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    api = stack.admin()
    r = api.put("/api/config", json={"timezone": "Asia/Tokyo"})
    assert r.status_code == 200, r.text
    assert api.get("/api/auth/state").json()["timezone"] == "Asia/Tokyo"
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    with db:
        db.execute("INSERT INTO runs (bot, status, created_at, started_at, finished_at, counts)"
                   " VALUES ('birthday', 'succeeded', ?, ?, ?, '{}')", (STARTED, STARTED, STARTED))
    db.close()

    page.goto("/runs/")
    browser_zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert browser_zone != "Asia/Tokyo"  # otherwise the test proves nothing
    tokyo = page.evaluate(
        "iso => new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short',"
        " timeZone: 'Asia/Tokyo'})", STARTED)
    local = page.evaluate(
        "iso => new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'})",
        STARTED)
    assert tokyo != local
    row = page.get_by_role("row").filter(has_text="birthday").first
    expect(row).to_contain_text(tokyo)
    expect(row).to_contain_text("GMT+9")
    expect(page.get_by_text("Times are shown in the appliance's time zone, Asia/Tokyo.")
           ).to_be_visible()
    # Unauthenticated callers learn nothing about the appliance.
    assert httpx.get(stack.url + "/api/auth/state").json()["timezone"] is None
    api.close()
