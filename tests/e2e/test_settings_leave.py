"""Leaving Settings with unsaved changes asks first: a menu link asks "Leave without saving N
changes?" (cancel stays, with the value kept; OK goes), closing or reloading the tab gets the
browser's own question, and nothing asks when nothing changed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Dialog, Page, expect

from .conftest import SIZES, Stack

# A cancellable beforeunload as the browser sends it: True when the page asks before leaving.
ASKS_ON_UNLOAD = """() => {
  const e = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}"""


def menu_link(page: Page, size: str, name: str):  # type: ignore[no-untyped-def]
    if size == "phone":
        menu = page.get_by_role("button", name="Menu")
        if menu.get_attribute("aria-expanded") != "true":
            menu.click()
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


@pytest.mark.parametrize("size", SIZES)
def test_leaving_settings_with_unsaved_changes_asks_first(
    size: str, admin_page: Page, stack: Stack
) -> None:
    page = admin_page
    page.set_viewport_size(SIZES[size])
    dialogs: list[Dialog] = []
    answer = {"accept": False}

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d)
        d.accept() if answer["accept"] else d.dismiss()

    page.on("dialog", on_dialog)
    page.goto("/settings/")
    bar = page.get_by_role("region", name="Save bar")
    expect(bar).to_contain_text("No unsaved changes")

    # Nothing changed: no question, either way out.
    assert page.evaluate(ASKS_ON_UNLOAD) is False
    menu_link(page, size, "Bots").click()
    expect(page).to_have_url(re.compile(r"/bots/$"))
    expect(page.get_by_role("heading", name="Bots", level=1)).to_be_visible()
    assert dialogs == []

    menu_link(page, size, "Settings").click()
    expect(page).to_have_url(re.compile(r"/settings/$"))
    field = page.locator("#f-warmup-days")
    before = field.input_value()
    field.fill("17" if before != "17" else "18")
    changed = field.input_value()
    expect(bar).to_contain_text("1 unsaved change")
    assert page.evaluate(ASKS_ON_UNLOAD) is True

    # Cancel: still on Settings, the change still there.
    menu_link(page, size, "Runs").click()
    page.wait_for_timeout(300)
    assert len(dialogs) == 1, dialogs
    assert dialogs[0].type == "confirm"
    assert dialogs[0].message == "Leave without saving 1 change?"
    expect(page).to_have_url(re.compile(r"/settings/$"))
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    expect(field).to_have_value(changed)
    expect(bar).to_contain_text("1 unsaved change")

    # OK: the link goes where it points.
    answer["accept"] = True
    menu_link(page, size, "Runs").click()
    expect(page).to_have_url(re.compile(r"/runs/$"))
    expect(page.get_by_role("heading", name="Runs", level=1)).to_be_visible()
    assert len(dialogs) == 2, dialogs
    # Not saved: Settings shows the stored value again, and leaving it asks nothing.
    menu_link(page, size, "Settings").click()
    expect(page.locator("#f-warmup-days")).to_have_value(before)
    assert page.evaluate(ASKS_ON_UNLOAD) is False
    menu_link(page, size, "Overview").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert len(dialogs) == 2, dialogs
