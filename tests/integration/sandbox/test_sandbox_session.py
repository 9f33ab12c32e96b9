"""Session, login/authwall/checkpoint pages and page-level faults, in real Chromium."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sandbox_fixture import SANDBOX_VARIANTS, Sandbox

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)
def test_logged_in_pages_have_the_global_nav(sandbox: Sandbox, page: Page) -> None:
    st = sandbox.state()
    slug = st["people"][0]["slug"]
    for path in ("/feed/", "/mynetwork/", "/mynetwork/catch-up/birthday/",
                 "/mynetwork/catch-up/all/", "/mynetwork/invitation-manager/received/",
                 "/mynetwork/invitation-manager/sent/", "/search/results/people/?keywords=a",
                 f"/in/{slug}/", f"/messaging/thread/{st['people'][0]['thread_id']}/", "/messaging/"):
        resp = page.goto(sandbox.url + path)
        assert resp is not None and resp.status == 200, path
        expect(page.locator("#global-nav")).to_be_visible()
        expect(page.locator("main")).to_have_count(1)
        expect(page.get_by_role("combobox", name="Search")).to_be_visible()
        expect(page.locator(f"#global-nav img[alt='{st['me']['name']}']")).to_have_count(1)
    assert sandbox.state()["page_loads"] == 10
    assert sandbox.state()["page_log"][0] == "/feed/"


def test_without_cookie_pages_redirect_to_login_or_authwall(sandbox: Sandbox,
                                                            anon_page: Page) -> None:
    anon_page.goto(f"{sandbox.url}/mynetwork/catch-up/birthday/")
    assert "/login?" in anon_page.url and "session_redirect=" in anon_page.url
    expect(anon_page).to_have_title("LinkedIn Login, Sign in | LinkedIn")
    expect(anon_page.locator("#global-nav")).to_have_count(0)
    anon_page.goto(f"{sandbox.url}/in/someone/")
    assert "/authwall?" in anon_page.url
    expect(anon_page.get_by_role("heading", name="Join LinkedIn")).to_be_visible()


def test_login_form(sandbox: Sandbox, anon_page: Page) -> None:
    anon_page.goto(f"{sandbox.url}/mynetwork/")
    anon_page.fill("#username", "me@example.com")
    anon_page.fill("#password", "wrong")
    anon_page.get_by_role("button", name="Sign in").click()
    expect(anon_page.get_by_role("alert")).to_contain_text("Wrong email or password")
    anon_page.fill("#username", "me@example.com")
    anon_page.fill("#password", "sandbox")
    anon_page.get_by_role("button", name="Sign in").click()
    anon_page.wait_for_url("**/mynetwork/")
    expect(anon_page.locator("#global-nav")).to_be_visible()


def test_expired_session_revokes_the_cookie(sandbox: Sandbox, page: Page,
                                            context: BrowserContext) -> None:
    sandbox.set_faults(["expired_session"])
    page.goto(f"{sandbox.url}/feed/")
    assert "/login?" in page.url
    assert "li_at" not in {c["name"] for c in context.cookies()}
    sandbox.set_faults([])  # the session stays gone, as on LinkedIn
    page.goto(f"{sandbox.url}/feed/")
    assert "/login?" in page.url


def test_checkpoint_fault(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["checkpoint"])
    page.goto(f"{sandbox.url}/mynetwork/invitation-manager/received/")
    assert "/checkpoint/challenge/" in page.url
    expect(page).to_have_title("Security Verification | LinkedIn")
    expect(page.get_by_role("heading")).to_contain_text("quick security check")


def test_too_many_requests_fault(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["too_many_requests"])
    resp = page.goto(f"{sandbox.url}/feed/")
    assert resp is not None and resp.status == 429
    expect(page.locator("main")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("Too many requests")


def test_slow_fault_still_serves_pages(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["slow"])
    page.goto(f"{sandbox.url}/feed/")
    expect(page.locator("#global-nav")).to_be_visible()
    assert sandbox.state()["faults"] == ["slow"]


def test_actions_need_the_csrf_token(sandbox: Sandbox) -> None:
    inv = sandbox.state()["received"][0]
    url = f"{sandbox.url}/voyager/api/relationships/invitations/{inv['slug']}/accept"
    cookie = sandbox.login_cookie()["value"]
    with httpx.Client(cookies={"li_at": cookie, "JSESSIONID": '"ajax:1"'}) as http:
        assert http.post(url).status_code == 403  # no csrf-token header
        assert http.post(url, headers={"csrf-token": "ajax:2"}).status_code == 403
    with httpx.Client(cookies={"JSESSIONID": '"ajax:1"'}) as http:
        assert http.post(url, headers={"csrf-token": "ajax:1"}).status_code == 401
    assert sandbox.state()["accepted"] == []


def test_bound_session_is_revoked_by_another_user_agent(sandbox: Sandbox) -> None:
    sandbox.reset(bind_user_agent=True)
    cookie = sandbox.login_cookie()["value"]
    with httpx.Client(cookies={"li_at": cookie}, headers={"user-agent": "Pinned/1.0"}) as http:
        assert http.get(f"{sandbox.url}/feed/").status_code == 200
        assert http.get(f"{sandbox.url}/mynetwork/").status_code == 200
    with httpx.Client(cookies={"li_at": cookie}, headers={"user-agent": "Other/2.0"}) as http:
        r = http.get(f"{sandbox.url}/feed/")
        assert r.status_code == 302 and r.headers["location"].startswith("/login?")
        assert "li_at=delete me" in r.headers["set-cookie"]
    with httpx.Client(cookies={"li_at": cookie}, headers={"user-agent": "Pinned/1.0"}) as http:
        assert http.get(f"{sandbox.url}/feed/").status_code == 302  # gone for good
    assert sandbox.state()["sessions_revoked"] == 1
    assert sandbox.login_cookie()["value"] != cookie
