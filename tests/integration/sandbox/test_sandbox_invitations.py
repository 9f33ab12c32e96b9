"""Received and sent invitations in real Chromium, on both variants."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sandbox_fixture import SANDBOX_VARIANTS, Sandbox

pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)]

RECEIVED = "/mynetwork/invitation-manager/received/"
SENT = "/mynetwork/invitation-manager/sent/"


def _pending(sandbox: Sandbox, kind: str = "received") -> list[dict]:
    return [r for r in sandbox.state()[kind] if r["status"] == "pending"]


def _accept(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(f"button[aria-label='Accept {name}’s invitation']")


def test_received_shows_ten_per_load_with_headline_and_mutuals(sandbox: Sandbox,
                                                               page: Page) -> None:
    sandbox.reset(received=14, follows=2)
    page.goto(sandbox.url + RECEIVED)
    accepts = page.locator("button[aria-label^='Accept ']")
    expect(accepts).to_have_count(10)
    pending = _pending(sandbox)
    for inv in pending[:10]:
        ignore = page.locator(f"button[aria-label='Ignore an invitation to connect from {inv['name']}']")
        expect(ignore).to_have_count(1)
        card = page.locator("main li, main [role='listitem']").filter(has=ignore)
        if inv["follows"]:
            expect(card).to_contain_text(f"{inv['name']} follows you")
        else:
            expect(card).to_contain_text(inv["headline"])
            if inv["mutual"] > 1:
                expect(card).to_contain_text(f"{inv['mutual']} mutual connections")
    # the other four come after a reload, once some are handled
    accepted = 0
    for inv in pending[:4]:
        if not inv["follows"]:
            _accept(page, inv["name"]).click()
            accepted += 1
            expect(page.get_by_text("is now a connection")).to_have_count(accepted)
    page.reload()
    done = set(sandbox.state()["accepted"])
    names_on_page = {inv["name"] for inv in pending if _accept(page, inv["name"]).count()}
    assert not names_on_page & {inv["name"] for inv in pending if inv["slug"] in done}
    assert len(names_on_page) == min(10, len(pending) - len(done))


def test_accept_and_ignore_change_state(sandbox: Sandbox, page: Page) -> None:
    page.goto(sandbox.url + RECEIVED)
    first, second = [r for r in _pending(sandbox) if not r["follows"]][:2]
    _accept(page, first["name"]).click()
    expect(page.get_by_text("is now a connection")).to_be_visible()
    page.locator(f"button[aria-label='Ignore an invitation to connect from {second['name']}']").click()
    expect(_accept(page, second["name"])).to_have_count(0)
    st = sandbox.state()
    assert st["accepted"] == [first["slug"]]
    assert st["ignored"] == [second["slug"]]
    person = next(p for p in st["people"] if p["slug"] == first["slug"])
    assert person["degree"] == 1


def test_follows_you_accept_does_nothing(sandbox: Sandbox, page: Page) -> None:
    page.goto(sandbox.url + RECEIVED)
    follower = next(r for r in _pending(sandbox) if r["follows"])
    button = _accept(page, follower["name"])
    with page.expect_response("**/accept") as answer:
        button.click()
    assert answer.value.json()["ok"] is False
    expect(button).to_be_visible()
    assert sandbox.state()["accepted"] == []


def test_take_care_dialog_comes_first(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["take_care_dialog"])
    page.goto(sandbox.url + RECEIVED)
    inv = next(r for r in _pending(sandbox) if not r["follows"])
    _accept(page, inv["name"]).click()
    dialog = page.locator("div[role='dialog']")
    expect(dialog).to_contain_text("Take care when connecting")
    assert sandbox.state()["accepted"] == []
    dialog.get_by_role("button", name="Accept", exact=True).click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("is now a connection")).to_be_visible()
    assert sandbox.state()["accepted"] == [inv["slug"]]


@pytest.mark.parametrize("fault", ["weekly_limit", "error_toast"])
def test_accept_warnings(sandbox: Sandbox, page: Page, fault: str) -> None:
    sandbox.set_faults([fault])
    page.goto(sandbox.url + RECEIVED)
    inv = next(r for r in _pending(sandbox) if not r["follows"])
    _accept(page, inv["name"]).click()
    if fault == "weekly_limit":
        expect(page.locator("div[class*='ip-fuse-limit-alert__warning']")).to_be_visible()
    else:
        expect(page.locator("div[data-test-artdeco-toast-item-type='error']")).to_be_visible()
    assert sandbox.state()["accepted"] == []


def test_sent_ages_as_text_and_withdraw_with_confirmation(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(sent=8, seed=5)
    page.goto(sandbox.url + SENT)
    sent = sorted(_pending(sandbox, "sent"), key=lambda s: s["days_ago"])
    main = page.locator("main")
    for s in sent:
        lang = next(p["language"] for p in sandbox.state()["people"] if p["slug"] == s["slug"])
        d = s["days_ago"]
        if lang == "fr":
            if d >= 14 and d < 30:
                expect(main).to_contain_text(f"Envoyée il y a {d // 7} semaines")
        elif d == 0:
            expect(main).to_contain_text("Sent today")
        elif 1 < d < 7:
            expect(main).to_contain_text(f"Sent {d} days ago")
        elif 14 <= d < 30:
            expect(main).to_contain_text(f"Sent {d // 7} weeks ago")
        elif d >= 60:
            expect(main).to_contain_text(f"Sent {d // 30} months ago")
    oldest = sent[-1]
    page.locator(f"button[aria-label*='Withdraw'][aria-label$='{oldest['name']}'], "
                 f"button[aria-label*='Retirer'][aria-label$='{oldest['name']}']").click()
    dialog = page.locator("div[role='dialog']")
    expect(dialog).to_be_visible()
    assert sandbox.state()["withdrawn"] == []
    dialog.locator("button").last.click()
    expect(page.locator("main")).not_to_contain_text(oldest["name"])
    assert sandbox.state()["withdrawn"] == [oldest["slug"]]


def test_withdraw_cancel_keeps_invitation(sandbox: Sandbox, page: Page) -> None:
    page.goto(sandbox.url + SENT)
    first = page.locator("button[aria-label*='Withdraw'], button[aria-label*='Retirer']").first
    first.click()
    page.locator("div[role='dialog']").get_by_role("button", name="Dismiss").click()
    expect(page.locator("div[role='dialog']")).to_have_count(0)
    assert sandbox.state()["withdrawn"] == []


def test_sent_pagination(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(sent=23)
    page.goto(sandbox.url + SENT)
    withdraw = page.locator("button[aria-label*='Withdraw'], button[aria-label*='Retirer']")
    expect(withdraw).to_have_count(10)
    page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_url("**page=2")
    expect(withdraw).to_have_count(10)
    page.get_by_role("button", name="Page 3", exact=True).click()
    page.wait_for_url("**page=3")
    expect(withdraw).to_have_count(3)
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_disabled()
