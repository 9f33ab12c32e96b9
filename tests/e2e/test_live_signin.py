"""Sign in on the appliance through the dashboard's live view, on a desktop and on a phone:
password, 2FA code and a security check, every click and key sent through the dashboard's
picture of the appliance's own Chromium (never into the sandbox directly); then a bot runs with
the session that was born there.

Where to click on the picture is worked out from the same sandbox page rendered at the same
viewport in the test's own browser (the same Chromium and fonts lay it out the same way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from linkedin_auto.browser.processes import browser_processes
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import DESKTOP, PASSWORD, PHONE, Stack, screenshot, wait_until

EMAIL, LI_PASSWORD = "me@example.com", "sandbox"
APPLIANCE_VIEWPORT = {"width": 1280, "height": 800}  # the default pinned identity


def signin_state(sandbox: str) -> dict[str, Any]:
    return httpx.get(sandbox + "/__sandbox/signin").json()  # type: ignore[no-any-return]


@pytest.fixture(params=["desktop", "phone"])
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def live_page(device: str, browser: Browser, stack: Stack) -> Iterator[Page]:
    """The dashboard, logged in, in a desktop window or a phone-sized touch screen."""
    stack.admin().close()
    opts: dict[str, Any] = ({"viewport": PHONE, "has_touch": True, "is_mobile": True}
                            if device == "phone" else {"viewport": DESKTOP})
    ctx = browser.new_context(base_url=stack.url, locale="en-GB", timezone_id="UTC", **opts)
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    r = page.request.post(stack.url + "/api/auth/login", data={"password": PASSWORD})
    assert r.ok, r.text()
    yield page
    ctx.close()


@pytest.fixture
def reference(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport=APPLIANCE_VIEWPORT, locale="en-US")
    yield ctx.new_page()
    ctx.close()


class Screen:
    """The live picture in the dashboard, and where things are on it."""

    def __init__(self, page: Page, reference: Page, sandbox: str, touch: bool) -> None:
        self.page, self.reference, self.sandbox, self.touch = page, reference, sandbox, touch
        self.img = page.get_by_role("img", name="LinkedIn on the appliance")

    def press(self, path: str, target: str) -> None:
        """Tap or click ``target`` (a selector on the sandbox page at ``path``) on the picture."""
        self.reference.goto(self.sandbox + path)
        box = self.reference.locator(target).bounding_box()
        assert box is not None, target
        shown = self.img.bounding_box()
        assert shown is not None
        cx = (box["x"] + box["width"] / 2) * shown["width"] / APPLIANCE_VIEWPORT["width"]
        cy = (box["y"] + box["height"] / 2) * shown["height"] / APPLIANCE_VIEWPORT["height"]
        if self.touch:
            self.img.tap(position={"x": cx, "y": cy})
        else:
            self.img.click(position={"x": cx, "y": cy})

    def loads(self) -> int:
        return int(self.page.locator(".live").get_attribute("data-page-loads") or 0)

    def loaded_after(self, before: int) -> None:
        """Wait until the appliance's browser finished loading a page after ``before`` loads."""
        self.page.wait_for_function(
            "n => Number(document.querySelector('.live').dataset.pageLoads) > n", arg=before,
            timeout=90_000)

    def type(self, text: str) -> None:
        # The click focused the dashboard's typing field; the keys go through the dashboard.
        expect(self.page.get_by_label("Type into the LinkedIn page")).to_be_focused()
        self.page.keyboard.type(text)


def status(page: Page) -> Locator:
    return page.get_by_role("status", name="Live view status")


def test_sign_in_on_the_appliance_then_run_a_bot(
    sandbox: str, device: str, live_page: Page, reference: Page, stack: Stack
) -> None:
    r = httpx.post(sandbox + "/__sandbox/signin",
                   json={"second_factor": "code", "checkpoint": "click"})
    assert r.status_code == 200
    page = live_page
    page.goto("/session/")
    page.get_by_role("button", name="Sign in on the appliance").click()
    screen = Screen(page, reference, sandbox, touch=device == "phone")
    expect(status(page)).to_have_text("Sign in to LinkedIn below.", timeout=120_000)
    expect(screen.img).to_be_visible(timeout=60_000)
    shown = screen.img.bounding_box()
    assert shown is not None and shown["width"] <= page.viewport_size["width"]  # type: ignore[index]
    screenshot(page, f"session-live-{device}")

    screen.press("/login", "#username")
    screen.type(EMAIL)
    screen.press("/login", "#password")
    screen.type(LI_PASSWORD)
    loads = screen.loads()
    page.keyboard.press("Enter")
    wait_until(lambda: (signin_state(sandbox)["pending"] or {}).get("step") == "code", 90,
               "the 2FA code page")
    pending = signin_state(sandbox)["pending"]
    code_page = f"/checkpoint/challengesV2/code/{pending['id']}"
    screen.loaded_after(loads)
    screen.press(code_page, "#input__phone_verification_pin")
    screen.type(pending["code"])
    loads = screen.loads()
    page.keyboard.press("Enter")
    wait_until(lambda: (signin_state(sandbox)["pending"] or {}).get("step") == "click", 90,
               "the security check")
    check_page = f"/checkpoint/challengesV2/click/{pending['id']}"
    screen.loaded_after(loads)
    screen.press(check_page, "#not-a-robot")
    screen.press(check_page, "#challenge-submit-button")

    expect(page.get_by_role("status").filter(has_text="Signed in")).to_contain_text(
        "session is stored", timeout=120_000)
    current = page.get_by_role("region", name="Current session")
    expect(current).to_contain_text("live sign in")
    expect(current).to_contain_text("valid")
    state_dir = Path(stack.env["LINKEDIN_AUTO_PATHS__STATE_DIR"])
    wait_until(lambda: browser_processes(state_dir / "browser") == [], 60,
               "the live view's Chromium to be gone")
    logins = signin_state(sandbox)["logins"]
    assert [x["steps"] for x in logins] == [["code", "click"]]
    admin = stack.admin()
    session = admin.get("/api/linkedin/session").json()
    admin.close()
    assert logins[0]["user_agent"] == session["identity"]["user_agent"]

    # A bot with the session born on the device.
    before = len(httpx.get(sandbox + "/__sandbox/state").json()["page_log"])
    page.goto("/bots/")
    page.get_by_role("button", name="Dry run Birthday wishes").click()
    progress = page.get_by_role("status", name="Birthday wishes progress")
    expect(progress).to_contain_text(re.compile(r"Run #\d+"))
    expect(progress).to_contain_text("succeeded", timeout=180_000)
    seen = httpx.get(sandbox + "/__sandbox/state").json()["page_log"][before:]
    assert "/feed/" in seen and any(p.startswith("/mynetwork/catch-up/") for p in seen)
    assert not any(p.startswith("/login") for p in seen)  # the session was accepted



def test_closing_the_live_view_leaves_no_browser(
    sandbox: str, admin_page: Page, stack: Stack
) -> None:
    page = admin_page
    page.goto("/session/")
    page.get_by_role("button", name="Sign in on the appliance").click()
    expect(status(page)).to_have_text("Sign in to LinkedIn below.", timeout=120_000)
    state_dir = Path(stack.env["LINKEDIN_AUTO_PATHS__STATE_DIR"])
    assert browser_processes(state_dir / "browser")  # the worker's Chromium is up
    page.get_by_role("button", name="Close the live view").click()
    expect(page.get_by_role("status").filter(has_text="Closed from the dashboard")).to_contain_text(
        "nothing was stored", timeout=60_000)
    wait_until(lambda: browser_processes(state_dir / "browser") == [], 60,
               "the live view's Chromium to be gone")
    admin = stack.admin()
    runs = admin.get("/api/runs", params={"bot": "live_signin"}).json()["items"]
    admin.close()
    assert [r["status"] for r in runs][:1] == ["cancelled"]
    expect(page.get_by_role("button", name="Sign in on the appliance")).to_be_visible()


def test_zoomed_in_on_a_phone_taps_still_land_on_the_right_field(
    sandbox: str, browser: Browser, reference: Page, stack: Stack
) -> None:
    httpx.post(sandbox + "/__sandbox/signin", json={}).raise_for_status()  # no 2FA, no check
    stack.admin().close()
    ctx = browser.new_context(base_url=stack.url, viewport=PHONE, has_touch=True, is_mobile=True,
                              locale="en-GB", timezone_id="UTC")
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    assert page.request.post(stack.url + "/api/auth/login", data={"password": PASSWORD}).ok
    page.goto("/session/")
    page.get_by_role("button", name="Sign in on the appliance").click()
    screen = Screen(page, reference, sandbox, touch=True)
    expect(status(page)).to_have_text("Sign in to LinkedIn below.", timeout=120_000)
    expect(screen.img).to_be_visible(timeout=60_000)
    fit = screen.img.bounding_box()
    page.get_by_role("button", name="Zoom in").click()
    expect(page.get_by_role("button", name="Fit to screen")).to_have_attribute(
        "aria-pressed", "true")
    zoomed = screen.img.bounding_box()
    assert fit is not None and zoomed is not None
    assert zoomed["width"] == pytest.approx(2 * fit["width"], rel=0.02)
    frame = page.locator(".live-screen")
    frame.scroll_into_view_if_needed()

    def bring_into_view(target: str) -> None:
        """Pan the zoomed picture so ``target`` (on the login page) is in its middle."""
        reference.goto(sandbox + "/login")
        box = reference.locator(target).bounding_box()
        assert box is not None
        fx = (box["x"] + box["width"] / 2) / APPLIANCE_VIEWPORT["width"]
        fy = (box["y"] + box["height"] / 2) / APPLIANCE_VIEWPORT["height"]
        frame.evaluate("(el, [fx, fy]) => { const i = el.querySelector('img');"
                       " el.scrollLeft = fx * i.clientWidth - el.clientWidth / 2;"
                       " el.scrollTop = fy * i.clientHeight - el.clientHeight / 2; }", [fx, fy])

    bring_into_view("#username")
    screen.press("/login", "#username")
    screen.type(EMAIL)
    bring_into_view("#password")
    screen.press("/login", "#password")
    screen.type(LI_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Signed in")).to_contain_text(
        "session is stored", timeout=120_000)
    # Signed in at once: both fields got what was typed into them (else the sandbox refuses).
    assert [x["steps"] for x in signin_state(sandbox)["logins"]] == [[]]
    ctx.close()

def test_approval_in_the_linkedin_app_and_a_typed_answer_through_the_dashboard(
    sandbox: str, device: str, live_page: Page, reference: Page, stack: Stack
) -> None:
    httpx.post(sandbox + "/__sandbox/signin",
               json={"second_factor": "app", "checkpoint": "answer"}).raise_for_status()
    page = live_page
    page.goto("/session/")
    page.get_by_role("button", name="Sign in on the appliance").click()
    screen = Screen(page, reference, sandbox, touch=device == "phone")
    expect(status(page)).to_have_text("Sign in to LinkedIn below.", timeout=120_000)
    expect(screen.img).to_be_visible(timeout=60_000)
    screen.press("/login", "#username")
    screen.type(EMAIL)
    screen.press("/login", "#password")
    screen.type(LI_PASSWORD)
    loads = screen.loads()
    page.keyboard.press("Enter")
    wait_until(lambda: (signin_state(sandbox)["pending"] or {}).get("step") == "app", 90,
               "the page waiting for the app")
    screen.loaded_after(loads)
    loads = screen.loads()
    # Nothing happens in the dashboard until the phone says yes.
    assert signin_state(sandbox)["logins"] == []
    httpx.post(sandbox + "/__sandbox/signin/approve").raise_for_status()
    wait_until(lambda: (signin_state(sandbox)["pending"] or {}).get("step") == "answer", 90,
               "the security check")
    pending = signin_state(sandbox)["pending"]
    screen.loaded_after(loads)  # the wait page moved on by itself
    answer_page = f"/checkpoint/challengesV2/answer/{pending['id']}"
    screen.press(answer_page, "#challenge-answer")
    screen.type(pending["answer"])
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Signed in")).to_contain_text(
        "session is stored", timeout=120_000)
    assert [x["steps"] for x in signin_state(sandbox)["logins"]] == [["app", "answer"]]
    admin = stack.admin()
    assert admin.get("/api/linkedin/session").json()["status"] == "valid"
    admin.close()

def test_a_checkpoint_found_by_a_run_is_solved_from_the_dashboard(
    sandbox: str, device: str, live_page: Page, reference: Page, stack: Stack
) -> None:
    """A check on the real worker stops at a checkpoint; the dashboard offers "Open LinkedIn on
    the appliance"; the person ticks the box on the picture; the pause lifts only then."""
    admin = stack.admin()
    cookie = httpx.get(sandbox + "/__sandbox/login-cookie").json()["value"]
    assert admin.put("/api/linkedin/session", json={"content": cookie}).status_code == 200
    httpx.post(sandbox + "/__sandbox/faults", json={"faults": ["checkpoint"]}).raise_for_status()
    run_id = admin.post("/api/linkedin/session/validate").json()["run_id"]
    wait_until(lambda: admin.get(f"/api/runs/{run_id}").json()["status"] == "paused", 120,
               "the check to stop at the checkpoint")
    assert admin.get("/api/linkedin/session").json()["status"] == "checkpoint"
    # Paused: a bot is refused before it starts.
    refused = admin.post("/api/bots/invitations/runs", json={"dry_run": True}).json()["run_id"]
    wait_until(lambda: admin.get(f"/api/runs/{refused}").json()["status"] == "skipped", 120,
               "the bot to be refused")

    page = live_page
    page.goto("/session/")
    current = page.get_by_role("region", name="Current session")
    expect(current).to_contain_text("checkpoint")
    page.get_by_role("button", name="Open LinkedIn on the appliance").click()
    screen = Screen(page, reference, sandbox, touch=device == "phone")
    expect(status(page)).to_have_text("Solve LinkedIn's security check below.",
                                      timeout=120_000)
    expect(screen.img).to_be_visible(timeout=60_000)
    check_page = "/checkpoint/challenge/AgFtest"  # the same page, for where to click
    solved_before = signin_state(sandbox)["checkpoints_solved"]
    # The box is not ticked yet: still paused.
    assert admin.get("/api/linkedin/session").json()["status"] == "checkpoint"
    screen.press(check_page, "#not-a-robot")
    screen.press(check_page, "#challenge-submit-button")

    expect(page.get_by_role("status").filter(has_text="Signed in")).to_contain_text(
        "session is stored", timeout=120_000)
    expect(current).to_contain_text("valid")
    assert signin_state(sandbox)["checkpoints_solved"] == solved_before + 1
    assert httpx.get(sandbox + "/__sandbox/state").json()["faults"] == []
    run = admin.post("/api/bots/invitations/runs", json={"dry_run": True}).json()["run_id"]
    wait_until(lambda: admin.get(f"/api/runs/{run}").json()["status"] not in ("queued",
                                                                           "running"),
               180, "the bot run after the checkpoint")
    assert admin.get(f"/api/runs/{run}").json()["status"] in ("succeeded", "partial")
    admin.close()
