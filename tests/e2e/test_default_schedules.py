"""A new install's Schedules page: the daily backup and session check on, one schedule per bot
proposed in working hours but off (and the page says why); a default the person deleted does not
come back when the scheduler starts again."""

from __future__ import annotations

import pytest
from linkedin_auto.settings import WEEKDAYS
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot, wait_until


def start_scheduler(stack: Stack) -> None:
    """The worker as the device runs it: with the scheduler's loop (the e2e stack runs without)."""
    before = stack.log("worker").count('"scheduler_started"')
    stack.stop("worker")
    stack._spawn("worker", ["worker"])
    wait_until(lambda: stack.log("worker").count('"scheduler_started"') > before, 60,
               "the scheduler to start")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_new_install_shows_its_default_schedules(admin_page: Page, stack: Stack, size: str) -> None:
    page = admin_page
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    api = stack.admin()
    assert api.get("/api/schedules").json() == []  # nothing before the scheduler's first start
    start_scheduler(stack)

    page.goto("/schedules/")
    expected = {"Daily backup": True, "Daily session check": True, "Birthday wishes": False,
                "Profile visits": False, "Invitations": False}
    for name, on in expected.items():
        box = page.get_by_role("checkbox", name=f"Enable {name}")
        expect(box).to_be_visible()
        (expect(box).to_be_checked if on else expect(box).not_to_be_checked)()
    note = page.get_by_test_id("bots-off-note")
    expect(note).to_contain_text("The bots' schedules start off: they act on your LinkedIn account")
    expect(page.get_by_text("off until you switch it on")).to_have_count(3)
    screenshot(page, f"schedules-defaults-{size}")
    # Proposed in working hours (default 09:00-20:00), on the working days.
    by_name = {s["name"]: s for s in api.get("/api/schedules").json()}
    for name in ("Birthday wishes", "Profile visits", "Invitations", "Daily session check"):
        assert "09:00" <= by_name[name]["time_of_day"] < "20:00", by_name[name]
        assert by_name[name]["weekdays"] == list(WEEKDAYS)  # working_hours.days
    assert by_name["Daily backup"]["time_of_day"] == "03:45"

    # Switched on by the person: the note's reason no longer applies to that one.
    page.get_by_role("checkbox", name="Enable Birthday wishes").click()  # saved, then shown
    expect(page.get_by_role("checkbox", name="Enable Birthday wishes")).to_be_checked()
    expect(page.get_by_text("off until you switch it on")).to_have_count(2)
    # Deleted by the person: it stays deleted when the scheduler starts again.
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete Profile visits").click()
    expect(page.get_by_role("checkbox", name="Enable Profile visits")).to_have_count(0)
    start_scheduler(stack)
    page.reload()
    expect(page.get_by_role("checkbox", name="Enable Daily backup")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Enable Profile visits")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Enable Birthday wishes")).to_be_checked()
    assert sorted(s["name"] for s in api.get("/api/schedules").json()) == [
        "Birthday wishes", "Daily backup", "Daily session check", "Invitations"]
    api.close()
