"""Creating and editing a schedule: server validation errors appear at the field."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Stack, alert, screenshot


def test_schedule_validation_errors_preview_and_edit(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.goto("/schedules/")
    expect(page.get_by_text("No schedules yet")).to_be_visible()
    page.get_by_role("button", name="New schedule").click()

    page.get_by_label("Name").fill("Morning wishes")
    page.get_by_label("Cron expression").check()
    page.get_by_label("Cron expression", exact=True).last.fill("99 9 * * *")
    page.get_by_label("Time zone").fill("Mars/Olympus_Mons")
    page.get_by_label("Random delay (minutes)").fill("999")
    page.get_by_role("button", name="Save schedule").click()

    expect(alert(page)).to_contain_text("Please correct the highlighted fields.")
    cron = page.get_by_role("textbox", name="Cron expression")
    timezone = page.get_by_role("textbox", name="Time zone")
    jitter = page.get_by_role("spinbutton", name="Random delay (minutes)")
    for field in (cron, timezone, jitter):
        expect(field).to_have_attribute("aria-invalid", "true")
    expect(cron).to_have_accessible_description(re.compile("not a valid 5-field cron expression"))
    expect(timezone).to_have_accessible_description(re.compile("unknown time zone 'Mars/Olympus_Mons'"))
    expect(jitter).to_have_accessible_description(re.compile("less than or equal to 240"))
    screenshot(page, "schedules-errors-desktop")

    cron.fill("30 9 * * 1-5")
    page.get_by_label("Time zone").fill("Europe/Paris")
    page.get_by_label("Random delay (minutes)").fill("10")
    page.get_by_role("button", name="Preview next runs").click()
    next_runs = page.get_by_role("status", name="Next run times")
    expect(next_runs.get_by_role("listitem")).to_have_count(5)
    expect(cron).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save schedule").click()

    row = page.get_by_role("row").filter(has_text="Morning wishes")
    expect(row).to_contain_text("30 9 * * 1-5")
    expect(row).to_contain_text("Europe/Paris")

    # Edit: switch to daily at a time on weekends, with a half-filled window (refused).
    page.get_by_role("button", name="Edit Morning wishes").click()
    page.get_by_label("Daily at a time").check()
    page.get_by_label("Time of day").fill("08:15")
    for day in ("mon", "tue", "wed", "thu", "fri"):
        page.get_by_role("group", name="Weekdays").get_by_label(day).uncheck()
    page.get_by_label("Window start").fill("07:00")
    page.get_by_role("button", name="Save schedule").click()
    expect(alert(page)).to_contain_text("window_start and window_end go together")
    page.get_by_label("Window end").fill("11:00")
    page.get_by_role("button", name="Save schedule").click()
    expect(row).to_contain_text(re.compile(r"08:15 sat,sun"))
    schedules = stack.admin().get("/api/schedules").json()
    assert [(s["kind"], s["time_of_day"], s["window_start"]) for s in schedules] == [
        ("daily", "08:15", "07:00")
    ]
