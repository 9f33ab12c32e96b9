"""Limits shown as they are in force: during the warm-up of a new install the overview and
Settings say the configured limit, the lower one in force today and the day the full one applies
("15/day → 6/day today (warm-up), 15/day from 18 Dec")."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot


def _day(d: datetime) -> str:
    text = f"{d.day} {d.strftime('%b')}"
    return text if d.year == datetime.now(UTC).year else f"{text} {d.year}"


def _first_real_action(stack: Stack, days_ago: float) -> datetime:
    first = datetime.now(UTC) - timedelta(days=days_ago)
    with sqlite3.connect(stack.state_dir / "linkedin.db") as c:
        c.execute("INSERT INTO audit_log (ts, bot, action, target_name, rule, outcome)"
                  " VALUES (?, 'birthday', 'message', 'Ada', 'today', 'done')",
                  (first.isoformat(timespec="microseconds"),))
    return first


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_overview_and_settings_show_the_limits_in_force(admin_page: Page, stack: Stack,
                                                         size: str) -> None:
    page = admin_page
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    full = _day(_first_real_action(stack, 4) + timedelta(days=14))
    # 0.25 + 0.75 * 4/14 of each setting: messages 15 -> 6 a day, 60 -> 27 a week.
    messages = f"15/day → 6/day today (warm-up), 15/day from {full}"
    weekly = f"60/week → 27/week now (warm-up), 60/week from {full}"

    page.goto("/")
    line = page.get_by_test_id("limits-message")
    expect(line).to_contain_text(messages)
    expect(line).to_contain_text(weekly)
    expect(page.get_by_test_id("limits-profile_view")).to_contain_text(
        f"40/day → 18/day today (warm-up), 40/day from {full}")
    expect(page.get_by_test_id("warmup-note")).to_contain_text(
        f"46% of the settings today, rising day by day to the full settings on {full}")
    expect(page.get_by_role("meter", name="Message today")).to_have_attribute("aria-valuemax", "6")
    screenshot(page, f"overview-warmup-{size}")

    page.goto("/settings/")
    note = page.get_by_test_id("limits-in-force")
    expect(note).to_contain_text(f"Messages: {messages}")
    expect(note).to_contain_text(f"Withdrawals: 15/day → 6/day today (warm-up), 15/day from {full}")
    daily = page.locator("fieldset", has=page.locator("legend", has_text=re.compile("^Messages$"))).get_by_label(
        "Daily")
    expect(daily).to_have_value("15")  # the setting itself is unchanged
    expect(daily).to_have_accessible_description(f"In force: {messages}")
    screenshot(page, f"settings-limits-warmup-{size}")

    # Saved settings show at once in what is in force: 20 a day -> 9 today.
    daily.fill("20")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(note).to_contain_text(f"Messages: 20/day → 9/day today (warm-up), 20/day from {full}")


def test_before_the_first_action_and_after_the_warm_up(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.goto("/")
    expect(page.get_by_test_id("limits-message")).to_contain_text(
        "15/day → 3/day today (warm-up), 15/day 14 days after the first real action")
    expect(page.get_by_test_id("warmup-note")).to_contain_text("until the first real action")

    _first_real_action(stack, 15)
    page.reload()
    expect(page.get_by_test_id("limits-message")).to_have_text("15/day · 60/week")
    expect(page.get_by_test_id("warmup-note")).to_have_count(0)
    page.goto("/settings/")
    expect(page.get_by_role("button", name="Save settings")).to_be_visible()
    expect(page.get_by_test_id("limits-in-force")).to_have_count(0)
