"""Birthday catch-up pages and the messaging overlay, in real Chromium, on both variants."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sandbox_fixture import SANDBOX_VARIANTS, Sandbox

pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)]

CARDS = "main [role='listitem']"


def _birthday_people(sandbox: Sandbox) -> list[dict]:
    return sandbox.state()["birthdays"]  # type: ignore[no-any-return]


def scroll_all(page: Page, total: int) -> None:
    """Scroll like a person until `total` cards are rendered."""
    for _ in range(30):
        if page.locator(CARDS).count() >= total:
            break
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
    expect(page.locator(CARDS)).to_have_count(total)


def test_cards_render_lazily_on_scroll(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(birthdays_today=20, belated=5)
    total = len(_birthday_people(sandbox))
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    expect(page.locator(CARDS).first).to_be_visible()
    first = page.locator(CARDS).count()
    assert 0 < first < total
    scroll_all(page, total)
    # every card links to a profile and names the person
    names = {b["name"] for b in _birthday_people(sandbox)}
    shown = {page.locator(CARDS).nth(i).locator("a[href*='/in/']").last.inner_text().strip()
             for i in range(total)}
    assert shown == names


def test_wording_today_belated_french(sandbox: Sandbox, page: Page, sandbox_variant: str) -> None:
    sandbox.reset(birthdays_today=2, belated=7, today="2026-10-26", seed=3)
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    births = _birthday_people(sandbox)
    scroll_all(page, len(births))
    for b in births:
        card = page.locator(CARDS).filter(has=page.locator(f"a[href*='/in/{b['slug']}']"))
        text = card.inner_text()
        days = b["days_late"]
        if b["language"] == "fr":
            if days == 0:
                assert "Aujourd’hui" in text
            elif sandbox_variant == "sdui":
                assert ("hier" if days == 1 else f"il y a {days} jours") in text
            else:
                assert f"{26 - days} octobre" in text
        elif days == 0:
            assert "birthday today" in text.lower()
        elif sandbox_variant == "sdui":
            assert ("Yesterday" if days == 1 else f"{days} days ago") in text
        else:
            assert f"Recent birthday on Oct {26 - days}" in text
    assert any(b["language"] == "fr" for b in births), "seed 3 has French speakers"


def test_message_buttons_and_non_connections(sandbox: Sandbox, page: Page,
                                              sandbox_variant: str) -> None:
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    births = _birthday_people(sandbox)
    scroll_all(page, len(births))
    for b in births:
        buttons = page.locator(f"button[aria-label^='Message {b['name']}']")
        if b["degree"] == 1:
            expect(buttons).to_have_count(1)
            label = buttons.get_attribute("aria-label") or ""
            if sandbox_variant == "legacy":
                want = "Wishing you a very happy birthday!" if b["days_late"] == 0 \
                    else "Happy belated birthday!"
                assert label == f"Message {b['name']}: {want}"
        else:
            expect(buttons).to_have_count(0)
            card = page.locator(CARDS).filter(has=page.locator(f"a[href*='/in/{b['slug']}']"))
            label = card.locator("button").get_attribute("aria-label")
            assert label in (f"Invite {b['name']} to connect", f"Follow {b['name']}")
    assert any(b["degree"] != 1 for b in births)


def test_send_message_records_recipient_and_shows_history(sandbox: Sandbox, page: Page) -> None:
    person = next(b for b in _birthday_people(sandbox) if b["degree"] == 1)
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    page.locator(f"button[aria-label^='Message {person['name']}']").click()
    box = page.locator("div[role='textbox'][contenteditable='true']")
    expect(box).to_have_count(1)
    expect(box).to_be_focused()
    send = page.get_by_role("button", name="Send", exact=True)
    expect(send).to_be_disabled()
    box.type("Happy birthday!\nAll the best")
    expect(send).to_be_enabled()
    send.click()
    expect(page.get_by_text("All the best")).to_be_visible()
    expect(box).to_have_text("")
    msgs = sandbox.state()["messages"]
    assert [(m["to_slug"], m["to_name"], m["text"], m["conversation_slug"]) for m in msgs] == [
        (person["slug"], person["name"], "Happy birthday!\nAll the best", person["slug"])]
    # a rerun sees what was already sent: in a reopened overlay and on the thread page
    open_conversation(page, sandbox, person["name"])
    expect(page.locator("main")).to_contain_text("All the best")
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    page.locator(f"button[aria-label^='Message {person['name']}']").click()
    expect(page.locator("#msg-overlay")).to_contain_text("All the best")


def test_several_overlays_each_names_its_recipient(sandbox: Sandbox, page: Page,
                                                   sandbox_variant: str) -> None:
    people = [b for b in _birthday_people(sandbox) if b["degree"] == 1][:2]
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    for p in people:
        page.locator(f"button[aria-label^='Message {p['name']}']").click()
    overlay_sel = ("aside.msg-overlay-conversation-bubble" if sandbox_variant == "legacy"
                   else "div[role='dialog']")
    overlays = page.locator(overlay_sel)
    expect(overlays).to_have_count(2)
    # newest first, header names the recipient, the newest has focus
    expect(overlays.nth(0).locator("h2")).to_have_text(people[1]["name"])
    expect(overlays.nth(1).locator("h2")).to_have_text(people[0]["name"])
    expect(overlays.nth(0).locator("[role='textbox']")).to_be_focused()
    # type into the first person's overlay, found by its header
    target = overlays.filter(has=page.locator("h2", has_text=people[0]["name"]))
    target.locator("[role='textbox']").fill("Hello first")
    target.locator("button[type='submit']").click()
    expect(target).to_contain_text("Hello first")
    assert [m["to_slug"] for m in sandbox.state()["messages"]] == [people[0]["slug"]]
    target.get_by_role("button", name=f"Close your conversation with {people[0]['name']}").click()
    expect(overlays).to_have_count(1)


def test_wrong_overlay_puts_someone_else_in_front(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["wrong_overlay"])
    person = next(b for b in _birthday_people(sandbox) if b["degree"] == 1)
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    page.locator(f"button[aria-label^='Message {person['name']}']").click()
    boxes = page.locator("div[role='textbox'][contenteditable='true']")
    expect(boxes).to_have_count(2)
    # whoever types blindly into the focused box writes to somebody else
    page.keyboard.type("Happy birthday!")
    page.keyboard.press("Tab")
    page.locator("button[type='submit']:enabled").click()
    msgs = sandbox.state()["messages"]
    assert len(msgs) == 1 and msgs[0]["to_slug"] != person["slug"]


def test_missing_element_fault_removes_message_buttons(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["missing_element"])
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    expect(page.locator(CARDS).first).to_be_visible()
    expect(page.locator("button[aria-label^='Message ']")).to_have_count(0)


@pytest.mark.parametrize("fault", ["error_toast", "weekly_limit"])
def test_send_failures_show_warning_and_record_nothing(sandbox: Sandbox, page: Page,
                                                       fault: str) -> None:
    person = next(b for b in _birthday_people(sandbox) if b["degree"] == 1)
    page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    page.locator(f"button[aria-label^='Message {person['name']}']").click()
    sandbox.set_faults([fault])
    page.locator("[role='textbox']").fill("Happy birthday!")
    page.locator("button[type='submit']").click()
    if fault == "error_toast":
        expect(page.locator("div[data-test-artdeco-toast-item-type='error']")).to_be_visible()
    else:
        expect(page.locator("div[class*='ip-fuse-limit-alert__warning']")).to_contain_text(
            "You’re out of invitations for now")
    assert sandbox.state()["messages"] == []


def test_catch_up_hub_mixes_in_work_anniversaries(sandbox: Sandbox, page: Page) -> None:
    page.goto(f"{sandbox.url}/mynetwork/catch-up/all/")
    births = _birthday_people(sandbox)
    scroll_all(page, len(births) + 2)
    expect(page.locator(CARDS).filter(has_text="work anniversary").or_(
        page.locator(CARDS).filter(has_text="years at "))).to_have_count(2)


def open_conversation(page: Page, sandbox: Sandbox, name: str) -> None:
    """As a person reaches a conversation's own page: the messaging search, then the result."""
    page.goto(f"{sandbox.url}/messaging/")
    page.get_by_label("Search messages").fill(name)
    page.get_by_label("Search messages").press("Enter")
    page.locator("main a[href*='/messaging/thread/']").filter(has_text=name).first.click()
    expect(page.locator("main h2")).to_have_text(name)


def test_conversation_page_has_an_opaque_id_reached_from_the_messaging_search(
        sandbox: Sandbox, page: Page) -> None:
    people = [b for b in _birthday_people(sandbox) if b["degree"] == 1][:2]
    sandbox.reset(seed=1, contacts=50,
                  messages=[{"to_slug": p["slug"], "text": f"Hi {p['name']}"} for p in people])
    for p in people:
        open_conversation(page, sandbox, p["name"])
        assert p["slug"] not in page.url and "/messaging/thread/2-" in page.url
        expect(page.locator("main")).to_contain_text(f"Hi {p['name']}")
    resp = page.goto(f"{sandbox.url}/messaging/thread/{people[0]['slug']}/")
    assert resp is not None and resp.status == 404  # a slug is not a thread id
    page.goto(f"{sandbox.url}/messaging/")
    page.get_by_label("Search messages").fill("nobody by that name")
    page.get_by_label("Search messages").press("Enter")
    expect(page.locator("main a[href*='/messaging/thread/']")).to_have_count(0)


def test_send_from_the_conversation_page(sandbox: Sandbox, page: Page) -> None:
    person = next(b for b in _birthday_people(sandbox) if b["degree"] == 1)
    thread = next(p["thread_id"] for p in sandbox.state()["people"] if p["slug"] == person["slug"])
    page.goto(f"{sandbox.url}/messaging/thread/{thread}/")
    expect(page.locator("main h2")).to_have_text(person["name"])
    page.locator("main [role='textbox']").fill("Joyeux anniversaire !")
    page.locator("main").get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("main")).to_contain_text("Joyeux anniversaire !")
    assert [m["to_slug"] for m in sandbox.state()["messages"]] == [person["slug"]]
    page.goto(f"{sandbox.url}/messaging/")
    expect(page.locator("main a[href*='/messaging/thread/']")).to_have_count(1)
