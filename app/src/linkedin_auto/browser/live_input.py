"""What the dashboard's live view sends, validated, and its translation into CDP Input commands.

The dashboard shows the page scaled to the screen; it sends positions in the coordinates of the
image as displayed (``x``, ``y`` within ``w`` x ``h``) and this module maps them onto the page's
viewport (CSS pixels), so the browser never learns the screen's size. Text from a keyboard or a
phone's on-screen keyboard (IME, autocorrect, paste) arrives as ``text`` and is inserted as is
(``Input.insertText``); only editing keys travel as key events. Nothing here logs what is typed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

Command = tuple[str, dict[str, Any]]  # (CDP method, params)
MAX_TEXT = 512  # one paste or one IME commit; a password manager's paste fits easily

# CDP modifier bits.
ALT, CTRL, META, SHIFT = 1, 2, 4, 8

# Editing and navigation keys: DOM key name -> (code, Windows virtual key code, text).
KEYS: dict[str, tuple[str, int, str]] = {
    "Enter": ("Enter", 13, "\r"),
    "Backspace": ("Backspace", 8, ""),
    "Tab": ("Tab", 9, ""),
    "Escape": ("Escape", 27, ""),
    "Delete": ("Delete", 46, ""),
    "ArrowLeft": ("ArrowLeft", 37, ""),
    "ArrowUp": ("ArrowUp", 38, ""),
    "ArrowRight": ("ArrowRight", 39, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "Home": ("Home", 36, ""),
    "End": ("End", 35, ""),
    "PageUp": ("PageUp", 33, ""),
    "PageDown": ("PageDown", 34, ""),
    " ": ("Space", 32, " "),
}
# Shortcuts with an editing command Chromium runs for a synthetic key (select all, undo...).
SHORTCUT_COMMANDS = {"a": "selectAll", "z": "undo", "y": "redo"}


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Shown(_Msg):
    """Where on the displayed image, and how big the image is displayed."""

    x: float = Field(ge=0, le=100_000)
    y: float = Field(ge=0, le=100_000)
    w: float = Field(gt=0, le=100_000)
    h: float = Field(gt=0, le=100_000)


class Pointer(Shown):
    type: Literal["pointer"]
    action: Literal["down", "up", "move", "click"]
    button: Literal["left", "right", "middle", "none"] = "left"


class Wheel(Shown):
    type: Literal["wheel"]
    dx: float = Field(0, ge=-10_000, le=10_000)
    dy: float = Field(0, ge=-10_000, le=10_000)


class Key(_Msg):
    type: Literal["key"]
    key: str = Field(min_length=1, max_length=20)
    ctrl: bool = False
    alt: bool = False
    shift: bool = False
    meta: bool = False


class Text(_Msg):
    type: Literal["text"]
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class Close(_Msg):
    """Stop the live view without a session."""

    type: Literal["close"]


class Refresh(_Msg):
    """Send the current picture again (a dashboard that just connected)."""

    type: Literal["refresh"]


Message = Pointer | Wheel | Key | Text | Close | Refresh
Input = Annotated[Message, Field(discriminator="type")]
INPUT = TypeAdapter(Input)


class Refused(ValueError):
    """An input the live view does not pass on (the message says which, never the text)."""


def map_point(x: float, y: float, shown_w: float, shown_h: float,
              viewport: tuple[int, int]) -> tuple[float, float]:
    """A position on the displayed image -> CSS pixels in the page's viewport (clamped)."""
    vw, vh = viewport
    px = min(max(x * vw / shown_w, 0.0), vw - 1.0)
    py = min(max(y * vh / shown_h, 0.0), vh - 1.0)
    return round(px, 1), round(py, 1)


def _modifiers(k: Key) -> int:
    return (ALT if k.alt else 0) | (CTRL if k.ctrl else 0) | (META if k.meta else 0) | (
        SHIFT if k.shift else 0)


def key_commands(k: Key) -> list[Command]:
    """keyDown/keyUp for an editing key or a shortcut; Refused for anything else.

    DevTools, view-source and browser shortcuts (F12, Ctrl+Shift+I, Ctrl+U, ...) are never
    sent: synthetic keys reach only the page, but refusing them keeps that true by design.
    """
    mods = _modifiers(k)
    if k.key in KEYS:
        code, vk, text = KEYS[k.key]
        down: dict[str, Any] = {"type": "keyDown" if text else "rawKeyDown", "key": k.key,
                                "code": code, "windowsVirtualKeyCode": vk,
                                "nativeVirtualKeyCode": vk, "modifiers": mods}
        if text and not (mods & (CTRL | META | ALT)):
            down["text"] = down["unmodifiedText"] = text
        else:
            down["type"] = "rawKeyDown"
        up = {"type": "keyUp", "key": k.key, "code": code, "windowsVirtualKeyCode": vk,
              "nativeVirtualKeyCode": vk, "modifiers": mods}
        return [("Input.dispatchKeyEvent", down), ("Input.dispatchKeyEvent", up)]
    letter = k.key.lower()
    if (k.ctrl or k.meta) and not k.alt and not k.shift and letter in SHORTCUT_COMMANDS:
        vk = ord(letter.upper())
        base = {"key": letter, "code": f"Key{letter.upper()}", "windowsVirtualKeyCode": vk,
                "nativeVirtualKeyCode": vk, "modifiers": mods}
        return [("Input.dispatchKeyEvent", {**base, "type": "rawKeyDown",
                                            "commands": [SHORTCUT_COMMANDS[letter]]}),
                ("Input.dispatchKeyEvent", {**base, "type": "keyUp"})]
    raise Refused("key not passed on: only editing keys and select-all/undo/redo are")


def text_commands(text: str) -> list[Command]:
    """Typed or composed text: inserted as is; a line break becomes an Enter key press."""
    out: list[Command] = []
    parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, part in enumerate(parts):
        if i:
            out += key_commands(Key(type="key", key="Enter"))
        if part:
            out.append(("Input.insertText", {"text": part}))
    return out


_BUTTONS = {"left": 1, "right": 2, "middle": 4, "none": 0}


def pointer_commands(p: Pointer, viewport: tuple[int, int]) -> list[Command]:
    x, y = map_point(p.x, p.y, p.w, p.h, viewport)
    base = {"x": x, "y": y, "button": p.button, "modifiers": 0}
    if p.action == "move":
        return [("Input.dispatchMouseEvent", {**base, "type": "mouseMoved",
                                              "buttons": 0})]
    press = {**base, "type": "mousePressed", "clickCount": 1, "buttons": _BUTTONS[p.button]}
    release = {**base, "type": "mouseReleased", "clickCount": 1, "buttons": 0}
    moved = {**base, "type": "mouseMoved", "button": "none", "buttons": 0}
    if p.action == "down":
        return [("Input.dispatchMouseEvent", moved), ("Input.dispatchMouseEvent", press)]
    if p.action == "up":
        return [("Input.dispatchMouseEvent", release)]
    return [("Input.dispatchMouseEvent", moved), ("Input.dispatchMouseEvent", press),
            ("Input.dispatchMouseEvent", release)]


def wheel_commands(w: Wheel, viewport: tuple[int, int]) -> list[Command]:
    x, y = map_point(w.x, w.y, w.w, w.h, viewport)
    # The scroll distance scales like the positions: a swipe across the shown image scrolls
    # the same share of the page.
    sx, sy = viewport[0] / w.w, viewport[1] / w.h
    return [("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y,
                                          "deltaX": round(w.dx * sx, 1),
                                          "deltaY": round(w.dy * sy, 1), "modifiers": 0})]


def commands_for(msg: Pointer | Wheel | Key | Text, viewport: tuple[int, int]) -> list[Command]:
    if isinstance(msg, Pointer):
        return pointer_commands(msg, viewport)
    if isinstance(msg, Wheel):
        return wheel_commands(msg, viewport)
    if isinstance(msg, Key):
        return key_commands(msg)
    return text_commands(msg.text)


def parse(raw: str | bytes) -> Message:
    """One message from the dashboard; ValidationError when malformed (its text is not echoed)."""
    return INPUT.validate_json(raw)
