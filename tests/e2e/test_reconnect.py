"""The API restarting (an upgrade, a reboot of the service) while the dashboard is open."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Stack, screenshot


def test_banner_while_the_api_is_down_then_live_updates_resume(
    admin_page: Page, stack: Stack
) -> None:
    page = admin_page
    page.goto("/bots/")
    expect(page.get_by_role("heading", name="Bots", level=1)).to_be_visible()
    banner = page.get_by_role("status").filter(has_text="The appliance is not answering")
    expect(banner).to_have_count(0)

    stack.stop("api")
    # The event stream drops; the page notices without any click.
    expect(banner).to_be_visible(timeout=20_000)
    screenshot(page, "api-down-desktop")

    stack.start_api()
    expect(banner).to_have_count(0, timeout=20_000)
    # The event stream is open again: a run started now is followed live.
    page.get_by_role("button", name="Run Self-check now").click()
    progress = page.get_by_role("status", name="Self-check progress")
    expect(progress).to_contain_text(re.compile(r"checks \d+"), timeout=60_000)
    expect(progress).to_contain_text(re.compile(r"succeeded|failed"), timeout=60_000)
