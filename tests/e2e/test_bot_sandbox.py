"""The whole path a new user takes: import the session, check it, dry-run the birthday bot
against the local LinkedIn sandbox in real Chromium, and follow it live."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from .conftest import Stack, screenshot


def test_session_check_and_birthday_dry_run_against_the_sandbox(
    sandbox: str, admin_page: Page, stack: Stack
) -> None:
    li_at = httpx.get(sandbox + "/__sandbox/login-cookie").json()["value"]
    page = admin_page
    page.goto("/session/")
    page.get_by_label("Cookies JSON or li_at value").fill(li_at)
    page.get_by_role("button", name="Save pasted session").click()
    current = page.get_by_role("region", name="Current session")
    expect(current).to_contain_text("li at")
    current.get_by_role("button", name="Validate now").click()
    expect(page.get_by_role("status").filter(has_text="Check finished")).to_have_text(
        "Check finished: succeeded.", timeout=90_000)
    expect(current).to_contain_text("valid")

    page.goto("/bots/")
    page.get_by_role("button", name="Dry run Birthday wishes").click()
    progress = page.get_by_role("status", name="Birthday wishes progress")
    expect(progress).to_contain_text(re.compile(r"Run #\d+"))
    expect(progress).to_contain_text("running", timeout=30_000)
    expect(progress).to_contain_text("succeeded", timeout=120_000)
    expect(progress).to_contain_text(re.compile(r"\d"))
    screenshot(page, "bots-birthday-dry-run-desktop")

    progress.get_by_role("link", name=re.compile(r"Run #\d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"birthday \(dry run\)"))).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("LinkedIn session is valid")
    expect(timeline).to_contain_text(re.compile(r"would wish .+: Happy"))
    screenshot(page, "run-birthday-desktop")

    # The overview now shows what the next run would do, from the list the dry run saw.
    page.goto("/")
    plan = page.get_by_role("region", name="Birthdays: next run")
    expect(plan.get_by_role("listitem").first).to_be_visible()
    screenshot(page, "overview-after-dry-run-desktop")
