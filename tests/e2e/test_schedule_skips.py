"""Scheduled runs that will be skipped are shown as such, with the reason, on the overview and
on Schedules: a pause past them, and no run shown as coming while it would not happen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot

LI_AT = "AQEDARsessionVALUEforTHEschedules0123456789abcdef"
DAILY = {"kind": "daily", "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
         "timezone": "UTC", "jitter_minutes": 0, "enabled": True}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_runs_a_pause_will_skip_are_marked_with_the_reason(admin_page: Page, stack: Stack,
                                                           size: str) -> None:
    page = admin_page
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    api = stack.admin()
    assert api.put("/api/linkedin/session", json={"content": LI_AT}).status_code == 200
    r = api.post("/api/schedules", json={**DAILY, "name": "Morning wishes", "bot": "birthday",
                                         "time_of_day": "10:00"})
    assert r.status_code == 201, r.text

    page.goto("/")
    card = page.locator("section.card", has_text="Next scheduled runs")
    item = card.locator("li", has_text="Morning wishes")
    expect(item).to_be_visible()
    expect(item.get_by_test_id("skip-reason")).to_have_count(0)

    assert api.post("/api/safety/pause", json={"days": 3, "note": "holiday"}).status_code == 200
    page.reload()
    reason = item.get_by_test_id("skip-reason")
    expect(reason).to_contain_text("will be skipped")
    expect(reason).to_contain_text("all bots are paused until")
    expect(reason).to_contain_text("paused by you: holiday")
    screenshot(page, f"overview-skipped-schedule-{size}")

    page.goto("/schedules/")
    row = page.locator("tr", has_text="Morning wishes")
    expect(row.get_by_test_id("skip-reason")).to_contain_text("all bots are paused until")
    box = row.get_by_test_id("skip-reason").bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1

    assert api.post("/api/safety/resume").status_code == 200
    page.reload()
    expect(page.locator("tr", has_text="Morning wishes")).to_be_visible()
    expect(page.locator("tr", has_text="Morning wishes").get_by_test_id("skip-reason")
           ).to_have_count(0)
    api.close()
