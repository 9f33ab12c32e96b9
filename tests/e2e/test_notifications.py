"""Notifications page: a URL Apprise cannot use is refused at the field, naming its line."""

from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from .conftest import Stack


def test_a_bad_url_is_shown_at_its_line_and_nothing_saved(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    api = stack.admin()
    good = "json://127.0.0.1:9/x"
    r = api.put("/api/config", json={"notifications": {"urls": [good]}})
    assert r.status_code == 200, r.text
    masked = r.json()["config"]["notifications"]["urls"][0]
    config = Path(stack.env["LINKEDIN_AUTO_CONFIG"])
    before = config.read_bytes()

    page.goto("/notifications/")
    field = page.locator("#f-notifications-urls")
    expect(field).to_have_value(masked)
    # Line 2 left blank: the third line is the second URL sent, and the error names line 3.
    field.fill(field.input_value() + "\n\ntgram://s3cretbottoken/chat42")
    page.get_by_role("button", name="Save notifications").click()

    error = page.locator("#f-notifications-urls-err")
    expect(error).to_have_text("Line 3: tgram://… is not a notification URL Apprise understands")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").filter(has_text="Not saved")).to_be_visible()
    assert "s3cretbottoken" not in error.inner_text()
    assert config.read_bytes() == before
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == [good]

    # Corrected, it saves and the error goes.
    field.fill(field.input_value().replace("tgram://s3cretbottoken/chat42",
                                           "mailto://user:pass@example.com"))
    page.get_by_role("button", name="Save notifications").click()
    expect(page.get_by_role("status").filter(has_text="Notification settings saved.")).to_be_visible()
    expect(error).to_have_count(0)
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == [
        good, "mailto://user:pass@example.com"]
    api.close()
