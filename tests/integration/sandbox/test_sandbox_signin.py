"""Sign-in steps after the password (2FA code, app approval, security check) and solving the
checkpoint of the `checkpoint` fault, in real Chromium, asserted on the sandbox's record."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect
from sandbox_fixture import Sandbox

pytestmark = pytest.mark.browser


def _signin(sandbox: Sandbox, **config: str) -> None:
    r = httpx.post(sandbox.url + "/__sandbox/signin", json=config)
    assert r.status_code == 200, r.text


def _state(sandbox: Sandbox) -> dict:  # type: ignore[type-arg]
    return httpx.get(sandbox.url + "/__sandbox/signin").json()  # type: ignore[no-any-return]


def _password(page: Page, sandbox: Sandbox) -> None:
    page.goto(f"{sandbox.url}/feed/")
    page.fill("#username", "me@example.com")
    page.fill("#password", "sandbox")
    page.get_by_role("button", name="Sign in").click()


def test_code_then_typed_answer_then_feed(sandbox: Sandbox, anon_page: Page) -> None:
    _signin(sandbox, second_factor="code", checkpoint="answer")
    _password(anon_page, sandbox)
    expect(anon_page.get_by_role("heading")).to_have_text("Enter the code we sent")
    assert "li_at" not in {c["name"] for c in anon_page.context.cookies()}
    pending = _state(sandbox)["pending"]
    assert pending["step"] == "code"
    anon_page.get_by_label("Enter the 6-digit code").fill("000000" if pending["code"] != "000000"
                                                          else "111111")
    anon_page.get_by_role("button", name="Submit").click()
    expect(anon_page.get_by_role("alert")).to_contain_text("isn't valid")
    anon_page.get_by_label("Enter the 6-digit code").fill(pending["code"])
    anon_page.get_by_role("button", name="Submit").click()
    expect(anon_page.get_by_role("heading")).to_contain_text("quick security check")
    answer = _state(sandbox)["pending"]["answer"]
    expect(anon_page.get_by_label("Challenge word")).to_have_text(answer)
    anon_page.get_by_label("Your answer").fill(answer)
    anon_page.get_by_role("button", name="Verify").click()
    anon_page.wait_for_url("**/feed/")
    expect(anon_page.locator("#global-nav")).to_be_visible()
    st = _state(sandbox)
    assert st["pending"] is None and st["wrong_codes"] == 1
    ua = anon_page.evaluate("navigator.userAgent")
    assert st["logins"] == [{"at": st["logins"][0]["at"], "user_agent": ua,
                             "steps": ["code", "answer"]}]


def test_app_approval_moves_on_by_itself(sandbox: Sandbox, anon_page: Page) -> None:
    _signin(sandbox, second_factor="app", checkpoint="click")
    _password(anon_page, sandbox)
    expect(anon_page.get_by_role("heading")).to_have_text("Check your LinkedIn app")
    expect(anon_page.get_by_role("status")).to_contain_text("Waiting")
    r = httpx.post(sandbox.url + "/__sandbox/signin/approve")
    assert r.status_code == 200, r.text
    expect(anon_page.get_by_role("heading")).to_contain_text("quick security check",
                                                              timeout=10_000)
    anon_page.get_by_role("button", name="Verify").click()  # the box is not ticked
    expect(anon_page.get_by_role("alert")).to_contain_text("not a robot")
    anon_page.get_by_label("I'm not a robot").check()
    anon_page.get_by_role("button", name="Verify").click()
    anon_page.wait_for_url("**/feed/")
    assert _state(sandbox)["logins"][0]["steps"] == ["app", "click"]


def test_approve_without_a_waiting_sign_in_is_404(sandbox: Sandbox) -> None:
    assert httpx.post(sandbox.url + "/__sandbox/signin/approve").status_code == 404
    r = httpx.post(sandbox.url + "/__sandbox/signin", json={"second_factor": "sms"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "second_factor"


def test_reset_forgets_the_sign_in_steps(sandbox: Sandbox, anon_page: Page) -> None:
    _signin(sandbox, second_factor="code")
    sandbox.reset()
    _password(anon_page, sandbox)
    anon_page.wait_for_url("**/feed/")
    assert _state(sandbox)["logins"][0]["steps"] == []


def test_solving_the_checkpoint_lifts_the_fault(sandbox: Sandbox, page: Page) -> None:
    sandbox.set_faults(["checkpoint"])
    page.goto(f"{sandbox.url}/mynetwork/")
    assert "/checkpoint/challenge/" in page.url
    page.get_by_label("I'm not a robot").check()
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/feed/")
    expect(page.locator("#global-nav")).to_be_visible()
    assert sandbox.state()["faults"] == []
    assert _state(sandbox)["checkpoints_solved"] == 1


def test_checkpoint_with_a_typed_answer(sandbox: Sandbox, page: Page) -> None:
    _signin(sandbox, checkpoint="answer")
    sandbox.set_faults(["checkpoint"])
    page.goto(f"{sandbox.url}/feed/")
    page.get_by_label("Your answer").fill("wrong")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't work")
    assert sandbox.state()["faults"] == ["checkpoint"]
    page.get_by_label("Your answer").fill(_state(sandbox)["checkpoint_answer"])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/feed/")
    assert sandbox.state()["faults"] == []
