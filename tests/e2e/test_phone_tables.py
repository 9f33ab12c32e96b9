"""On a phone, the dashboard's tables become stacked cards: every column shows as "label: value",
every row's buttons are on screen and usable without sideways scrolling, and no page scrolls
sideways. On a computer they stay tables with a header row."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot, wait_until
from .test_pages import seed_history

# Scrolls the window (only vertically) to bring the element to the middle of the screen, then
# says where it is and whether a tap at its centre lands on it.
_WHERE = """el => {
  window.scrollBy(0, el.getBoundingClientRect().top - innerHeight / 2);
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {left: r.left, right: r.right, width: r.width, innerWidth: innerWidth,
          hit: !!hit && (hit === el || el.contains(hit))};
}"""


def on_screen(target: Locator) -> None:
    """The element is within the screen's width and a tap at its centre reaches it."""
    expect(target).to_be_visible()
    where = target.evaluate(_WHERE)
    assert where["width"] > 0 and where["left"] >= 0 and where["right"] <= where["innerWidth"], (
        f"{target} is off screen: {where}")
    assert where["hit"], f"{target} is covered: {where}"


def fits(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width[0]} px wide on {width[1]}"


def cards(page: Page, table: Locator, labels: list[str]) -> Locator:
    """The table's body rows, each showing every column's label on screen (the header row is
    not shown: the labels are in the cards)."""
    fits(page)
    expect(table.locator("thead")).not_to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for i in range(rows.count()):
        for label in labels:
            on_screen(rows.nth(i).get_by_text(label, exact=True))
    return rows


def test_tables_are_cards_with_their_buttons_on_a_phone(admin_page: Page, stack: Stack) -> None:
    client = stack.admin()
    run_id = client.post("/api/bots/doctor/runs", json={"dry_run": False}).json()["run_id"]
    for name, cron in (("Morning birthdays with a long name for a phone", "30 9 * * 1-5"),
                       ("Evening visits", "0 18 * * *")):
        assert client.post("/api/schedules", json={
            "bot": "birthday", "name": name, "kind": "cron", "cron": cron,
            "timezone": "Europe/Paris", "jitter_minutes": 10, "enabled": False}).status_code == 201
    assert client.post("/api/backups").status_code == 201
    assert client.post("/api/keys", json={"name": "home-assistant-integration"}).status_code == 201
    seed_history(stack)
    wait_until(lambda: client.get(f"/api/runs/{run_id}").json()["status"]
               not in ("queued", "running"), 60, "the doctor run")
    counts = client.get(f"/api/runs/{run_id}").json()["counts"]
    assert counts.get("checks"), counts

    page = admin_page
    page.set_viewport_size(PHONE)

    # Schedules: each card has its Enabled switch, Edit and Delete on screen, and they work.
    page.goto("/schedules/")
    table = page.get_by_role("table")
    rows = cards(page, table, ["Name", "When", "Next run", "Enabled"])
    expect(rows).to_have_count(2)
    for name in ("Morning birthdays with a long name for a phone", "Evening visits"):
        for control in (page.get_by_role("checkbox", name=f"Enable {name}"),
                        page.get_by_role("button", name=f"Edit {name}"),
                        page.get_by_role("button", name=f"Delete {name}")):
            on_screen(control)
    screenshot(page, "schedules-cards-phone")
    enable = page.get_by_role("checkbox", name="Enable Evening visits")
    enable.click()
    expect(enable).to_be_checked()
    wait_until(lambda: [s["enabled"] for s in client.get("/api/schedules").json()
                        if s["name"] == "Evening visits"] == [True], 10, "the schedule enabled")
    row = rows.filter(has_text="Evening visits")
    expect(row).to_contain_text(re.compile(r"Next run\s*[^—\s]"))
    on_screen(page.get_by_role("button", name="Delete Evening visits"))
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete Evening visits").click()
    expect(page.get_by_role("status")).to_contain_text("Schedule deleted.")
    expect(rows).to_have_count(1)
    assert [s["name"] for s in client.get("/api/schedules").json()] == [
        "Morning birthdays with a long name for a phone"]
    page.get_by_role("button", name="Edit Morning birthdays with a long name for a phone").click()
    expect(page.get_by_role("heading", name="Edit schedule")).to_be_visible()
    fits(page)

    # Runs: the counts are on the card, next to their label.
    page.goto("/runs/")
    rows = cards(page, page.get_by_role("table"), ["Run", "Bot", "Status", "Started", "Counts"])
    run = rows.filter(has=page.get_by_role("link", name=f"#{run_id}", exact=True))
    on_screen(run.get_by_text(re.compile(rf"checks {counts['checks']}")))
    on_screen(run.get_by_role("link", name=f"#{run_id}", exact=True))
    screenshot(page, "runs-cards-phone")
    run.get_by_role("link", name=f"#{run_id}", exact=True).click()
    expect(page.get_by_role("heading", name=f"Run #{run_id}: doctor")).to_be_visible()
    fits(page)

    # Contacts: every person is a tap target on screen; their page opens.
    page.goto("/contacts/")
    people = page.get_by_role("region", name="People").get_by_role("button", name=re.compile(
        "Ada Lovelace|Alan Turing|Grace Hopper|Edsger Dijkstra"))
    expect(people).to_have_count(4)
    fits(page)
    for i in range(4):
        on_screen(people.nth(i))
    screenshot(page, "contacts-list-phone")
    page.get_by_role("button", name="Grace Hopper").click()
    expect(page.get_by_role("region", name="Grace Hopper").get_by_role(
        "checkbox", name=re.compile("Blacklisted"))).to_be_visible()
    fits(page)

    # System: each backup's Download and Restore, each key's Revoke, are on screen.
    page.goto("/system/")
    backups = page.get_by_role("region", name="Backups")
    keys = page.get_by_role("region", name="API keys")
    expect(backups.get_by_role("button", name=re.compile("^Restore "))).to_have_count(1)
    expect(keys.get_by_role("button", name=re.compile("^Revoke key "))).to_have_count(1)
    fits(page)
    for control in (backups.get_by_role("link", name=re.compile("^Download ")),
                    backups.get_by_role("button", name=re.compile("^Restore ")),
                    keys.get_by_role("button", name="Revoke key home-assistant-integration")):
        on_screen(control)
    screenshot(page, "system-phone")
    page.once("dialog", lambda d: d.accept())
    keys.get_by_role("button", name="Revoke key home-assistant-integration").click()
    expect(keys.get_by_text("No keys.")).to_be_visible()
    assert client.get("/api/keys").json() == []

    # On a computer the same tables keep their header row and show no labels in the cells.
    page.set_viewport_size(DESKTOP)
    for path, labels in (("/schedules/", ["Name", "When", "Next run", "Enabled"]),
                         ("/runs/", ["Run", "Bot", "Status", "Started", "Counts"])):
        page.goto(path)
        table = page.get_by_role("table")
        expect(table.locator("thead")).to_be_visible()
        expect(table.locator("thead th")).to_contain_text(labels)
        for label in labels:
            expect(table.locator("tbody").get_by_text(label, exact=True).filter(visible=True)
                   ).to_have_count(0)
        fits(page)
