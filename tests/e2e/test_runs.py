"""Starting a run from the Bots page and following it live (Server-Sent Events)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Stack, screenshot


def test_run_shows_live_progress_and_its_timeline(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.goto("/bots/")
    expect(page.get_by_role("heading", name="Bots", level=1)).to_be_visible()
    page.get_by_role("button", name="Run Doctor now").click()

    progress = page.get_by_role("status", name="Doctor progress")
    expect(progress).to_contain_text(re.compile(r"Run #\d+"))
    # Counts and the final state arrive over SSE: no reload happens on this page.
    expect(progress).to_contain_text(re.compile(r"checks \d+"), timeout=60_000)
    expect(progress).to_contain_text(re.compile(r"succeeded|failed"), timeout=60_000)
    expect(page.get_by_role("button", name="Run Doctor now")).to_be_enabled()
    screenshot(page, "bots-after-run-desktop")

    progress.get_by_role("link", name=re.compile(r"Run #\d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Run #\d+: doctor$"))).to_be_visible()
    # The timeline in the page body (the navigation also has a list: "Wishes to check").
    timeline = page.get_by_role("main").get_by_role("list").filter(has_text="check")
    expect(timeline.first).to_contain_text("database")
    screenshot(page, "run-detail-desktop")

    page.get_by_role("link", name="← All runs").click()
    page.get_by_label("Bot").select_option("doctor")
    expect(page.get_by_text("1 runs")).to_be_visible()
    page.get_by_label("Status").select_option("queued")
    expect(page.get_by_text("0 runs")).to_be_visible()
