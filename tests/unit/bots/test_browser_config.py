"""Browser launch choices and the selector registry's file handling (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkedin_auto.browser.launch import (
    BrowserNotFound,
    chromium_args,
    driver_env,
    find_executable,
    map_cookies,
)
from linkedin_auto.browser.selectors import SelectorError, Selectors
from linkedin_auto.browser.session import SessionStatus, classify_url
from linkedin_auto.settings import validate_document

COOKIES = [
    {"name": "li_at", "value": "AQ", "domain": ".www.linkedin.com", "path": "/",
     "expires": 1893456000, "httpOnly": True, "secure": True, "sameSite": "None"},
    {"name": "JSESSIONID", "value": '"ajax:1"', "domain": ".linkedin.com", "path": "/",
     "expires": -1, "secure": True, "sameSite": "Lax"},
    {"name": "other", "value": "x", "domain": "example.org", "path": "/"},
]


def test_cookies_rehomed_to_a_plain_http_sandbox() -> None:
    out = {c["name"]: c for c in map_cookies(COOKIES, "http://127.0.0.1:8123")}
    assert out["li_at"]["domain"] == "127.0.0.1"
    assert out["li_at"]["secure"] is False and out["li_at"]["sameSite"] == "Lax"
    assert out["li_at"]["httpOnly"] is True and out["li_at"]["expires"] == 1893456000
    assert "expires" not in out["JSESSIONID"]  # session cookie
    assert out["other"]["domain"] == "example.org"  # only LinkedIn's cookies move


def test_cookies_untouched_for_linkedin() -> None:
    out = map_cookies(COOKIES, "https://www.linkedin.com")
    assert [c["domain"] for c in out] == [".www.linkedin.com", ".linkedin.com", "example.org"]
    assert out[0]["secure"] is True and out[0]["sameSite"] == "None"


def test_executable_choice(tmp_path: Path) -> None:
    s = validate_document({"browser": {"executable_path": str(tmp_path / "nope")}})
    with pytest.raises(BrowserNotFound, match="browser.executable_path"):
        find_executable(s)
    assert find_executable(validate_document({})) == "/usr/bin/chromium-headless-shell"
    assert find_executable(validate_document({"browser": {"headless": False}})) == \
        "/usr/bin/chromium"


def test_args_for_a_small_host() -> None:
    args = chromium_args(validate_document({"browser": {"extra_args": ["--lang=fr"]}}))
    for flag in ("--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"):
        assert flag in args
    assert args[-1] == "--lang=fr"
    assert any(a.startswith("--js-flags=") and "--max-semi-space-size=1" in a for a in args)


def test_driver_env_is_set_for_the_driver_then_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setenv("NODE_OPTIONS", "--enable-source-maps")
    with driver_env():
        assert os.environ["NODE_OPTIONS"] == "--enable-source-maps --max-semi-space-size=1"
        assert os.environ["MALLOC_ARENA_MAX"] == "2"
    assert os.environ["NODE_OPTIONS"] == "--enable-source-maps"
    assert "MALLOC_ARENA_MAX" not in os.environ
    monkeypatch.setenv("NODE_OPTIONS", "--max-semi-space-size=4")  # the user's own value wins
    monkeypatch.setenv("MALLOC_ARENA_MAX", "1")
    with driver_env():
        assert os.environ["NODE_OPTIONS"] == "--max-semi-space-size=4"
        assert os.environ["MALLOC_ARENA_MAX"] == "1"


@pytest.mark.parametrize(("url", "status"), [
    ("https://www.linkedin.com/checkpoint/challenge/AgE", SessionStatus.checkpoint),
    ("http://127.0.0.1:1/login?session_redirect=%2Ffeed%2F", SessionStatus.logged_out),
    ("https://www.linkedin.com/uas/login?x", SessionStatus.logged_out),
    ("https://www.linkedin.com/authwall?trk=x", SessionStatus.authwall),
    ("https://www.linkedin.com/feed/", None),
])
def test_session_urls(url: str, status: SessionStatus | None) -> None:
    assert classify_url(url) == status


def test_packaged_registry_has_the_elements_bots_use() -> None:
    sel = Selectors.load()
    for name in ("global_nav", "birthday_card", "birthday_message_button", "message_overlay",
                 "overlay_header", "overlay_textbox", "overlay_send", "limit_alert",
                 "error_toast"):
        assert sel.fallbacks(name)
    # the first cue of every element is a role, text, label, id or attribute, never a class
    for name, fbs in sel.elements.items():
        css = fbs[0].spec.get("css", "")
        assert "[class" not in css and "." not in css.split("[")[0], name


def test_user_override_replaces_one_element(tmp_path: Path) -> None:
    s = validate_document({"paths": {"state_dir": str(tmp_path)}})
    (tmp_path / "selectors.yaml").write_text("overlay_send:\n  - {css: 'button.new-send'}\n")
    sel = Selectors.load(s)
    assert [f.spec for f in sel.fallbacks("overlay_send")] == [{"css": "button.new-send"}]
    assert len(sel.fallbacks("global_nav")) > 1


def test_bad_override_names_the_element(tmp_path: Path) -> None:
    s = validate_document({"paths": {"state_dir": str(tmp_path)}})
    (tmp_path / "selectors.yaml").write_text("overlay_send:\n  - {colour: red}\n")
    with pytest.raises(SelectorError, match=r"overlay_send\[0\]: needs exactly one of"):
        Selectors.load(s)
    with pytest.raises(SelectorError, match="unknown selector 'nope'"):
        Selectors.load().fallbacks("nope")
