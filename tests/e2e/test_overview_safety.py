"""The overview's one safety state: a holiday pause the person sets and lifts, and a session
LinkedIn no longer accepts shown as bots stopped (never "active")."""

from __future__ import annotations

import sqlite3
import time

import pytest
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot

LI_AT = "AQEDARsessionVALUEforTHEoverview0123456789abcdef"


def bots_row(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("dt", has_text="Bots").locator("xpath=following-sibling::dd[1]")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_pause_all_bots_for_a_holiday_then_resume(admin_page: Page, stack: Stack,
                                                   size: str) -> None:
    page = admin_page
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    api = stack.admin()
    page.goto("/")
    expect(bots_row(page)).to_contain_text("no LinkedIn session yet")

    bots_row(page).get_by_role("button", name="Pause all bots").click()
    page.get_by_label("Pause for").select_option("3")
    page.get_by_label("Note").fill("holiday")
    page.get_by_role("button", name="Pause", exact=True).click()
    notice = page.get_by_role("status").filter(has_text="All bots are paused by you: holiday until")
    expect(notice).to_be_visible()
    expect(bots_row(page)).to_contain_text("paused")
    expect(bots_row(page).get_by_role("button", name="Pause all bots")).to_have_count(0)
    screenshot(page, f"overview-paused-{size}")
    paused = api.get("/api/safety").json()["paused"]
    assert paused["reason"] == "paused by you: holiday"

    # The pause is real: a run asked for now is refused before any browser starts.
    run_id = api.post("/api/bots/birthday/runs", json={"dry_run": False}).json()["run_id"]
    deadline = time.monotonic() + 60
    while (run := api.get(f"/api/runs/{run_id}").json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, run
        time.sleep(0.3)
    assert run["status"] == "skipped", run

    notice.get_by_role("button", name="Resume bots").click()
    expect(notice).to_have_count(0)
    expect(bots_row(page).get_by_role("button", name="Pause all bots")).to_be_visible()
    assert api.get("/api/safety").json()["paused"] is None
    api.close()


def test_an_expired_session_shows_bots_stopped(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    api = stack.admin()
    assert api.put("/api/linkedin/session", json={"content": LI_AT}).status_code == 200
    page.goto("/")
    expect(bots_row(page).locator(".badge")).to_have_text("active")
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    with db:
        db.execute("UPDATE linkedin_session SET status = 'expired'")
    db.close()
    page.reload()
    expect(bots_row(page)).to_contain_text("stopped")
    expect(bots_row(page)).to_contain_text("until the LinkedIn session is fixed")
    expect(bots_row(page).locator(".badge")).to_have_text("stopped")
    api.close()
