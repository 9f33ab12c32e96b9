"""Phone and computer comfort on Contacts and the overview: a contact's history opens where
the person looks, and the activity chart has axes, a day's numbers on hover, focus and tap, and
the same numbers as a table."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .conftest import SIZES, Stack, screenshot, wait_in_viewport


def _contacts(stack: Stack, n: int) -> None:
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    now = datetime.now(UTC).isoformat()
    with db:
        for i in range(n):
            db.execute("INSERT INTO contacts (profile_url, slug, name, headline, created_at,"
                       " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (f"https://www.linkedin.com/in/p{i:02d}/", f"p{i:02d}",
                        f"Person {i:02d}", "Engineer at Example", now, now))
        db.execute("INSERT INTO audit_log (ts, bot, action, target_name, target_url, outcome)"
                   " VALUES (?, 'visitor', 'profile_view', 'Person 20',"
                   " 'https://www.linkedin.com/in/p20/', 'done')", (now,))
    db.close()


@pytest.mark.parametrize("size", SIZES)
def test_tapping_a_contact_opens_its_history_where_the_person_looks(
    size: str, admin_page: Page, stack: Stack
) -> None:
    stack.admin().close()
    _contacts(stack, 25)
    page = admin_page
    page.set_viewport_size(SIZES[size])
    page.goto("/contacts/")
    person = page.get_by_role("button", name=re.compile(r"^Person 20"))
    person.scroll_into_view_if_needed()
    person.click()
    panel = page.get_by_role("region", name="Person 20", exact=True)
    heading = panel.get_by_role("heading", name="Person 20", level=2)
    expect(heading).to_be_visible()
    wait_in_viewport(page, heading, "the person's name")
    wait_in_viewport(page, panel.get_by_role("heading", name="Timeline"), "their timeline")
    screenshot(page, f"contacts-history-in-view-{size}")


def _activity(stack: Stack) -> dict[str, int]:
    """Real actions on three days: 2 days ago 1, yesterday 5 (3 messages), today 2."""
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    rows = [(2, "profile_view"), (1, "message"), (1, "message"), (1, "message"),
            (1, "profile_view"), (1, "accept"), (0, "message"), (0, "profile_view")]
    with db:
        for days_ago, action in rows:
            db.execute("INSERT INTO audit_log (ts, bot, action, outcome) VALUES (?, 'x', ?, 'done')",
                       ((now - timedelta(days=days_ago)).isoformat(), action))
    db.close()
    return {"today": 2, "yesterday": 5}


def _day(dt: datetime) -> str:
    return f"{dt.day} {dt.strftime('%b')}"


@pytest.mark.parametrize("size", SIZES)
def test_the_activity_chart_has_axes_and_values_on_hover_focus_and_tap(
    size: str, admin_page: Page, stack: Stack
) -> None:
    stack.admin().close()
    _activity(stack)
    page = admin_page
    page.set_viewport_size(SIZES[size])
    page.goto("/")
    card = page.get_by_role("region", name="Activity (14 days)")
    chart = card.get_by_role("group", name=re.compile(r"^Activity per day"))
    expect(chart).to_have_attribute("aria-label", re.compile(r"8 actions, at most 5 a day"))
    today = datetime.now(UTC)
    yesterday = today - timedelta(days=1)
    # Axes: counts up the side (0 to at least 5), dates along the bottom (the last one today).
    axis = chart.locator(".axis text")
    labels = axis.all_text_contents()
    assert "0" in labels and any(t.isdigit() and int(t) >= 5 for t in labels), labels
    assert _day(today) in labels, labels
    assert sum(1 for t in labels if re.fullmatch(r"\d+ [A-Z][a-z]{2}", t)) >= 3, labels
    chart.evaluate("c => c.scrollIntoView({block: 'center'})")
    wait_in_viewport(page, chart, "the chart")  # whole, no sideways scrolling on a phone

    # Each day is a focusable bar with its numbers (also as a tooltip, <title>).
    bar = chart.get_by_role("img", name=re.compile(rf"^{_day(yesterday)}: 5 actions"))
    expect(bar).to_have_attribute(
        "aria-label", f"{_day(yesterday)}: 5 actions (accept 1, message 3, profile view 1)")
    expect(bar.locator("title")).to_have_text(re.compile(rf"^{_day(yesterday)}: 5 actions"))
    readout = card.locator(".chart-readout")
    bar.hover()
    expect(readout).to_have_text(f"{_day(yesterday)}: 5 actions (accept 1, message 3, profile view 1)")
    chart.get_by_role("img", name=re.compile(rf"^{_day(today)}:")).focus()
    expect(readout).to_have_text(f"{_day(today)}: 2 actions (message 1, profile view 1)")
    # A tap (a click without hovering first, as on a phone) shows the day too.
    page.mouse.move(0, 0)
    chart.get_by_role("img", name=re.compile(rf"^{_day(today - timedelta(days=2))}:")).dispatch_event("click")
    expect(readout).to_contain_text(f"{_day(today - timedelta(days=2))}: 1 action (profile view 1)")
    wait_in_viewport(page, readout, "the day's numbers")

    # The same numbers as a table.
    card.get_by_text("Show the numbers as a table").click()
    table = card.get_by_role("table")
    row = table.get_by_role("row", name=re.compile(rf"^{_day(yesterday)}\b"))
    expect(row.get_by_role("cell")).to_have_text(["1", "3", "1", "5"])
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Day", "accept", "message", "profile view", "Total"])
    screenshot(page, f"overview-activity-chart-{size}")
