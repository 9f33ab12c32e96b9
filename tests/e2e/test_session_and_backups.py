"""Importing the LinkedIn session from a file, and downloading a backup."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import Stack, alert, screenshot


def test_malformed_then_valid_session_file(admin_page: Page, stack: Stack, tmp_path: Path) -> None:
    page = admin_page
    page.goto("/session/")
    expect(page.get_by_text("No session imported yet")).to_be_visible()

    bad = tmp_path / "cookies-bad.json"
    bad.write_text('[{"name": "JSESSIONID", "value": "x", "domain": ".linkedin.com"}')
    page.get_by_label("Session file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload session").click()
    expect(alert(page)).to_contain_text("The session was refused: content is not valid JSON")

    bad.write_text(json.dumps([{"name": "JSESSIONID", "value": "x", "domain": ".linkedin.com"}]))
    page.get_by_label("Session file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload session").click()
    expect(alert(page)).to_contain_text("no li_at cookie found")
    screenshot(page, "session-refused-desktop")
    assert stack.admin().get("/api/linkedin/session").status_code == 404

    good = tmp_path / "storage_state.json"
    expires = int(time.time()) + 30 * 86400
    good.write_text(json.dumps({"cookies": [
        {"name": "li_at", "value": "AQEDAR" + "x" * 40, "domain": ".www.linkedin.com",
         "path": "/", "expires": expires, "httpOnly": True, "secure": True, "sameSite": "None"},
        {"name": "JSESSIONID", "value": "ajax:123", "domain": ".www.linkedin.com", "path": "/",
         "expires": expires, "httpOnly": False, "secure": True, "sameSite": "None"},
    ], "origins": []}))
    page.get_by_label("Session file").set_input_files(str(good))
    page.get_by_role("button", name="Upload session").click()
    expect(page.get_by_role("status").filter(has_text="Session imported. Press Validate now")).to_be_visible()
    current = page.get_by_role("region", name="Current session")
    expect(current).to_contain_text("storage state")
    expect(current).to_contain_text("unchecked")
    expect(current).to_contain_text("JSESSIONID, li_at")
    expect(current.get_by_role("button", name="Validate now")).to_be_enabled()
    # Cookie values never come back from the API, so the page cannot show them.
    expect(page.get_by_text("AQEDAR")).to_have_count(0)
    screenshot(page, "session-desktop")
    assert stack.admin().get("/api/linkedin/session").json()["source"] == "storage_state"


def test_create_and_download_a_backup(admin_page: Page, stack: Stack, tmp_path: Path) -> None:
    page = admin_page
    page.goto("/system/")
    backups = page.get_by_role("region", name="Backups")
    expect(backups.get_by_text("No backups yet.")).to_be_visible()
    backups.get_by_role("button", name="Create backup").click()
    expect(backups.get_by_role("status")).to_have_text("Backup created.")
    link = backups.get_by_role("link", name="Download")
    expect(link).to_have_count(1)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".db")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    # A real SQLite database with the appliance's schema.
    with sqlite3.connect(saved) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"runs", "schedules", "admin", "contacts"} <= tables
    screenshot(page, "system-desktop")
