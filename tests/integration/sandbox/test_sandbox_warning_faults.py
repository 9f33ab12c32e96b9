"""The sandbox's warning-sign faults and markup traps, in real Chromium: 429 pages on search
and profiles, the limit popup after N actions, an identity-verification page, actions that take
effect silently, an empty invitation list without its sentence, and an invisible reCAPTCHA."""

from __future__ import annotations

from typing import Any

import pytest
from linkedin_auto.browser.session import (
    SessionStatus,
    classify_page,
    classify_response,
)
from playwright.sync_api import BrowserContext, Page
from sandbox_fixture import SANDBOX_VARIANTS, Sandbox


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def _slug(sandbox: Sandbox, tag: str) -> str:
    return str(next(p["slug"] for p in sandbox.state()["people"] if tag in p["tags"]))


def test_rate_limit_search_answers_429_only_on_search(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(faults=["rate_limit_search"])
    feed = page.goto(f"{sandbox.url}/feed/")
    assert feed is not None and feed.status == 200
    assert classify_page(page)[0] is SessionStatus.ok
    r = page.goto(f"{sandbox.url}/search/results/people/?keywords=engineer")
    assert r is not None and r.status == 429
    assert page.locator("main").count() == 0
    assert classify_page(page)[0] is SessionStatus.too_many_requests
    assert classify_response(r) == (SessionStatus.too_many_requests,
                                    "LinkedIn answered 429 Too Many Requests")


def test_rate_limit_profile_is_a_blank_429(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(faults=["rate_limit_profile"])
    slug = _slug(sandbox, "search")
    r = page.goto(f"{sandbox.url}/in/{slug}/")
    assert r is not None and r.status == 429
    assert page.locator("body").inner_text().strip() == ""  # only the status tells
    assert classify_response(r) is not None
    assert sandbox.state()["profile_views"] == []
    s = page.goto(f"{sandbox.url}/search/results/people/?keywords=at")
    assert s is not None and s.status == 200


def test_id_verification_page_is_a_restriction(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(faults=["id_verification"])
    r = page.goto(f"{sandbox.url}/feed/")
    assert r is not None and r.status == 200
    assert classify_page(page)[0] is SessionStatus.restricted


@pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)
def test_invisible_recaptcha_is_not_a_checkpoint(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(faults=["invisible_recaptcha"])
    page.goto(f"{sandbox.url}/mynetwork/invitation-manager/received/")
    frames = page.locator("iframe[src*='recaptcha']")
    assert frames.count() == 2
    assert page.locator("iframe[title*='challenge']").count() == 1
    page.wait_for_load_state("load")
    assert any("recaptcha" in f.url for f in page.frames)
    assert classify_page(page, require_nav=True) == (SessionStatus.ok, "logged in")


def _accept_via_page(page: Page, name: str) -> None:
    page.get_by_role("button", name=f"Accept {name}’s invitation").click()


def test_limit_after_n_accepts_shows_the_popup(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(received=4, follows=0, limit_after=2)
    people = sandbox.state()["received"]
    page.goto(f"{sandbox.url}/mynetwork/invitation-manager/received/")
    for r in people[:3]:
        _accept_via_page(page, r["name"])
        page.wait_for_timeout(300)
    alert = page.locator("[class*='ip-fuse-limit-alert__warning']")
    alert.wait_for(state="visible")
    st = sandbox.state()
    assert st["accepted"] == [r["slug"] for r in people[:2]]
    assert [(a["action"], a["result"]) for a in st["action_log"]] == [
        ("accept", "ok"), ("accept", "ok"), ("accept", "limit")]


def test_silent_actions_take_effect_without_updating_the_page(
    sandbox: Sandbox, page: Page
) -> None:
    sandbox.reset(received=2, follows=0, faults=["silent_actions"])
    first: dict[str, Any] = sandbox.state()["received"][0]
    page.goto(f"{sandbox.url}/mynetwork/invitation-manager/received/")
    _accept_via_page(page, first["name"])
    page.wait_for_timeout(500)
    assert sandbox.state()["accepted"] == [first["slug"]]
    # the card is still there, its Accept button too
    assert page.get_by_role("button", name=f"Accept {first['name']}’s invitation").count() == 1


@pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)
def test_empty_list_without_notice(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(received=0, sent=0, faults=["no_empty_notice"])
    for tab in ("received", "sent"):
        page.goto(f"{sandbox.url}/mynetwork/invitation-manager/{tab}/")
        assert page.get_by_text("No pending invitations").count() == 0
        assert page.locator("[class*='mn-invitation-manager__empty']").count() == 0
    sandbox.set_faults([])
    page.goto(f"{sandbox.url}/mynetwork/invitation-manager/received/")
    assert page.get_by_text("No pending invitations").count() == 1
