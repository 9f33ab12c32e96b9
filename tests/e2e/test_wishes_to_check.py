"""Wishes to check: a wish whose Send click happened but whose delivery was not seen is listed;
the person marks one delivered and asks for another again, on a desktop and on a phone."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Stack, screenshot

PEOPLE = (("ada", "Ada Lovelace"), ("alan", "Alan Turing"))


def seed(stack: Stack) -> dict[str, int]:
    """One partial run that left two unverified wishes (as the bot records them)."""
    db = sqlite3.connect(stack.state_dir / "linkedin.db")
    ids: dict[str, int] = {}
    with db:
        ids["run"] = int(db.execute(
            "INSERT INTO runs (bot, status, created_at, started_at, finished_at, counts) VALUES"
            " ('birthday', 'partial', '2026-12-03T08:00:00Z', '2026-12-03T08:00:01Z',"
            " '2026-12-03T08:02:00Z', '{\"unverified\": 2}')").lastrowid or 0)
        for slug, name in PEOPLE:
            url = f"https://www.linkedin.com/in/{slug}/"
            cid = int(db.execute("INSERT INTO contacts (profile_url, slug, name, created_at,"
                                 " updated_at) VALUES (?, ?, ?, '', '')",
                                 (url, slug, name)).lastrowid or 0)
            ids[slug] = int(db.execute(
                "INSERT INTO messages (contact_id, occasion, kind, template, text, state,"
                " run_id, created_at, clicked_at, note) VALUES (?, 'birthday:2026-12-03',"
                " 'today', 't', ?, 'unverified', ?, '2026-12-03T08:01:00Z',"
                " '2026-12-03T08:01:02Z', 'the text did not show in the conversation')",
                (cid, f"Happy birthday, {name.split()[0]}!", ids["run"])).lastrowid or 0)
            db.execute("INSERT INTO audit_log (ts, run_id, bot, action, target_name, target_url,"
                       " dry_run, outcome) VALUES ('2026-12-03T08:01:02Z', ?, 'birthday',"
                       " 'message', ?, ?, 0, 'unverified')", (ids["run"], name, url))
    db.close()
    return ids


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_mark_delivered_and_send_again(admin_page: Page, stack: Stack, size: str) -> None:
    page = admin_page
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    ids = seed(stack)
    api = stack.admin()

    # The overview says there is something to check and leads there.
    page.goto("/")
    notice = page.get_by_role("status").filter(has_text="2 wishes to check")
    expect(notice).to_be_visible()
    notice.get_by_role("link", name="Wishes to check").click()
    expect(page.get_by_role("heading", name="Wishes to check", level=1)).to_be_visible()
    wishes = page.get_by_role("list", name="Wishes to check")
    expect(wishes.get_by_role("listitem")).to_have_count(2)
    ada = wishes.get_by_role("listitem", name="Wish to Ada Lovelace")
    expect(ada).to_contain_text("“Happy birthday, Ada!”")
    expect(ada.get_by_role("link", name=f"run #{ids['run']}")).to_have_attribute(
        "href", f"/runs/detail/?id={ids['run']}")
    for button in ("Mark the wish to Ada Lovelace delivered", "Send the wish to Ada Lovelace again"):
        expect(ada.get_by_role("button", name=button)).to_be_in_viewport()
    screenshot(page, f"wishes-to-check-{size}")

    ada.get_by_role("button", name="Mark the wish to Ada Lovelace delivered").click()
    expect(page.get_by_role("status").filter(has_text="Ada Lovelace: marked delivered.")
           ).to_be_visible()
    expect(wishes.get_by_role("listitem")).to_have_count(1)
    wishes.get_by_role("button", name="Send the wish to Alan Turing again").click()
    expect(page.get_by_role("status").filter(has_text="Alan Turing: will be wished again")
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing to check")).to_be_visible()

    states = {m["contact_name"]: m["state"] for m in api.get("/api/messages").json()["items"]}
    assert states == {"Ada Lovelace": "sent", "Alan Turing": "abandoned"}
    assert api.get("/api/messages", params={"state": "unverified"}).json()["total"] == 0

    # The run shows what the person decided; it links to its wishes to check.
    page.goto(f"/runs/detail/?id={ids['run']}")
    expect(page.get_by_text("You marked the wish to Ada Lovelace delivered")).to_be_visible()
    expect(page.get_by_text("You asked for the wish to Alan Turing to be sent again")
           ).to_be_visible()
    page.get_by_role("link", name="check them").click()
    expect(page.get_by_text(f"Showing the wishes to check from run #{ids['run']}")).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing to check")).to_be_visible()
    api.close()


def test_a_contact_links_to_its_wish_to_check(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    ids = seed(stack)
    page.goto("/contacts/")
    page.get_by_role("button", name="Alan Turing").click()
    page.get_by_role("link", name="check it").click()
    wishes = page.get_by_role("list", name="Wishes to check")
    expect(wishes.get_by_role("listitem")).to_have_count(1)
    expect(wishes.get_by_role("listitem", name="Wish to Alan Turing")).to_be_visible()
    api = stack.admin()
    items = api.get("/api/messages", params={"contact_id": wishes_contact(api, "Alan Turing")}
                    ).json()["items"]
    assert [(m["id"], m["state"]) for m in items] == [(ids["alan"], "unverified")]
    api.close()


def wishes_contact(api, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(next(c["id"] for c in api.get("/api/contacts").json()["items"]
                    if c["name"] == name))
