"""The live view's input translation: positions under scaling, key events, IME text, what is
refused; and which navigations stay allowed."""

from __future__ import annotations

import pytest
from linkedin_auto.browser.launch import map_cookies, vault_cookies
from linkedin_auto.browser.live import allowed_navigation
from linkedin_auto.browser.live_input import (
    CTRL,
    SHIFT,
    Key,
    Pointer,
    Refused,
    Wheel,
    commands_for,
    key_commands,
    map_point,
    parse,
    text_commands,
)
from pydantic import ValidationError

VIEWPORT = (1280, 800)


@pytest.mark.parametrize(("shown", "point", "expected"), [
    ((1280, 800), (640, 400), (640.0, 400.0)),      # shown at full size
    ((390, 243.75), (195, 121.875), (640.0, 400.0)),  # a phone: 390 px wide
    ((1920, 1200), (960, 600), (640.0, 400.0)),     # scaled up on a big screen
    ((390, 243.75), (0, 0), (0.0, 0.0)),
    ((390, 243.75), (390, 243.75), (1279.0, 799.0)),  # the far edge stays inside
    ((640, 400), (5000, 5000), (1279.0, 799.0)),     # beyond the image: clamped
])
def test_positions_map_from_the_shown_image_to_the_viewport(
    shown: tuple[float, float], point: tuple[float, float], expected: tuple[float, float]
) -> None:
    assert map_point(point[0], point[1], shown[0], shown[1], VIEWPORT) == expected


def test_a_tap_on_a_phone_is_a_full_click_at_the_mapped_point() -> None:
    cmds = commands_for(Pointer(type="pointer", action="click", x=97.5, y=60.9375, w=390, h=243.75),
                        VIEWPORT)
    assert [c[1]["type"] for c in cmds] == ["mouseMoved", "mousePressed", "mouseReleased"]
    assert {(c[1]["x"], c[1]["y"]) for c in cmds} == {(320.0, 200.0)}
    assert cmds[1][1]["button"] == "left" and cmds[1][1]["clickCount"] == 1


def test_a_swipe_scrolls_the_same_share_of_the_page() -> None:
    (method, params), = commands_for(
        Wheel(type="wheel", x=195, y=120, w=390, h=243.75, dy=100), VIEWPORT)
    assert method == "Input.dispatchMouseEvent" and params["type"] == "mouseWheel"
    assert params["deltaY"] == pytest.approx(100 * 800 / 243.75, abs=0.1)
    assert params["deltaX"] == 0


def test_enter_types_a_carriage_return_and_backspace_none() -> None:
    down, up = key_commands(Key(type="key", key="Enter"))
    assert down[1] == {"type": "keyDown", "key": "Enter", "code": "Enter",
                       "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13, "modifiers": 0,
                       "text": "\r", "unmodifiedText": "\r"}
    assert up[1]["type"] == "keyUp"
    down, _ = key_commands(Key(type="key", key="Backspace"))
    assert down[1]["type"] == "rawKeyDown" and "text" not in down[1]
    down, _ = key_commands(Key(type="key", key="Tab", shift=True))
    assert down[1]["modifiers"] == SHIFT and down[1]["windowsVirtualKeyCode"] == 9


def test_select_all_uses_the_editing_command() -> None:
    down, up = key_commands(Key(type="key", key="a", ctrl=True))
    assert down[1]["commands"] == ["selectAll"] and down[1]["modifiers"] == CTRL
    assert up[1]["type"] == "keyUp"


@pytest.mark.parametrize("key", [
    Key(type="key", key="F12"), Key(type="key", key="I", ctrl=True, shift=True),
    Key(type="key", key="u", ctrl=True), Key(type="key", key="l", ctrl=True),
    Key(type="key", key="x"),  # a printable key travels as text, not as a key event
])
def test_devtools_and_browser_shortcuts_are_refused(key: Key) -> None:
    with pytest.raises(Refused):
        key_commands(key)


def test_ime_and_pasted_text_are_inserted_as_is() -> None:
    assert text_commands("Zoë 東京 🙂") == [("Input.insertText", {"text": "Zoë 東京 🙂"})]
    cmds = text_commands("line one\r\nline two\n")
    assert [c[0] for c in cmds] == ["Input.insertText", "Input.dispatchKeyEvent",
                                    "Input.dispatchKeyEvent", "Input.insertText",
                                    "Input.dispatchKeyEvent", "Input.dispatchKeyEvent"]
    assert cmds[1][1]["key"] == "Enter" and cmds[3][1] == {"text": "line two"}


def test_malformed_messages_are_refused_without_echoing_them() -> None:
    with pytest.raises(ValidationError):
        parse('{"type": "pointer", "action": "click", "x": 1, "y": 1, "w": 0, "h": 1}')
    with pytest.raises(ValidationError):
        parse('{"type": "eval", "code": "alert(1)"}')
    with pytest.raises(ValidationError):
        parse('{"type": "text", "text": "' + "p" * 600 + '"}')
    assert parse('{"type": "text", "text": "s3cret"}').type == "text"


@pytest.mark.parametrize(("url", "ok"), [
    ("http://127.0.0.1:8090/feed/", True),
    ("http://127.0.0.1:8091/feed/", False),          # another port is another origin
    ("https://evil.example/login", False),
    ("https://www.linkedin.com/checkpoint/", True),
    ("http://www.linkedin.com/", False),            # not over https
    ("https://linkedin.com.evil.example/", False),
    ("file:///etc/passwd", False),
    ("chrome://settings", False),
    ("about:blank", True),
])
def test_navigation_stays_on_linkedin(url: str, ok: bool) -> None:
    assert allowed_navigation(url, "http://127.0.0.1:8090") is ok


def test_browser_cookies_go_back_to_linkedin_domains_for_the_vault() -> None:
    stored = [{"name": "li_at", "value": "v", "domain": ".linkedin.com", "path": "/",
               "secure": True, "httpOnly": True, "sameSite": "None"}]
    in_browser = map_cookies(stored, "http://127.0.0.1:8090")
    assert in_browser[0]["domain"] == "127.0.0.1"
    back = vault_cookies(in_browser + [{"name": "x", "value": "1", "domain": "captcha.example"}],
                         "http://127.0.0.1:8090")
    assert [(c["name"], c["domain"]) for c in back] == [("li_at", ".linkedin.com")]
    real = vault_cookies(stored + [{"name": "y", "value": "2", "domain": ".other.com"}],
                         "https://www.linkedin.com")
    assert [c["name"] for c in real] == ["li_at"]
