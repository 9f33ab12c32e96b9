"""First run, login, a wrong password and logout, as a person does them in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import PASSWORD, Stack, alert, screenshot


def test_first_run_setup_then_login_and_logout(page: Page, stack: Stack) -> None:
    page.goto("/")
    # A fresh appliance sends every page to the setup form.
    expect(page).to_have_url(re.compile(r"/setup/$"))
    expect(page.get_by_role("heading", name="Welcome to LinkedIn Auto")).to_be_visible()
    screenshot(page, "setup-desktop")

    page.get_by_label("Setup code").fill("wrong-code")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    expect(page.get_by_text("Strength: Strong")).to_be_visible()
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(alert(page)).to_contain_text(re.compile("code", re.IGNORECASE))

    page.get_by_label("Setup code").fill(stack.setup_code())
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_text("Password saved. Log in with it.")).to_be_visible()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    # The session is gone on the server too: a protected page sends us back to login.
    page.goto("/runs/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_wrong_password_says_so_and_the_right_one_opens_the_page_asked_for(
    page: Page, stack: Stack
) -> None:
    stack.admin().close()
    page.goto("/schedules/")
    expect(page).to_have_url(re.compile(r"/login/\?next=%2Fschedules%2F"))
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(alert(page)).to_have_text("Wrong password.")
    screenshot(page, "login-failed-desktop")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Schedules", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/schedules/$"))
