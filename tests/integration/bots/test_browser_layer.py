"""The browser layer in real Chromium: pinned identity, cookies re-homed to the sandbox,
teardown on errors, and the read-only selector check on both markup variants."""

from __future__ import annotations

import json

import pytest
from linkedin_auto.bots.common import vault_session
from linkedin_auto.browser.launch import open_browser
from linkedin_auto.browser.processes import browser_processes
from linkedin_auto.browser.selectors_check import check, format_report
from linkedin_auto.browser.session import SessionStatus, check_session
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.security.secrets import ensure_secrets
from linkedin_auto.security.vault import Identity, Viewport, store_session
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, import_session, new_run

pytestmark = pytest.mark.browser

UA = "Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def test_pinned_identity_and_rehomed_cookies(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    sandbox.reset(seed=1, contacts=5)
    identity = Identity(user_agent=UA, locale="fr-FR", timezone_id="Europe/Paris",
                        viewport=Viewport(width=1111, height=777))
    # a linkedin.com cookie export, as a user would paste it
    cookie = sandbox.login_cookie()
    export = json.dumps([{"domain": ".www.linkedin.com", "name": "li_at",
                          "value": cookie["value"], "path": "/", "secure": True,
                          "httpOnly": True, "sameSite": "no_restriction",
                          "expirationDate": 1893456000}])
    store_session(db, SystemClock(), ensure_secrets(settings), export, identity)
    ctx = new_run(settings, db, "session_check")
    state, ident = vault_session(ctx)
    with open_browser(settings, state, ident) as context:
        page = context.pages[0] if context.pages else context.new_page()
        status, reason = check_session(page, settings.linkedin.base_url)
        assert status is SessionStatus.ok, reason
        seen = page.evaluate("""() => ({ua: navigator.userAgent, lang: navigator.language,
            tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
            w: window.innerWidth, h: window.innerHeight})""")
        cookies = {c["name"]: c for c in context.cookies()}
    assert seen == {"ua": UA, "lang": "fr-FR", "tz": "Europe/Paris", "w": 1111, "h": 777}
    assert cookies["li_at"]["domain"] in ("127.0.0.1", ".127.0.0.1")
    assert browser_processes(settings.paths.browser_dir) == []


def test_teardown_after_an_error_inside_the_browser(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    sandbox.reset(seed=1, contacts=5)
    with pytest.raises(RuntimeError, match="boom"), \
            open_browser(settings, None, None) as context:
        context.new_page().goto(sandbox.url + "/login")
        assert browser_processes(settings.paths.browser_dir)
        raise RuntimeError("boom")
    assert browser_processes(settings.paths.browser_dir) == []


def test_logged_out_without_cookies(sandbox: Sandbox, settings: Settings) -> None:
    sandbox.reset(seed=1, contacts=5)
    with open_browser(settings, {"cookies": []}, {}) as context:
        page = context.pages[0] if context.pages else context.new_page()
        status, _ = check_session(page, settings.linkedin.base_url)
    assert status in (SessionStatus.logged_out, SessionStatus.authwall)


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_selector_check_resolves_every_element(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    sandbox.reset(seed=1, contacts=20, variant=variant)
    import_session(db, settings, sandbox)
    loads = sandbox.state()
    report = check(settings)
    text = format_report(report)
    assert report["ok"], text
    names = {e["element"] for p in report["pages"] for e in p["elements"]}
    assert {"global_nav", "birthday_card", "any_message_button", "accept_button",
            "withdraw_button", "search_result_link", "profile_name"} <= names
    overlay = next(p for p in report["pages"] if p["page"].startswith("messaging overlay"))
    assert {e["element"] for e in overlay["elements"]} == {
        "message_overlay", "overlay_header", "overlay_textbox", "overlay_send", "overlay_close"}
    assert "overlay_textbox" in text
    after = sandbox.state()
    # read-only: one overlay opened, nothing typed, sent, accepted or withdrawn
    assert after["overlay_opens"] == loads["overlay_opens"] + 1
    for key in ("messages", "accepted", "ignored", "withdrawn", "action_log"):
        assert after[key] == loads[key]
    assert browser_processes(settings.paths.browser_dir) == []
