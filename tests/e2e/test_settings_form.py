"""Settings form on a computer and a phone: a save bar that stays on screen and says whether
anything is unsaved, an error summary whose links move focus to their fields, a rule across fields
(a minimum delay above the maximum) shown at its fields with nothing saved, and pickers (time
zone, weekdays, times, log level) whose values round-trip while everything else stays as it was."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from .conftest import DESKTOP, PHONE, SHOTS, Stack, alert, screenshot

SIZES = {"desktop": DESKTOP, "phone": PHONE}

FILE: dict[str, Any] = {
    "timezone": "UTC",
    "working_hours": {"days": ["mon", "tue", "fri"], "start": "09:00", "end": "18:00"},
    "delays": {"min_seconds": 4, "max_seconds": 12},
    "logging": {"level": "info"},
    "bots": {
        "birthday": {
            "templates": {
                "en": {"today": ["Happy birthday, {first_name}! Have a great year, see you soon."],
                       "belated": ["A belated happy birthday, {first_name}, all the best."]},
            },
            "blacklist": ["Doe, Jane"],
        },
        "invitations": {"accept": {"include_keywords": ["head of sales, EMEA", "CTO"]}},
    },
}


@pytest.fixture
def config_file(app_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """FILE as the config, and the delays editable (the suite's env sets them to 0 otherwise)."""
    for key in [k for k in app_env if k.startswith("LINKEDIN_AUTO_DELAYS__")]:
        app_env.pop(key)
        monkeypatch.delenv(key, raising=False)
    path = Path(app_env["LINKEDIN_AUTO_CONFIG"])
    path.write_text(yaml.safe_dump(FILE, sort_keys=False, allow_unicode=True))
    return path


def screen_shot(page: Page, name: str) -> None:
    """What is on screen (not the whole page): the save bar shows where it sticks."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_settings(page: Page, size: str) -> Locator:
    page.set_viewport_size(SIZES[size])
    page.goto("/settings/")
    bar = page.get_by_role("region", name="Save bar")
    expect(bar).to_contain_text("No unsaved changes")
    return bar


def bar_at_screen_bottom(page: Page, bar: Locator) -> None:
    """The bar is wholly on screen, against the bottom edge (it sticks there)."""
    expect(bar).to_be_in_viewport(ratio=1)
    box = bar.bounding_box()
    assert box is not None
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert abs(box["y"] + box["height"] - height) <= 2, (box, height)
    expect(bar.get_by_role("button", name="Save settings")).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("size", SIZES)
def test_the_save_bar_stays_on_screen_and_tells_unsaved_changes(
    config_file: Path, admin_page: Page, stack: Stack, size: str
) -> None:
    page = admin_page
    bar = open_settings(page, size)
    tall = page.evaluate("[document.documentElement.scrollHeight, innerHeight]")
    assert tall[0] > tall[1] * 2, f"the form fits on one screen ({tall}): nothing to prove"

    bar_at_screen_bottom(page, bar)  # at the top of the page
    page.locator("#f-limits-messages-daily").fill("3")
    expect(bar).to_contain_text("1 unsaved change")
    page.locator("#f-warmup-days").fill("10")
    expect(bar).to_contain_text("2 unsaved changes")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(bar).to_be_in_viewport(ratio=1)
    expect(bar.get_by_role("button", name="Discard changes")).to_be_in_viewport(ratio=1)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    bar_at_screen_bottom(page, bar)
    screen_shot(page, f"settings-save-bar-{size}")

    bar.get_by_role("button", name="Discard changes").click()
    expect(bar).to_contain_text("No unsaved changes")
    expect(page.locator("#f-limits-messages-daily")).to_have_value("15")
    expect(page.locator("#f-warmup-days")).to_have_value("14")

    page.locator("#f-warmup-days").fill("10")
    bar.get_by_role("button", name="Save settings").click()
    expect(bar.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()
    expect(bar).to_contain_text("No unsaved changes")
    api = stack.admin()
    assert api.get("/api/config").json()["config"]["warmup"]["days"] == 10
    api.close()
    assert yaml.safe_load(config_file.read_text())["warmup"]["days"] == 10


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_save_lists_each_problem_and_marks_its_fields(
    config_file: Path, admin_page: Page, stack: Stack, size: str
) -> None:
    page = admin_page
    api = stack.admin()
    before = api.get("/api/config").json()
    before_bytes = config_file.read_bytes()
    bar = open_settings(page, size)

    page.locator("#f-delays-min-seconds").fill("20")  # above the maximum (12)
    page.locator("#f-warmup-days").fill("500")  # above 90
    bar.get_by_role("button", name="Save settings").click()

    summary = alert(page).filter(has_text="Not saved")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    delay = "the minimum delay (20 s) must not exceed the maximum (12 s)"
    expect(links.filter(has_text=delay)).to_have_text(f"Delays › Min seconds and Delays › Max seconds: {delay}")
    expect(links.filter(has_text="Warmup › Days")).to_have_text("Warmup › Days: must be at most 90")
    expect(page.locator("#f-warmup-days")).to_have_accessible_description("must be at most 90")
    expect(bar).to_contain_text("Not saved: 2 problems to correct")
    screen_shot(page, f"settings-error-summary-{size}")
    screenshot(page, f"settings-error-summary-{size}-page")

    # Both delay fields show the rule, each marked invalid and described by it.
    for field in ("#f-delays-min-seconds", "#f-delays-max-seconds"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
        expect(page.locator(field)).to_have_accessible_description(delay)
    expect(page.locator("#f-warmup-days")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-delays-typing-min-ms")).not_to_have_attribute("aria-invalid", "true")

    links.filter(has_text="Warmup › Days").click()
    expect(page.locator("#f-warmup-days")).to_be_focused()
    expect(page.locator("#f-warmup-days")).to_be_in_viewport(ratio=1)
    page.evaluate("window.scrollTo(0, 0)")
    links.filter(has_text=delay).click()
    expect(page.locator("#f-delays-min-seconds")).to_be_focused()
    expect(page.locator("#f-delays-min-seconds")).to_be_in_viewport(ratio=1)
    expect(page.locator("#f-delays-max-seconds-err")).to_be_in_viewport()

    # Nothing was written.
    assert config_file.read_bytes() == before_bytes
    assert api.get("/api/config").json() == before
    assert api.get("/api/config/history").json() == []

    # Corrected, it saves, and the summary goes.
    page.locator("#f-delays-max-seconds").fill("30")
    page.locator("#f-warmup-days").fill("20")
    bar.get_by_role("button", name="Save settings").click()
    expect(bar.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()
    expect(alert(page)).to_have_count(0)
    config = api.get("/api/config").json()["config"]
    api.close()
    assert config["delays"]["min_seconds"] == 20 and config["delays"]["max_seconds"] == 30
    assert config["warmup"]["days"] == 20


@pytest.mark.parametrize("size", SIZES)
def test_pickers_round_trip_and_leave_the_rest_alone(
    config_file: Path, admin_page: Page, stack: Stack, size: str
) -> None:
    page = admin_page
    api = stack.admin()
    before = api.get("/api/config").json()["config"]
    bar = open_settings(page, size)

    zone = page.get_by_role("combobox", name="Timezone", exact=True)
    expect(zone).to_have_value("UTC")
    assert zone.locator("option").count() > 300  # the browser's IANA zones
    zone.select_option("Europe/Paris")
    days = page.get_by_role("group", name="Days").filter(has=page.get_by_label("Monday"))
    expect(days.get_by_role("checkbox")).to_have_count(7)
    expect(days.get_by_label("Friday")).to_be_checked()
    expect(days.get_by_label("Wednesday")).not_to_be_checked()
    days.get_by_label("Wednesday").check()
    days.get_by_label("Friday").uncheck()
    start, end = page.locator("#f-working-hours-start"), page.locator("#f-working-hours-end")
    expect(start).to_have_attribute("type", "time")
    expect(start).to_have_value("09:00")
    expect(end).to_have_value("18:00")
    start.fill("08:30")
    end.fill("17:45")
    level = page.get_by_role("combobox", name="Level", exact=True)
    expect(level.locator("option")).to_have_text(["debug", "info", "warning", "error"])
    level.select_option("debug")
    expect(bar).to_contain_text("5 unsaved changes")
    bar.get_by_role("button", name="Save settings").click()
    expect(bar.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()

    expected = copy.deepcopy(before)
    expected["timezone"] = "Europe/Paris"
    expected["working_hours"].update(days=["mon", "tue", "wed"], start="08:30:00", end="17:45:00")
    expected["logging"]["level"] = "debug"
    assert api.get("/api/config").json()["config"] == expected
    api.close()
    written = copy.deepcopy(FILE)
    written["timezone"] = "Europe/Paris"
    written["working_hours"].update(days=["mon", "tue", "wed"], start="08:30:00", end="17:45:00")
    written["logging"]["level"] = "debug"
    text = config_file.read_text()
    assert yaml.safe_load(text) == written
    # The templates the form does not show are written back exactly as they were.
    before_text = yaml.safe_dump(FILE["bots"], sort_keys=False, allow_unicode=True)
    assert yaml.safe_dump(yaml.safe_load(text)["bots"], sort_keys=False,
                          allow_unicode=True) == before_text

    # Read back into the pickers after a reload.
    page.reload()
    expect(page.get_by_role("combobox", name="Timezone", exact=True)).to_have_value("Europe/Paris")
    expect(page.locator("#f-working-hours-start")).to_have_value("08:30")
    expect(page.locator("#f-working-hours-end")).to_have_value("17:45")
    expect(page.get_by_role("combobox", name="Level", exact=True)).to_have_value("debug")
    days = page.get_by_role("group", name="Days").filter(has=page.get_by_label("Monday"))
    for name, on in (("Monday", True), ("Wednesday", True), ("Friday", False), ("Sunday", False)):
        (expect(days.get_by_label(name)).to_be_checked() if on
         else expect(days.get_by_label(name)).not_to_be_checked())
    expect(bar).to_contain_text("No unsaved changes")
